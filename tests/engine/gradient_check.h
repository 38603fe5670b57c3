// mlpack's CheckGradient idea: compare an analytic gradient with central differences and return
// the relative error |g - g_hat| / |g + g_hat| (norms over all coordinates). Run in double.
#pragma once

#include <cmath>
#include <functional>
#include <vector>

namespace towerlab::test {

// params: the values to perturb (pointers into the model), loss: recomputes the loss,
// analytic: the gradient the code under test computed for those params (same order).
inline double relative_gradient_error(const std::vector<double*>& params, const std::function<double()>& loss,
                                      const std::vector<double>& analytic, double eps = 1e-6) {
    double diff2 = 0, sum2 = 0;
    for (size_t i = 0; i < params.size(); ++i) {
        double* p = params[i];
        const double saved = *p;
        *p = saved + eps;
        const double up = loss();
        *p = saved - eps;
        const double down = loss();
        *p = saved;
        const double numeric = (up - down) / (2 * eps);
        diff2 += (numeric - analytic[i]) * (numeric - analytic[i]);
        sum2 += (numeric + analytic[i]) * (numeric + analytic[i]);
    }
    return sum2 > 0 ? std::sqrt(diff2) / std::sqrt(sum2) : std::sqrt(diff2);
}

}  // namespace towerlab::test
