#include "model/tower.h"

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
void Tower<S>::forward(const FeatureBatch& batch, TowerCache<S>& cache) const {
    const int B = batch.rows;
    cache.input.resize(B, input_dim_);
    for (int f = 0; f < num_fields(); ++f) {
        const Mat<S>& table = tables[static_cast<size_t>(f)];
        const int d = dims_[static_cast<size_t>(f)], off = offsets_[static_cast<size_t>(f)];
        const int rows = static_cast<int>(table.rows());
        for (int r = 0; r < B; ++r) {
            auto vs = batch.values(r, f);
            auto dst = cache.input.row(r).segment(off, d);
            dst.setZero();
            for (int32_t v : vs) {
                if (v < 0 || v >= rows) throw Error(ErrorContext{"", 0, fields_[static_cast<size_t>(f)].name},
                                                    "feature value " + std::to_string(v) + " outside the embedding table");
                dst += table.row(v);
            }
            // mean pooling of a multi-valued bag (a single value is its own mean)
            if (vs.size() > 1) dst /= static_cast<S>(vs.size());
        }
    }
    const size_t L = weights.size();
    cache.pre.resize(L);
    cache.post.resize(L);
    const Mat<S>* x = &cache.input;
    for (size_t l = 0; l < L; ++l) {
        cache.pre[l].noalias() = (*x) * weights[l];
        cache.pre[l].rowwise() += biases[l];
        if (l + 1 == L) break;
        switch (activation) {
            case Activation::Relu: cache.post[l] = cache.pre[l].cwiseMax(S(0)); break;
            case Activation::Tanh: cache.post[l] = cache.pre[l].array().tanh().matrix(); break;
            case Activation::Identity: cache.post[l] = cache.pre[l]; break;
        }
        x = &cache.post[l];
    }
    const Mat<S>& z = cache.pre[L - 1];
    // A zero vector has no direction; the epsilon keeps a freshly initialised tower finite.
    cache.norm = (z.rowwise().squaredNorm().array() + S(1e-12)).sqrt().matrix();
    cache.output = z.array().colwise() / cache.norm.array();
}

template <typename S>
void Tower<S>::backward(const FeatureBatch& batch, const TowerCache<S>& cache, const Mat<S>& d_output,
                        TowerGradient<S>& grad) const {
    const int B = batch.rows;
    const size_t L = weights.size();
    // L2 normalisation u = z/||z||:  dz = (du - u (u . du)) / ||z||
    Vec<S> dot = (cache.output.array() * d_output.array()).rowwise().sum().matrix();
    Mat<S> dz = ((d_output - (cache.output.array().colwise() * dot.array()).matrix()).array().colwise() /
                 cache.norm.array()).matrix();
    for (size_t l = L; l-- > 0;) {
        const Mat<S>& x = l == 0 ? cache.input : cache.post[l - 1];
        grad.weights[l].noalias() += x.transpose() * dz;
        grad.biases[l] += dz.colwise().sum();
        Mat<S> dx = dz * weights[l].transpose();
        if (l > 0) {
            switch (activation) {
                case Activation::Relu: dx = (cache.pre[l - 1].array() > S(0)).select(dx, S(0)); break;
                case Activation::Tanh: dx = (dx.array() * (S(1) - cache.post[l - 1].array().square())).matrix(); break;
                case Activation::Identity: break;
            }
        }
        dz = std::move(dx);
    }
    // dz is now d loss / d input: scatter into the embedding rows (mean pooling divides by |bag|).
    for (int f = 0; f < num_fields(); ++f) {
        const int d = dims_[static_cast<size_t>(f)], off = offsets_[static_cast<size_t>(f)];
        SparseRowGradient<S>& g = grad.tables[static_cast<size_t>(f)];
        for (int r = 0; r < B; ++r) {
            auto vs = batch.values(r, f);
            const S w = S(1) / static_cast<S>(vs.size());
            const S* src = dz.row(r).data() + off;
            for (int32_t v : vs) {
                S* dst = g.row(v);
                for (int k = 0; k < d; ++k) dst[k] += w * src[k];
            }
        }
    }
}

template struct TowerGradient<float>;
template struct TowerGradient<double>;
template class Tower<float>;
template class Tower<double>;

}  // namespace towerlab
