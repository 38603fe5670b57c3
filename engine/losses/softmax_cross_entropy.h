// The softmax cross-entropy every listwise loss shares (in-batch softmax, sampled softmax and the
// self-supervised contrastive loss): for each row i of a logit matrix,
//   L[i] = -log( exp(z[i, t_i]) / sum_j exp(z[i, j]) )
// Entries flagged in `mask` are excluded from the sum (they behave as logit -inf).
// Returns the mean over rows and writes d mean / d z into `d_logits`.
#pragma once

#include <cmath>
#include <limits>
#include <vector>

#include "model/matrix.h"

namespace towerlab {

template <typename S>
double softmax_cross_entropy(const Mat<S>& logits, const std::vector<int>& target, Mat<S>& d_logits,
                             const std::vector<uint8_t>* mask = nullptr) {
    const Eigen::Index n = logits.rows(), c = logits.cols();
    d_logits.resize(n, c);
    double total = 0;
    for (Eigen::Index i = 0; i < n; ++i) {
        const uint8_t* m = mask ? mask->data() + i * c : nullptr;
        S mx = -std::numeric_limits<S>::infinity();
        for (Eigen::Index j = 0; j < c; ++j)
            if (!m || !m[j]) mx = std::max(mx, logits(i, j));
        double sum = 0;
        for (Eigen::Index j = 0; j < c; ++j) {
            const S e = (m && m[j]) ? S(0) : std::exp(logits(i, j) - mx);
            d_logits(i, j) = e;
            sum += static_cast<double>(e);
        }
        const Eigen::Index t = target[static_cast<size_t>(i)];
        total += -(static_cast<double>(logits(i, t) - mx) - std::log(sum));
        const S inv = static_cast<S>(1.0 / (sum * static_cast<double>(n)));
        for (Eigen::Index j = 0; j < c; ++j) d_logits(i, j) *= inv;
        d_logits(i, t) -= S(1) / static_cast<S>(n);
    }
    return total / static_cast<double>(n);
}

}  // namespace towerlab
