// The self-supervised contrastive loss of Yao et al. (CIKM 2021) over m items, each seen through
// two augmented views b'_i and b''_i (unit vectors from the item tower):
//
//   L_self[i] = -log( exp(cos(b'_i, b''_i)/tau) / sum_j exp(cos(b'_i, b''_j)/tau) )
//
// The same item's two views are the positive pair; the other items' second views are negatives.
// It is the in-batch softmax without logQ (the m items are drawn uniformly, so there is no
// sampling bias to correct): the training step runs InBatchSoftmax with view 1 as queries and
// view 2 as keys; contrastive_loss() runs it whole. An item drawn twice into the batch is not its
// own negative: its other copies are masked like the main loss's accidental hits.
#pragma once

#include "losses/in_batch_softmax.h"
#include "model/matrix.h"

namespace towerlab {

template <typename S>
struct ContrastiveResult {
    double loss = 0;
    Mat<S> d_view1;
    Mat<S> d_view2;
};

template <typename S>
ContrastiveResult<S> contrastive_loss(const Mat<S>& view1, const Mat<S>& view2, double tau,
                                      const AccidentalHits* duplicates = nullptr) {
    const Eigen::Index m = view1.rows();
    InBatchSoftmax<S> kernel;
    kernel.resize(m);
    ContrastiveResult<S> r;
    r.d_view1.resize(m, view1.cols());
    r.d_view2.resize(m, view2.cols());
    kernel.rows(view1, view2, nullptr, tau, duplicates, S(1), 0, m, r.d_view1);
    kernel.key_gradient(view1, 0, m, r.d_view2);
    r.loss = kernel.loss();
    return r;
}

}  // namespace towerlab
