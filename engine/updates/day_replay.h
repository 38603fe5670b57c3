// The day-by-day replay: what full, incremental and no update do to a deployed model over time.
//
// The clicks are cut into days (click_days.h). A first model trains on the first warmup_days
// (warmup_epochs shuffled epochs); every later day d is then served and measured, for each policy
// (update_policy.h), on day d's clicks:
//   no_update    the first model, frozen;
//   full         the model after a full update on each of the days before d (the previous day's
//                data, shuffled, one epoch, all parameters), continuing from the day before;
//   incremental  day d starts from the full model; the day is cut into slices_per_day time slices;
//                each slice is evaluated, then its clicks update the ID embeddings only (time
//                order); the changes are thrown away at the end of the day.
// Every policy is measured on the same clicks: each user's first click on an item that day that
// they had not clicked before day d, a seeded sample of eval_clicks_per_day of them. Items the user
// clicked before day d are removed from the ranking; head / long-tail / cold come from the clicks
// before day d (cold = none yet), so new items show up as cold on their launch day. An item with
// no clicks yet is served with the "missing" ID (when the config says so); under incremental it
// gets its own ID row as soon as a slice has clicked it.
//
// The result is plain data a panel can draw as a timeline (recall per day, per policy, per group);
// the CLI prints it (`towerlab-cli update-replay`).
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "core/config.h"
#include "data/dataset.h"
#include "eval/retrieval_metrics.h"
#include "updates/update_policy.h"

namespace towerlab {

struct DayReplayConfig {
    int64_t period_seconds = 86400;     // one "day"
    int warmup_days = 2;                // the first model trains on these days
    int warmup_epochs = 3;              // shuffled epochs over the warm-up days
    int slices_per_day = 4;             // incremental: evaluate, then update, slice after slice
    int eval_clicks_per_day = 3000;     // seeded sample of the day's eligible clicks (0 = all)
    std::vector<int> ks{10, 50, 100};
    double head_share = 0.2;            // head = this top share of items by clicks so far
    uint64_t seed = 11;                 // shuffles and samples of the replay (the model has its own)
    int threads = 2;                    // evaluation threads

    void validate() const;
};

struct PolicyDay {
    UpdatePolicy policy = UpdatePolicy::NoUpdate;
    EvalReport report;                  // Recall@K / NDCG@K overall and per group on the day's clicks
    long update_steps = 0;              // training steps this policy took for this day
    double update_seconds = 0;
};

struct DayResult {
    int day = 0;                        // index among the days with clicks, 0 = first
    int64_t start = 0;                  // first second of the day
    long clicks = 0;                    // all clicks of the day
    long eval_clicks = 0;               // clicks measured (same for every policy)
    int new_items = 0;                  // items clicked for the first time this day
    std::array<PolicyDay, kNumUpdatePolicies> policies;  // indexed by UpdatePolicy

    const PolicyDay& policy(UpdatePolicy p) const { return policies[static_cast<size_t>(p)]; }
};

struct UpdateTimeline {
    DayReplayConfig config;
    int num_days = 0;                   // days with clicks in the data
    long warmup_steps = 0;
    double warmup_seconds = 0;
    std::vector<DayResult> days;        // one per replayed day (warmup_days .. num_days - 1)
    double seconds = 0;
};

// Runs the replay with `train` as the model config. on_day is called after each day (from this
// thread) with the timeline so far; setting `cancel` stops after the current day.
UpdateTimeline replay_days(std::shared_ptr<const Dataset> data, const TrainConfig& train, const DayReplayConfig& config,
                           const std::function<void(const UpdateTimeline&)>& on_day = {},
                           const std::atomic<bool>* cancel = nullptr);

// Merges reports of disjoint test sets, weighting each group by its users (coverage is dropped:
// it does not add up over disjoint sets).
EvalReport merge_reports(const std::vector<EvalReport>& parts);

}  // namespace towerlab
