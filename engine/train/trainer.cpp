#include "train/trainer.h"

#include <chrono>
#include <cmath>

#include <omp.h>

#include "core/error.h"
#include "losses/in_batch_softmax.h"
#include "losses/sampled_negative_losses.h"
#include "ssl/contrastive_loss.h"
#include "train/trainer_impl.h"

namespace towerlab {

TrainerImpl::TrainerImpl(std::shared_ptr<const Dataset> d, std::shared_ptr<const Split> s, const TrainConfig& c)
    : data(std::move(d)), split(std::move(s)), config(c), rng(c.seed),
      frequency(c.logq_hash_size, c.logq_alpha, c.logq_warm_start ? FirstSighting::ElapsedSteps : FirstSighting::Paper),
      negatives(c, *data, *split) {
    config.validate();
    if (split->train.empty()) throw Error("the split has no training clicks");
    omp_set_num_threads(config.threads);
    team = std::make_unique<TaskTeam>(config.threads);
    // The engine splits its work over the threads itself, in coarse blocks (in_batch_step.cpp,
    // Tower::forward). Eigen's own parallel GEMM spin-synchronises many times per product and
    // collapses when the cores are shared (458 ms a reference step instead of 32 on a busy
    // 2-core machine), and its blocking depends on the thread count: keep it single-threaded.
    Eigen::setNbThreads(1);
    user_tower = Tower<float>(data->users.fields(), config.model, rng);
    item_tower = Tower<float>(data->items.fields(), config.model, rng);
    user_opt.init(user_tower, config);
    item_opt.init(item_tower, config);
    user_grad = user_tower.make_gradient();
    item_grad = item_tower.make_gradient();
    total_train_clicks = static_cast<double>(split->train.size());
    exact_log_p.resize(static_cast<size_t>(data->num_items()));
    for (int i = 0; i < data->num_items(); ++i)
        exact_log_p[static_cast<size_t>(i)] = static_cast<float>(
            std::log(std::max(1.0, static_cast<double>(split->train_clicks[static_cast<size_t>(i)])) / total_train_clicks *
                     config.batch_size));
    mi = compute_mutual_information(data->items);
    set_cold_serving_mask(split->train_clicks);
    if (config.negatives == NegativeSource::Hard || config.negatives == NegativeSource::Mixed)
        hard = std::make_unique<HardNegatives>(*split, config.hard_pool);
    if (config.ssl_sampling_power > 0) {
        std::vector<double> w(static_cast<size_t>(data->num_items()));
        for (size_t i = 0; i < w.size(); ++i) w[i] = std::pow(split->train_clicks[i] + 1.0, config.ssl_sampling_power);
        ssl_item_sampler = AliasTable(w);
    }
    item_id_field = data->items.id_field();
    restart_id_row_movement();
}

void TrainerImpl::set_cold_serving_mask(const std::vector<int32_t>& item_clicks) {
    if (item_clicks.size() != static_cast<size_t>(data->num_items()))
        throw Error("set_cold_serving_mask: expected " + std::to_string(data->num_items()) + " click counts, got " +
                    std::to_string(item_clicks.size()));
    serve_without_id.assign(item_clicks.size(), 0);
    if (!config.model.cold_items_use_missing_id) return;
    for (size_t i = 0; i < item_clicks.size(); ++i) serve_without_id[i] = item_clicks[i] == 0;
}

void TrainerImpl::draw_ssl_items() {
    const int m = config.ssl_batch_size;
    ssl_items.resize(static_cast<size_t>(m));
    for (int i = 0; i < m; ++i)
        ssl_items[static_cast<size_t>(i)] =
            config.ssl_sampling_power > 0 ? ssl_item_sampler.sample(rng) : uniform_int(rng, 0, data->num_items() - 1);
    // Drawn with replacement: an item twice in the batch must not be its own negative.
    if (config.remove_accidental_hits) ssl_duplicates.build(ssl_items.data(), m);
}

void TrainerImpl::apply_item_inputs(FeatureBatch& batch) const {
    switch (config.model.item_inputs) {
        case ItemInputs::All: return;
        case ItemInputs::FeaturesOnly:
            if (item_id_field >= 0) batch.clear_field(item_id_field);
            return;
        case ItemInputs::IdOnly:
            for (int f = 0; f < batch.num_fields(); ++f)
                if (f != item_id_field) batch.clear_field(f);
            return;
    }
}

void TrainerImpl::present_clicked_items(FeatureBatch& batch, const std::vector<int32_t>& items) {
    apply_item_inputs(batch);
    if (item_id_field < 0 || (config.id_dropout <= 0 && config.id_dropout_tail <= 0)) return;
    for (int r = 0; r < batch.rows; ++r) {
        const bool tail = split->item_group[static_cast<size_t>(items[static_cast<size_t>(r)])] == ItemGroup::Tail;
        const double p = std::max(config.id_dropout, tail ? config.id_dropout_tail : 0.0);
        if (p > 0 && uniform01(rng) < p) batch.set_missing(item_id_field, r);
    }
}

void TrainerImpl::restart_id_row_movement() {
    if (item_id_field < 0) return;
    id_rows_at_window_start = item_tower.tables[static_cast<size_t>(item_id_field)];
    id_window_start = step;
    id_movement = IdRowMovement{};
}

void TrainerImpl::track_id_row_movement() {
    if (item_id_field < 0 || step - id_window_start < Trainer::id_movement_window) return;
    const Mat<float>& now = item_tower.tables[static_cast<size_t>(item_id_field)];
    IdRowMovement m;
    m.from_step = id_window_start;
    m.to_step = step;
    for (int i = 0; i < data->num_items(); ++i) {
        const size_t g = static_cast<size_t>(split->item_group[static_cast<size_t>(i)]);
        const Eigen::Index row = i + 1;  // row 0 is "missing"; item i has ID value i + 1
        m.mean_distance[g] += (now.row(row) - id_rows_at_window_start.row(row)).norm();
        ++m.rows[g];
    }
    for (size_t g = 0; g < 3; ++g)
        if (m.rows[g] > 0) m.mean_distance[g] /= m.rows[g];
    id_movement = m;
    id_rows_at_window_start = now;
    id_window_start = step;
}

void TrainerImpl::sample_clicks(std::vector<int32_t>& users, std::vector<int32_t>& items) {
    const int n = config.batch_size;
    users.resize(static_cast<size_t>(n));
    items.resize(static_cast<size_t>(n));
    const int total = static_cast<int>(split->train.size());
    for (int i = 0; i < n; ++i) {
        const Interaction& x = split->train[static_cast<size_t>(uniform_int(rng, 0, total - 1))];
        users[static_cast<size_t>(i)] = x.user;
        items[static_cast<size_t>(i)] = x.item;
    }
}

void TrainerImpl::batch_log_p(const std::vector<int32_t>& items, std::vector<float>& out) {
    out.clear();
    switch (config.logq) {
        case LogQMode::Off: return;
        case LogQMode::Streaming:
            frequency.update(items, step + 1);
            for (int32_t j : items) out.push_back(static_cast<float>(std::log(frequency.probability(j))));
            return;
        case LogQMode::ExactCounts:
            for (int32_t j : items) out.push_back(exact_log_p[static_cast<size_t>(j)]);
            return;
    }
}

BatchRate TrainerImpl::batch_rate() const {
    switch (config.logq) {
        case LogQMode::Off: return {};
        case LogQMode::Streaming:
            return [this](int32_t j) { return frequency.seen(j) ? frequency.probability(j) : 0.0; };
        case LogQMode::ExactCounts:
            // the same floor of one click as exact_log_p: only uniform draws of never-clicked
            // items meet it, and there it adds at most 1/total to q_j.
            return [this](int32_t j) { return static_cast<double>(std::exp(exact_log_p[static_cast<size_t>(j)])); };
    }
    return {};
}

double TrainerImpl::main_loss_and_gradients(const std::vector<int32_t>& users, const std::vector<int32_t>& items) {
    const int n = static_cast<int>(users.size());
    user_batch.gather(data->users, users.data(), n);
    item_batch.gather(data->items, items.data(), n);
    present_clicked_items(item_batch, items);
    user_tower.forward(user_batch, user_cache);
    item_tower.forward(item_batch, item_cache);
    const Mat<float>& A = user_cache.output;
    const Mat<float>& B = item_cache.output;

    if (config.objective == Objective::InBatchSoftmax) {
        auto r = in_batch_softmax<float>(A, B, log_p, config.tau, items, config.remove_accidental_hits);
        user_tower.backward(user_batch, user_cache, r.d_users, user_grad);
        item_tower.backward(item_batch, item_cache, r.d_items, item_grad);
        return r.loss;
    }

    // Objectives with k sampled negatives per positive.
    const int k = config.num_negatives;
    if (hard && hard->stale(step, config.hard_refresh_steps)) {
        std::vector<int32_t> all(static_cast<size_t>(data->num_items()));
        for (int i = 0; i < data->num_items(); ++i) all[static_cast<size_t>(i)] = i;
        hard->refresh(embed_items(all, false), step);
    }
    negatives.sample(users, items, batch_rate(), k, rng, hard.get(), &A, neg_items, neg_log_q);
    neg_batch.gather(data->items, neg_items.data(), static_cast<int>(neg_items.size()));
    apply_item_inputs(neg_batch);
    item_tower.forward(neg_batch, neg_cache);
    const Mat<float>& N = neg_cache.output;
    Vec<float> pos = (A.array() * B.array()).rowwise().sum().matrix();
    Mat<float> neg(n, k);
    for (int i = 0; i < n; ++i)
        for (int r = 0; r < k; ++r) neg(i, r) = A.row(i).dot(N.row(i * k + r));

    SampledLossResult<float> r;
    switch (config.objective) {
        case Objective::Pointwise: r = pointwise_loss<float>(pos, neg, config.tau); break;
        case Objective::TripletHinge: r = triplet_hinge_loss<float>(pos, neg, config.margin); break;
        case Objective::TripletLogistic: r = triplet_logistic_loss<float>(pos, neg, config.sigma); break;
        case Objective::SampledSoftmax: {
            std::vector<float> lq_pos;
            Mat<float> lq_neg;
            if (config.logq != LogQMode::Off) {
                // The positive on the negatives' scale: log q_j of one draw (negative_sampler.h).
                const BatchRate rate = batch_rate();
                lq_pos.resize(static_cast<size_t>(n));
                lq_neg = Eigen::Map<const Mat<float>>(neg_log_q.data(), n, k);
                for (int i = 0; i < n; ++i)
                    lq_pos[static_cast<size_t>(i)] = negatives.log_draw_probability(items[static_cast<size_t>(i)], rate);
            }
            r = sampled_softmax_loss<float>(pos, neg, config.tau, lq_pos, lq_neg);
            break;
        }
        case Objective::InBatchSoftmax: break;
    }
    // cos = a . b on unit vectors: d a_i = d_pos b_i + sum_r d_neg a ... by the chain rule.
    Mat<float> dA = B.array().colwise() * r.d_pos.array();
    Mat<float> dB = A.array().colwise() * r.d_pos.array();
    Mat<float> dN(n * k, A.cols());
    for (int i = 0; i < n; ++i)
        for (int q = 0; q < k; ++q) {
            dA.row(i) += r.d_neg(i, q) * N.row(i * k + q);
            dN.row(i * k + q) = r.d_neg(i, q) * A.row(i);
        }
    user_tower.backward(user_batch, user_cache, dA, user_grad);
    item_tower.backward(item_batch, item_cache, dB, item_grad);
    item_tower.backward(neg_batch, neg_cache, dN, item_grad);
    return r.loss;
}

double TrainerImpl::self_supervised_loss_and_gradients() {
    // m items drawn uniformly from the whole catalogue, cold items included (Yao et al.: drawn by
    // clicks, the tail would get no help).
    const int m = config.ssl_batch_size;
    draw_ssl_items();
    ssl_batch.gather(data->items, ssl_items.data(), m);
    apply_item_inputs(ssl_batch);
    const AugmentationContext ctx = augmentation_context(data->items.fields(), mi, config);
    make_augmented_views(config.augmentation, ssl_batch, ctx, rng, view1, view2);
    item_tower.forward(view1, view1_cache);
    item_tower.forward(view2, view2_cache);
    auto r = contrastive_loss<float>(view1_cache.output, view2_cache.output, config.ssl_tau,
                                     config.remove_accidental_hits ? &ssl_duplicates : nullptr);
    const float a = static_cast<float>(config.alpha);
    r.d_view1 *= a;
    r.d_view2 *= a;
    if (config.ssl_id_masking != SslIdMasking::KeptFrozen) {
        item_tower.backward(view1, view1_cache, r.d_view1, item_grad);
        item_tower.backward(view2, view2_cache, r.d_view2, item_grad);
        return r.loss;
    }
    // The views keep the ID, but only L_main moves ID rows: L_self shapes the content path and the
    // MLP around the identities the clicks taught, instead of rewriting rarely clicked items' rows.
    if (ssl_grad.weights.empty()) ssl_grad = item_tower.make_gradient();
    ssl_grad.clear();
    item_tower.backward(view1, view1_cache, r.d_view1, ssl_grad);
    item_tower.backward(view2, view2_cache, r.d_view2, ssl_grad);
    for (size_t l = 0; l < ssl_grad.weights.size(); ++l) {
        item_grad.weights[l] += ssl_grad.weights[l];
        item_grad.biases[l] += ssl_grad.biases[l];
    }
    for (int f = 0; f < item_tower.num_fields(); ++f) {
        if (item_tower.fields()[static_cast<size_t>(f)].kind == FieldKind::Id) continue;
        auto& from = ssl_grad.tables[static_cast<size_t>(f)];
        auto& to = item_grad.tables[static_cast<size_t>(f)];
        const int d = from.dim();
        for (size_t s = 0; s < from.touched_rows().size(); ++s) {
            const float* src = from.slot_values(s);
            float* dst = to.row(from.touched_rows()[s]);
            for (int k = 0; k < d; ++k) dst[k] += src[k];
        }
    }
    return r.loss;
}

namespace {
template <typename S>
bool gradient_finite(const TowerGradient<S>& g) {
    for (const auto& w : g.weights) if (!w.allFinite()) return false;
    for (const auto& b : g.biases) if (!b.allFinite()) return false;
    for (const auto& t : g.tables)
        for (size_t s = 0; s < t.touched_rows().size(); ++s)
            for (int k = 0; k < t.dim(); ++k)
                if (!std::isfinite(t.slot_values(s)[k])) return false;
    return true;
}
}  // namespace

void TrainerImpl::check_finite(double loss_main, double loss_self) const {
    if (!std::isfinite(loss_main)) throw NonFiniteLoss("L_main", step + 1);
    if (!std::isfinite(loss_self)) throw NonFiniteLoss("L_self", step + 1);
    if (!gradient_finite(user_grad) || !gradient_finite(item_grad)) throw NonFiniteLoss("gradient", step + 1);
}

StepStats TrainerImpl::train_on(const std::vector<int32_t>& users, const std::vector<int32_t>& items, UpdateScope scope) {
    const auto t0 = std::chrono::steady_clock::now();
    user_grad.clear();
    item_grad.clear();
    batch_log_p(items, log_p);
    StepStats s;
    if (config.objective == Objective::InBatchSoftmax && fused_in_batch_step) {
        in_batch_step(users, items, s);
    } else {
        s.loss_main = main_loss_and_gradients(users, items);
        if (config.augmentation != Augmentation::None && config.alpha > 0) s.loss_self = self_supervised_loss_and_gradients();
    }
    check_finite(s.loss_main, s.loss_self);  // throws before any parameter changes
    // The self-supervised loss reaches only the item tower: the user tower's gradient is L_main's.
    team->run(2, [&](int tower) {
        if (tower == 0) apply_update(user_tower, user_opt, user_grad, config, scope);
        else apply_update(item_tower, item_opt, item_grad, config, scope);
    });
    ++step;
    track_id_row_movement();
    s.step = step;
    s.loss_total = s.loss_main + config.alpha * s.loss_self;
    s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return s;
}

Eigen::MatrixXf TrainerImpl::embed_items(const std::vector<int32_t>& items, bool serving) const {
    Eigen::MatrixXf out(static_cast<Eigen::Index>(items.size()), item_tower.output_dim());
    FeatureBatch batch;
    TowerCache<float> cache;
    const size_t chunk = 4096;
    for (size_t b = 0; b < items.size(); b += chunk) {
        const int n = static_cast<int>(std::min(chunk, items.size() - b));
        batch.gather(data->items, items.data() + b, n, serving ? &serve_without_id : nullptr);
        apply_item_inputs(batch);
        item_tower.forward(batch, cache);
        out.middleRows(static_cast<Eigen::Index>(b), n) = cache.output;
    }
    return out;
}

Eigen::MatrixXf TrainerImpl::embed_users(const std::vector<int32_t>& users) const {
    Eigen::MatrixXf out(static_cast<Eigen::Index>(users.size()), user_tower.output_dim());
    FeatureBatch batch;
    TowerCache<float> cache;
    const size_t chunk = 4096;
    for (size_t b = 0; b < users.size(); b += chunk) {
        const int n = static_cast<int>(std::min(chunk, users.size() - b));
        batch.gather(data->users, users.data() + b, n);
        user_tower.forward(batch, cache);
        out.middleRows(static_cast<Eigen::Index>(b), n) = cache.output;
    }
    return out;
}

// ---- Trainer --------------------------------------------------------------------------------

Trainer::Trainer(std::shared_ptr<const Dataset> data, std::shared_ptr<const Split> split, const TrainConfig& config)
    : impl_(std::make_unique<TrainerImpl>(std::move(data), std::move(split), config)) {}
Trainer::~Trainer() = default;
Trainer::Trainer(Trainer&&) noexcept = default;
Trainer& Trainer::operator=(Trainer&&) noexcept = default;

StepStats Trainer::step() {
    impl_->sample_clicks(impl_->batch_users, impl_->batch_items);
    return impl_->train_on(impl_->batch_users, impl_->batch_items, UpdateScope::All);
}

StepStats Trainer::step_on(const std::vector<Interaction>& clicks, bool ids_only) {
    if (clicks.size() < 2) throw Error(ErrorContext{"", 0, "clicks"}, "a step needs at least 2 clicks");
    std::vector<int32_t> users, items;
    for (const auto& c : clicks) { users.push_back(c.user); items.push_back(c.item); }
    return impl_->train_on(users, items, ids_only ? UpdateScope::IdsOnly : UpdateScope::All);
}

long Trainer::steps_done() const { return impl_->step; }
const TrainConfig& Trainer::config() const { return impl_->config; }
const Dataset& Trainer::dataset() const { return *impl_->data; }
const Split& Trainer::split() const { return *impl_->split; }

Eigen::MatrixXf Trainer::item_embeddings() const {
    std::vector<int32_t> all(static_cast<size_t>(impl_->data->num_items()));
    for (size_t i = 0; i < all.size(); ++i) all[i] = static_cast<int32_t>(i);
    return impl_->embed_items(all, true);
}

Eigen::MatrixXf Trainer::user_embeddings(const std::vector<int32_t>& users) const { return impl_->embed_users(users); }

Mat<float> Trainer::embed_item_batch(const FeatureBatch& batch) const {
    TowerCache<float> cache;
    impl_->item_tower.forward(batch, cache);
    return cache.output;
}

EvalReport Trainer::evaluate(const EvalOptions& options) const {
    const Eigen::MatrixXf items = item_embeddings();
    return evaluate_retrieval(*impl_->split, items, [this](const std::vector<int32_t>& u) { return impl_->embed_users(u); },
                              options);
}

const MutualInformation& Trainer::mutual_information() const { return impl_->mi; }

std::vector<FrequencyEstimate> Trainer::frequency_estimates(const std::vector<int32_t>& items) const {
    std::vector<FrequencyEstimate> out;
    for (int32_t j : items) {
        FrequencyEstimate e;
        e.item = j;
        e.true_rate = impl_->split->train_clicks[static_cast<size_t>(j)] / impl_->total_train_clicks * impl_->config.batch_size;
        e.estimated = impl_->config.logq == LogQMode::ExactCounts ? std::exp(impl_->exact_log_p[static_cast<size_t>(j)])
                                                                  : impl_->frequency.probability(j);
        out.push_back(e);
    }
    return out;
}

IdRowMovement Trainer::id_row_movement() const { return impl_->id_movement; }

void Trainer::set_cold_serving_mask(const std::vector<int32_t>& item_clicks) { impl_->set_cold_serving_mask(item_clicks); }
int Trainer::user_input_dim() const { return impl_->user_tower.input_dim(); }
int Trainer::item_input_dim() const { return impl_->item_tower.input_dim(); }

std::vector<float> Trainer::parameters() const {
    std::vector<float> v;
    auto take = [&](const float* p, size_t n) { v.insert(v.end(), p, p + n); };
    impl_->user_tower.for_each_block(take);
    impl_->item_tower.for_each_block(take);
    return v;
}

void Trainer::set_parameters(const std::vector<float>& values) {
    size_t need = 0;
    auto count = [&](const float*, size_t n) { need += n; };
    impl_->user_tower.for_each_block(count);
    impl_->item_tower.for_each_block(count);
    if (need != values.size())
        throw Error("set_parameters: expected " + std::to_string(need) + " values, got " + std::to_string(values.size()));
    size_t at = 0;
    auto put = [&](float* p, size_t n) { std::copy(values.begin() + static_cast<long>(at), values.begin() + static_cast<long>(at + n), p); at += n; };
    impl_->user_tower.for_each_block(put);
    impl_->item_tower.for_each_block(put);
    impl_->restart_id_row_movement();
}

}  // namespace towerlab
