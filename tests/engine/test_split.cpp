// The split (data/split.h): leave-last-out test clicks, cold items and popularity groups from the
// training clicks, label_fraction, and the validation targets early stopping watches.
#include <catch2/catch.hpp>

#include <algorithm>
#include <memory>
#include <vector>

#include "core/error.h"
#include "data/split.h"
#include "synthetic_fixtures.h"

using namespace towerlab;

namespace {
std::shared_ptr<Dataset> small_data() { return test::synthetic_data(400, 150, 6000); }
}  // namespace

TEST_CASE("leave-last-out split: cold items have no training clicks, groups come from training", "[split]") {
    const Dataset d = make_synthetic_dataset(test::synthetic_sizes(2000, 800, 30000));
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
    const Dataset d = make_synthetic_dataset(test::synthetic_sizes(2000, 800, 30000));
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

TEST_CASE("the validation split holds out each user's previous click and leaves the test click alone", "[budget][split]") {
    const auto data = small_data();
    SplitConfig plain, with_validation;
    with_validation.validation = true;
    const Split a = make_split(*data, plain), b = make_split(*data, with_validation);
    CHECK(a.validation.empty());
    REQUIRE(!b.validation.empty());
    // The same test targets, and the validation clicks are gone from training.
    REQUIRE(a.test.size() == b.test.size());
    for (size_t k = 0; k < a.test.size(); ++k) {
        CHECK(a.test[k].user == b.test[k].user);
        CHECK(a.test[k].item == b.test[k].item);
    }
    CHECK(b.train.size() + b.validation.size() <= a.train.size());
    std::vector<int> per_user(static_cast<size_t>(data->num_users()), 0);
    for (const Interaction& v : b.validation) {
        INFO("user " << v.user);
        CHECK(++per_user[static_cast<size_t>(v.user)] == 1);
        const auto& trained = b.user_train_items[static_cast<size_t>(v.user)];
        CHECK_FALSE(std::binary_search(trained.begin(), trained.end(), v.item));
        // the previous click: no training click of the user is later, the test click is not earlier
        for (const Interaction& t : b.train)
            if (t.user == v.user) CHECK(t.timestamp <= v.timestamp);
        for (const Interaction& t : b.test)
            if (t.user == v.user) CHECK(t.timestamp >= v.timestamp);
    }
}
