// The app's setup file: everything that decides a run (dataset source and generator parameters,
// cold-item share, split seed, every hyper-parameter and the seed) in one small JSON file, so a
// teacher can hand students an exact, reproducible starting point.
//
//   {
//     "towerlab_setup": 1,
//     "dataset": "synthetic",
//     "synthetic": {"num_users": 20000, "num_items": 5000, ...},
//     "cold_item_share": 0.1,
//     "split_seed": 7,
//     "config": { ...the keys of core/config_json.h... }
//   }
//
// Reading starts from the defaults, so a file names only what it changes; an unknown key or a
// value of the wrong type is a towerlab::Error naming the file and the key. No GUI dependency.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "session/training_session.h"

namespace app {

nlohmann::json setup_to_json(const towerlab::SessionSetup& setup);
towerlab::SessionSetup setup_from_json(const nlohmann::json& j, const std::string& source = "setup");

// Throw towerlab::Error with the path on any failure; nothing is half-written or half-read.
void save_setup(const towerlab::SessionSetup& setup, const std::string& path);
towerlab::SessionSetup load_setup(const std::string& path);

// What a checkpoint stores about its data: the setup without its config (the checkpoint holds the
// config), readable by the CLI's `checkpoint resume` too; and the way back (errors name `path`).
nlohmann::json checkpoint_dataset_source(const towerlab::SessionSetup& setup);
towerlab::SessionSetup setup_from_checkpoint_source(const nlohmann::json& source, const std::string& path);

// Training threads for the app when a setup does not name them: half the cores, at most the
// engine's default. The window needs a core of its own: with as many OpenMP threads as cores, a
// step waits at every barrier for a thread the window pushed off the CPU (on 2 cores measured ten
// times slower and worse, docs/app.md).
int app_training_threads();

// What the app starts from: the engine's defaults, app_training_threads(), and each user's
// previous click held out as validation, so "Train to convergence" works on the first run (the
// CLI's `train` without a budget holds it out too).
towerlab::SessionSetup app_default_setup();

// load_setup(), then the app's defaults for what the file does not name: config.threads and the
// validation split.
towerlab::SessionSetup load_setup_for_app(const std::string& path);

}  // namespace app
