// Flags shared by the CLI's commands: the dataset source and every TrainConfig field, bound once
// so that `train`, `compare`, `bench` and `lesson` accept the same names.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "core/config.h"
#include "data/data_setup.h"
#include "data/dataset.h"
#include "data/split.h"
#include "data/synthetic_dataset.h"

namespace towerlab::cli {

struct CommonOptions {
    std::string dataset = "synthetic";
    std::string config_file;    // JSON; flags given on the command line override it
    SyntheticConfig synthetic;
    // Each hyper-parameter flag's text as typed, by JSON key (core/hyperparameters.h); parsed by
    // resolve_config after CLI11 ran, so errors name the flag.
    std::map<std::string, std::string> flag_values;
    double cold_item_share = 0.1;
};

void add_common_options(CLI::App& app, CommonOptions& o);
// Applies the config file then the explicit flags; validates. Throws towerlab::Error naming the
// flag, or the config file and key when the bad value came from the file.
TrainConfig resolve_config(const CLI::App& app, CommonOptions& o);

// "1,2,3" -> {1, 2, 3}; an Error naming --seeds for anything else or for no seed at all.
std::vector<uint64_t> parse_seeds(const std::string& text);

// --json-out: the document, indented, to `path`; an Error naming the path if it cannot be written.
void write_json_file(const std::string& path, const nlohmann::json& doc);
// Throws Error naming `flag` when `path` cannot be written: checked before a long run, so a bad
// output path never costs the run's results.
void check_writable(const std::string& path, const std::string& flag);
// What validation cannot know before the data is loaded: every K the user chose fits the catalogue.
void check_config_fits_data(const TrainConfig& config, const Dataset& data, const Split& split);
// A K of a ranking (field: the flag or key) must be in 1..num_items-1: at K >= catalogue every
// model reaches recall 1 and the figure means nothing.
void check_k_fits(int k, int num_items, const std::string& field);
// The data flags as the one data setup of every front end (data/data_setup.h).
DataSetup data_setup(const CommonOptions& o);

struct LoadedData {
    std::shared_ptr<const Dataset> data;
    std::shared_ptr<const Split> split;
};
// Loads --dataset, checks the config against it (check_config_fits_data) and makes the split every
// command shares (cold share and head share from the options and config); with `verbose`, prints
// the sizes and group counts on stderr.
// validation: hold out each user's previous positive as a validation target (early stopping).
LoadedData load_data(const CommonOptions& o, const TrainConfig& config, bool verbose, bool validation = false);

}  // namespace towerlab::cli
