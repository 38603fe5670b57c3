// Dataset source strings, as the CLI's --dataset and the app's Load dialog give them.
#include <catch2/catch.hpp>

#include "data/dataset_source.h"
#include "test_loader_fixtures.h"

using namespace towerlab;
using namespace towerlab::test;

TEST_CASE("dataset source: synthetic with keys of SyntheticConfig", "[dataset_source]") {
    const Dataset d = load_dataset("synthetic:items=200,users=300,clicks=3000,seed=3");
    CHECK(d.name == "synthetic");
    CHECK(d.num_items() == 200);
    CHECK(d.num_users() == 300);
    const Dataset again = load_dataset("synthetic:items=200, users=300, clicks=3000, seed=3");
    REQUIRE(again.clicks.size() == d.clicks.size());
    CHECK(again.clicks[100].item == d.clicks[100].item);

    const SyntheticConfig c = parse_synthetic_source(
        "synthetic:users=10,items=20,clicks=30,topics=4,days=5,zipf=1.5,new_items=0.2,affinity=0.5,impressions=0,seed=99,"
        "topic_zipf=0.5,taste=2,missing=0.25");
    CHECK(c.num_users == 10);
    CHECK(c.num_items == 20);
    CHECK(c.num_clicks == 30);
    CHECK(c.num_topics == 4);
    CHECK(c.num_days == 5);
    CHECK(c.zipf_exponent == 1.5);
    CHECK(c.new_item_share == 0.2);
    CHECK(c.topic_affinity == 0.5);
    CHECK(c.impressions_per_click == 0);
    CHECK(c.seed == 99);
    CHECK(c.topic_zipf_exponent == 0.5);
    CHECK(c.taste_sharpness == 2);
    CHECK(c.missing_share == 0.25);
    // keys override the caller's settings, the rest are kept
    SyntheticConfig base;
    base.num_users = 1234;
    CHECK(parse_synthetic_source("synthetic:items=20", base).num_users == 1234);
    CHECK(parse_synthetic_source("synthetic", base).num_users == 1234);
    CHECK(parse_synthetic_source("synthetic:", base).num_users == 1234);
}

TEST_CASE("dataset source: real data folders", "[dataset_source]") {
    CHECK(load_dataset("ml-100k:" + fixture("ml-100k-mini")).num_items() == 8);
    CHECK(load_dataset("ml-1m:" + fixture("ml-1m-mini")).num_users() == 5);
    CHECK(load_dataset("csv:" + fixture("csv_example")).num_items() == 5);
    MovieLensOptions o;
    o.positive_threshold = 5;
    CHECK(load_dataset("ml-100k:" + fixture("ml-100k-mini"), {}, o).clicks.size() == 5);
}

TEST_CASE("dataset source: a bad source names the bad key", "[dataset_source][errors]") {
    auto err = [](const std::string& s) { return error_of([&] { load_dataset(s); }); };
    CHECK(err("synthetic:itemz=5") ==
          "field 'itemz': unknown key (expected users, items, clicks, topics, days, zipf, topic_zipf, taste, residual, missing, new_items, affinity, impressions, seed)"
          " in dataset source 'synthetic:itemz=5'");
    CHECK(err("synthetic:items=abc") == "field 'items': expected an integer, found 'abc' in dataset source 'synthetic:items=abc'");
    CHECK(err("synthetic:items=") == "field 'items': expected an integer, found an empty value in dataset source 'synthetic:items='");
    CHECK(err("synthetic:items") == "field 'items': expected key=value in dataset source 'synthetic:items'");
    CHECK(err("synthetic:items=50,items=60") == "field 'items': given twice in dataset source 'synthetic:items=50,items=60'");
    CHECK(err("synthetic:zipf=nan") == "field 'zipf': expected a finite number, found 'nan' in dataset source 'synthetic:zipf=nan'");
    CHECK(err("synthetic:seed=-1") ==
          "field 'seed': value -1 is outside 0..9223372036854775807 in dataset source 'synthetic:seed=-1'");
    CHECK(err("synthetic:items=5") == "synthetic: field 'items': must be in 10..50,000,000");
    CHECK(err("ml-100k:") == "field 'dataset': ml-100k needs the folder or .zip archive of its files: ml-100k:PATH");
    CHECK(err("movielens") ==
          "field 'dataset': unknown dataset source 'movielens' (expected synthetic, synthetic:key=value,..., ml-100k:PATH, "
          "ml-1m:PATH, ml-latest:PATH, csv:PATH, or a PATH whose files say the format (PATH: a folder or a .zip archive))");
    CHECK(err("ml-1m:/nonexistent/ml-1m") == "/nonexistent/ml-1m: folder not found");
    CHECK(err("csv:" + fixture("ml-1m-mini")) == fixture("ml-1m-mini") + "/schema.json: file not found");
}
