// The listwise in-batch softmax with logQ correction (Yi et al., RecSys 2019):
//
//   z[i, j]  = cos(a_i, b_j) / tau - log p_j          (training only; serving uses plain cosine)
//   L_main[i] = -log( exp(z[i, i]) / sum_j exp(z[i, j]) )
//
// The other items of the batch are user i's negatives. They were sampled by clicks, so popular
// items appear as negatives far more often than their share of the catalogue; subtracting log p_j
// (never adding it) compensates. Optionally, an item that appears twice in the batch is masked
// out of the other row's negatives ("accidental hit": it is that user's positive too).
#pragma once

#include <vector>

#include "losses/softmax_cross_entropy.h"
#include "model/matrix.h"

namespace towerlab {

template <typename S>
struct InBatchSoftmaxResult {
    double loss = 0;
    Mat<S> d_users;  // d loss / d a  (n x d)
    Mat<S> d_items;  // d loss / d b  (n x d)
};

// users, items: n x d unit rows. log_p: n values (empty = no correction). item_ids: n ids, used
// only when remove_accidental_hits is set.
template <typename S>
InBatchSoftmaxResult<S> in_batch_softmax(const Mat<S>& users, const Mat<S>& items, const std::vector<S>& log_p,
                                         double tau, const std::vector<int32_t>& item_ids,
                                         bool remove_accidental_hits) {
    const Eigen::Index n = users.rows();
    const S inv_tau = static_cast<S>(1.0 / tau);
    Mat<S> logits = (users * items.transpose()) * inv_tau;
    if (!log_p.empty())
        for (Eigen::Index j = 0; j < n; ++j) logits.col(j).array() -= log_p[static_cast<size_t>(j)];
    std::vector<int> target(static_cast<size_t>(n));
    for (Eigen::Index i = 0; i < n; ++i) target[static_cast<size_t>(i)] = static_cast<int>(i);
    std::vector<uint8_t> mask;
    if (remove_accidental_hits) {
        mask.assign(static_cast<size_t>(n * n), 0);
        for (Eigen::Index i = 0; i < n; ++i)
            for (Eigen::Index j = 0; j < n; ++j)
                if (j != i && item_ids[static_cast<size_t>(j)] == item_ids[static_cast<size_t>(i)])
                    mask[static_cast<size_t>(i * n + j)] = 1;
    }
    InBatchSoftmaxResult<S> r;
    Mat<S> d_logits;
    r.loss = softmax_cross_entropy(logits, target, d_logits, remove_accidental_hits ? &mask : nullptr);
    d_logits *= inv_tau;
    r.d_users.noalias() = d_logits * items;
    r.d_items.noalias() = d_logits.transpose() * users;
    return r;
}

}  // namespace towerlab
