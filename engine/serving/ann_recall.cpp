#include "serving/ann_recall.h"

#include <algorithm>
#include <unordered_set>

namespace towerlab {

double ann_recall_at_k(const ScoredList& exact, const ScoredList& approximate, int k, float tie_tolerance) {
    const size_t kk = std::min(exact.size(), static_cast<size_t>(std::max(0, k)));
    if (kk == 0) return 1.0;
    const float kth = exact[kk - 1].score;
    std::unordered_set<int32_t> truth;
    for (size_t r = 0; r < kk; ++r) truth.insert(exact[r].item);
    size_t hits = 0;
    const size_t na = std::min(approximate.size(), kk);
    for (size_t r = 0; r < na; ++r)
        hits += truth.count(approximate[r].item) > 0 || approximate[r].score >= kth - tie_tolerance;
    return static_cast<double>(hits) / static_cast<double>(kk);
}

RetrievalDifference compare_retrieval(const ScoredList& exact, const ScoredList& approximate, float tie_tolerance) {
    RetrievalDifference d;
    d.exact = exact;
    d.approximate = approximate;
    std::unordered_set<int32_t> in_exact, in_approx;
    for (const auto& s : exact) in_exact.insert(s.item);
    for (const auto& s : approximate) in_approx.insert(s.item);
    const float kth = exact.empty() ? 0.0f : exact.back().score;
    for (const auto& s : exact) d.exact_found.push_back(in_approx.count(s.item) > 0);
    for (const auto& s : approximate)
        d.approximate_correct.push_back(in_exact.count(s.item) > 0 || (!exact.empty() && s.score >= kth - tie_tolerance));
    d.recall = ann_recall_at_k(exact, approximate, static_cast<int>(exact.size()), tie_tolerance);
    return d;
}

}  // namespace towerlab
