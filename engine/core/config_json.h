// TrainConfig <-> JSON. Keys are the field names of config.h; enums use their to_string names.
// Reading starts from the defaults, so a file names only what it changes; an unknown key or a
// value of the wrong type is an Error naming the key (a typo must not be silently ignored).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "core/config.h"

namespace towerlab {

nlohmann::json to_json(const TrainConfig& config);
TrainConfig train_config_from_json(const nlohmann::json& j, const std::string& source = "config");
TrainConfig load_train_config(const std::string& path);

// Applies "key=value" overrides (config keys as in the JSON file, e.g. "augmentation=cfm",
// "model.hidden_widths=[256,128]") separated by spaces or ';'. A value that parses as JSON is
// used as such, anything else as a string. Errors name `source` and the key; the result is
// validated.
TrainConfig apply_config_overrides(const TrainConfig& base, const std::string& overrides,
                                   const std::string& source = "overrides");

}  // namespace towerlab
