#include "train/training_session.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <numeric>

#include <Eigen/Dense>

#include "core/error.h"
#include "core/random.h"
#include "data/dataset_source.h"
#include "ssl/feature_augmentation.h"
#include "train/trainer_impl.h"

namespace towerlab {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// At most `budget` items, every popularity group represented in proportion to its size but with at
// least a tenth of the budget when it has that many, so the small cold group stays visible.
std::vector<int32_t> stratified_sample(const Split& split, int num_items, int budget, uint64_t seed) {
    std::vector<int32_t> all(static_cast<size_t>(num_items));
    std::iota(all.begin(), all.end(), 0);
    if (num_items <= budget) return all;
    std::array<std::vector<int32_t>, 3> groups;
    for (int32_t i = 0; i < num_items; ++i) groups[static_cast<size_t>(split.item_group[static_cast<size_t>(i)])].push_back(i);
    Rng rng(seed);
    std::vector<int32_t> out;
    for (auto& g : groups) {
        const long share = static_cast<long>(static_cast<double>(budget) * static_cast<double>(g.size()) / num_items);
        const long quota = std::min<long>(static_cast<long>(g.size()), std::max<long>(share, budget / 10));
        std::shuffle(g.begin(), g.end(), rng);
        out.insert(out.end(), g.begin(), g.begin() + quota);
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<int32_t> group_sample(const Split& split, ItemGroup group, int budget, uint64_t seed) {
    std::vector<int32_t> g;
    for (size_t i = 0; i < split.item_group.size(); ++i)
        if (split.item_group[i] == group) g.push_back(static_cast<int32_t>(i));
    Rng rng(seed);
    std::shuffle(g.begin(), g.end(), rng);
    if (static_cast<int>(g.size()) > budget) g.resize(static_cast<size_t>(budget));
    return g;
}

// uniformity = log mean_{i<j} exp(-2 ||f_i - f_j||^2); unit rows give ||f_i - f_j||^2 = 2 - 2 f_i.f_j.
float uniformity(const Eigen::MatrixXf& e, const std::vector<int32_t>& items) {
    const Eigen::Index n = static_cast<Eigen::Index>(items.size());
    if (n < 2) return 0;
    Eigen::MatrixXf f(n, e.cols());
    for (Eigen::Index i = 0; i < n; ++i) f.row(i) = e.row(items[static_cast<size_t>(i)]);
    const Eigen::MatrixXf gram = f * f.transpose();
    double sum = 0;
    for (Eigen::Index i = 0; i < n; ++i)
        for (Eigen::Index j = i + 1; j < n; ++j) sum += std::exp(-2.0 * (2.0 - 2.0 * gram(i, j)));
    return static_cast<float>(std::log(sum / (static_cast<double>(n) * (n - 1) / 2)));
}

// alignment = mean ||f(x') - f(x'')||^2 over two augmented views of each item. With augmentation
// off it uses random masking, so the curve still says how much the tower relies on single fields.
float alignment(const TrainerImpl& t, const std::vector<int32_t>& items, Rng& rng) {
    if (items.empty()) return 0;
    FeatureBatch batch, v1, v2;
    batch.gather(t.data->items, items.data(), static_cast<int>(items.size()));
    AugmentationContext ctx;
    ctx.fields = &t.data->items.fields();
    ctx.mi = &t.mi;
    ctx.mask_probability = t.config.mask_probability;
    ctx.dropout_probability = t.config.dropout_probability;
    const Augmentation kind =
        t.config.augmentation == Augmentation::None ? Augmentation::RandomMask : t.config.augmentation;
    make_augmented_views(kind, batch, ctx, rng, v1, v2);
    TowerCache<float> c1, c2;
    t.item_tower.forward(v1, c1);
    t.item_tower.forward(v2, c2);
    return static_cast<float>((c1.output - c2.output).rowwise().squaredNorm().mean());
}

// Per popularity group: the histogram of directions, smoothed circularly by a binomial kernel
// (1 4 6 4 1)/16 applied twice (about +-10 degrees), divided by count * bin width: a density.
std::array<std::vector<float>, 3> angle_densities(const std::vector<float>& angle, const std::vector<int32_t>& items,
                                                  const Split& split) {
    constexpr int B = ProjectedItems::kAngleBins;
    constexpr double kPi = 3.14159265358979323846;
    std::array<std::vector<double>, 3> counts;
    for (auto& c : counts) c.assign(B, 0.0);
    for (size_t k = 0; k < items.size(); ++k) {
        const int g = static_cast<int>(split.item_group[static_cast<size_t>(items[k])]);
        int b = static_cast<int>(std::floor((angle[k] + kPi) / (2 * kPi) * B));
        counts[static_cast<size_t>(g)][static_cast<size_t>(std::clamp(b, 0, B - 1))] += 1;
    }
    std::array<std::vector<float>, 3> out;
    for (size_t g = 0; g < 3; ++g) {
        std::vector<double> h = counts[g];
        const double n = std::accumulate(h.begin(), h.end(), 0.0);
        if (n == 0) continue;
        for (int pass = 0; pass < 2; ++pass) {
            std::vector<double> s(B, 0.0);
            static const double kernel[5] = {1 / 16.0, 4 / 16.0, 6 / 16.0, 4 / 16.0, 1 / 16.0};
            for (int b = 0; b < B; ++b)
                for (int d = -2; d <= 2; ++d) s[static_cast<size_t>(b)] += kernel[d + 2] * h[static_cast<size_t>((b + d + B) % B)];
            h.swap(s);
        }
        out[g].resize(B);
        for (int b = 0; b < B; ++b) out[g][static_cast<size_t>(b)] = static_cast<float>(h[static_cast<size_t>(b)] / (n * 2 * kPi / B));
    }
    return out;
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

    std::vector<LossPoint> losses;
    std::vector<MetricsPoint> metrics;
    std::vector<GeometryPoint> geometry;
    std::shared_ptr<const ProjectedItems> projection;
    std::shared_ptr<const Eigen::MatrixXf> item_vectors;
    long vectors_step = -1;
    Eigen::MatrixXf basis;  // d x 2, the previous frame's PCA axes

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
};

TrainingSession::TrainingSession(SessionOptions options) : options_(options), worker_(std::make_unique<Worker>()) {
    thread_ = std::thread([this] { run(); });
}

TrainingSession::~TrainingSession() {
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

SessionView TrainingSession::view() const {
    std::lock_guard<std::mutex> lk(view_mutex_);
    return view_;
}

SessionView TrainingSession::wait_until(const std::function<bool(const SessionView&)>& done, double timeout_s) const {
    std::unique_lock<std::mutex> lk(view_mutex_);
    view_cv_.wait_for(lk, std::chrono::duration<double>(timeout_s), [&] { return done(view_); });
    return view_;
}

// The worker's steps, one function per concern; `w` is only ever touched by the worker thread.
struct TrainingSession::WorkerSteps {
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
        w.losses.clear();
        w.metrics.clear();
        w.geometry.clear();
        w.projection.reset();
        w.item_vectors.reset();
        w.vectors_step = -1;
        w.basis.resize(0, 0);
        w.running = false;
        w.pending_steps = 0;
        w.steps_per_second = 0;
        w.step_interval_s = 0;
        w.stepping = false;
        w.rng.seed(config.seed + 1);
        ++w.run;
        w.status = "ready: step 0";
    }

    void load(const SessionSetup& setup) {
        auto data = std::make_shared<SessionData>();
        // Real data has no new items: the loader holds out cold_item_share of them, drawn by split_seed.
        MovieLensOptions movielens;
        movielens.cold_item_share = setup.cold_item_share;
        movielens.seed = setup.split_seed;
        auto dataset = std::make_shared<Dataset>(load_dataset(setup.dataset, setup.synthetic, movielens));
        SplitConfig sc;
        sc.head_share = setup.config.head_share;
        sc.cold_item_share = setup.cold_item_share;
        sc.seed = setup.split_seed;
        auto split = std::make_shared<Split>(make_split(*dataset, sc));
        data->generation = (w.data ? w.data->generation : 0) + 1;
        data->source = setup.dataset;
        data->setup = setup;
        data->mi = std::make_shared<MutualInformation>(compute_mutual_information(dataset->items));
        data->test_item_of_user.assign(static_cast<size_t>(dataset->num_users()), -1);
        for (const Interaction& c : split->test) data->test_item_of_user[static_cast<size_t>(c.user)] = c.item;
        data->dataset = dataset;
        data->split = split;
        // Build the trainer before replacing anything, so a bad config keeps the previous run.
        setup.config.validate();
        auto trainer = std::make_unique<Trainer>(dataset, split, setup.config);
        w.data = data;
        new_trainer(setup.config, std::move(trainer));
        w.projected_items = stratified_sample(*split, dataset->num_items(), o.max_projected_items, 11);
        w.head_sample = group_sample(*split, ItemGroup::Head, o.geometry_items, 12);
        w.tail_sample = group_sample(*split, ItemGroup::Tail, o.geometry_items, 13);
        w.inspect_item = -1;
        w.inspect_user = -1;
        w.item.reset();
        w.user.reset();
        w.error.clear();
        w.status = "loaded " + dataset->name;
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
        const Eigen::RowVectorXf mean = e->colwise().mean();
        const Eigen::MatrixXf centred = e->rowwise() - mean;
        const Eigen::MatrixXf cov = centred.transpose() * centred / std::max<Eigen::Index>(1, e->rows() - 1);
        Eigen::SelfAdjointEigenSolver<Eigen::MatrixXf> eig(cov);
        const Eigen::Index d = cov.rows();
        Eigen::MatrixXf v(d, 2);
        v.col(0) = eig.eigenvectors().col(d - 1);
        v.col(1) = eig.eigenvectors().col(std::max<Eigen::Index>(0, d - 2));
        if (w.basis.rows() == d) {
            // Orthogonal Procrustes: the rotation/reflection R minimising ||V R - V_prev||.
            Eigen::JacobiSVD<Eigen::MatrixXf> svd(v.transpose() * w.basis, Eigen::ComputeFullU | Eigen::ComputeFullV);
            v = v * (svd.matrixU() * svd.matrixV().transpose());
        }
        w.basis = v;
        auto p = std::make_shared<ProjectedItems>();
        p->step = w.trainer->steps_done();
        p->items = w.projected_items;
        p->xy.resize(p->items.size() * 2);
        p->angle.resize(p->items.size());
        for (size_t k = 0; k < p->items.size(); ++k) {
            const Eigen::RowVectorXf c = e->row(p->items[k]) - mean;
            const float x = c.dot(v.col(0).transpose()), y = c.dot(v.col(1).transpose());
            p->xy[2 * k] = x;
            p->xy[2 * k + 1] = y;
            p->angle[k] = std::atan2(y, x);
        }
        p->angle_density = angle_densities(p->angle, p->items, *w.data->split);
        GeometryPoint g;
        g.step = p->step;
        g.head_uniformity = uniformity(*e, w.head_sample);
        g.tail_uniformity = uniformity(*e, w.tail_sample);
        g.head_alignment = alignment(w.trainer->impl(), w.head_sample, w.rng);
        g.tail_alignment = alignment(w.trainer->impl(), w.tail_sample, w.rng);
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
        if (w.inspect_item >= 0 && w.inspect_item < e.rows()) {
            auto r = std::make_shared<ItemInspection>();
            r->item = w.inspect_item;
            r->step = step;
            const Eigen::VectorXf s = e * e.row(w.inspect_item).transpose();
            std::vector<int32_t> idx(static_cast<size_t>(e.rows()));
            std::iota(idx.begin(), idx.end(), 0);
            idx.erase(idx.begin() + w.inspect_item);
            const size_t k = std::min(idx.size(), static_cast<size_t>(o.neighbours));
            std::partial_sort(idx.begin(), idx.begin() + static_cast<long>(k), idx.end(),
                              [&](int32_t a, int32_t b) { return s(a) > s(b) || (s(a) == s(b) && a < b); });
            for (size_t i = 0; i < k; ++i) {
                r->neighbours.push_back(idx[i]);
                r->cosines.push_back(s(idx[i]));
            }
            const auto f = w.trainer->frequency_estimates({w.inspect_item});
            if (!f.empty()) {
                r->estimated_frequency = f[0].estimated;
                r->true_frequency = f[0].true_rate;
            }
            w.item = r;
        }
        if (w.inspect_user >= 0 && w.inspect_user < w.data->dataset->num_users()) {
            auto r = std::make_shared<UserInspection>();
            r->user = w.inspect_user;
            r->step = step;
            const Eigen::MatrixXf u = w.trainer->user_embeddings({w.inspect_user});
            Eigen::VectorXf s = e * u.row(0).transpose();
            const auto& seen = w.data->split->user_train_items[static_cast<size_t>(w.inspect_user)];
            std::vector<uint8_t> excluded(static_cast<size_t>(e.rows()), 0);
            for (int32_t i : seen) excluded[static_cast<size_t>(i)] = 1;
            std::vector<int32_t> idx;
            for (int32_t i = 0; i < e.rows(); ++i)
                if (!excluded[static_cast<size_t>(i)]) idx.push_back(i);
            const size_t k = std::min(idx.size(), static_cast<size_t>(o.top_k_user));
            std::partial_sort(idx.begin(), idx.begin() + static_cast<long>(k), idx.end(),
                              [&](int32_t a, int32_t b) { return s(a) > s(b) || (s(a) == s(b) && a < b); });
            for (size_t i = 0; i < k; ++i) {
                r->top_items.push_back(idx[i]);
                r->top_scores.push_back(s(idx[i]));
            }
            r->held_out = w.data->test_item_of_user[static_cast<size_t>(w.inspect_user)];
            if (r->held_out >= 0) {
                r->held_out_score = s(r->held_out);
                long greater = 0, ties = 0;
                for (int32_t i = 0; i < e.rows(); ++i) {
                    if (excluded[static_cast<size_t>(i)] || i == r->held_out) continue;
                    greater += s(i) > r->held_out_score;
                    ties += s(i) == r->held_out_score;
                }
                r->held_out_rank = 1 + greater + ties / 2;
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
    }
};

void TrainingSession::run() {
    Worker& w = *worker_;
    WorkerSteps steps{w, options_};
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
            s->projection = w.projection;
            s->item_vectors = w.item_vectors;
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
                        w.error.clear();
                        break;
                    case Intent::Kind::Start: w.running = w.trainer != nullptr; break;
                    case Intent::Kind::Pause:
                        w.running = false;
                        w.pending_steps = 0;
                        break;
                    case Intent::Kind::Step: w.pending_steps += w.trainer ? 1 : 0; break;
                    case Intent::Kind::RunSteps: w.pending_steps += w.trainer ? std::max(0L, in.n) : 0; break;
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
                }
            } catch (const std::exception& e) {
                w.loading = false;
                static const char* const kSource[] = {"load", "reset", "start", "pause", "step", "run", "inspect", "inspect"};
                steps.fail(e.what(), kSource[static_cast<int>(in.kind)]);
            }
            dirty = true;
            idle_fresh = false;
        }

        if (w.trainer && (w.running || w.pending_steps > 0)) {
            try {
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
                if (seconds_since(w.last_projection) > interval) steps.project();
                if (w.pending_steps > 0) --w.pending_steps;
                w.status = "step " + std::to_string(st.step);
            } catch (const std::exception& e) {
                w.running = false;
                w.pending_steps = 0;
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
