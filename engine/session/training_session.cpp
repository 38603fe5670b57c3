#include "session/training_session.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <numeric>

#include <Eigen/Dense>

#include "core/error.h"
#include "checkpoint/checkpoint.h"
#include "train/trainer_state.h"
#include "core/random.h"
#include "data/dataset_source.h"
#include "eval/embedding_geometry.h"
#include "export/embedding_export.h"
#include "session/item_projection.h"
#include "ssl/feature_augmentation.h"

namespace towerlab {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// The first n of `pool` after a seeded shuffle (all of it, shuffled, when it has no more).
std::vector<int32_t> shuffled_prefix(std::vector<int32_t> pool, int n, uint64_t seed) {
    Rng rng(seed);
    std::shuffle(pool.begin(), pool.end(), rng);
    if (static_cast<int>(pool.size()) > n) pool.resize(static_cast<size_t>(std::max(0, n)));
    return pool;
}

std::vector<int32_t> group_sample(const Split& split, ItemGroup group, int budget, uint64_t seed) {
    std::vector<int32_t> g;
    for (size_t i = 0; i < split.item_group.size(); ++i)
        if (split.item_group[i] == group) g.push_back(static_cast<int32_t>(i));
    return shuffled_prefix(std::move(g), budget, seed);
}

bool same_index(const AnnIndexConfig& a, const AnnIndexConfig& b) {
    return a.M == b.M && a.ef_construction == b.ef_construction && a.ef_search == b.ef_search && a.seed == b.seed;
}

Mat<float> row_major(const Eigen::MatrixXf& m) { return Mat<float>(m); }

// Up to n distinct test users, a seeded sample in a fixed order.
std::vector<int32_t> sample_test_users(const Split& split, int n, uint64_t seed) {
    std::vector<int32_t> users;
    for (const Interaction& c : split.test) users.push_back(c.user);
    std::sort(users.begin(), users.end());
    users.erase(std::unique(users.begin(), users.end()), users.end());
    return shuffled_prefix(std::move(users), n, seed);
}

// Up to n of the users 0..num_users-1, a seeded uniform sample, ascending: the user map keeps the
// users' own mix of light and heavy clickers.
std::vector<int32_t> sample_users(int num_users, int n, uint64_t seed) {
    std::vector<int32_t> users(static_cast<size_t>(std::max(0, num_users)));
    for (size_t u = 0; u < users.size(); ++u) users[u] = static_cast<int32_t>(u);
    if (static_cast<int>(users.size()) <= n) return users;
    users = shuffled_prefix(std::move(users), n, seed);
    std::sort(users.begin(), users.end());
    return users;
}

}  // namespace

// Everything only the worker thread touches.
struct TrainingSession::Worker {
    std::shared_ptr<const SessionData> data;
    std::unique_ptr<Trainer> trainer;
    TrainConfig config;
    bool running = false;
    long pending_steps = 0;
    long run = 0;

    LossHistory losses;
    // A train-to-convergence run in progress, and what the snapshot shows of the latest one.
    std::unique_ptr<EarlyStoppingRun> converging;
    std::shared_ptr<const ConvergenceProgress> convergence;
    SharedHistory<MetricsPoint> metrics;
    SharedHistory<GeometryPoint> geometry;
    std::shared_ptr<const ProjectedItems> projection;
    std::shared_ptr<const Eigen::MatrixXf> item_vectors;
    long vectors_step = -1;
    PcaFrame frame;  // the previous picture's PCA axes (item_projection.h pins the next to them)

    std::vector<int32_t> projected_items, head_sample, tail_sample;
    int32_t inspect_item = -1, inspect_user = -1;
    std::shared_ptr<const ItemInspection> item;
    std::shared_ptr<const UserInspection> user;

    std::string status, error, error_source;
    long error_serial = 0;
    bool loading = false;
    Clock::time_point last_publish{}, last_projection{};
    double projection_cost_s = 0;
    double steps_per_second = 0;
    double step_interval_s = 0;          // average wall time between consecutive steps
    bool stepping = false;               // the previous loop iteration trained a step
    Clock::time_point last_step_end{};
    Rng rng{1};

    // The last parameters known to be finite (see SessionOptions::last_good_interval_s).
    std::unique_ptr<TrainerState> last_good;
    Clock::time_point last_good_time{};
    double last_good_cost_s = 0;

