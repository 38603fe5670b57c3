#include "setup_file.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <thread>

#include "core/config_json.h"
#include "core/error.h"
#include "core/json_file.h"
#include "data/data_setup.h"

namespace app {
namespace {

using nlohmann::json;
using towerlab::Error;
using towerlab::ErrorContext;

constexpr int kVersion = 1;

template <typename T>
void read(const json& j, const char* key, T& out, const std::string& source, const std::string& prefix) {
    auto it = j.find(key);
    if (it == j.end()) return;
    const bool ok = std::is_same_v<T, std::string> ? it->is_string() : it->is_number();
    if (!ok) throw Error(ErrorContext{source, 0, prefix + key}, "wrong type");
    if constexpr (std::is_integral_v<T>) {
        if (!it->is_number_integer() && !it->is_number_unsigned())
            throw Error(ErrorContext{source, 0, prefix + key}, "expected a whole number");
        if (std::is_unsigned_v<T> && it->is_number_integer() && it->get<long long>() < 0)
            throw Error(ErrorContext{source, 0, prefix + key}, "expected a number >= 0");
    }
    out = it->get<T>();
}

void reject_unknown(const json& j, std::initializer_list<const char*> known, const std::string& source,
                    const std::string& prefix) {
    for (auto it = j.begin(); it != j.end(); ++it) {
        bool found = false;
        for (const char* k : known) found = found || it.key() == k;
        if (!found) throw Error(ErrorContext{source, 0, prefix + it.key()}, "unknown setup key");
    }
}

}  // namespace

json setup_to_json(const towerlab::SessionSetup& s) {
    json j = towerlab::to_json(static_cast<const towerlab::DataSetup&>(s));
    j["towerlab_setup"] = kVersion;
    j["config"] = towerlab::to_json(s.config);
    return j;
}

towerlab::SessionSetup setup_from_json(const json& j, const std::string& source) {
    if (!j.is_object()) throw Error(ErrorContext{source, 0, ""}, "a setup must be a JSON object");
    reject_unknown(j, {"towerlab_setup", "dataset", "synthetic", "cold_item_share", "split_seed", "validation", "config"}, source, "");
    int version = kVersion;
    read(j, "towerlab_setup", version, source, "");
    if (version != kVersion)
        throw Error(ErrorContext{source, 0, "towerlab_setup"},
                    "version " + std::to_string(version) + " is not supported (expected " + std::to_string(kVersion) + ")");
    towerlab::SessionSetup s;
    static_cast<towerlab::DataSetup&>(s) = towerlab::data_setup_from_json(j, source);
    if (auto it = j.find("config"); it != j.end()) {
        try {
            s.config = towerlab::train_config_from_json(*it, source);
        } catch (const Error& e) {
            const std::string& f = e.where().field;
            throw Error(ErrorContext{source, 0, f.empty() ? "config" : "config." + f}, e.message());
        }
    }
    return s;
}

void save_setup(const towerlab::SessionSetup& setup, const std::string& path) {
    const std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp);
        if (!out) throw Error(ErrorContext{path, 0, ""}, "cannot write the setup file");
        out << setup_to_json(setup).dump(2) << "\n";
        if (!out) throw Error(ErrorContext{path, 0, ""}, "writing the setup file failed");
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        std::remove(tmp.c_str());
        throw Error(ErrorContext{path, 0, ""}, "cannot replace the setup file");
    }
}

towerlab::SessionSetup load_setup(const std::string& path) {
    return setup_from_json(towerlab::read_json_file(path), path);
}

nlohmann::json checkpoint_dataset_source(const towerlab::SessionSetup& setup) {
    json j = setup_to_json(setup);
    j.erase("config");  // the checkpoint holds the config itself
    return j;
}

towerlab::SessionSetup setup_from_checkpoint_source(const nlohmann::json& source, const std::string& path) {
    json j = source;
    if (!j.is_object() || !j.contains("dataset"))
        throw Error(ErrorContext{path, 0, "dataset_source"}, "the checkpoint does not say which dataset it was trained on");
    // Written by the CLI (model_source.cpp) or by this app: both are setup keys without the config.
    j.erase("config");
    return setup_from_json(j, path + " (dataset source)");
}

int app_training_threads() {
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    return std::clamp(static_cast<int>(cores / 2), 1, towerlab::TrainConfig{}.threads);
}

towerlab::SessionSetup app_default_setup() {
    towerlab::SessionSetup s;
    s.config.threads = app_training_threads();
    s.validation = true;
    return s;
}

towerlab::SessionSetup load_setup_for_app(const std::string& path) {
    towerlab::SessionSetup s = load_setup(path);
    const json j = towerlab::read_json_file(path);
    const towerlab::SessionSetup defaults = app_default_setup();
    const bool names_threads = j.is_object() && j.contains("config") && j["config"].is_object() && j["config"].contains("threads");
    if (!names_threads) s.config.threads = defaults.config.threads;
    if (!j.contains("validation")) s.validation = defaults.validation;
    return s;
}

}  // namespace app
