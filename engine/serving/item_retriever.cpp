#include "serving/item_retriever.h"

#include <algorithm>

#include "core/error.h"

namespace towerlab {

const char* to_string(RetrievalMode m) {
    switch (m) {
        case RetrievalMode::BruteForce: return "brute_force";
        case RetrievalMode::Ann: return "ann";
        case RetrievalMode::RoutedAnn: return "routed_ann";
    }
    return "?";
}

void ItemRetriever::enable_routing(const Mat<float>& bridge_queries, const QueryRoutingConfig& config, int threads) {
    router_ = std::make_unique<QueryRouter>(bridge_queries, exact_, config, threads);
}

ItemRetriever::ItemRetriever(Mat<float> item_vectors, const AnnIndexConfig& ann)
    : exact_(std::move(item_vectors)), ann_(exact_.vectors(), ann) {}

ScoredList ItemRetriever::retrieve(const float* user_vector, int k, RetrievalMode mode,
                                   const std::vector<int32_t>& exclude) const {
    const int ask = k + static_cast<int>(exclude.size());
    ScoredList raw;
    switch (mode) {
        case RetrievalMode::BruteForce: raw = exact_.search(user_vector, ask); break;
        case RetrievalMode::Ann: raw = ann_.search(user_vector, ask); break;
        case RetrievalMode::RoutedAnn:
            if (!router_) throw Error(ErrorContext{"", 0, "mode"}, "routed ANN needs enable_routing() first");
            raw = ann_.search_from(user_vector, ask, router_->entry_items(user_vector));
            break;
    }
    ScoredList out;
    for (const auto& s : raw) {
        if (static_cast<int>(out.size()) == k) break;
        if (!std::binary_search(exclude.begin(), exclude.end(), s.item)) out.push_back(s);
    }
    return out;
}

RetrievalDifference ItemRetriever::compare(const float* user_vector, int k, const std::vector<int32_t>& exclude,
                                           RetrievalMode approximate) const {
    return compare_retrieval(retrieve(user_vector, k, RetrievalMode::BruteForce, exclude),
                             retrieve(user_vector, k, approximate, exclude));
}

}  // namespace towerlab
