// SyntheticConfig <-> JSON (data/synthetic_config_json.h), the codec every front end's setup and
// checkpoint uses for the generator's settings.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "data/synthetic_config_json.h"
#include "data/synthetic_dataset.h"

using namespace towerlab;

// One codec for the generator's settings: a checkpoint or setup written by any front end rebuilds
// the same data (the CLI's old codec dropped topic_zipf_exponent, taste_sharpness, missing_share).
TEST_CASE("the synthetic settings round-trip through JSON, every field, and a typo is an error", "[synthetic][config]") {
    SyntheticConfig c;
    c.num_users = 300;
    c.num_items = 120;
    c.num_clicks = 3000;
    c.topic_zipf_exponent = 0.3;
    c.taste_sharpness = 7.5;
    c.item_residual = 0.05;
    c.missing_share = 0.25;
    c.impressions_per_click = 1;
    c.seed = 99;
    const nlohmann::json j = to_json(c);
    const SyntheticConfig back = synthetic_config_from_json(j);
    CHECK(to_json(back) == j);
    const Dataset a = make_synthetic_dataset(c), b = make_synthetic_dataset(back);
    REQUIRE(a.clicks.size() == b.clicks.size());
    for (size_t k = 0; k < a.clicks.size(); ++k) CHECK(a.clicks[k].item == b.clicks[k].item);
    nlohmann::json typo = j;
    typo["taste_sharpnes"] = 3;
    CHECK_THROWS_AS(synthetic_config_from_json(typo), Error);
    nlohmann::json wrong = j;
    wrong["num_items"] = "many";
    CHECK_THROWS_AS(synthetic_config_from_json(wrong), Error);
}
