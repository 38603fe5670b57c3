#include "serving/item_retriever.h"

#include <algorithm>

namespace towerlab {

const char* to_string(RetrievalMode m) { return m == RetrievalMode::Ann ? "ann" : "brute_force"; }

ItemRetriever::ItemRetriever(Mat<float> item_vectors, const AnnIndexConfig& ann)
    : exact_(std::move(item_vectors)), ann_(exact_.vectors(), ann) {}

ScoredList ItemRetriever::retrieve(const float* user_vector, int k, RetrievalMode mode,
                                   const std::vector<int32_t>& exclude) const {
    const int ask = k + static_cast<int>(exclude.size());
    ScoredList raw = mode == RetrievalMode::Ann ? ann_.search(user_vector, ask) : exact_.search(user_vector, ask);
    ScoredList out;
    for (const auto& s : raw) {
        if (static_cast<int>(out.size()) == k) break;
        if (!std::binary_search(exclude.begin(), exclude.end(), s.item)) out.push_back(s);
    }
    return out;
}

RetrievalDifference ItemRetriever::compare(const float* user_vector, int k, const std::vector<int32_t>& exclude) const {
    return compare_retrieval(retrieve(user_vector, k, RetrievalMode::BruteForce, exclude),
                             retrieve(user_vector, k, RetrievalMode::Ann, exclude));
}

}  // namespace towerlab
