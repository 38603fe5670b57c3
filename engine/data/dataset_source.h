// Parses a dataset source string and loads it: "synthetic", "synthetic:items=100000,clicks=...",
// "ml-100k:DIR", "ml-1m:DIR", "csv:DIR". Used by the CLI and the app's Load dialog alike.
#pragma once

#include <string>

#include "data/dataset.h"
#include "data/synthetic_dataset.h"

namespace towerlab {

Dataset load_dataset(const std::string& source, const SyntheticConfig& synthetic = {});

}  // namespace towerlab
