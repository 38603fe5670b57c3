// The softmax cross-entropy every listwise loss shares (in-batch softmax, sampled softmax and the
// self-supervised contrastive loss): for each row i of a logit matrix,
//   L[i] = -log( exp(z[i, t_i]) / sum_j exp(z[i, j]) )
// Entries flagged in `mask` are excluded from the sum (they behave as logit -inf).
// Returns the mean over rows and writes d mean / d z into `d_logits`.
//
// softmax_cross_entropy_row is the one loop all of them run: one row, in place, vectorised (the
// in-batch losses call it on rows of their similarity matrix as soon as a GEMM has written them).
#pragma once

#include <cmath>
#include <limits>
#include <vector>

#include "model/matrix.h"

namespace towerlab {

// One row of logits z (length c), overwritten in place by scale * d L / d z, where
// L = -log softmax(z)_t:  d L / d z_j = softmax(z)_j - [j == t]. Columns listed in
// `excluded` (never t) take no part: their softmax weight is 0. Returns L.
template <typename S>
double softmax_cross_entropy_row(S* z, Eigen::Index c, Eigen::Index t, const int32_t* excluded, int num_excluded,
                                 S scale) {
    Eigen::Map<Eigen::Array<S, 1, Eigen::Dynamic>> row(z, c);
    for (int k = 0; k < num_excluded; ++k) z[excluded[k]] = -std::numeric_limits<S>::infinity();
    const S mx = row.maxCoeff();
    const S zt = z[t];
    row = (row - mx).exp();
    for (int k = 0; k < num_excluded; ++k) z[excluded[k]] = S(0);
    const S sum = row.sum();
    row *= scale / sum;
    z[t] -= scale;
    return std::log(static_cast<double>(sum)) - static_cast<double>(zt - mx);
}

template <typename S>
double softmax_cross_entropy(const Mat<S>& logits, const std::vector<int>& target, Mat<S>& d_logits,
                             const std::vector<uint8_t>* mask = nullptr) {
    const Eigen::Index n = logits.rows(), c = logits.cols();
    d_logits = logits;
    std::vector<int32_t> excluded;
    double total = 0;
    const S scale = S(1) / static_cast<S>(n);
    for (Eigen::Index i = 0; i < n; ++i) {
        excluded.clear();
        if (mask)
            for (Eigen::Index j = 0; j < c; ++j)
                if ((*mask)[static_cast<size_t>(i * c + j)]) excluded.push_back(static_cast<int32_t>(j));
        total += softmax_cross_entropy_row(d_logits.row(i).data(), c, target[static_cast<size_t>(i)], excluded.data(),
                                           static_cast<int>(excluded.size()), scale);
    }
    return total / static_cast<double>(n);
}

}  // namespace towerlab
