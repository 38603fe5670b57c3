// One data setup for every front end: which dataset, the generator's settings, how many items are
// held out as cold and the split's seed. The CLI, the app and every checkpoint write and read it
// with one codec, and load_run_data() turns it into the dataset and split the same way everywhere,
// so a checkpoint saved by any front end rebuilds the same data in any other.
//
// JSON keys: "dataset" (a load_dataset() source; "synthetic:key=value,..." is read into
// "synthetic"), "synthetic" (synthetic_config_json.h), "cold_item_share", "split_seed",
// "validation" (absent: false, so older checkpoints rebuild their split). A folder or
// zip path is stored absolute (absolute_dataset_source), so a checkpoint resumes from any folder.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "core/config.h"
#include "data/dataset.h"
#include "data/split.h"
#include "data/synthetic_dataset.h"

namespace towerlab {

struct DataSetup {
    std::string dataset = "synthetic";  // a load_dataset() source string
    SyntheticConfig synthetic;          // used when dataset is "synthetic"
    double cold_item_share = 0.1;       // real data: share of items held out as cold (split.h)
    uint64_t split_seed = 7;            // draws the cold items and the label fraction's clicks
    // Hold out each user's previous positive as a validation target (split.h), for early stopping.
    // Off by default: then every click but the test click trains, as the fixed-budget figures did.
    bool validation = false;

    void validate() const;              // throws Error naming the field
};

nlohmann::json to_json(const DataSetup& setup);
// Reads the five keys (others are the caller's); an Error names `source` and the key.
DataSetup data_setup_from_json(const nlohmann::json& j, const std::string& source);

// The source with a relative folder or zip path made absolute; synthetic sources are unchanged.
std::string absolute_dataset_source(const std::string& source);

struct RunData {
    std::shared_ptr<const Dataset> dataset;
    std::shared_ptr<const Split> split;
};

// Loads the dataset and makes the split: head_share and label_fraction from `config`, the cold
// items, seed and validation targets from `setup`.
RunData load_run_data(const DataSetup& setup, const TrainConfig& config);

}  // namespace towerlab
