// Serving a two-tower model: the item vectors are computed once and stored in both an exact
// (brute-force) and an approximate (HNSW) index; a user's vector comes from the user tower at
// request time and is looked up in either. This is the engine object behind the app's user view,
// which switches between the modes and shows where they differ (compare()). Given training
// queries, the ANN search can also start from routed entry points (query_routing.h).
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "model/matrix.h"
#include "serving/ann_index.h"
#include "serving/ann_recall.h"
#include "serving/brute_force_index.h"
#include "serving/query_routing.h"

namespace towerlab {

enum class RetrievalMode {
    BruteForce,  // exact: every item scored
    Ann,         // HNSW from its top layers
    RoutedAnn,   // HNSW from the entry points of query routing (needs enable_routing)
};
const char* to_string(RetrievalMode m);

class ItemRetriever {
public:
    // item_vectors: one L2-normalised row per item (Trainer::item_embeddings()).
    ItemRetriever(Mat<float> item_vectors, const AnnIndexConfig& ann);

    // The k best items for a user vector, skipping `exclude` (sorted item ids, e.g. the user's
    // training clicks). The ANN path asks the index for k + |exclude| and filters, as a server must.
    ScoredList retrieve(const float* user_vector, int k, RetrievalMode mode,
                        const std::vector<int32_t>& exclude = {}) const;
    // The exact list and the `approximate` mode's list for the same query, and which entries differ.
    RetrievalDifference compare(const float* user_vector, int k, const std::vector<int32_t>& exclude = {},
                                RetrievalMode approximate = RetrievalMode::Ann) const;

    // Enables RetrievalMode::RoutedAnn with these training queries (user vectors of other users).
    void enable_routing(const Mat<float>& bridge_queries, const QueryRoutingConfig& config = {}, int threads = 2);
    bool has_routing() const { return router_ != nullptr; }

    const BruteForceIndex& exact() const { return exact_; }
    const AnnIndex& ann() const { return ann_; }
    AnnIndex& ann() { return ann_; }

private:
    BruteForceIndex exact_;
    AnnIndex ann_;
    std::unique_ptr<QueryRouter> router_;
};

}  // namespace towerlab
