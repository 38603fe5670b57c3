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

}  // namespace towerlab
