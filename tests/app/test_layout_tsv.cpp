// The item and user maps' TSV exports and the map's item search: ids as the dataset names them, one row per
// shown item with its group, topic and place, tabs inside titles made spaces; search by title.
#include <catch2/catch.hpp>

#include <sstream>

#include "core/error.h"
#include "item_description.h"
#include "layout_tsv.h"

namespace {

towerlab::Dataset three_items() {
    towerlab::Dataset d;
    d.item_titles = {"Star Wars (1977)", "A\ttabbed\ntitle", "Return of the Jedi (1983)"};
    d.item_topic = {4, 0, 4};
    return d;
}

}  // namespace

TEST_CASE("the item map exports as TSV with ids, titles, groups, topics and places", "[tsv][layout]") {
    const towerlab::Dataset d = three_items();
    towerlab::Split split;
    split.item_group = {towerlab::ItemGroup::Head, towerlab::ItemGroup::Cold, towerlab::ItemGroup::Tail};
    std::ostringstream out;
    app::write_layout_tsv(out, d, split, {2, 1}, {0.5f, -1.25f, 3.0f, 4.0f});
    CHECK(out.str() ==
          "item_id\ttitle\tgroup\ttopic\tx\ty\n"
          "2\tReturn of the Jedi (1983)\tlong-tail\t4\t0.5\t-1.25\n"
          "1\tA tabbed title\tcold\t0\t3\t4\n");
    CHECK_THROWS_AS(app::save_layout_tsv("/nonexistent/dir/map.tsv", d, split, {}, {}), towerlab::Error);
}

TEST_CASE("the map's search finds items by title, ignoring case", "[layout]") {
    const towerlab::Dataset d = three_items();
    CHECK(app::find_items(d, "star wars", 5) == std::vector<int>{0});
    CHECK(app::find_items(d, "(19", 5) == std::vector<int>{0, 2});
    CHECK(app::find_items(d, "(19", 1) == std::vector<int>{0});
    CHECK(app::find_items(d, "Casablanca", 5).empty());
    CHECK(app::find_items(d, "", 5).empty());
}

TEST_CASE("the user map exports as TSV with ids, training clicks, their bucket, topics and places", "[tsv][layout]") {
    towerlab::Dataset d;
    auto truth = std::make_shared<towerlab::SyntheticTruth>();
    truth->user_topics = {{3, 1}, {0, 0}, {7, 2}};
    d.truth = truth;
    towerlab::Split split;
    split.user_train_items = {{1, 2, 3, 4}, {}, {5}};
    std::ostringstream out;
    app::write_user_layout_tsv(out, d, split, {2, 0, 1}, {1.5f, 2.0f, -3.0f, 0.25f, 0.0f, 9.0f});
    CHECK(out.str() ==
          "user_id\ttraining_clicks\tclick_bucket\ttopic\tx\ty\n"
          "2\t1\t1-2\t7\t1.5\t2\n"
          "0\t4\t3-5\t3\t-3\t0.25\n"
          "1\t0\t0\t0\t0\t9\n");
    d.truth.reset();  // real data: no topic
    std::ostringstream real;
    app::write_user_layout_tsv(real, d, split, {0}, {1.0f, 2.0f});
    CHECK(real.str() == "user_id\ttraining_clicks\tclick_bucket\ttopic\tx\ty\n0\t4\t3-5\t\t1\t2\n");
    CHECK_THROWS_AS(app::save_user_layout_tsv("/nonexistent/dir/users.tsv", d, split, {}, {}), towerlab::Error);
}
