// The four feature transformations of self-supervised learning (ssl/feature_augmentation.h):
// random mask, dropout of multi-valued fields, complementary views, and correlated feature masking.
// The MI matrix CFM draws its groups from is tested in test_mutual_information.cpp.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

#include "ssl/feature_augmentation.h"
#include "synthetic_fixtures.h"

using namespace towerlab;

namespace {
using Fixture = test::SslItems;
}  // namespace

TEST_CASE("random mask replaces fields with the single missing value and keeps at least one", "[ssl]") {
    Fixture fx;
    Rng rng(1);
    FeatureBatch v1, v2;
    make_augmented_views(Augmentation::RandomMask, fx.batch, fx.ctx(), rng, v1, v2);
    REQUIRE(v1.rows == fx.batch.rows);
    int masked_fields = 0, total = 0;
    for (int r = 0; r < v1.rows; ++r) {
        int kept = 0;
        for (int f = 0; f < v1.num_fields(); ++f) {
            ++total;
            if (fx.masked(v1, r, f)) ++masked_fields;
            else { ++kept; CHECK(fx.vals(v1, r, f) == fx.vals(fx.batch, r, f)); }
        }
        CHECK(kept >= 1);
    }
    CHECK(masked_fields > total / 4);  // p = 0.5
    CHECK(masked_fields < 3 * total / 4);
}

TEST_CASE("dropout removes values of multi-valued fields only, never all of them", "[ssl]") {
    Fixture fx;
    Rng rng(2);
    FeatureBatch v1, v2;
    make_augmented_views(Augmentation::Dropout, fx.batch, fx.ctx(), rng, v1, v2);
    int dropped = 0;
    for (int r = 0; r < v1.rows; ++r)
        for (int f = 0; f < v1.num_fields(); ++f) {
            const auto orig = fx.vals(fx.batch, r, f), got = fx.vals(v1, r, f);
            if (fx.data.items.fields()[static_cast<size_t>(f)].kind != FieldKind::MultiCategorical) {
                CHECK(got == orig);
                continue;
            }
            REQUIRE(!got.empty());
            for (int32_t v : got) CHECK(std::find(orig.begin(), orig.end(), v) != orig.end());
            dropped += static_cast<int>(orig.size() - got.size());
        }
    CHECK(dropped > 0);
}

TEST_CASE("complementary views split the fields into two disjoint, covering groups", "[ssl]") {
    Fixture fx;
    Rng rng(3);
    FeatureBatch v1, v2;
    make_augmented_views(Augmentation::Complementary, fx.batch, fx.ctx(), rng, v1, v2);
    for (int r = 0; r < v1.rows; ++r) {
        int in1 = 0, in2 = 0;
        for (int f = 0; f < v1.num_fields(); ++f) {
            const bool k1 = fx.vals(v1, r, f) == fx.vals(fx.batch, r, f) && !fx.masked(v1, r, f);
            const bool k2 = fx.vals(v2, r, f) == fx.vals(fx.batch, r, f) && !fx.masked(v2, r, f);
            // exactly one view keeps each field (a field that is "missing" in the data counts as kept)
            if (!fx.masked(fx.batch, r, f)) CHECK(k1 != k2);
            in1 += k1;
            in2 += k2;
        }
        CHECK(in1 >= 1);
        CHECK(in2 >= 1);
    }
}

TEST_CASE("correlated feature masking masks the seed's group in one view and the rest in the other", "[ssl][cfm]") {
    Fixture fx;
    Rng rng(4);
    std::vector<FieldAction> a1(static_cast<size_t>(fx.mi.num_fields())), a2(a1.size());
    std::set<std::vector<int>> groups_seen;
    for (int trial = 0; trial < 200; ++trial) {
        correlated_mask_actions(fx.ctx(), rng, a1, a2);
        std::vector<int> masked1;
        for (int f : fx.mi.content_fields) {
            CHECK((a1[static_cast<size_t>(f)] == FieldAction::Mask) != (a2[static_cast<size_t>(f)] == FieldAction::Mask));
            if (a1[static_cast<size_t>(f)] == FieldAction::Mask) masked1.push_back(f);
        }
        CHECK(masked1.size() == 1 + fx.mi.content_fields.size() / 2);
        bool matches_some_seed = false;
        for (int seed : masked1) {
            auto g = correlated_mask_group(fx.mi, seed);
            std::sort(g.begin(), g.end());
            matches_some_seed |= g == masked1;
        }
        CHECK(matches_some_seed);
        groups_seen.insert(masked1);
    }
    CHECK(groups_seen.size() >= 2);  // seeds vary
}
