// SyntheticConfig <-> JSON, the one codec of the generator's settings: the app's setup files and
// the checkpoints of every front end write and read it, so data rebuilt from either is the same.
// Keys are SyntheticConfig's field names; an unknown key or a value of the wrong type is an Error
// naming the key. Reading starts from `base` and validates the result.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "data/synthetic_dataset.h"

namespace towerlab {

nlohmann::json to_json(const SyntheticConfig& config);
SyntheticConfig synthetic_config_from_json(const nlohmann::json& j, const SyntheticConfig& base = {});

}  // namespace towerlab
