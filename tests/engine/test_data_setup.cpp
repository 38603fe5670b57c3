// The data setup (data/data_setup.h): its JSON carries the validation flag, reads a checkpoint
// written before the key existed as "no validation", and names the key when its value is wrong.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "data/data_setup.h"

using namespace towerlab;

TEST_CASE("the data setup's validation flag travels through its JSON and makes the split", "[session][budget]") {
    DataSetup d;
    CHECK_FALSE(d.validation);
    d.validation = true;
    const DataSetup back = data_setup_from_json(to_json(d), "test");
    CHECK(back.validation);
    nlohmann::json old = to_json(DataSetup{});
    old.erase("validation");  // a checkpoint from before the key existed
    CHECK_FALSE(data_setup_from_json(old, "test").validation);
    nlohmann::json bad = to_json(d);
    bad["validation"] = "yes";
    CHECK_THROWS_WITH(data_setup_from_json(bad, "setup.json"), Catch::Contains("validation"));
}
