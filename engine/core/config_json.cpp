#include "core/config_json.h"

#include <cmath>
#include <fstream>
#include <limits>
#include <functional>
#include <map>

#include "core/error.h"
#include "core/hyperparameters.h"
#include "core/json_file.h"

namespace towerlab {
namespace {

using nlohmann::json;

void read_object(TrainConfig& c, const json& j, const std::string& prefix) {
    for (auto it = j.begin(); it != j.end(); ++it) {
        const std::string key = prefix + it.key();
        if (key == "model" && it->is_object()) {
            read_object(c, *it, "model.");
            continue;
        }
        const Hyperparameter* p = find_hyperparameter(key);
        if (!p) throw Error(ErrorContext{"", 0, key}, "unknown configuration key");
        p->set(c, *it);
    }
}

}  // namespace

json to_json(const TrainConfig& config) {
    json j = json::object();
    for (const Hyperparameter& p : hyperparameters()) {
        if (p.key.rfind("model.", 0) == 0) j["model"][p.key.substr(6)] = p.get(config);
        else j[p.key] = p.get(config);
    }
    return j;
}

TrainConfig train_config_from_json(const json& j, const std::string& source) {
    if (!j.is_object()) throw Error(ErrorContext{source, 0, ""}, "a configuration must be a JSON object");
    TrainConfig c;
    try {
        read_object(c, j, "");
        c.validate();
    } catch (const Error& e) {
        throw Error(ErrorContext{source, 0, e.where().field}, e.message());
    }
    return c;
}

TrainConfig apply_config_overrides(const TrainConfig& base, const std::string& overrides, const std::string& source) {
    json j = to_json(base);
    std::string token;
    auto apply = [&](const std::string& t) {
        if (t.empty()) return;
        const size_t eq = t.find('=');
        if (eq == std::string::npos || eq == 0)
            throw Error(ErrorContext{source, 0, t}, "expected key=value");
        const std::string key = t.substr(0, eq), text = t.substr(eq + 1);
        json value = json::parse(text, nullptr, /*allow_exceptions=*/false);
        if (value.is_discarded()) value = text;
        if (!find_hyperparameter(key))
            throw Error(ErrorContext{source, 0, key}, "unknown configuration key");
        if (key.rfind("model.", 0) == 0) j["model"][key.substr(6)] = value;
        else j[key] = value;
    };
    for (char ch : overrides) {
        if (ch == ' ' || ch == ';' || ch == '\t' || ch == '\n') { apply(token); token.clear(); }
        else token += ch;
    }
    apply(token);
    return train_config_from_json(j, source);
}

TrainConfig load_train_config(const std::string& path) {
    return train_config_from_json(read_json_file(path), path);
}

}  // namespace towerlab
