// Losses over one positive and k sampled negatives per user (the lecture's pointwise, pairwise
// and listwise-with-sampled-negatives training). All take the cosines cos(a_i, b_i+) (n) and
// cos(a_i, b_ir-) (n x k) and return d loss / d cos, so one chain rule serves them all.
#pragma once

#include <cmath>
#include <vector>

#include "losses/softmax_cross_entropy.h"
#include "model/matrix.h"

namespace towerlab {

template <typename S>
struct SampledLossResult {
    double loss = 0;
    Vec<S> d_pos;  // n
    Mat<S> d_neg;  // n x k
};

namespace detail {
template <typename S> S softplus(S x) { return x > S(30) ? x : std::log1p(std::exp(x)); }
template <typename S> S sigmoid(S x) { return S(1) / (S(1) + std::exp(-x)); }
}  // namespace detail

// Pointwise: retrieval as binary classification of each (user, item) pair, with logit cos/tau.
//   L = [ softplus(-cos(a,b+)/tau) + sum_r softplus(cos(a,b-_r)/tau) ] / (1 + k)
// pushes cos(a,b+) toward +1 and cos(a,b-) toward -1. The 1:k ratio is num_negatives.
template <typename S>
SampledLossResult<S> pointwise_loss(const Vec<S>& pos, const Mat<S>& neg, double tau) {
    const Eigen::Index n = neg.rows(), k = neg.cols();
    const S inv_tau = static_cast<S>(1.0 / tau), norm = S(1) / static_cast<S>(n * (1 + k));
    SampledLossResult<S> r;
    r.d_pos.resize(n);
    r.d_neg.resize(n, k);
    double total = 0;
    for (Eigen::Index i = 0; i < n; ++i) {
        total += detail::softplus(-pos(i) * inv_tau);
        r.d_pos(i) = -detail::sigmoid(-pos(i) * inv_tau) * inv_tau * norm;
        for (Eigen::Index j = 0; j < k; ++j) {
            total += detail::softplus(neg(i, j) * inv_tau);
            r.d_neg(i, j) = detail::sigmoid(neg(i, j) * inv_tau) * inv_tau * norm;
        }
    }
    r.loss = total * static_cast<double>(norm);
    return r;
}

// Triplet hinge: L = mean_{i,r} max(0, cos(a,b-_r) + margin - cos(a,b+)).
template <typename S>
SampledLossResult<S> triplet_hinge_loss(const Vec<S>& pos, const Mat<S>& neg, double margin) {
    const Eigen::Index n = neg.rows(), k = neg.cols();
    const S norm = S(1) / static_cast<S>(n * k);
    SampledLossResult<S> r;
    r.d_pos = Vec<S>::Zero(n);
    r.d_neg = Mat<S>::Zero(n, k);
    double total = 0;
    for (Eigen::Index i = 0; i < n; ++i)
        for (Eigen::Index j = 0; j < k; ++j) {
            const S v = neg(i, j) + static_cast<S>(margin) - pos(i);
            if (v > S(0)) {
                total += v;
                r.d_neg(i, j) = norm;
                r.d_pos(i) -= norm;
            }
        }
    r.loss = total * static_cast<double>(norm);
    return r;
}

// Triplet logistic: L = mean_{i,r} log(1 + exp(sigma * (cos(a,b-_r) - cos(a,b+)))).
template <typename S>
SampledLossResult<S> triplet_logistic_loss(const Vec<S>& pos, const Mat<S>& neg, double sigma) {
    const Eigen::Index n = neg.rows(), k = neg.cols();
    const S norm = S(1) / static_cast<S>(n * k), sg = static_cast<S>(sigma);
    SampledLossResult<S> r;
    r.d_pos = Vec<S>::Zero(n);
    r.d_neg = Mat<S>::Zero(n, k);
    double total = 0;
    for (Eigen::Index i = 0; i < n; ++i)
        for (Eigen::Index j = 0; j < k; ++j) {
            const S x = sg * (neg(i, j) - pos(i));
            total += detail::softplus(x);
            const S g = detail::sigmoid(x) * sg * norm;
            r.d_neg(i, j) = g;
            r.d_pos(i) -= g;
        }
    r.loss = total * static_cast<double>(norm);
    return r;
}

// Listwise with sampled negatives: one positive and k negatives per row,
//   z = [cos(a,b+), cos(a,b-_1), ..., cos(a,b-_k)] / tau - log q      (q: each item's sampling
// probability; log_q_pos n values, log_q_neg n x k, both empty for no correction)
//   L = -log softmax(z)_0
template <typename S>
SampledLossResult<S> sampled_softmax_loss(const Vec<S>& pos, const Mat<S>& neg, double tau,
                                          const std::vector<S>& log_q_pos, const Mat<S>& log_q_neg) {
    const Eigen::Index n = neg.rows(), k = neg.cols();
    const S inv_tau = static_cast<S>(1.0 / tau);
    Mat<S> logits(n, k + 1);
    logits.col(0) = pos * inv_tau;
    logits.rightCols(k) = neg * inv_tau;
    if (!log_q_pos.empty()) {
        for (Eigen::Index i = 0; i < n; ++i) logits(i, 0) -= log_q_pos[static_cast<size_t>(i)];
        logits.rightCols(k) -= log_q_neg;
    }
    std::vector<int> target(static_cast<size_t>(n), 0);
    Mat<S> d;
    SampledLossResult<S> r;
    r.loss = softmax_cross_entropy(logits, target, d);
    r.d_pos = d.col(0) * inv_tau;
    r.d_neg = d.rightCols(k) * inv_tau;
    return r;
}

}  // namespace towerlab
