// How far an approximate top-K is from the exact one, for one query: the figure ANN serving is
// judged by, and the plain data a panel needs to draw "brute force vs ANN" side by side.
//
//   recall@K = |{ j in ANN top-K : j in exact top-K, or score(j) >= s_K - tolerance }| / K
//
// where s_K is the K-th exact score. The tie clause matters: items with equal vectors (cold items
// sharing content fields and the "missing" ID) tie exactly, and an index that returns a different
// member of the tie has not lost anything the user could notice.
#pragma once

#include <cstdint>
#include <vector>

#include "serving/scored_item.h"

namespace towerlab {

inline constexpr float kAnnTieTolerance = 1e-5f;

struct RetrievalDifference {
    ScoredList exact;                   // brute force, best first
    ScoredList approximate;             // ANN, best first
    std::vector<uint8_t> exact_found;   // per exact item: 1 if the ANN list has it
    std::vector<uint8_t> approximate_correct;  // per ANN item: 1 if in the exact top-K (or tied with its last)
    double recall = 0;                  // recall@K as above, K = exact.size()
};

RetrievalDifference compare_retrieval(const ScoredList& exact, const ScoredList& approximate,
                                      float tie_tolerance = kAnnTieTolerance);

// recall@k of the first k entries of both lists (exact must be the exact top-k or longer).
double ann_recall_at_k(const ScoredList& exact, const ScoredList& approximate, int k,
                       float tie_tolerance = kAnnTieTolerance);

}  // namespace towerlab
