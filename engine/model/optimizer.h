// Adam, Adagrad and SGD over a tower's parameters. Dense layers update every step; embedding
// tables update lazily, only the rows the step touched (the "lazy Adam" of TensorFlow): moments of
// untouched rows stay as they were, and the step's cost does not grow with the tables.
#pragma once

#include <vector>

#include "core/config.h"
#include "model/tower.h"

namespace towerlab {

enum class UpdateScope {
    All,      // every parameter (full update)
    IdsOnly,  // only ID embedding rows: the incremental update, MLPs and other fields frozen
};

template <typename S>
struct OptimizerState {
    std::vector<Mat<S>> table_m, table_v;      // per table (Adagrad uses table_v only)
    std::vector<Mat<S>> weight_m, weight_v;
    std::vector<RowVec<S>> bias_m, bias_v;
    long t = 0;                                // update count, for Adam's bias correction

    void init(const Tower<S>& tower, const TrainConfig& config);
    template <typename F> void for_each_block(F&& f) {
        for (auto* v : {&table_m, &table_v, &weight_m, &weight_v})
            for (auto& m : *v) f(m.data(), static_cast<size_t>(m.size()));
        for (auto* v : {&bias_m, &bias_v})
            for (auto& m : *v) f(m.data(), static_cast<size_t>(m.size()));
    }
};

template <typename S>
void apply_update(Tower<S>& tower, OptimizerState<S>& state, const TowerGradient<S>& grad,
                  const TrainConfig& config, UpdateScope scope);

extern template struct OptimizerState<float>;
extern template void apply_update(Tower<float>&, OptimizerState<float>&, const TowerGradient<float>&,
                                  const TrainConfig&, UpdateScope);

}  // namespace towerlab
