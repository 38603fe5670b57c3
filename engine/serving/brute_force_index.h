// Exact top-K retrieval: score every item (one matrix-vector product) and keep the K best.
// It is the ground truth the ANN index is measured against, and what evaluation uses.
// Ties are broken by the smaller item id, so the result is a pure function of the vectors.
#pragma once

#include <cstdint>
#include <vector>

#include "model/matrix.h"
#include "serving/scored_item.h"

namespace towerlab {

class BruteForceIndex {
public:
    BruteForceIndex() = default;
    // item_vectors: one row per item (row index = item id), L2-normalised for cosine scores.
    explicit BruteForceIndex(Mat<float> item_vectors);

    int size() const { return static_cast<int>(items_.rows()); }
    int dim() const { return static_cast<int>(items_.cols()); }
    const Mat<float>& vectors() const { return items_; }

    // The k best items for one query of dim() floats (fewer if the catalogue is smaller).
    ScoredList search(const float* query, int k) const;
    // The same for every row of `queries`, scored in blocks with a matrix product on `threads`.
    std::vector<ScoredList> search_batch(const Mat<float>& queries, int k, int threads) const;

private:
    Mat<float> items_;
};

// The k best of n scores (ties: smaller index first). Used by both search paths.
ScoredList top_k_of_scores(const float* scores, int n, int k, std::vector<int32_t>& scratch);

}  // namespace towerlab
