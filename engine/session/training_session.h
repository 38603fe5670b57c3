// A Trainer on its own thread, for front ends that must never wait on training (the desktop app).
//
// The session owns the dataset, the split and the Trainer. A front end sends intents (load a
// dataset, reset with a config, start, pause, step, inspect an item or a user) that are queued and
// handled between steps, and reads immutable values that the worker publishes: a TrainingSnapshot
// (losses, Recall@K over time, alignment/uniformity, the 2-D projection) plus the loaded data and
// the latest inspections. Publishing swaps shared pointers under a mutex held for nothing else, so
// a reader never waits for a step.
//
// Long work runs beside the worker as SessionTasks (session_task.h), each with progress and
// cancellation, publishing into the same view, one file each: the ANN index of the current item
// vectors and its measured recall and latency (serving_task.cpp), the day-by-day update replay
// (replay_task.cpp), item embeddings imported from elsewhere (import_task.cpp), and the item map's
// layout (layout_task.cpp). The worker decides when; the files do the work. Checkpoints and
// embedding exports are intents the worker handles between steps (the trainer is its own), written
// atomically by engine/checkpoint and engine/export.
//
// What the worker computes besides steps:
//   - Recall@K/NDCG@K on a seeded sample of test users every `eval_every` steps and when it stops.
//   - The PCA projection of the item embeddings to 2-D (session/item_projection.h on
//     eval/pca_projection.h), each frame pinned to the previous one by orthogonal Procrustes, so the
//     picture turns and flips only as much as the embeddings do. Above `max_projected_items` a
//     stratified sample (chosen once per dataset) keeps every popularity group represented.
//   - Item and user inspections (session/inspections.h), ranked by serving's exact top-K.
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

#include <nlohmann/json.hpp>

#include "core/config.h"
#include "data/data_setup.h"
#include "data/dataset.h"
#include "data/split.h"
#include "data/synthetic_dataset.h"
#include "export/imported_catalogue.h"
#include "serving/item_retriever.h"
#include "serving/serving_benchmark.h"
#include "ssl/mutual_information.h"
#include "session/inspections.h"
#include "session/item_layout.h"
#include "session/session_task.h"
#include "session/training_snapshot.h"
#include "updates/day_replay.h"

namespace towerlab {

// Everything that decides what is trained on what: saved and loaded as the app's setup file.
class Trainer;

// The data (data_setup.h: one codec and one loading path for every front end) and the config.
struct SessionSetup : DataSetup {
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
    // The last good parameters: captured in memory at most this often (and never more than 5% of
    // the training time), restored when a step leaves parameters NaN or infinite.
    double last_good_interval_s = 5.0;  // 0: after every step
    // Fault injection for tests: called on the worker thread just before every training step, with
    // the trainer that is about to step. It may corrupt parameters or throw; the session must cope.
    std::function<void(Trainer&)> before_step;
    int serving_queries = 500;          // test users whose vectors measure ANN recall and latency
    int imported_points = 20000;        // most points of an imported catalogue's projection
    int imported_queries = 500;         // item queries measuring an imported catalogue's ANN recall
    // The item map's UMAP / t-SNE layout and the faithfulness of whichever map is shown
    // (session/item_layout.h), computed on a task. While training, a new layout of the latest
    // projection starts at most this often, and only once the previous one is done.
    ItemLayoutOptions layout;
    double layout_interval_s = 1.0;
    int max_mapped_users = 5000;        // seeded uniform sample of users on the user map
    // Background tasks (serving, replay, import, layout) run at this much lower priority (a nice
    // increment, core/thread_priority.h), so on a busy machine the window and training go first.
    int task_nice = 10;
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

// The ANN index of one run's item vectors at one step and how it compares with brute force.
struct ServingState {
    long run = 0;
    long step = 0;                      // whose item vectors the index holds
    AnnIndexConfig index;
    std::shared_ptr<const ItemRetriever> retriever;
    // Measured on the vectors of up to serving_queries test users: recall@K for each K of the run's
    // eval_k (ANN at index.ef_search against brute force, ties counted as ann_recall.h says),
    // per-query latency p50/p99 of both, the build time and the index's memory.
    ServingBenchReport report;
};

// Item embeddings trained elsewhere, imported for inspection without training.
struct ImportedView {
    std::string vectors_path, metadata_path;
    std::shared_ptr<const ImportedCatalogue> catalogue;
    std::shared_ptr<const CatalogueProjection> projection;
    AnnIndexConfig index;
    std::shared_ptr<const ServingBenchReport> ann;  // null until measured
};

struct ImportedNeighbours {
    int item = -1;
    ScoredList neighbours;              // by cosine, best first, the item itself excluded
};

// Turns the dataset description stored in a checkpoint back into a setup (the front end wrote it).
using SetupDecoder = std::function<SessionSetup(const nlohmann::json& dataset_source)>;

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
    std::string notice;                 // last completed file operation ("saved checkpoint to ...")
    long notice_serial = 0;             // +1 per notice
    std::string run_origin;             // how the current run began: "load", "reset" or "checkpoint"

