// The dataset view's figures, counted by hand on the same data.
#include <catch2/catch.hpp>

#include <algorithm>
#include <numeric>

#include "data/dataset_profile.h"
#include "data/movielens_loader.h"
#include "data/synthetic_dataset.h"
#include "synthetic_fixtures.h"
#include "test_loader_fixtures.h"

using namespace towerlab;

TEST_CASE("the dataset profile counts sizes, the clicks-per-item curve, the head's share and each field", "[profile]") {
    SyntheticConfig sc = test::synthetic_sizes(500, 200, 6000);
    sc.missing_share = 0.25;
    const Dataset d = make_synthetic_dataset(sc);
    const Split s = make_split(d, SplitConfig{});
    const DatasetProfile p = profile_dataset(d, s);
    CHECK(p.users == 500);
    CHECK(p.items == 200);
    CHECK(p.positives == static_cast<long>(d.clicks.size()));
    CHECK(p.train_clicks == static_cast<long>(s.train.size()));
    CHECK(p.sparsity == Approx(1.0 - static_cast<double>(d.clicks.size()) / (500.0 * 200.0)));
    // The curve: one point per item with training clicks, most clicked first, summing to the clicks.
    const long warm = std::count_if(s.train_clicks.begin(), s.train_clicks.end(), [](int c) { return c > 0; });
    REQUIRE(static_cast<long>(p.clicks_by_rank.size()) == warm);
    CHECK(std::is_sorted(p.clicks_by_rank.rbegin(), p.clicks_by_rank.rend()));
    CHECK(std::accumulate(p.clicks_by_rank.begin(), p.clicks_by_rank.end(), 0.0) == Approx(static_cast<double>(s.train.size())));
    CHECK(p.num_head + p.num_tail == warm);
    CHECK(p.num_cold == s.num_cold);
    // The head's share of clicks is the first num_head ranks of the curve.
    const double head = std::accumulate(p.clicks_by_rank.begin(), p.clicks_by_rank.begin() + p.num_head, 0.0);
    CHECK(p.head_click_share == Approx(head / static_cast<double>(s.train.size())));
    CHECK(std::accumulate(p.items_by_bucket.begin(), p.items_by_bucket.end(), 0) == 200);
    CHECK(p.items_by_bucket[0] == 200 - warm);
    // Fields: every content field, not the ID; the generator's missing share shows.
    REQUIRE(!p.item_fields.empty());
    for (const FieldProfile& f : p.item_fields) {
        INFO(f.name);
        CHECK(f.name != "item_id");
        CHECK(f.values_used <= f.vocabulary);
        CHECK(f.missing_share > 0.1);
        CHECK(f.missing_share < 0.4);
        CHECK(f.mean_values > 0);
    }
}

TEST_CASE("the dataset profile of a MovieLens fixture: genres per movie and the unknown genre as missing", "[profile][movielens]") {
    const Dataset d = load_movielens_100k(test::fixture("ml-100k-mini"));
    const Split s = make_split(d, SplitConfig{});
    const DatasetProfile p = profile_dataset(d, s);
    const auto genres = std::find_if(p.item_fields.begin(), p.item_fields.end(), [](const FieldProfile& f) { return f.name == "genres"; });
    REQUIRE(genres != p.item_fields.end());
    CHECK(genres->vocabulary == 18);
    // Counted by hand from the fixture's rows.
    long values = 0, missing = 0;
    const int g = d.items.field_index("genres");
    for (int i = 0; i < d.num_items(); ++i) {
        const auto v = d.items.values(i, g);
        if (v.size() == 1 && v[0] == kMissingValue) ++missing;
        else values += v.size();
    }
    CHECK(genres->missing_share == Approx(static_cast<double>(missing) / d.num_items()));
    CHECK(genres->mean_values == Approx(static_cast<double>(values) / d.num_items()));
}
