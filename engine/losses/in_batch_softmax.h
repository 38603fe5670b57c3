// The listwise in-batch softmax with logQ correction (Yi et al., RecSys 2019):
//
//   z[i, j]  = cos(a_i, b_j) / tau - log p_j          (training only; serving uses plain cosine)
//   L_main[i] = -log( exp(z[i, i]) / sum_j exp(z[i, j]) )
//
// The other items of the batch are user i's negatives. They were sampled by clicks, so popular
// items appear as negatives far more often than their share of the catalogue; subtracting log p_j
// (never adding it) compensates. Optionally, an item that appears twice in the batch is masked
// out of the other row's negatives ("accidental hit": it is that user's positive too).
//
// InBatchSoftmax is the kernel: it computes the loss a block of rows at a time (GEMM, then the
// softmax of each row while it is in cache, then that block's query gradient), so a training step
// can split rows and columns over threads with no n x n temporaries beyond one gradient matrix.
// The self-supervised contrastive loss (ssl/contrastive_loss.h) is the same kernel without logQ.
// in_batch_softmax() runs it whole, for tests and simple callers.
#pragma once

#include <algorithm>
#include <utility>
#include <vector>

#include "losses/softmax_cross_entropy.h"
#include "model/matrix.h"

namespace towerlab {

// For each position i of a batch of item ids, the other positions holding the same id: row i's
// accidental hits. Built in O(n log n) with no n x n mask; buffers are kept between steps.
class AccidentalHits {
public:
    void build(const int32_t* ids, int n) {
        order_.resize(static_cast<size_t>(n));
        for (int i = 0; i < n; ++i) order_[static_cast<size_t>(i)] = {ids[i], i};
        std::sort(order_.begin(), order_.end());
        offsets_.assign(static_cast<size_t>(n) + 1, 0);
        for_each_group([&](size_t g0, size_t g1) {
            for (size_t k = g0; k < g1; ++k) offsets_[static_cast<size_t>(order_[k].second) + 1] = static_cast<int32_t>(g1 - g0 - 1);
        });
        for (int i = 0; i < n; ++i) offsets_[static_cast<size_t>(i) + 1] += offsets_[static_cast<size_t>(i)];
        columns_.resize(static_cast<size_t>(offsets_.back()));
        for_each_group([&](size_t g0, size_t g1) {
            for (size_t k = g0; k < g1; ++k) {
                int32_t* out = columns_.data() + offsets_[static_cast<size_t>(order_[k].second)];
                for (size_t q = g0; q < g1; ++q)
                    if (q != k) *out++ = order_[q].second;
            }
        });
    }
    const int32_t* columns(int i) const { return columns_.data() + offsets_[static_cast<size_t>(i)]; }
    int count(int i) const { return offsets_[static_cast<size_t>(i) + 1] - offsets_[static_cast<size_t>(i)]; }

private:
    template <typename F> void for_each_group(F&& f) const {
        for (size_t g0 = 0; g0 < order_.size();) {
            size_t g1 = g0 + 1;
            while (g1 < order_.size() && order_[g1].first == order_[g0].first) ++g1;
            if (g1 - g0 > 1) f(g0, g1);
            g0 = g1;
        }
    }
    std::vector<std::pair<int32_t, int32_t>> order_;  // (id, position), sorted
    std::vector<int32_t> offsets_, columns_;           // compressed rows
};

template <typename S>
class InBatchSoftmax {
public:
    using ConstRows = Eigen::Ref<const Mat<S>>;
    using Rows = Eigen::Ref<Mat<S>>;

    // Sizes the buffers for n queries and n keys (no allocation when n repeats).
    void resize(Eigen::Index n) {
        grad_.resize(n, n);
        row_loss_.resize(static_cast<size_t>(n));
    }

    // Rows [r0, r1) of the loss of queries Q against keys K (n x d each, unit rows): logits
    // Q K^T / tau - log_p (log_p: n values or null), target the diagonal, columns `hits` excluded
    // (or null). Stores weight/n * d L / d cos for those rows and writes their query gradient
    // d_queries[r0, r1) = G[r0, r1) K.
    void rows(const ConstRows& Q, const ConstRows& K, const S* log_p, double tau, const AccidentalHits* hits, S weight,
              Eigen::Index r0, Eigen::Index r1, Rows d_queries) {
        const Eigen::Index n = K.rows(), len = r1 - r0;
        const S inv_tau = static_cast<S>(1.0 / tau);
        auto G = grad_.middleRows(r0, len);
        G.noalias() = Q.middleRows(r0, len) * K.transpose();
        const S scale = weight * inv_tau / static_cast<S>(n);
        for (Eigen::Index i = r0; i < r1; ++i) {
            Eigen::Map<Eigen::Array<S, 1, Eigen::Dynamic>> z(grad_.row(i).data(), n);
            if (log_p)
                z = z * inv_tau - Eigen::Map<const Eigen::Array<S, 1, Eigen::Dynamic>>(log_p, n);
            else
                z *= inv_tau;
            const int ii = static_cast<int>(i);
            row_loss_[static_cast<size_t>(i)] = softmax_cross_entropy_row(
                z.data(), n, i, hits ? hits->columns(ii) : nullptr, hits ? hits->count(ii) : 0, scale);
        }
        d_queries.middleRows(r0, len).noalias() = G * K;
    }

    // Rows [c0, c1) of the key gradient d_keys = G^T Q (needs every row of G).
    void key_gradient(const ConstRows& Q, Eigen::Index c0, Eigen::Index c1, Rows d_keys) const {
        d_keys.middleRows(c0, c1 - c0).noalias() = grad_.middleCols(c0, c1 - c0).transpose() * Q;
    }

    // Mean L over the rows (unweighted).
    double loss() const {
        double total = 0;
        for (double l : row_loss_) total += l;
        return total / static_cast<double>(row_loss_.size());
    }

private:
    Mat<S> grad_;                   // n x n: weight/n * d L / d cos(q_i, k_j)
    std::vector<double> row_loss_;
};

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
    AccidentalHits hits;
    if (remove_accidental_hits) hits.build(item_ids.data(), static_cast<int>(n));
    InBatchSoftmax<S> kernel;
    kernel.resize(n);
    InBatchSoftmaxResult<S> r;
    r.d_users.resize(n, users.cols());
    r.d_items.resize(n, items.cols());
    kernel.rows(users, items, log_p.empty() ? nullptr : log_p.data(), tau, remove_accidental_hits ? &hits : nullptr, S(1), 0,
                n, r.d_users);
    kernel.key_gradient(users, 0, n, r.d_items);
    r.loss = kernel.loss();
    return r;
}

}  // namespace towerlab