    std::string notice, run_origin;
    long notice_serial = 0;
    bool serving_enabled = false;
    AnnIndexConfig serving_index;
    long served_run = -1, served_step = -1;  // what the last serving task was started for
    AnnIndexConfig served_index;
    MapSubject map_subject = MapSubject::Items;
    LayoutMethod layout_method = LayoutMethod::Pca;
    long laid_out_run = -1, laid_out_step = -1;  // what the last layout task was started for
    MapSubject laid_out_subject = MapSubject::Items;
    LayoutMethod laid_out_method = LayoutMethod::Pca;
    std::vector<int32_t> mapped_users;   // the user map's users (a seeded sample, per dataset)
    long layout_serial = 0;              // +1 per layout task started
    bool layout_in_flight = false;       // the task of layout_serial has not reported back yet
    Clock::time_point last_layout{};
};

TrainingSession::TrainingSession(SessionOptions options) : options_(options), worker_(std::make_unique<Worker>()) {
    for (SessionTask* t : {&serving_task_, &replay_task_, &import_task_, &imported_item_task_, &layout_task_})
        t->set_nice(options_.task_nice);
    thread_ = std::thread([this] { run(); });
}

TrainingSession::~TrainingSession() {
    serving_task_.cancel();
    replay_task_.cancel();
    import_task_.cancel();
    imported_item_task_.cancel();
    layout_task_.cancel();
    {
        std::lock_guard<std::mutex> lk(queue_mutex_);
        stop_ = true;
    }
    queue_cv_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void TrainingSession::push(Intent intent) {
    {
        std::lock_guard<std::mutex> lk(queue_mutex_);
        queue_.push_back(std::move(intent));
    }
    queue_cv_.notify_all();
}

void TrainingSession::load(const SessionSetup& setup) {
    Intent i(Intent::Kind::Load);
    i.setup = setup;
    push(std::move(i));
}
void TrainingSession::reset(const TrainConfig& config) {
    Intent i(Intent::Kind::Reset);
    i.config = config;
    push(std::move(i));
}
void TrainingSession::start() { push(Intent(Intent::Kind::Start)); }
void TrainingSession::pause() { push(Intent(Intent::Kind::Pause)); }
void TrainingSession::step_once() { push(Intent(Intent::Kind::Step)); }
void TrainingSession::run_steps(long n) {
    Intent i(Intent::Kind::RunSteps);
    i.n = n;
    push(std::move(i));
}
void TrainingSession::train_to_convergence(const EarlyStopping& options) {
    Intent i(Intent::Kind::Converge);
    i.stopping = options;
    push(std::move(i));
}
void TrainingSession::inspect_item(int32_t item) {
    Intent i(Intent::Kind::InspectItem);
    i.id = item;
    push(std::move(i));
}
void TrainingSession::inspect_user(int32_t user) {
    Intent i(Intent::Kind::InspectUser);
    i.id = user;
    push(std::move(i));
}

void TrainingSession::set_serving(bool enabled, const AnnIndexConfig& index) {
    Intent i(Intent::Kind::Serving);
    i.n = enabled ? 1 : 0;
    i.index = index;
    push(std::move(i));
    if (!enabled) serving_task_.cancel();
}
void TrainingSession::start_update_replay(const DayReplayConfig& config) {
    Intent i(Intent::Kind::Replay);
    i.replay = config;
    push(std::move(i));
}
void TrainingSession::cancel_update_replay() { replay_task_.cancel(); }
void TrainingSession::set_map_layout(MapSubject subject, LayoutMethod method) {
    Intent i(Intent::Kind::Layout);
    i.n = static_cast<long>(method);
    i.id = static_cast<int32_t>(subject);
    push(std::move(i));
}
void TrainingSession::save_checkpoint(const std::string& path, const nlohmann::json& dataset_source) {
    Intent i(Intent::Kind::SaveCheckpoint);
    i.path = path;
    i.source = dataset_source;
    push(std::move(i));
}
void TrainingSession::load_checkpoint(const std::string& path, SetupDecoder decode) {
    Intent i(Intent::Kind::LoadCheckpoint);
    i.path = path;
    i.decode = std::move(decode);
    push(std::move(i));
}
void TrainingSession::export_embeddings(const std::string& directory) {
    Intent i(Intent::Kind::Export);
    i.path = directory;
    push(std::move(i));
}

void TrainingSession::tasks_changed() {
    {
        std::lock_guard<std::mutex> lk(view_mutex_);
        ++task_revision_;
    }
    view_cv_.notify_all();
}

SessionView TrainingSession::view() const {
    SessionView v;
    {
        std::lock_guard<std::mutex> lk(view_mutex_);
        v = view_;
        v.serving = serving_;
        v.timeline = timeline_;
        v.imported = imported_;
        v.imported_item = imported_item_;
        v.layout = layout_;
        v.task_revision = task_revision_;
    }
    // Task statuses outside the view lock: a task publishes under its own lock, then the view's.
    v.serving_task = serving_task_.status();
    v.replay_task = replay_task_.status();
    v.import_task = import_task_.status();
    v.layout_task = layout_task_.status();
    return v;
}

SessionView TrainingSession::wait_until(const std::function<bool(const SessionView&)>& done, double timeout_s) const {
    const auto end = Clock::now() + std::chrono::duration<double>(timeout_s);
    for (;;) {
        SessionView v = view();
        if (done(v) || Clock::now() >= end) return v;
        std::unique_lock<std::mutex> lk(view_mutex_);
        view_cv_.wait_for(lk, std::chrono::milliseconds(20));
    }
}

// The worker's steps, one function per concern; `w` is only ever touched by the worker thread.
struct TrainingSession::WorkerSteps {
    TrainingSession& session;
    TrainingSession::Worker& w;
    const SessionOptions& o;

    void fail(const std::string& message, const char* source) {
        w.error = message;
        w.error_source = source;
        w.status = message;
        ++w.error_serial;
    }

    // A new run: `t` (built by the caller, or here) replaces the trainer; histories start over.
    void new_trainer(const TrainConfig& config, std::unique_ptr<Trainer> t = nullptr) {
        if (!t) {
            config.validate();
            t = std::make_unique<Trainer>(w.data->dataset, w.data->split, config);
        }
        w.trainer = std::move(t);
        w.config = config;
        w.converging.reset();
        w.convergence.reset();
        w.last_good.reset();
        keep_if_good();
        w.losses.clear();
        w.metrics.clear();
        w.geometry.clear();
        w.projection.reset();
        w.item_vectors.reset();
        w.vectors_step = -1;
        w.frame = PcaFrame{};
        w.running = false;
        w.pending_steps = 0;
        w.steps_per_second = 0;
        w.step_interval_s = 0;
        w.stepping = false;
        w.rng.seed(config.seed + 1);
        ++w.run;
        w.status = "ready: step 0";
    }

    // The dataset, split and MI of a setup, ready to install; throws without changing anything.
    std::shared_ptr<SessionData> make_data(const SessionSetup& setup) {
        auto data = std::make_shared<SessionData>();
        const RunData run = load_run_data(setup, setup.config);
        const auto dataset = run.dataset;
        const auto split = run.split;
        data->generation = (w.data ? w.data->generation : 0) + 1;
        data->source = setup.dataset;
        data->setup = setup;
        data->mi = std::make_shared<MutualInformation>(compute_mutual_information(dataset->items));
        data->test_item_of_user.assign(static_cast<size_t>(dataset->num_users()), -1);
        for (const Interaction& c : split->test) data->test_item_of_user[static_cast<size_t>(c.user)] = c.item;
        data->dataset = dataset;
        data->split = split;
        return data;
    }

    // Replaces the data and the run; `trainer` was built on `data` by the caller.
    void install(std::shared_ptr<SessionData> data, const TrainConfig& config, std::unique_ptr<Trainer> trainer) {
        w.data = data;
        new_trainer(config, std::move(trainer));
        const Dataset& dataset = *data->dataset;
        const Split& split = *data->split;
        w.projected_items = stratified_sample(split, dataset.num_items(), o.max_projected_items, 11);
        w.mapped_users = sample_users(dataset.num_users(), o.max_mapped_users, 14);
        w.head_sample = group_sample(split, ItemGroup::Head, o.geometry_items, 12);
        w.tail_sample = group_sample(split, ItemGroup::Tail, o.geometry_items, 13);
        w.inspect_item = -1;
        w.inspect_user = -1;
        w.item.reset();
        w.user.reset();
        w.error.clear();
        w.status = "loaded " + dataset.name;
    }

    void load(const SessionSetup& setup) {
        auto data = make_data(setup);
        // Build the trainer before replacing anything, so a bad config keeps the previous run.
        setup.config.validate();
        auto trainer = std::make_unique<Trainer>(data->dataset, data->split, setup.config);
        install(data, setup.config, std::move(trainer));
        w.run_origin = "load";
    }

    // Resumes a checkpoint: on the current data when it was trained on it, else on the data its
    // dataset source names. Everything is read and checked before anything is replaced.
    void load_checkpoint(const std::string& path, const SetupDecoder& decode) {
        const Checkpoint c = load_checkpoint_file(path);
        const int threads = w.trainer ? w.config.threads : c.state.config.threads;
        std::shared_ptr<SessionData> data;
        if (w.data && fingerprint(*w.data->dataset, *w.data->split) == c.state.data) {
            data = std::make_shared<SessionData>(*w.data);
        } else {
            if (!decode) throw Error(ErrorContext{path, 0, "dataset_source"}, "the checkpoint was trained on other data");
            SessionSetup setup = decode(c.dataset_source);
            setup.config = c.state.config;
            data = make_data(setup);
            data->generation = (w.data ? w.data->generation : 0) + 1;
        }
        std::unique_ptr<Trainer> trainer = resume_trainer(data->dataset, data->split, c, threads);
        const TrainConfig config = trainer->config();
        data->setup.config = config;
        const bool same_data = w.data && data->generation == w.data->generation;
        const int32_t keep_item = w.inspect_item, keep_user = w.inspect_user;
        install(data, config, std::move(trainer));
        if (same_data) {
            w.inspect_item = keep_item;
            w.inspect_user = keep_user;
        }
        w.run_origin = "checkpoint";
        w.status = "resumed " + path + " at step " + std::to_string(w.trainer->steps_done());
        note("loaded checkpoint " + path + " (step " + std::to_string(w.trainer->steps_done()) + ")");
    }

    static Checkpoint load_checkpoint_file(const std::string& path) { return towerlab::load_checkpoint(path); }

    void note(const std::string& message) {
        w.notice = message;
        ++w.notice_serial;
    }

    void save_checkpoint(const std::string& path, const nlohmann::json& source) {
        if (!w.trainer) throw Error("no model to save: load a dataset first");
        towerlab::save_checkpoint(path, *w.trainer, source);
        note("saved checkpoint " + path + " (step " + std::to_string(w.trainer->steps_done()) + ")");
    }

    void export_embeddings(const std::string& directory) {
        if (!w.trainer) throw Error("no model to export: load a dataset first");
        std::vector<std::string> files = towerlab::export_embeddings(item_embedding_table(*w.trainer), directory, "items");
        const std::vector<std::string> users = towerlab::export_embeddings(user_embedding_table(*w.trainer), directory, "users");
        files.insert(files.end(), users.begin(), users.end());
        note("exported " + std::to_string(files.size()) + " files (items and users, step " +
             std::to_string(w.trainer->steps_done()) + ") to " + directory);
    }

    // Starts the serving task when serving is on and the index is not of this run, step and config.
    // While training runs only a run without any index gets one (rebuilding every step would cost
    // more than training); the rest waits for the pause.
    void maybe_serve(bool busy) {
        if (!w.serving_enabled || !w.trainer) return;
        const long step = w.trainer->steps_done();
        if (w.served_run == w.run && w.served_step == step && same_index(w.served_index, w.serving_index)) return;
        if (busy && w.served_run == w.run && same_index(w.served_index, w.serving_index)) return;
        w.served_run = w.run;
        w.served_step = step;
        w.served_index = w.serving_index;
        auto items = std::make_shared<const Mat<float>>(
            row_major(w.item_vectors && w.vectors_step == step ? *w.item_vectors : w.trainer->item_embeddings()));
        const std::vector<int32_t> users = sample_test_users(*w.data->split, o.serving_queries, 17);
        Mat<float> queries = users.empty() ? Mat<float>(0, items->cols()) : row_major(w.trainer->user_embeddings(users));
        AnnIndexConfig index = w.serving_index;
        index.threads = std::max(1, w.config.threads);
        session.start_serving_task(items, std::move(queries), index, w.config.eval_k, w.run, step);
    }

    // Starts the layout task for the latest projection when the last one was of another run, step
    // or method. While training, at most every layout_interval_s (PCA's figures: 4x as seldom) and
    // never over a running one; a change of method or run cancels a running one.
    // The user map's vectors are taken from the trainer here, so only when it is still at the
    // projection's step (right after a projection, or idle): the map then follows the projection's
    // pace.
    void maybe_layout(bool busy) {
        if (!w.trainer || !w.projection || !w.item_vectors || w.vectors_step != w.projection->step) return;
        const long step = w.projection->step;
        const bool users = w.map_subject == MapSubject::Users;
        if (users && w.trainer->steps_done() != step) return;
        const bool same_kind = w.laid_out_run == w.run && w.laid_out_method == w.layout_method &&
                               w.laid_out_subject == w.map_subject;
        if (same_kind && w.laid_out_step == step) return;
        if (same_kind && w.layout_in_flight) return;  // its LayoutReady comes back here
        const double interval = o.layout_interval_s * (w.layout_method == LayoutMethod::Pca && !users ? 4 : 1);
        if (same_kind && busy && seconds_since(w.last_layout) < interval) return;
        w.laid_out_run = w.run;
        w.laid_out_step = step;
        w.laid_out_method = w.layout_method;
        w.laid_out_subject = w.map_subject;
        w.last_layout = Clock::now();
        w.layout_in_flight = true;
        const Split& split = *w.data->split;
        if (users) {
            auto vectors = std::make_shared<const Eigen::MatrixXf>(w.trainer->user_embeddings(w.mapped_users));
            session.start_layout_task(user_map_points(std::move(vectors), w.mapped_users, split), w.layout_method, {},
                                      w.run, step, ++w.layout_serial);
        } else {
            session.start_layout_task(item_map_points(w.item_vectors, w.projection->items, split), w.layout_method,
                                      w.projection->xy, w.run, step, ++w.layout_serial);
        }
    }

    void start_replay(DayReplayConfig rc) {
        if (!w.data || !w.trainer) throw Error("no dataset loaded");
        const TrainConfig tc = w.config;
        rc.head_share = tc.head_share;
        rc.threads = std::max(1, tc.threads);
        rc.validate();
        tc.validate();
        {
            std::lock_guard<std::mutex> lk(session.view_mutex_);
            session.timeline_.reset();
        }
        session.start_replay_task(w.data->dataset, tc, rc);
    }

    static bool all_finite(const std::vector<float>& v) {
        return std::all_of(v.begin(), v.end(), [](float x) { return std::isfinite(x); });
    }
    static bool all_finite(const Blocks& blocks) {
        return std::all_of(blocks.begin(), blocks.end(), [](const std::vector<float>& b) { return all_finite(b); });
    }

    // Captures the trainer's state as the last good one, if every parameter is finite (checked on
    // the captured copy, so the parameters are copied once).
    void keep_if_good() {
        const auto t0 = Clock::now();
        auto state = std::make_unique<TrainerState>(capture_state(*w.trainer));
        if (all_finite(state->user.parameters) && all_finite(state->item.parameters)) w.last_good = std::move(state);
        w.last_good_time = Clock::now();
        w.last_good_cost_s = seconds_since(t0);
    }
    void maybe_keep_good() {
        if (o.last_good_interval_s <= 0 ||
            seconds_since(w.last_good_time) > std::max(o.last_good_interval_s, 20 * w.last_good_cost_s))
            keep_if_good();
    }

    // A step failed on a NaN or infinite value. The trainer refuses such a step before changing
    // anything, so parameters are normally intact; if they are not (a finite gradient can still
    // overflow a parameter, or memory was damaged), the last good state is restored and the
    // history after it dropped, so that nothing the UI shows came from broken parameters.
    std::string recover_from_non_finite(const NonFiniteLoss& e) {
        if (all_finite(w.trainer->parameters())) return e.what();
        if (!w.last_good) return std::string(e.what()) + "; the parameters are not finite and no good state was kept";
        const long failed = w.trainer->steps_done() + 1;
        restore_state(*w.trainer, *w.last_good);
        const long good = w.trainer->steps_done();
        w.losses.truncate_after(good);
        w.metrics.truncate_after(good);
        w.geometry.truncate_after(good);
        w.item_vectors.reset();
        w.vectors_step = -1;
        return "field '" + e.which_loss() + "': a NaN or infinite value at step " + std::to_string(failed) +
               " had already reached the parameters; training stopped and the last good parameters, from step " +
               std::to_string(good) + ", were restored (lower the learning rate or raise tau)";
    }

    void start_convergence(const EarlyStopping& options) {
        if (!w.trainer) throw Error("no dataset loaded");
        if (w.data->split->validation.empty())
            throw Error(ErrorContext{"", 0, "validation"},
                        "training to convergence needs validation clicks: tick \"hold out a validation click\" for "
                        "the dataset and reload it");
        end_convergence(true);
        w.converging = std::make_unique<EarlyStoppingRun>(*w.trainer, options);
        publish_convergence(true, "");
        w.running = true;
        w.pending_steps = 0;
    }

    void publish_convergence(bool active, const std::string& summary, long restored_at = -1) {
        auto p = std::make_shared<ConvergenceProgress>();
        p->active = active;
        p->options = w.converging->options();
        p->report = w.converging->report();
        p->summary = summary;
        p->restored_at_step = restored_at;
        w.convergence = std::move(p);
    }

    // After a training step: the run's validation check when due; stops it when it says so.
    void after_convergence_step() {
        if (!w.converging) return;
        const bool stop = w.converging->after_step(*w.trainer);
        if (w.converging->checked()) publish_convergence(true, "");
        if (stop) end_convergence(false);
    }

    // Ends the run in progress, if any: the best check's parameters go back into the trainer,
    // training pauses, and what was computed from the last step's parameters (metrics at this
    // step, the projection, the ANN index) is recomputed from the restored ones.
    void end_convergence(bool cancelled) {
        if (!w.converging) return;
        const ConvergenceReport r = w.converging->finish(*w.trainer, cancelled);
        const long step = w.trainer->steps_done();
        publish_convergence(false, r.summary(w.converging->options().patience, w.converging->options().k), step);
        w.converging.reset();
        w.running = false;
        w.pending_steps = 0;
        w.metrics.erase_step(step);
        w.geometry.erase_step(step);
        w.vectors_step = -1;
        w.served_step = -1;
        keep_if_good();
        w.status = w.convergence->summary;
        note(w.convergence->summary);
    }

    void evaluate() {
        EvalOptions eo;
        eo.ks = w.config.eval_k;
        eo.max_users = o.eval_users;
        eo.seed = w.config.seed;
        eo.threads = w.config.threads;
        MetricsPoint p;
        p.step = w.trainer->steps_done();
        p.report = w.trainer->evaluate(eo);
        w.metrics.push_back(std::move(p));
    }

    void project() {
        const auto t0 = Clock::now();
        auto e = std::make_shared<Eigen::MatrixXf>(w.trainer->item_embeddings());
        auto p = project_items(*e, w.projected_items, *w.data->split, w.trainer->steps_done(), w.frame);
        GeometryPoint g;
        g.step = p->step;
        g.head_uniformity = uniformity(*e, w.head_sample);
        g.tail_uniformity = uniformity(*e, w.tail_sample);
        const Trainer& t = *w.trainer;
        const ItemTowerFn tower = [&t](const FeatureBatch& b) { return t.embed_item_batch(b); };
        g.head_alignment = alignment(t.dataset().items, t.mutual_information(), t.config(), tower, w.head_sample, w.rng);
        g.tail_alignment = alignment(t.dataset().items, t.mutual_information(), t.config(), tower, w.tail_sample, w.rng);
        if (w.geometry.empty() || w.geometry.back().step != g.step) w.geometry.push_back(g);
        w.projection = p;
        w.item_vectors = e;
        w.vectors_step = p->step;
        inspect();
        w.last_projection = Clock::now();
        w.projection_cost_s = seconds_since(t0);
    }

    void inspect() {
        if (!w.item_vectors) return;
        const Eigen::MatrixXf& e = *w.item_vectors;
        const long step = w.trainer->steps_done();
        if (w.inspect_item >= 0 && w.inspect_item < e.rows())
            w.item = towerlab::inspect_item(e, w.inspect_item, o.neighbours, step, *w.trainer);
        if (w.inspect_user >= 0 && w.inspect_user < w.data->dataset->num_users()) {
            const Eigen::MatrixXf u = w.trainer->user_embeddings({w.inspect_user});
            const Split& split = *w.data->split;
            auto r = towerlab::inspect_user(e, u.row(0), w.inspect_user, w.data->test_item_of_user[static_cast<size_t>(w.inspect_user)],
                                  split, o.top_k_user, step);
            std::shared_ptr<const ServingState> served;
            {
                std::lock_guard<std::mutex> lk(session.view_mutex_);
                served = session.serving_;
            }
            if (w.serving_enabled && served && served->run == w.run && served->retriever &&
                served->retriever->exact().dim() == u.cols()) {
                std::vector<float> q(static_cast<size_t>(u.cols()));
                for (Eigen::Index c = 0; c < u.cols(); ++c) q[static_cast<size_t>(c)] = u(0, c);
                std::vector<int32_t> exclude = split.user_train_items[static_cast<size_t>(w.inspect_user)];
                if (!split.validation_item.empty() && split.validation_item[static_cast<size_t>(w.inspect_user)] >= 0)
                    exclude.push_back(split.validation_item[static_cast<size_t>(w.inspect_user)]);
                std::sort(exclude.begin(), exclude.end());
                r->ann = std::make_shared<const RetrievalDifference>(served->retriever->compare(q.data(), o.top_k_user, exclude));
                r->ann_index_step = served->step;
            }
            w.user = r;
        }
    }

    // Fresh evaluation, projection and geometry for the current step, when they are missing.
    void refresh_if_stale() {
        if (!w.trainer) return;
        const long step = w.trainer->steps_done();
        if (w.metrics.empty() || w.metrics.back().step != step) evaluate();
        if (w.vectors_step != step) project();
        maybe_serve(false);
        maybe_layout(false);
    }
};

void TrainingSession::run() {
    Worker& w = *worker_;
    WorkerSteps steps{*this, w, options_};
    bool dirty = true;      // something changed since the last publish
    bool idle_fresh = false;  // evaluation/projection match the current step while idle

    const auto publish = [&] {
        SessionView v;
        if (w.trainer) {
            auto s = std::make_shared<TrainingSnapshot>();
            s->step = w.trainer->steps_done();
            s->running = w.running || w.pending_steps > 0;
            s->steps_per_second = w.steps_per_second;
            s->status = w.status;
            s->config = w.config;
            s->losses = w.losses;
            s->metrics = w.metrics;
            s->geometry = w.geometry;
            s->id_movement = w.trainer->id_row_movement();
            s->projection = w.projection;
            s->item_vectors = w.item_vectors;
            s->convergence = w.convergence;
            v.snapshot = std::move(s);
        }
        v.data = w.data;
        v.item = w.item;
        v.user = w.user;
        v.run = w.run;
        v.loading = w.loading;
        v.error = w.error;
        v.error_source = w.error_source;
        v.error_serial = w.error_serial;
        v.notice = w.notice;
        v.notice_serial = w.notice_serial;
        v.run_origin = w.run_origin;
        {
            std::lock_guard<std::mutex> lk(view_mutex_);
            view_ = std::move(v);
        }
        view_cv_.notify_all();
        w.last_publish = Clock::now();
        dirty = false;
    };

    for (;;) {
        std::deque<Intent> intents;
        {
            std::unique_lock<std::mutex> lk(queue_mutex_);
            const bool busy = w.trainer && (w.running || w.pending_steps > 0);
            if (!busy && !dirty && idle_fresh)
                queue_cv_.wait(lk, [&] { return stop_ || !queue_.empty(); });
            if (stop_) return;
            intents.swap(queue_);
        }
        for (Intent& in : intents) {
            try {
                switch (in.kind) {
                    case Intent::Kind::Load:
                        w.loading = true;
                        publish();
                        w.loading = false;
                        steps.load(in.setup);
                        break;
                    case Intent::Kind::Reset:
                        if (!w.data) throw Error("no dataset loaded");
                        steps.new_trainer(in.config);
                        w.run_origin = "reset";
                        w.error.clear();
                        break;
                    case Intent::Kind::Start:
                        steps.end_convergence(true);
                        w.running = w.trainer != nullptr;
                        break;
                    case Intent::Kind::Pause:
                        steps.end_convergence(true);
                        w.running = false;
                        w.pending_steps = 0;
                        break;
                    case Intent::Kind::Step:
                        steps.end_convergence(true);
                        w.pending_steps += w.trainer ? 1 : 0;
                        break;
                    case Intent::Kind::RunSteps:
                        steps.end_convergence(true);
                        w.pending_steps += w.trainer ? std::max(0L, in.n) : 0;
                        break;
                    case Intent::Kind::Converge: steps.start_convergence(in.stopping); break;
                    case Intent::Kind::InspectItem:
                        w.inspect_item = in.id;
                        if (in.id < 0) w.item.reset();
                        steps.inspect();
                        break;
                    case Intent::Kind::InspectUser:
                        w.inspect_user = in.id;
                        if (in.id < 0) w.user.reset();
                        steps.inspect();
                        break;
                    case Intent::Kind::Serving:
                        in.index.validate();
                        w.serving_enabled = in.n != 0;
                        w.serving_index = in.index;
                        if (!w.serving_enabled) w.served_run = w.served_step = -1;
                        steps.maybe_serve(w.running || w.pending_steps > 0);
                        steps.inspect();
                        break;
                    case Intent::Kind::ServingReady: steps.inspect(); break;
                    case Intent::Kind::Layout:
                        if (in.n < 0 || in.n > static_cast<long>(LayoutMethod::Tsne)) throw Error("unknown layout method");
                        if (in.id < 0 || in.id > static_cast<int32_t>(MapSubject::Users)) throw Error("unknown map subject");
                        w.layout_method = static_cast<LayoutMethod>(in.n);
                        w.map_subject = static_cast<MapSubject>(in.id);
                        steps.maybe_layout(false);
                        break;
                    case Intent::Kind::LayoutReady:
                        if (in.n == w.layout_serial) w.layout_in_flight = false;  // not an older, superseded task
                        steps.maybe_layout(w.running || w.pending_steps > 0);
                        break;
                    case Intent::Kind::Replay: steps.start_replay(in.replay); break;
                    case Intent::Kind::SaveCheckpoint: steps.save_checkpoint(in.path, in.source); break;
                    case Intent::Kind::LoadCheckpoint:
                        w.loading = true;
                        publish();
                        w.loading = false;
                        steps.load_checkpoint(in.path, in.decode);
                        break;
                    case Intent::Kind::Export: steps.export_embeddings(in.path); break;
                }
            } catch (const std::exception& e) {
                w.loading = false;
                static const char* const kSource[] = {"load",    "reset",      "start",      "pause",  "step",
                                                      "run",     "inspect",    "inspect",    "serving", "update replay",
                                                      "checkpoint", "checkpoint", "export", "serving", "convergence",
                                                      "layout", "layout"};
                steps.fail(e.what(), kSource[static_cast<int>(in.kind)]);
            }
            dirty = true;
            idle_fresh = false;
        }

        if (w.trainer && (w.running || w.pending_steps > 0)) {
            try {
                if (options_.before_step) options_.before_step(*w.trainer);
                const StepStats st = w.trainer->step();
                LossPoint p;
                p.step = st.step;
                p.main = static_cast<float>(st.loss_main);
                p.self_weighted = static_cast<float>(w.config.alpha * st.loss_self);
                p.total = static_cast<float>(st.loss_total);
                w.losses.push_back(p);
                // Steps per second of wall time as the user sees it (evaluations, projections and
                // waiting for the CPU included): an average of the intervals between steps, since an
                // average of rates would hide the rare slow step that costs the most time.
                const Clock::time_point now = Clock::now();
                if (w.stepping) {
                    const double dt = std::chrono::duration<double>(now - w.last_step_end).count();
                    w.step_interval_s = w.step_interval_s == 0 ? dt : 0.95 * w.step_interval_s + 0.05 * dt;
                    w.steps_per_second = 1.0 / std::max(1e-9, w.step_interval_s);
                }
                w.stepping = true;
                w.last_step_end = now;
                if (options_.eval_every > 0 && st.step % options_.eval_every == 0) steps.evaluate();
                const double interval = std::max(options_.projection_interval_s, 4 * w.projection_cost_s);
                if (seconds_since(w.last_projection) > interval) {
                    steps.project();
                    steps.maybe_layout(true);
                }
                if (w.pending_steps > 0) --w.pending_steps;
                w.status = "step " + std::to_string(st.step);
                steps.maybe_keep_good();
                steps.after_convergence_step();
            } catch (const NonFiniteLoss& e) {
                w.running = false;
                w.pending_steps = 0;
                const std::string message = steps.recover_from_non_finite(e);
                steps.end_convergence(true);
                steps.fail(message, "training");
            } catch (const std::exception& e) {
                w.running = false;
                w.pending_steps = 0;
                steps.end_convergence(true);
                steps.fail(e.what(), "training");
            }
            dirty = true;
            idle_fresh = false;
        }

        const bool busy = w.trainer && (w.running || w.pending_steps > 0);
        if (!busy) w.stepping = false;  // the next interval starts at the next step
        if (!busy && !idle_fresh) {
            try {
                steps.refresh_if_stale();
            } catch (const std::exception& e) {
                steps.fail(e.what(), "evaluation");
            }
            idle_fresh = true;
            dirty = true;
        }
        if (dirty && (!busy || seconds_since(w.last_publish) > options_.publish_interval_s)) publish();
    }
}

}  // namespace towerlab
