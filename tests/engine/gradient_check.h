// mlpack's CheckGradient idea: compare an analytic gradient with central differences and return
// the relative error |g - g_hat| / |g + g_hat| (norms over all coordinates). Run in double.
#pragma once

#include <cmath>
#include <functional>
#include <vector>

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

}  // namespace towerlab::test
