// Where the model of a serving/export command comes from: trained here for --steps on the
// dataset the common flags describe, or resumed from a checkpoint file (which names its dataset).
#pragma once

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "cli_options.h"
#include "data/dataset.h"
#include "data/split.h"
#include "train/trainer.h"

namespace towerlab::cli {

struct LoadedModel {
    std::shared_ptr<const Dataset> data;
    std::shared_ptr<const Split> split;
    std::unique_ptr<Trainer> trainer;
    double train_seconds = 0;
    nlohmann::json dataset_source;  // stored in checkpoints, so that `resume` can reload the data
};

// Loads the dataset and split of the common flags and trains `steps` steps (progress on stderr
// unless quiet).
LoadedModel train_model(const CLI::App& sub, CommonOptions& o, long steps, bool quiet);

// Reloads the dataset a checkpoint names and resumes the trainer from it (threads 0 = as saved).
// dataset_override (non-empty): load the data from this source instead (the same data moved).
LoadedModel resume_model(const std::string& checkpoint_path, int threads, bool quiet,
                         const std::string& dataset_override = {});

// The common flags' model: resumed from `checkpoint` when it is not empty, else trained `steps`.
LoadedModel load_or_train_model(const CLI::App& sub, CommonOptions& o, const std::string& checkpoint, long steps,
                                bool quiet);

// Trains `steps` more steps with a progress bar; returns the seconds it took.
double train_steps(Trainer& trainer, long steps, bool quiet);

// Prints one line about the dataset and split on stderr.
void describe_data(const Dataset& data, const Split& split);

}  // namespace towerlab::cli
