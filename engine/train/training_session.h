// A Trainer on its own thread, for front ends that must never wait on training (the desktop app).
//
// The session owns the dataset, the split and the Trainer. A front end sends intents (load a
// dataset, reset with a config, start, pause, step, inspect an item or a user) that are queued and
// handled between steps, and reads immutable values that the worker publishes: a TrainingSnapshot
// (losses, Recall@K over time, alignment/uniformity, the 2-D projection) plus the loaded data and
// the latest inspections. Publishing swaps shared pointers under a mutex held for nothing else, so
// a reader never waits for a step.
//
// What the worker computes besides steps:
//   - Recall@K/NDCG@K on a seeded sample of test users every `eval_every` steps and when it stops.
//   - The PCA projection of the item embeddings to 2-D, aligned to the previous frame by orthogonal
//     Procrustes on the two basis vectors (R = U W^T from the SVD of V_new^T V_prev), so the picture
//     turns and flips only as much as the embeddings do. Above `max_projected_items` a stratified
//     sample (chosen once per dataset) keeps every popularity group represented.
//   - Alignment and uniformity (Wang & Isola 2020) per head/tail group on a fixed item sample.
// No GUI header is included here; tests/engine/test_training_session.cpp drives it headless.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/config.h"
#include "data/dataset.h"
#include "data/split.h"
#include "data/synthetic_dataset.h"
#include "ssl/mutual_information.h"
#include "train/training_snapshot.h"

namespace towerlab {

// Everything that decides what is trained on what: saved and loaded as the app's setup file.
struct SessionSetup {
    std::string dataset = "synthetic";  // a load_dataset() source string
    SyntheticConfig synthetic;          // used when dataset is "synthetic"
    double cold_item_share = 0.1;       // real data: share of items held out as cold (split.h)
    uint64_t split_seed = 7;
    TrainConfig config;
};

struct SessionOptions {
    long eval_every = 250;              // steps between background evaluations
    int eval_users = 1000;              // seeded sample of test users per evaluation (0 = all)
    double projection_interval_s = 0.4; // wall time between projections while running
    int max_projected_items = 20000;    // stratified sample above this many items
    int geometry_items = 300;           // items per group for alignment / uniformity
    int neighbours = 10;                // nearest items shown for an inspected item
    int top_k_user = 20;                // retrieved items shown for an inspected user
    double publish_interval_s = 0.05;   // at most this often while running
};

// The loaded data, immutable until the next load.
struct SessionData {
    long generation = 0;                // 1 for the first load, +1 per successful load
    std::string source;
    SessionSetup setup;                 // what was loaded (its config is the first run's)
    std::shared_ptr<const Dataset> dataset;
    std::shared_ptr<const Split> split;
    std::shared_ptr<const MutualInformation> mi;
    std::vector<int32_t> test_item_of_user;  // held-out item per user, -1 if none
};

struct ItemInspection {
    int32_t item = -1;
    long step = 0;
    std::vector<int32_t> neighbours;    // nearest other items by cosine, best first
    std::vector<float> cosines;
    double estimated_frequency = 0;     // what logQ uses (FrequencyEstimate::estimated)
    double true_frequency = 0;
};

struct UserInspection {
    int32_t user = -1;
    long step = 0;
    std::vector<int32_t> top_items;     // retrieved, training positives excluded, best first
    std::vector<float> top_scores;      // cosines
    int32_t held_out = -1;              // the user's test item, -1 if none
    long held_out_rank = 0;             // 1-based among non-excluded items (ties count half)
    float held_out_score = 0;
};

struct SessionView {
    std::shared_ptr<const TrainingSnapshot> snapshot;  // null until a trainer exists
    std::shared_ptr<const SessionData> data;           // null until the first load succeeds
    std::shared_ptr<const ItemInspection> item;
    std::shared_ptr<const UserInspection> user;
    long run = 0;                       // +1 per reset or load: a new loss history starts
    bool loading = false;
    std::string error;                  // last error (load, config, NaN stop); empty if none
    std::string error_source;           // what failed: "load", "reset", "training", "evaluation", ...
    long error_serial = 0;              // +1 per new error, so a front end shows each once
};

class TrainingSession {
public:
    explicit TrainingSession(SessionOptions options = {});
    ~TrainingSession();  // stops the worker after the current step
    TrainingSession(const TrainingSession&) = delete;
    TrainingSession& operator=(const TrainingSession&) = delete;

    // Intents, handled in order between steps. None of them waits for the worker.
    void load(const SessionSetup& setup);        // on failure the previous data and run stay
    void reset(const TrainConfig& config);       // new Trainer on the current data
    void start();
    void pause();
    void step_once();
    void run_steps(long n);                      // n more steps, then pause
    void inspect_item(int32_t item);             // -1 clears
    void inspect_user(int32_t user);

    SessionView view() const;

    // Blocks until `done(view())` or `timeout_s` passes; returns the last view. For tests and the
    // screenshot mode, never for the UI thread.
    SessionView wait_until(const std::function<bool(const SessionView&)>& done, double timeout_s) const;

    const SessionOptions& options() const { return options_; }

private:
    struct Intent {
        enum class Kind { Load, Reset, Start, Pause, Step, RunSteps, InspectItem, InspectUser };
        explicit Intent(Kind k) : kind(k) {}
        Kind kind;
        SessionSetup setup;   // Load
        TrainConfig config;   // Reset
        long n = 0;           // RunSteps
        int32_t id = -1;      // InspectItem, InspectUser
    };
    struct Worker;       // state only the worker thread touches
    struct WorkerSteps;  // what the worker does, one function per concern
    void push(Intent intent);
    void run();

    SessionOptions options_;
    std::unique_ptr<Worker> worker_;

    mutable std::mutex queue_mutex_;
    std::condition_variable queue_cv_;
    std::deque<Intent> queue_;
    bool stop_ = false;

    mutable std::mutex view_mutex_;
    mutable std::condition_variable view_cv_;
    SessionView view_;

    std::thread thread_;
};

}  // namespace towerlab
