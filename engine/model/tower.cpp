#include "model/tower.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"

namespace towerlab {

int embedding_dim_for(const FieldSpec& field, const ModelConfig& config) {
    switch (field.kind) {
        case FieldKind::Id: return config.id_embedding_dim;
        case FieldKind::MultiCategorical: return config.multi_field_embedding_dim;
        default: return config.field_embedding_dim;
    }
}

template <typename S>
void TowerGradient<S>::clear() {
    for (auto& t : tables) t.clear();
    for (auto& w : weights) w.setZero();
    for (auto& b : biases) b.setZero();
}

template <typename S>
Tower<S>::Tower(const std::vector<FieldSpec>& fields, const ModelConfig& config, Rng& rng)
    : activation(config.activation), fields_(fields) {
    if (fields.empty()) throw Error("a tower needs at least one feature field");
    std::normal_distribution<double> small(0.0, config.init_std);
    for (const FieldSpec& f : fields_) {
        const int dim = embedding_dim_for(f, config);
        dims_.push_back(dim);
        offsets_.push_back(input_dim_);
        input_dim_ += dim;
        Mat<S> t(f.table_rows(), dim);
        for (Eigen::Index i = 0; i < t.size(); ++i) t.data()[i] = static_cast<S>(small(rng));
        if (f.kind == FieldKind::Id && !config.learn_missing_id) t.row(kMissingValue).setZero();
        tables.push_back(std::move(t));
    }
    // He initialisation for ReLU layers, Glorot otherwise.
    int in = input_dim_;
    std::vector<int> widths = config.hidden_widths;
    widths.push_back(config.output_dim);
    for (size_t l = 0; l < widths.size(); ++l) {
        const int out = widths[l];
        const bool hidden = l + 1 < widths.size();
        const double scale = hidden && activation == Activation::Relu ? std::sqrt(2.0 / in) : std::sqrt(2.0 / (in + out));
        std::normal_distribution<double> w(0.0, scale);
        Mat<S> W(in, out);
        for (Eigen::Index i = 0; i < W.size(); ++i) W.data()[i] = static_cast<S>(w(rng));
        weights.push_back(std::move(W));
        biases.push_back(RowVec<S>::Zero(out));
        for (int c = 0; c < out; c += kGradientColumns) weight_tasks_.emplace_back(static_cast<int>(l), c);
        in = out;
    }
}

template <typename S>
int Tower<S>::output_dim() const {
    return static_cast<int>(weights.back().cols());
}

template <typename S>
TowerGradient<S> Tower<S>::make_gradient() const {
    TowerGradient<S> g;
    g.tables.resize(tables.size());
    for (size_t f = 0; f < tables.size(); ++f)
        g.tables[f].resize(static_cast<int>(tables[f].rows()), static_cast<int>(tables[f].cols()));
    for (const auto& w : weights) g.weights.push_back(Mat<S>::Zero(w.rows(), w.cols()));
    for (const auto& b : biases) g.biases.push_back(RowVec<S>::Zero(b.cols()));
    return g;
}

template <typename S>
void Tower<S>::check_values(const FeatureBatch& batch) const {
    if (batch.num_fields() != num_fields())
        throw Error("feature batch has " + std::to_string(batch.num_fields()) + " fields, the tower " + std::to_string(num_fields()));
    for (int f = 0; f < num_fields(); ++f) {
        const int32_t rows = static_cast<int32_t>(tables[static_cast<size_t>(f)].rows());
        for (int32_t v : batch.columns[static_cast<size_t>(f)].values)
            if (v < 0 || v >= rows)
                throw Error(ErrorContext{"", 0, fields_[static_cast<size_t>(f)].name},
                            "feature value " + std::to_string(v) + " outside the embedding table");
    }
}

template <typename S>
void Tower<S>::prepare(TowerCache<S>& cache, int B) const {
    const size_t L = weights.size();
    cache.input.resize(B, input_dim_);
    cache.pre.resize(L);
    cache.post.resize(L - 1);
    cache.d_pre.resize(L);
    for (size_t l = 0; l < L; ++l) {
        cache.pre[l].resize(B, weights[l].cols());
        cache.d_pre[l].resize(B, weights[l].cols());
        if (l + 1 < L) cache.post[l].resize(B, weights[l].cols());
    }
    cache.norm.resize(B);
    cache.output.resize(B, output_dim());
    cache.d_input.resize(B, input_dim_);
}

template <typename S>
void Tower<S>::forward_rows(const FeatureBatch& batch, TowerCache<S>& cache, int r0, int r1) const {
    const int len = r1 - r0;
    for (int f = 0; f < num_fields(); ++f) {
        const Mat<S>& table = tables[static_cast<size_t>(f)];
        const int d = dims_[static_cast<size_t>(f)], off = offsets_[static_cast<size_t>(f)];
        for (int r = r0; r < r1; ++r) {
            auto vs = batch.values(r, f);
            auto dst = cache.input.row(r).segment(off, d);
            dst = table.row(vs[0]);
            for (int k = 1; k < vs.size(); ++k) dst += table.row(vs[k]);
            // mean pooling of a multi-valued bag (a single value is its own mean)
            if (vs.size() > 1) dst /= static_cast<S>(vs.size());
        }
    }
    const size_t L = weights.size();
    for (size_t l = 0; l < L; ++l) {
        const auto x = l == 0 ? cache.input.middleRows(r0, len) : cache.post[l - 1].middleRows(r0, len);
        auto pre = cache.pre[l].middleRows(r0, len);
        pre.noalias() = x * weights[l];
        pre.rowwise() += biases[l];
        if (l + 1 == L) break;
        auto post = cache.post[l].middleRows(r0, len);
        switch (activation) {
            case Activation::Relu: post = pre.cwiseMax(S(0)); break;
            case Activation::Tanh: post = pre.array().tanh().matrix(); break;
            case Activation::Identity: post = pre; break;
        }
    }
    const auto z = cache.pre[L - 1].middleRows(r0, len);
    // A zero vector has no direction; the epsilon keeps a freshly initialised tower finite.
    auto norm = cache.norm.segment(r0, len);
    norm = (z.rowwise().squaredNorm().array() + S(1e-12)).sqrt().matrix();
    cache.output.middleRows(r0, len) = z.array().colwise() / norm.array();
}

template <typename S>
void Tower<S>::backward_rows(TowerCache<S>& cache, const Eigen::Ref<const Mat<S>>& d_output, int r0, int r1) const {
    const int len = r1 - r0;
    const size_t L = weights.size();
    // L2 normalisation u = z/||z||:  dz = (du - u (u . du)) / ||z||
    {
        const auto u = cache.output.middleRows(r0, len);
        const auto du = d_output.middleRows(r0, len);
        auto dz = cache.d_pre[L - 1].middleRows(r0, len);
        for (int i = 0; i < len; ++i) {
            const S dot = u.row(i).dot(du.row(i));
            dz.row(i) = (du.row(i) - dot * u.row(i)) / cache.norm(r0 + i);
        }
    }
    for (size_t l = L; l-- > 0;) {
        const auto dz = cache.d_pre[l].middleRows(r0, len);
        if (l == 0) {
            cache.d_input.middleRows(r0, len).noalias() = dz * weights[l].transpose();
            break;
        }
        auto dx = cache.d_pre[l - 1].middleRows(r0, len);
        dx.noalias() = dz * weights[l].transpose();
        switch (activation) {
            case Activation::Relu: dx = (cache.pre[l - 1].middleRows(r0, len).array() > S(0)).select(dx, S(0)); break;
            case Activation::Tanh: dx.array() *= S(1) - cache.post[l - 1].middleRows(r0, len).array().square(); break;
            case Activation::Identity: break;
        }
    }
}

template <typename S>
int Tower<S>::num_gradient_tasks() const {
    return static_cast<int>(weight_tasks_.size()) + num_fields();
}

template <typename S>
void Tower<S>::gradient_task(int task, const FeatureBatch& batch, const TowerCache<S>& cache, TowerGradient<S>& grad,
                             int id_rows) const {
    const int B = batch.rows;
    if (task < static_cast<int>(weight_tasks_.size())) {
        const auto [l, c0] = weight_tasks_[static_cast<size_t>(task)];
        const Eigen::Index w = std::min<Eigen::Index>(kGradientColumns, weights[static_cast<size_t>(l)].cols() - c0);
        const auto x = l == 0 ? cache.input.topRows(B) : cache.post[static_cast<size_t>(l) - 1].topRows(B);
        const auto dz = cache.d_pre[static_cast<size_t>(l)].topRows(B).middleCols(c0, w);
        grad.weights[static_cast<size_t>(l)].middleCols(c0, w).noalias() += x.transpose() * dz;
        grad.biases[static_cast<size_t>(l)].segment(c0, w) += dz.colwise().sum();
        return;
    }
    // d loss / d input, scattered into the embedding rows (mean pooling divides by |bag|).
    const int f = task - static_cast<int>(weight_tasks_.size());
    const int d = dims_[static_cast<size_t>(f)], off = offsets_[static_cast<size_t>(f)];
    SparseRowGradient<S>& g = grad.tables[static_cast<size_t>(f)];
    const int rows = id_rows >= 0 && fields_[static_cast<size_t>(f)].kind == FieldKind::Id ? std::min(id_rows, B) : B;
    for (int r = 0; r < rows; ++r) {
        auto vs = batch.values(r, f);
        const S w = S(1) / static_cast<S>(vs.size());
        const auto src = cache.d_input.row(r).segment(off, d);
        for (int32_t v : vs) Eigen::Map<RowVec<S>>(g.row(v), d) += w * src;
    }
}

namespace {
// Calls f(r0, r1) for the blocks of [0, rows), over the OpenMP threads when there are several.
template <typename F>
void for_each_row_block(int rows, int block, F&& f) {
    const int blocks = (rows + block - 1) / block;
#pragma omp parallel for schedule(dynamic, 1) if (blocks > 1)
    for (int b = 0; b < blocks; ++b) f(b * block, std::min(rows, (b + 1) * block));
}
}  // namespace

template <typename S>
void Tower<S>::forward(const FeatureBatch& batch, TowerCache<S>& cache) const {
    check_values(batch);
    prepare(cache, batch.rows);
    for_each_row_block(batch.rows, kBlockRows, [&](int r0, int r1) { forward_rows(batch, cache, r0, r1); });
}

template <typename S>
void Tower<S>::backward(const FeatureBatch& batch, TowerCache<S>& cache, const Mat<S>& d_output,
                        TowerGradient<S>& grad) const {
    for_each_row_block(batch.rows, kBlockRows, [&](int r0, int r1) { backward_rows(cache, d_output, r0, r1); });
    const int tasks = num_gradient_tasks();
#pragma omp parallel for schedule(dynamic, 1)
    for (int t = 0; t < tasks; ++t) gradient_task(t, batch, cache, grad);
}

template struct TowerGradient<float>;
template struct TowerGradient<double>;
template class Tower<float>;
template class Tower<double>;

}  // namespace towerlab
