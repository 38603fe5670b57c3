#include <catch2/catch.hpp>

#include "core/error.h"
#include "data/split.h"
#include "data/synthetic_dataset.h"

using namespace towerlab;

TEST_CASE("leave-last-out split: cold items have no training clicks, groups come from training", "[split]") {
    SyntheticConfig sc;
    sc.num_users = 2000;
    sc.num_items = 800;
    sc.num_clicks = 30000;
    const Dataset d = make_synthetic_dataset(sc);
    const Split s = make_split(d, SplitConfig{});
    REQUIRE(!s.test.empty());
    for (int i = 0; i < d.num_items(); ++i) {
        if (d.item_is_new[static_cast<size_t>(i)]) {
            CHECK(s.train_clicks[static_cast<size_t>(i)] == 0);
        }
        CHECK((s.train_clicks[static_cast<size_t>(i)] == 0) == (s.item_group[static_cast<size_t>(i)] == ItemGroup::Cold));
    }
    // each test click is the user's latest, and not among their training items
    std::vector<int64_t> latest(static_cast<size_t>(d.num_users()), 0);
    for (const auto& c : d.clicks) latest[static_cast<size_t>(c.user)] = std::max(latest[static_cast<size_t>(c.user)], c.timestamp);
    for (const auto& t : s.test) CHECK(t.timestamp == latest[static_cast<size_t>(t.user)]);
    // head = top 20% of warm items by clicks: every head item has at least as many clicks as any tail item
    int min_head = 1 << 30, max_tail = 0;
    for (int i = 0; i < d.num_items(); ++i) {
        if (s.item_group[static_cast<size_t>(i)] == ItemGroup::Head) min_head = std::min(min_head, s.train_clicks[static_cast<size_t>(i)]);
        if (s.item_group[static_cast<size_t>(i)] == ItemGroup::Tail) max_tail = std::max(max_tail, s.train_clicks[static_cast<size_t>(i)]);
    }
    CHECK(min_head >= max_tail);
    CHECK(s.num_head == Approx(0.2 * (s.num_head + s.num_tail)).margin(1));
}

TEST_CASE("label_fraction keeps a seeded share of the training clicks and every test click", "[split]") {
    SyntheticConfig sc;
    sc.num_users = 2000;
    sc.num_items = 800;
    sc.num_clicks = 30000;
    const Dataset d = make_synthetic_dataset(sc);
    const Split all = make_split(d, SplitConfig{});
    SplitConfig c;
    c.label_fraction = 0.3;
    const Split some = make_split(d, c);
    CHECK(static_cast<double>(some.train.size()) == Approx(0.3 * static_cast<double>(all.train.size())).epsilon(0.05));
    // A test case is dropped only when the target is among the user's training items; with fewer
    // training items, no test case can be lost.
    CHECK(some.test.size() >= all.test.size());
    const Split again = make_split(d, c);
    REQUIRE(again.train.size() == some.train.size());
    for (size_t k = 0; k < some.train.size(); ++k) CHECK(again.train[k].item == some.train[k].item);
    long clicks = 0;
    for (int32_t n : some.train_clicks) clicks += n;
    CHECK(clicks == static_cast<long>(some.train.size()));  // the statistics see only what is kept
    c.label_fraction = 0;
    CHECK_THROWS_AS(make_split(d, c), Error);
}

TEST_CASE("synthetic data is reproducible and long-tailed", "[synthetic]") {
    SyntheticConfig sc;
    sc.num_users = 2000;
    sc.num_items = 1000;
    sc.num_clicks = 40000;
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
