// The setup file a teacher hands out: round trip, defaults for missing keys, and errors that name
// the file and the key for a typo or a wrong value.
#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>

#include "core/error.h"
#include "setup_file.h"

using nlohmann::json;

namespace {

std::string error_of(const json& j) {
    try {
        app::setup_from_json(j, "class.json");
    } catch (const towerlab::Error& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_CASE("a setup survives saving and loading", "[setup]") {
    towerlab::SessionSetup s;
    s.dataset = "ml-100k:/data/ml-100k";
    s.synthetic.num_items = 1234;
    s.synthetic.zipf_exponent = 1.3;
    s.synthetic.taste_sharpness = 2.5;
    s.synthetic.missing_share = 0.3;
    s.synthetic.seed = 99;
    s.cold_item_share = 0.2;
    s.split_seed = 5;
    s.config.tau = 0.2;
    s.config.augmentation = towerlab::Augmentation::CorrelatedMask;
    s.config.model.hidden_widths = {64, 32};
    s.config.seed = 3;
    const std::string path = "test_setup_roundtrip.json";
    app::save_setup(s, path);
    const towerlab::SessionSetup r = app::load_setup(path);
    std::remove(path.c_str());
    CHECK(app::setup_to_json(r) == app::setup_to_json(s));
    CHECK(r.dataset == s.dataset);
    CHECK(r.synthetic.num_items == 1234);
    CHECK(r.synthetic.taste_sharpness == 2.5);
    CHECK(r.synthetic.missing_share == 0.3);
    CHECK(r.config.augmentation == towerlab::Augmentation::CorrelatedMask);
    CHECK(r.config.model.hidden_widths == std::vector<int>{64, 32});
}

TEST_CASE("a setup names only what it changes", "[setup]") {
    const towerlab::SessionSetup s = app::setup_from_json(json{{"config", {{"tau", 0.5}}}});
    CHECK(s.config.tau == 0.5);
    CHECK(s.dataset == "synthetic");
    CHECK(s.synthetic.num_items == towerlab::SyntheticConfig{}.num_items);
    CHECK(s.config.batch_size == towerlab::TrainConfig{}.batch_size);
}

TEST_CASE("the CLI's synthetic:key=value source reads into the generator's settings", "[setup]") {
    const towerlab::SessionSetup s = app::setup_from_json(json{{"dataset", "synthetic:items=1000,users=3000"}});
    CHECK(s.dataset == "synthetic");
    CHECK(s.synthetic.num_items == 1000);
    CHECK(s.synthetic.num_users == 3000);
    CHECK(error_of(json{{"dataset", "synthetic:itemz=5"}}).find("itemz") != std::string::npos);
}

TEST_CASE("bad setups are rejected with the key that is wrong", "[setup]") {
    CHECK(error_of(json{{"tua", 1}}).find("tua") != std::string::npos);
    CHECK(error_of(json{{"config", {{"tua", 1}}}}).find("config.tua") != std::string::npos);
    CHECK(error_of(json{{"synthetic", {{"num_items", "many"}}}}).find("synthetic.num_items") != std::string::npos);
    CHECK(error_of(json{{"synthetic", {{"num_items", 2.5}}}}).find("whole number") != std::string::npos);
    CHECK(error_of(json{{"synthetic", {{"num_items", 3}}}}).find("items") != std::string::npos);
    CHECK(error_of(json{{"split_seed", -1}}).find("split_seed") != std::string::npos);
    CHECK(error_of(json{{"cold_item_share", 0.95}}).find("cold_item_share") != std::string::npos);
    CHECK(error_of(json{{"config", {{"tau", -1}}}}).find("tau") != std::string::npos);
    CHECK(error_of(json{{"towerlab_setup", 2}}).find("version 2") != std::string::npos);
    CHECK(error_of(json::array()).find("class.json") != std::string::npos);
}

TEST_CASE("an unreadable or malformed file names the path", "[setup]") {
    try {
        app::load_setup("/nonexistent/dir/setup.json");
        FAIL("expected an error");
    } catch (const towerlab::Error& e) {
        CHECK(std::string(e.what()).find("/nonexistent/dir/setup.json") != std::string::npos);
    }
    const std::string path = "test_setup_malformed.json";
    std::ofstream(path) << "{ \"dataset\": ";
    try {
        app::load_setup(path);
        FAIL("expected an error");
    } catch (const towerlab::Error& e) {
        CHECK(std::string(e.what()).find("invalid JSON") != std::string::npos);
    }
    std::remove(path.c_str());
    CHECK_THROWS_AS(app::save_setup(towerlab::SessionSetup{}, "/nonexistent/dir/out.json"), towerlab::Error);
}

TEST_CASE("the app leaves a core to the window unless the setup names its threads", "[setup]") {
    CHECK(app::app_training_threads() >= 1);
    CHECK(app::app_training_threads() <= towerlab::TrainConfig{}.threads);
    const std::string path = "test_setup_threads.json";
    std::ofstream(path) << R"({"config": {"tau": 0.1}})";
    CHECK(app::load_setup_for_app(path).config.threads == app::app_training_threads());
    std::ofstream(path) << R"({"config": {"threads": 3}})";
    CHECK(app::load_setup_for_app(path).config.threads == 3);
    std::remove(path.c_str());
}

TEST_CASE("the app holds out validation clicks unless the setup says otherwise", "[setup]") {
    CHECK(app::app_default_setup().validation);
    const std::string path = "test_setup_validation.json";
    std::ofstream(path) << R"({"config": {"tau": 0.1}})";
    CHECK(app::load_setup_for_app(path).validation);
    std::ofstream(path) << R"({"validation": false})";
    CHECK_FALSE(app::load_setup_for_app(path).validation);
    CHECK_FALSE(app::load_setup(path).validation);
    // Saved and loaded back, the flag is kept, and it reaches a checkpoint's dataset source.
    towerlab::SessionSetup s = app::app_default_setup();
    app::save_setup(s, path);
    CHECK(app::load_setup(path).validation);
    CHECK(app::checkpoint_dataset_source(s)["validation"] == true);
    CHECK(app::setup_from_checkpoint_source(app::checkpoint_dataset_source(s), path).validation);
    std::remove(path.c_str());
}
