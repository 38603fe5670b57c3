#include "data/synthetic_config_json.h"

#include <cmath>
#include <functional>
#include <limits>
#include <vector>

#include "core/error.h"

namespace towerlab {
namespace {

using nlohmann::json;

struct Key {
    const char* name;
    std::function<json(const SyntheticConfig&)> get;
    std::function<void(SyntheticConfig&, const json&)> set;
};

template <typename T>
T number(const json& v, const char* key) {
    if (!v.is_number()) throw Error(ErrorContext{"", 0, key}, "wrong type: expected a number, found " + v.dump());
    if constexpr (std::is_integral_v<T>) {
        const double d = v.get<double>(), hi = std::ldexp(1.0, std::numeric_limits<T>::digits);
        if (!(d == std::floor(d) && d >= (std::is_signed_v<T> ? -hi : 0.0) && d < hi))
            throw Error(ErrorContext{"", 0, key}, "expected a whole number in range, found " + v.dump());
    }
    return v.get<T>();
}

// One row per field: writing and reading cannot drift apart, and a new field is one line here.
const std::vector<Key>& keys() {
#define TL_KEY(member) \
    Key{#member, [](const SyntheticConfig& c) { return json(c.member); }, \
        [](SyntheticConfig& c, const json& v) { c.member = number<decltype(c.member)>(v, #member); }}
    static const std::vector<Key> table = {
        TL_KEY(num_users),      TL_KEY(num_items),       TL_KEY(num_clicks),          TL_KEY(num_topics),
        TL_KEY(num_days),       TL_KEY(zipf_exponent),   TL_KEY(topic_zipf_exponent), TL_KEY(taste_sharpness),
        TL_KEY(item_residual),  TL_KEY(missing_share),   TL_KEY(new_item_share),      TL_KEY(topic_affinity),
        TL_KEY(impressions_per_click), TL_KEY(seed)};
#undef TL_KEY
    return table;
}

}  // namespace

json to_json(const SyntheticConfig& config) {
    json j = json::object();
    for (const Key& k : keys()) j[k.name] = k.get(config);
    return j;
}

SyntheticConfig synthetic_config_from_json(const json& j, const SyntheticConfig& base) {
    if (!j.is_object()) throw Error(ErrorContext{"", 0, ""}, "the synthetic settings must be a JSON object");
    SyntheticConfig c = base;
    for (auto it = j.begin(); it != j.end(); ++it) {
        const Key* key = nullptr;
        for (const Key& k : keys())
            if (it.key() == k.name) key = &k;
        if (!key) throw Error(ErrorContext{"", 0, it.key()}, "unknown setting of the synthetic generator");
        key->set(c, *it);
    }
    c.validate();
    return c;
}

}  // namespace towerlab
