// The self-supervised contrastive loss of Yao et al. (CIKM 2021) over m items, each seen through
// two augmented views b'_i and b''_i (unit vectors from the item tower):
//
//   L_self[i] = -log( exp(cos(b'_i, b''_i)/tau) / sum_j exp(cos(b'_i, b''_j)/tau) )
//
// The same item's two views are the positive pair; the other items' second views are negatives.
// It is the in-batch softmax without logQ (the m items are drawn uniformly, so there is no
// sampling bias to correct).
#pragma once

#include "losses/softmax_cross_entropy.h"
#include "model/matrix.h"

namespace towerlab {

template <typename S>
struct ContrastiveResult {
    double loss = 0;
    Mat<S> d_view1;
    Mat<S> d_view2;
};

template <typename S>
ContrastiveResult<S> contrastive_loss(const Mat<S>& view1, const Mat<S>& view2, double tau) {
    const Eigen::Index m = view1.rows();
    const S inv_tau = static_cast<S>(1.0 / tau);
    Mat<S> logits = (view1 * view2.transpose()) * inv_tau;
    std::vector<int> target(static_cast<size_t>(m));
    for (Eigen::Index i = 0; i < m; ++i) target[static_cast<size_t>(i)] = static_cast<int>(i);
    Mat<S> d;
    ContrastiveResult<S> r;
    r.loss = softmax_cross_entropy(logits, target, d);
    d *= inv_tau;
    r.d_view1.noalias() = d * view2;
    r.d_view2.noalias() = d.transpose() * view1;
    return r;
}

}  // namespace towerlab
