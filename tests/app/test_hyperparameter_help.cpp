// Every hyper-parameter a setup file can hold has a tooltip that explains it, so a new field in
// TrainConfig cannot reach the controls without one.
#include <catch2/catch.hpp>

#include <cstring>
#include <string>

#include "core/config_json.h"
#include "hyperparameter_help.h"

TEST_CASE("every TrainConfig key has help text", "[help]") {
    const nlohmann::json j = towerlab::to_json(towerlab::TrainConfig{});
    int keys = 0;
    for (auto it = j.begin(); it != j.end(); ++it) {
        if (it.key() == "model") {
            for (auto m = it->begin(); m != it->end(); ++m) {
                INFO("model." << m.key());
                CHECK(std::strlen(app::hyperparameter_help(m.key().c_str())) > 20);
                ++keys;
            }
            continue;
        }
        INFO(it.key());
        CHECK(std::strlen(app::hyperparameter_help(it.key().c_str())) > 20);
        ++keys;
    }
    CHECK(keys > 30);
    CHECK(std::string(app::hyperparameter_help("logq")).find("- log p_j") != std::string::npos);
    CHECK(std::string(app::hyperparameter_help("no_such_key")).empty());
}
