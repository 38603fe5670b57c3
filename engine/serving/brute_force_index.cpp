#include "serving/brute_force_index.h"

#include <algorithm>
#include <numeric>

#include <omp.h>

#include "core/error.h"
#include "core/thread_count.h"

namespace towerlab {

BruteForceIndex::BruteForceIndex(Mat<float> item_vectors) : items_(std::move(item_vectors)) {
    if (items_.rows() == 0 || items_.cols() == 0)
        throw Error(ErrorContext{"", 0, "item_vectors"}, "an index needs at least one item and one dimension");
}

ScoredList top_k_of_scores(const float* scores, int n, int k, std::vector<int32_t>& scratch) {
    const int kk = std::max(0, std::min(k, n));
    scratch.resize(static_cast<size_t>(n));
    std::iota(scratch.begin(), scratch.end(), 0);
    auto better = [scores](int32_t a, int32_t b) { return scores[a] > scores[b] || (scores[a] == scores[b] && a < b); };
    // nth_element then sort of the head: O(n + k log k) instead of a partial sort's O(n log k).
    if (kk < n) std::nth_element(scratch.begin(), scratch.begin() + kk, scratch.end(), better);
    std::sort(scratch.begin(), scratch.begin() + kk, better);
    ScoredList out(static_cast<size_t>(kk));
    for (int r = 0; r < kk; ++r) out[static_cast<size_t>(r)] = {scratch[static_cast<size_t>(r)], scores[scratch[static_cast<size_t>(r)]]};
    return out;
}

ScoredList BruteForceIndex::search(const float* query, int k) const {
    const Eigen::Map<const Vec<float>> q(query, items_.cols());
    const Vec<float> scores = items_ * q;
    std::vector<int32_t> scratch;
    return top_k_of_scores(scores.data(), size(), k, scratch);
}

std::vector<ScoredList> BruteForceIndex::search_batch(const Mat<float>& queries, int k, int threads) const {
    if (queries.cols() != items_.cols())
        throw Error(ErrorContext{"", 0, "queries"}, "query width " + std::to_string(queries.cols()) +
                                                       " differs from the index's " + std::to_string(items_.cols()));
    std::vector<ScoredList> out(static_cast<size_t>(queries.rows()));
    // Blocks bound the score matrix to block x items floats (64 x 1M = 256 MB at most).
    const Eigen::Index block = 64;
    for (Eigen::Index b0 = 0; b0 < queries.rows(); b0 += block) {
        const Eigen::Index nb = std::min(block, queries.rows() - b0);
        const Mat<float> scores = queries.middleRows(b0, nb) * items_.transpose();
#pragma omp parallel num_threads(omp_threads(threads))
        {
            std::vector<int32_t> scratch;
#pragma omp for schedule(dynamic, 1)
            for (Eigen::Index r = 0; r < nb; ++r)
                out[static_cast<size_t>(b0 + r)] = top_k_of_scores(scores.row(r).data(), size(), k, scratch);
        }
    }
    return out;
}

}  // namespace towerlab
