// Everything that makes a Trainer continue exactly where it was, as plain values: parameters,
// optimizer moments and update counts, the streaming frequency estimator, the step counter and
// the random generator. Captured and restored in memory (the day replay forks models with it) and
// written to disk by checkpoint.h.
//
// Not included, because it is derived from the data and the config when a Trainer is built:
// exact logQ, mutual information, negative sampler tables, the cold-item serving mask. The hard
// negative cache (NegativeSource::Hard / Mixed) is also rebuilt: after a restore it refreshes at
// the next step, so only runs with those sources resume to a slightly different loss curve.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/config.h"

namespace towerlab {

class Trainer;
struct Dataset;
struct Split;

// What the state was trained on, to refuse restoring it onto other data.
struct DatasetFingerprint {
    std::string name;
    int32_t users = 0, items = 0;
    int64_t train_clicks = 0;
    uint64_t train_hash = 0;           // FNV-1a of the training interactions (user, item, time)
    std::string user_fields, item_fields;  // "name:kind:cardinality;..." per side

    bool operator==(const DatasetFingerprint& o) const;
    bool operator!=(const DatasetFingerprint& o) const { return !(*this == o); }
};
DatasetFingerprint fingerprint(const Dataset& data, const Split& split);

using Blocks = std::vector<std::vector<float>>;

struct TowerState {
    Blocks parameters;           // Tower::for_each_block order: tables, weights, biases
    Blocks moments;              // optimizer: table m, table v, weight m, weight v, bias m, bias v
    int64_t optimizer_steps = 0; // OptimizerState::t (Adam's bias correction)
};

struct TrainerState {
    TrainConfig config;
    DatasetFingerprint data;
    int64_t step = 0;
    std::string rng;             // std::mt19937_64 state, as its operator<< writes it
    TowerState user, item;
    std::vector<double> frequency_last_seen, frequency_mean_gap;  // StreamingFrequencyEstimator
};

TrainerState capture_state(const Trainer& trainer);

// Checks everything first (same data, an equal config apart from threads, every block's size) and
// throws Error naming the mismatch without changing the trainer; then copies the state in.
void restore_state(Trainer& trainer, const TrainerState& state);

// The first config key whose value differs ("" if none), ignoring `threads` (it changes speed,
// not the model).
std::string first_config_difference(const TrainConfig& a, const TrainConfig& b);

}  // namespace towerlab
