// The item-feature mutual-information matrix behind correlated feature masking
// (ssl/mutual_information.h): its properties on the synthetic catalogue, and exact values on fields
// built to be independent or copies.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "ssl/mutual_information.h"
#include "synthetic_fixtures.h"

using namespace towerlab;

namespace {
using Fixture = test::SslItems;
}  // namespace

TEST_CASE("mutual information: symmetric, diagonal is entropy, ID row is H(X), correlated fields rank high", "[ssl][mi]") {
    Fixture fx;
    const auto& m = fx.mi;
    const int k = m.num_fields();
    const int id = fx.data.items.id_field();
    for (int a = 0; a < k; ++a)
        for (int b = 0; b < k; ++b) {
            CHECK(m.mi[static_cast<size_t>(a)][static_cast<size_t>(b)] == Approx(m.mi[static_cast<size_t>(b)][static_cast<size_t>(a)]));
            CHECK(m.mi[static_cast<size_t>(a)][static_cast<size_t>(b)] >= 0);
            CHECK(m.mi[static_cast<size_t>(a)][static_cast<size_t>(b)] <= std::min(m.mi[static_cast<size_t>(a)][static_cast<size_t>(a)], m.mi[static_cast<size_t>(b)][static_cast<size_t>(b)]) + 1e-9);
        }
    for (int f = 0; f < k; ++f)
        if (f != id) CHECK(m.mi[static_cast<size_t>(id)][static_cast<size_t>(f)] == Approx(m.mi[static_cast<size_t>(f)][static_cast<size_t>(f)]));
    CHECK(std::find(m.content_fields.begin(), m.content_fields.end(), id) == m.content_fields.end());
    // The generator ties audience gender to category: gender's most related field is category.
    const int gender = fx.data.items.field_index("audience_gender");
    const int category = fx.data.items.field_index("category");
    const auto group = correlated_mask_group(m, gender);
    REQUIRE(group.size() >= 2);
    CHECK(group[0] == gender);
    CHECK(std::find(group.begin(), group.end(), category) != group.end());
}

TEST_CASE("MI of independent fields is near zero and of a copy is the entropy", "[ssl][mi]") {
    FeatureTable t({{"a", FieldKind::Categorical, 4, 4, {}, {}},
                    {"copy", FieldKind::Categorical, 4, 4, {}, {}},
                    {"indep", FieldKind::Categorical, 2, 4, {}, {}}});
    for (int i = 0; i < 4000; ++i) t.add_row({{i % 4 + 1}, {i % 4 + 1}, {(i / 4) % 2 + 1}});
    const auto m = compute_mutual_information(t);
    CHECK(m.mi[0][1] == Approx(std::log(4.0)));
    CHECK(m.mi[0][2] == Approx(0.0).margin(1e-9));
    CHECK(m.normalized[0][1] == Approx(1.0));
}