    // Long work beside training (session_task.h) and what it published.
    TaskStatus serving_task, replay_task, import_task, layout_task;
    // The map's layout of the chosen subject (items or users) by the chosen method (items by PCA:
    // the projection's own places, with their faithfulness); null until the first is done. Check
    // its subject, run and step against what is shown.
    std::shared_ptr<const ItemLayout> layout;
    std::shared_ptr<const ServingState> serving;
    std::shared_ptr<const UpdateTimeline> timeline;  // grows day by day while the replay runs
    std::shared_ptr<const ImportedView> imported;
    std::shared_ptr<const ImportedNeighbours> imported_item;
    long task_revision = 0;             // +1 whenever any of the above changes
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
    // Trains until validation Recall@k stops improving (train/training_budget.h), then pauses with
    // the best check's parameters put back; the snapshot's `convergence` follows it. Needs a split
    // with validation targets (SessionSetup::validation). Start, pause, a step, a reset or a load
    // ends it early; the best check's parameters are put back then too.
    void train_to_convergence(const EarlyStopping& options);
    // What the map shows, items or users, and how it is laid out: PCA (for items the worker's own
    // projection) or a neighbour-preserving layout computed beside training and refreshed as it
    // learns (session/item_layout.h).
    void set_map_layout(MapSubject subject, LayoutMethod method);
    void inspect_item(int32_t item);             // -1 clears
    void inspect_user(int32_t user);

    // Serving: while enabled, an ANN index of the current item vectors is kept, rebuilt whenever
    // training is paused and the step, the run or `index` changed (never while training runs: the
    // user view says which step the index is from). Inspected users then carry the comparison.
    void set_serving(bool enabled, const AnnIndexConfig& index);

    // The day-by-day replay (updates/day_replay.h) of the current data with the current run's
    // config, on a task; the timeline is published after every day. A new start cancels a running one.
    void start_update_replay(const DayReplayConfig& config);
    void cancel_update_replay();

    // Checkpoints of the current run (checkpoint/checkpoint.h, written atomically). dataset_source
    // is stored as is; on load, `decode` turns it back into a setup: when that names other data
    // the data is loaded first. A file that does not load changes nothing.
    void save_checkpoint(const std::string& path, const nlohmann::json& dataset_source);
    void load_checkpoint(const std::string& path, SetupDecoder decode);
    // items.npy / items_vectors.tsv / items_metadata.tsv and the same for users, into `directory`
    // (created if missing).
    void export_embeddings(const std::string& directory);

    // Item embeddings from elsewhere (.npy or TSV vectors, metadata TSV; export/embedding_import.h):
    // import, project and measure ANN recall on a task. close_imported() drops them.
    void import_embeddings(const std::string& vectors_path, const std::string& metadata_path, const AnnIndexConfig& index);
    void cancel_import();
    void inspect_imported_item(int item);  // nearest neighbours by cosine; -1 clears
    void close_imported();

    SessionView view() const;

    // Blocks until `done(view())` or `timeout_s` passes; returns the last view. For tests and the
    // screenshot mode, never for the UI thread.
    SessionView wait_until(const std::function<bool(const SessionView&)>& done, double timeout_s) const;

    const SessionOptions& options() const { return options_; }

private:
    struct Intent {
        enum class Kind {
            Load, Reset, Start, Pause, Step, RunSteps, InspectItem, InspectUser,
            Serving, Replay, SaveCheckpoint, LoadCheckpoint, Export, ServingReady, Converge, Layout, LayoutReady
        };
        explicit Intent(Kind k) : kind(k) {}
        Kind kind;
        SessionSetup setup;   // Load
        TrainConfig config;   // Reset
        long n = 0;           // RunSteps; Serving: 1 = on; Layout: the LayoutMethod; LayoutReady: the task's serial
        int32_t id = -1;      // InspectItem, InspectUser; Layout: the MapSubject
        AnnIndexConfig index; // Serving
        DayReplayConfig replay;
        EarlyStopping stopping;  // Converge
        std::string path;     // SaveCheckpoint, LoadCheckpoint, Export
        nlohmann::json source;
        SetupDecoder decode;
    };
    struct Worker;       // state only the worker thread touches
    struct WorkerSteps;  // what the worker does, one function per concern
    void push(Intent intent);
    void run();
    void tasks_changed();
    void start_serving_task(std::shared_ptr<const Mat<float>> items, Mat<float> queries, const AnnIndexConfig& index,
                            std::vector<int> ks, long run, long step);
    void start_replay_task(std::shared_ptr<const Dataset> data, const TrainConfig& config, const DayReplayConfig& replay);
    void start_layout_task(MapPoints points, LayoutMethod method, std::vector<float> pca_xy, long run, long step,
                           long serial);

    SessionOptions options_;
    std::unique_ptr<Worker> worker_;

    mutable std::mutex queue_mutex_;
    std::condition_variable queue_cv_;
    std::deque<Intent> queue_;
    bool stop_ = false;

    mutable std::mutex view_mutex_;
    mutable std::condition_variable view_cv_;
    SessionView view_;
    // Published by the tasks; guarded by view_mutex_.
    std::shared_ptr<const ServingState> serving_;
    std::shared_ptr<const UpdateTimeline> timeline_;
    std::shared_ptr<const ImportedView> imported_;
    std::shared_ptr<const ImportedNeighbours> imported_item_;
    std::shared_ptr<const ItemLayout> layout_;
    long task_revision_ = 0;

    std::thread thread_;
    // Declared last: destroyed (cancelled and joined) first, while everything they touch exists.
    SessionTask serving_task_{"serving", [this] { tasks_changed(); }};
    SessionTask replay_task_{"update replay", [this] { tasks_changed(); }};
    SessionTask import_task_{"import", [this] { tasks_changed(); }};
    SessionTask imported_item_task_{"imported item", [this] { tasks_changed(); }};
    SessionTask layout_task_{"item layout", [this] { tasks_changed(); }};
};

}  // namespace towerlab
