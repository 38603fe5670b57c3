#include "model/optimizer.h"

#include <cmath>

namespace towerlab {

template <typename S>
void OptimizerState<S>::init(const Tower<S>& tower, const TrainConfig& config) {
    const S v0 = config.optimizer == OptimizerKind::Adagrad ? static_cast<S>(config.adagrad_initial) : S(0);
    const S table_v0 = config.embedding_optimizer == EmbeddingOptimizer::Adagrad ? static_cast<S>(config.adagrad_initial) : v0;
    table_m.clear(); table_v.clear(); weight_m.clear(); weight_v.clear(); bias_m.clear(); bias_v.clear();
    for (const auto& t : tower.tables) {
        table_m.push_back(Mat<S>::Zero(t.rows(), t.cols()));
        table_v.push_back(Mat<S>::Constant(t.rows(), t.cols(), table_v0));
    }
    for (const auto& w : tower.weights) {
        weight_m.push_back(Mat<S>::Zero(w.rows(), w.cols()));
        weight_v.push_back(Mat<S>::Constant(w.rows(), w.cols(), v0));
    }
    for (const auto& b : tower.biases) {
        bias_m.push_back(RowVec<S>::Zero(b.cols()));
        bias_v.push_back(RowVec<S>::Constant(b.cols(), v0));
    }
    t = 0;
}

namespace {

// One optimizer rule applied to n contiguous parameters.
template <typename S>
struct Rule {
    OptimizerKind kind;
    S lr, b1, b2, eps, lr_t;  // lr_t: Adam's bias-corrected step size

    void apply(S* p, const S* g, S* m, S* v, size_t n) const {
        switch (kind) {
            case OptimizerKind::Adam:
                for (size_t i = 0; i < n; ++i) {
                    m[i] = b1 * m[i] + (S(1) - b1) * g[i];
                    v[i] = b2 * v[i] + (S(1) - b2) * g[i] * g[i];
                    p[i] -= lr_t * m[i] / (std::sqrt(v[i]) + eps);
                }
                break;
            case OptimizerKind::Adagrad:
                for (size_t i = 0; i < n; ++i) {
                    v[i] += g[i] * g[i];
                    p[i] -= lr * g[i] / (std::sqrt(v[i]) + eps);
                }
                break;
            case OptimizerKind::Sgd:
                for (size_t i = 0; i < n; ++i) p[i] -= lr * g[i];
                break;
        }
    }
};

}  // namespace

template <typename S>
void apply_update(Tower<S>& tower, OptimizerState<S>& state, const TowerGradient<S>& grad,
                  const TrainConfig& config, UpdateScope scope) {
    ++state.t;
    Rule<S> rule{config.optimizer, static_cast<S>(config.learning_rate), static_cast<S>(config.adam_beta1),
                 static_cast<S>(config.adam_beta2), static_cast<S>(config.adam_epsilon), S(0)};
    if (rule.kind == OptimizerKind::Adagrad) rule.eps = static_cast<S>(1e-10);
    const double t = static_cast<double>(state.t);
    rule.lr_t = static_cast<S>(config.learning_rate * std::sqrt(1.0 - std::pow(config.adam_beta2, t)) /
                               (1.0 - std::pow(config.adam_beta1, t)));

    // The tables' rule: the dense one at embedding_learning_rate, or Adagrad (embedding_optimizer).
    Rule<S> table_base = rule;
    if (config.embedding_learning_rate > 0) {
        const S ratio = static_cast<S>(config.embedding_learning_rate / config.learning_rate);
        table_base.lr *= ratio;
        table_base.lr_t *= ratio;
    }
    if (config.embedding_optimizer == EmbeddingOptimizer::Adagrad) {
        table_base.kind = OptimizerKind::Adagrad;
        table_base.eps = static_cast<S>(1e-10);
    }
    Rule<S> field_rule = table_base;
    Rule<S> id_rule = table_base;  // the ID tables may have a learning rate of their own
    id_rule.lr *= static_cast<S>(config.id_learning_rate_scale);
    id_rule.lr_t *= static_cast<S>(config.id_learning_rate_scale);
    for (size_t f = 0; f < tower.tables.size(); ++f) {
        if (scope == UpdateScope::IdsOnly && tower.fields()[f].kind != FieldKind::Id) continue;
        const Rule<S>& table_rule = tower.fields()[f].kind == FieldKind::Id ? id_rule : field_rule;
        const auto& g = grad.tables[f];
        const size_t d = static_cast<size_t>(g.dim());
        const auto& rows = g.touched_rows();
        for (size_t s = 0; s < rows.size(); ++s) {
            const Eigen::Index r = rows[s];
            if (r == kMissingValue && !config.model.learn_missing_id && tower.fields()[f].kind == FieldKind::Id) continue;
            table_rule.apply(tower.tables[f].row(r).data(), g.slot_values(s), state.table_m[f].row(r).data(),
                       state.table_v[f].row(r).data(), d);
        }
    }
    if (scope == UpdateScope::IdsOnly) return;
    for (size_t l = 0; l < tower.weights.size(); ++l) {
        rule.apply(tower.weights[l].data(), grad.weights[l].data(), state.weight_m[l].data(), state.weight_v[l].data(),
                   static_cast<size_t>(tower.weights[l].size()));
        rule.apply(tower.biases[l].data(), grad.biases[l].data(), state.bias_m[l].data(), state.bias_v[l].data(),
                   static_cast<size_t>(tower.biases[l].size()));
    }
}

template struct OptimizerState<float>;
template struct OptimizerState<double>;
template void apply_update(Tower<float>&, OptimizerState<float>&, const TowerGradient<float>&, const TrainConfig&,
                           UpdateScope);
template void apply_update(Tower<double>&, OptimizerState<double>&, const TowerGradient<double>&,
                           const TrainConfig&, UpdateScope);

}  // namespace towerlab
