// mlpack's CheckGradient idea: compare an analytic gradient with central differences and return
// the relative error |g - g_hat| / |g + g_hat| (norms over all coordinates). Run in double.
#pragma once

#include <cmath>
#include <functional>
#include <vector>

#include "model/tower.h"

namespace towerlab::test {

// params: the values to perturb (pointers into the model), loss: recomputes the loss,
// analytic: the gradient the code under test computed for those params (same order). T = float
// checks a float32 model: the step is the representable difference of the perturbed values.
template <typename T>
double relative_gradient_error(const std::vector<T*>& params, const std::function<double()>& loss,
                               const std::vector<double>& analytic, double eps = 1e-6) {
    double diff2 = 0, sum2 = 0;
    for (size_t i = 0; i < params.size(); ++i) {
        T* p = params[i];
        const T saved = *p, up_value = static_cast<T>(saved + eps), down_value = static_cast<T>(saved - eps);
        *p = up_value;
        const double up = loss();
        *p = down_value;
        const double down = loss();
        *p = saved;
        const double numeric = (up - down) / (static_cast<double>(up_value) - static_cast<double>(down_value));
        diff2 += (numeric - analytic[i]) * (numeric - analytic[i]);
        sum2 += (numeric + analytic[i]) * (numeric + analytic[i]);
    }
    return sum2 > 0 ? std::sqrt(diff2) / std::sqrt(sum2) : std::sqrt(diff2);
}

// Every parameter of a tower (tables, weights, biases) with its analytic gradient, appended in one
// order; a table row the batch never touched has gradient 0. skip_field >= 0 leaves that field's
// table out.
template <typename T>
void add_tower_parameters(Tower<T>& tower, const TowerGradient<T>& grad, std::vector<T*>& params,
                          std::vector<double>& analytic, int skip_field = -1) {
    for (size_t f = 0; f < tower.tables.size(); ++f) {
        if (static_cast<int>(f) == skip_field) continue;
        auto& t = tower.tables[f];
        const auto& g = grad.tables[f];
        for (Eigen::Index r = 0; r < t.rows(); ++r)
            for (Eigen::Index k = 0; k < t.cols(); ++k) {
                params.push_back(&t(r, k));
                double gv = 0;
                for (size_t s = 0; s < g.touched_rows().size(); ++s)
                    if (g.touched_rows()[s] == r) gv += g.slot_values(s)[k];
                analytic.push_back(gv);
            }
    }
    for (size_t l = 0; l < tower.weights.size(); ++l) {
        for (Eigen::Index i = 0; i < tower.weights[l].size(); ++i) {
            params.push_back(tower.weights[l].data() + i);
            analytic.push_back(grad.weights[l].data()[i]);
        }
        for (Eigen::Index i = 0; i < tower.biases[l].size(); ++i) {
            params.push_back(tower.biases[l].data() + i);
            analytic.push_back(grad.biases[l].data()[i]);
        }
    }
}

}  // namespace towerlab::test
