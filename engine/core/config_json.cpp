#include "core/config_json.h"

#include <cmath>
#include <fstream>
#include <limits>
#include <functional>
#include <map>

#include "core/error.h"
#include "core/json_file.h"

namespace towerlab {
namespace {

using nlohmann::json;

// One table of (key, getter, setter) for every field, so writing and reading cannot drift apart.
struct Binding {
    std::function<json(const TrainConfig&)> get;
    std::function<void(TrainConfig&, const json&)> set;
};

template <typename T>
T typed(const json& v, const std::string& key) {
    try {
        if constexpr (std::is_same_v<T, bool>) {
            if (!v.is_boolean()) throw json::type_error::create(302, "expected true or false", nullptr);
        } else if constexpr (std::is_integral_v<T>) {
            if (!v.is_number()) throw json::type_error::create(302, "expected a number", nullptr);
            // 1e300 or 2.5 for an integer: converting would be undefined or silently cut
            const double d = v.get<double>(), hi = std::ldexp(1.0, std::numeric_limits<T>::digits);
            if (v.is_number_float() && !(d == std::floor(d) && d >= (std::is_signed_v<T> ? -hi : 0.0) && d < hi))
                throw json::type_error::create(302, "expected an integer in range, found " + v.dump(), nullptr);
        } else if constexpr (std::is_arithmetic_v<T>) {
            if (!v.is_number()) throw json::type_error::create(302, "expected a number", nullptr);
        }
        return v.get<T>();
    } catch (const json::exception& e) {
        throw Error(ErrorContext{"", 0, key}, std::string("wrong type: ") + e.what());
    }
}

const std::map<std::string, Binding>& bindings() {
    static const std::map<std::string, Binding> table = [] {
        std::map<std::string, Binding> t;
#define TL_NUM(key, member)                                                                \
    t[key] = {[](const TrainConfig& c) { return json(c.member); },                        \
              [](TrainConfig& c, const json& v) { c.member = typed<decltype(c.member)>(v, key); }};
#define TL_ENUM(key, member, parse)                                                        \
    t[key] = {[](const TrainConfig& c) { return json(to_string(c.member)); },             \
              [](TrainConfig& c, const json& v) { c.member = parse(typed<std::string>(v, key), key); }};
        TL_NUM("seed", seed)
        TL_ENUM("objective", objective, objective_from_string)
        TL_ENUM("negatives", negatives, negative_source_from_string)
        TL_NUM("batch_size", batch_size)
        TL_NUM("num_negatives", num_negatives)
        TL_NUM("tau", tau)
        TL_ENUM("logq", logq, logq_mode_from_string)
        TL_NUM("logq_alpha", logq_alpha)
        TL_NUM("logq_hash_size", logq_hash_size)
        TL_NUM("logq_warm_start", logq_warm_start)
        TL_NUM("remove_accidental_hits", remove_accidental_hits)
        TL_NUM("margin", margin)
        TL_NUM("sigma", sigma)
        TL_NUM("hard_share", hard_share)
        TL_NUM("uniform_share", uniform_share)
        TL_NUM("hard_pool", hard_pool)
        TL_NUM("hard_refresh_steps", hard_refresh_steps)
        TL_ENUM("augmentation", augmentation, augmentation_from_string)
        TL_NUM("alpha", alpha)
        TL_NUM("ssl_tau", ssl_tau)
        TL_NUM("ssl_batch_size", ssl_batch_size)
        TL_NUM("mask_probability", mask_probability)
        TL_NUM("dropout_probability", dropout_probability)
        TL_ENUM("ssl_id_masking", ssl_id_masking, ssl_id_masking_from_string)
        TL_NUM("ssl_sampling_power", ssl_sampling_power)
        TL_NUM("id_dropout", id_dropout)
        TL_NUM("id_dropout_tail", id_dropout_tail)
        TL_NUM("id_learning_rate_scale", id_learning_rate_scale)
        TL_ENUM("optimizer", optimizer, optimizer_from_string)
        TL_NUM("learning_rate", learning_rate)
        TL_NUM("adam_beta1", adam_beta1)
        TL_NUM("adam_beta2", adam_beta2)
        TL_NUM("adam_epsilon", adam_epsilon)
        TL_NUM("adagrad_initial", adagrad_initial)
        TL_NUM("threads", threads)
        TL_NUM("head_share", head_share)
        TL_NUM("label_fraction", label_fraction)
        TL_NUM("eval_users", eval_users)
        t["eval_k"] = {[](const TrainConfig& c) { return json(c.eval_k); },
                       [](TrainConfig& c, const json& v) { c.eval_k = typed<std::vector<int>>(v, "eval_k"); }};
        TL_NUM("model.output_dim", model.output_dim)
        TL_ENUM("model.activation", model.activation, activation_from_string)
        TL_NUM("model.id_embedding_dim", model.id_embedding_dim)
        TL_NUM("model.field_embedding_dim", model.field_embedding_dim)
        TL_NUM("model.multi_field_embedding_dim", model.multi_field_embedding_dim)
        TL_NUM("model.init_std", model.init_std)
        TL_NUM("model.cold_items_use_missing_id", model.cold_items_use_missing_id)
        TL_NUM("model.learn_missing_id", model.learn_missing_id)
        TL_ENUM("model.item_inputs", model.item_inputs, item_inputs_from_string)
        t["model.hidden_widths"] = {
            [](const TrainConfig& c) { return json(c.model.hidden_widths); },
            [](TrainConfig& c, const json& v) { c.model.hidden_widths = typed<std::vector<int>>(v, "model.hidden_widths"); }};
#undef TL_NUM
#undef TL_ENUM
        return t;
    }();
    return table;
}

void read_object(TrainConfig& c, const json& j, const std::string& prefix) {
    for (auto it = j.begin(); it != j.end(); ++it) {
        const std::string key = prefix + it.key();
        if (key == "model" && it->is_object()) {
            read_object(c, *it, "model.");
            continue;
        }
        auto b = bindings().find(key);
        if (b == bindings().end())
            throw Error(ErrorContext{"", 0, key}, "unknown configuration key");
        b->second.set(c, *it);
    }
}

}  // namespace

json to_json(const TrainConfig& config) {
    json j = json::object();
    for (const auto& [key, b] : bindings()) {
        if (key.rfind("model.", 0) == 0) j["model"][key.substr(6)] = b.get(config);
        else j[key] = b.get(config);
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
        if (bindings().find(key) == bindings().end())
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
