// The synthetic generator (data/synthetic_dataset.h): reproducible, long-tailed, missing content
// fields at the configured rate, mainstream and niche topics, clicks that follow taste, and sizes
// checked. The ranking by its own click probabilities is tested in test_oracle_ranking.cpp.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <vector>

#include "data/split.h"
#include "data/synthetic_dataset.h"
#include "synthetic_fixtures.h"

using namespace towerlab;

namespace {
SyntheticConfig small_config() { return test::synthetic_sizes(3000, 1200, 45000); }
}  // namespace

TEST_CASE("synthetic items miss content fields at the configured rate, never their ID", "[synthetic]") {
    SyntheticConfig sc = small_config();
    sc.missing_share = 0.3;
    const Dataset d = make_synthetic_dataset(sc);
    const int id = d.items.id_field();
    REQUIRE(id >= 0);
    for (int f = 0; f < d.items.num_fields(); ++f) {
        int missing = 0;
        for (int i = 0; i < d.num_items(); ++i) missing += d.items.values(i, f).size() == 1 && d.items.value(i, f) == kMissingValue;
        const double share = static_cast<double>(missing) / d.num_items();
        if (f == id) CHECK(missing == 0);
        else CHECK(share == Approx(0.3).margin(0.06));
    }
}

TEST_CASE("mainstream topics take more clicks than niche ones, and their items make the head", "[synthetic]") {
    SyntheticConfig sc = small_config();
    sc.topic_zipf_exponent = 1.0;
    const Dataset d = make_synthetic_dataset(sc);
    std::vector<long> clicks(static_cast<size_t>(d.num_topics), 0);
    for (const auto& c : d.clicks) ++clicks[static_cast<size_t>(d.item_topic[static_cast<size_t>(c.item)])];
    // topic 0 is the most popular by construction, the last the least
    CHECK(clicks.front() > 4 * clicks.back());
    const Split s = make_split(d, SplitConfig{});
    std::vector<int> head(static_cast<size_t>(d.num_topics), 0);
    for (int i = 0; i < d.num_items(); ++i)
        if (s.item_group[static_cast<size_t>(i)] == ItemGroup::Head) ++head[static_cast<size_t>(d.item_topic[static_cast<size_t>(i)])];
    CHECK(head.front() > head.back());
}

TEST_CASE("clicks follow taste: a user's clicks match their taste better than the topic's other items", "[synthetic]") {
    const Dataset d = make_synthetic_dataset(small_config());
    REQUIRE(d.truth);
    const SyntheticTruth& g = *d.truth;
    auto cosine = [&](int u, int i) {
        double s = 0;
        for (int k = 0; k < g.dim; ++k)
            s += g.user_taste[static_cast<size_t>(u * g.dim + k)] * g.item_taste[static_cast<size_t>(i * g.dim + k)];
        return s;
    };
    // mean cosine of clicked items vs mean cosine of impressions (same topic, passed over)
    double clicked = 0, shown = 0;
    for (const auto& c : d.clicks) clicked += cosine(c.user, c.item);
    for (const auto& x : d.impressions) shown += cosine(x.user, x.item);
    REQUIRE(!d.impressions.empty());
    CHECK(clicked / static_cast<double>(d.clicks.size()) > shown / static_cast<double>(d.impressions.size()) + 0.05);
    // impressions are of the same topic as some click of that user at that moment
    std::map<std::pair<int, int64_t>, int> topic_at;
    for (const auto& c : d.clicks) topic_at[{c.user, c.timestamp}] = d.item_topic[static_cast<size_t>(c.item)];
    int same = 0;
    for (const auto& x : d.impressions) same += topic_at[{x.user, x.timestamp}] == d.item_topic[static_cast<size_t>(x.item)];
    CHECK(same == static_cast<int>(d.impressions.size()));
}

TEST_CASE("synthetic data is reproducible and long-tailed", "[synthetic]") {
    const SyntheticConfig sc = test::synthetic_sizes(2000, 1000, 40000);
    const Dataset a = make_synthetic_dataset(sc), b = make_synthetic_dataset(sc);
    REQUIRE(a.clicks.size() == b.clicks.size());
    CHECK(a.clicks[123].item == b.clicks[123].item);
    std::vector<int> count(static_cast<size_t>(a.num_items()), 0);
    for (const auto& c : a.clicks) ++count[static_cast<size_t>(c.item)];
    std::sort(count.rbegin(), count.rend());
    long top = 0, total = 0;
    for (size_t i = 0; i < count.size(); ++i) { total += count[i]; if (i < count.size() / 5) top += count[i]; }
    CHECK(static_cast<double>(top) / static_cast<double>(total) > 0.6);  // top 20% of items take most clicks
    CHECK(!a.impressions.empty());
}

TEST_CASE("absurd synthetic sizes are rejected naming the field", "[synthetic]") {
    SyntheticConfig sc;
    sc.num_items = 0;
    CHECK_THROWS_WITH(make_synthetic_dataset(sc), Catch::Contains("items"));
}
