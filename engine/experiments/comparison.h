// Controlled comparisons: several configurations ("variants") trained on one dataset and one split,
// each over the same list of model seeds, evaluated the same way. The first variant is the
// baseline; every other variant is reported as a paired difference against it (same seed, same
// data, same test users), because on this data the seed-to-seed spread of long-tail and cold recall
// is often as large as the effect being measured (see docs/results.md).
//
// The CLI's `compare` command and the lessons are thin clients of run_comparison().
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/config.h"
#include "data/dataset.h"
#include "data/split.h"
#include "eval/retrieval_metrics.h"
#include "train/trainer.h"

namespace towerlab {

struct Variant {
    std::string label;
    TrainConfig config;
};

struct ComparisonOptions {
    long steps = 4000;                    // training steps per run
    std::vector<uint64_t> seeds{1, 2, 3}; // model seeds, shared by every variant
    EvalOptions eval;                     // same evaluation for every run
    long curve_every = 0;                 // > 0: also evaluate every N steps (learning curves)
    // Called after every step of every run (for progress bars); may be empty.
    std::function<void(size_t variant, size_t seed_index, const StepStats&)> on_step;
    const std::atomic<bool>* cancel = nullptr;  // set to stop between steps (throws Cancelled)
};

struct CurvePoint {
    long step = 0;
    EvalReport report;
};

struct RunResult {
    std::string label;
    uint64_t seed = 0;
    EvalReport report;                    // after the last step
    std::vector<CurvePoint> curve;        // when curve_every > 0
    std::vector<StepStats> losses;        // every step's losses
    IdRowMovement id_movement;            // item ID rows' movement over the last whole window
    double train_seconds = 0;
};

struct ComparisonResult {
    std::vector<Variant> variants;
    std::vector<uint64_t> seeds;
    std::vector<std::vector<RunResult>> runs;  // [variant][seed index]
};

// Thrown when ComparisonOptions::cancel is set.
struct Cancelled : std::exception {
    const char* what() const noexcept override { return "cancelled"; }
};

ComparisonResult run_comparison(std::shared_ptr<const Dataset> data, std::shared_ptr<const Split> split,
                                const std::vector<Variant>& variants, const ComparisonOptions& options);

// A figure of one run's report, e.g. tail Recall@50.
using MetricOf = std::function<double(const EvalReport&)>;
MetricOf recall_at(ItemGroup group, int k);
MetricOf overall_recall_at(int k);
MetricOf bucket_recall_at(int click_bucket, int k);  // by the target's training clicks
MetricOf ndcg_at(ItemGroup group, int k);
MetricOf head_share_at(int k);
MetricOf coverage_at(int k);

struct Summary {
    double mean = 0, stdev = 0;          // over seeds (sample standard deviation)
    double diff_mean = 0, diff_stdev = 0; // paired difference against variant 0, same seeds
    double relative = 0;                  // diff_mean / baseline mean (0 when the baseline is 0)
    int wins = 0;                         // seeds where this variant beat the baseline
};

Summary summarize(const ComparisonResult& result, size_t variant, const MetricOf& metric);

// Mean and sample standard deviation (0 for fewer than two values; both 0 for none).
struct MeanSd {
    double mean = 0, sd = 0;
};
MeanSd mean_and_sd(const std::vector<double>& values);

}  // namespace towerlab
