// The generic CSV format for bringing one's own data (documented in README.md):
// a folder with schema.json, interactions.csv, items.csv and optionally users.csv.
#pragma once

#include <string>

#include "data/dataset.h"

namespace towerlab {

Dataset load_csv_dataset(const std::string& dir);

}  // namespace towerlab
