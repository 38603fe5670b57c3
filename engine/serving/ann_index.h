// Approximate nearest-neighbour retrieval with an HNSW graph (hnswlib, Malkov & Yashunin 2018):
// what serving uses instead of scoring the whole catalogue. Items are stored once (the lecture's
// "vector database"); the user vector is computed on the fly by the user tower and queried.
//
// Space: inner product. On L2-normalised vectors the inner product is the cosine, so the order
// is the one the model was trained and evaluated with. hnswlib's distance is 1 - <q, x>; scores
// returned here are <q, x>.
//
// Parameters (AnnIndexConfig): M, the graph degree (memory and recall grow with it);
// ef_construction, the candidate list while building (build time and graph quality);
// ef_search, the candidate list while querying (latency against recall; at least K is used).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "model/matrix.h"
#include "serving/scored_item.h"

namespace towerlab {

struct AnnIndexConfig {
    int M = 16;                 // links per node (layer 0 keeps 2M)
    int ef_construction = 400;  // candidate list size while inserting (user queries are out of the
                                // items' distribution: a better graph pays more than a larger M)
    int ef_search = 256;        // candidate list size while querying (raised to K when smaller)
    uint64_t seed = 100;        // level generator; with threads = 1 the graph is reproducible
    int threads = 2;            // insertion threads (the graph then depends on thread timing)

    void validate() const;      // throws Error naming the field
};

class AnnIndex {
public:
    // Builds the graph over every row of item_vectors (row index = item id).
    AnnIndex(const Mat<float>& item_vectors, const AnnIndexConfig& config);
    ~AnnIndex();
    AnnIndex(AnnIndex&&) noexcept;
    AnnIndex& operator=(AnnIndex&&) noexcept;

    // The k approximately best items, best first. Safe to call from several threads at once as
    // long as nobody calls set_ef_search meanwhile.
    ScoredList search(const float* query, int k) const;
    // The same best-first search on the bottom layer, but started from the given items instead of
    // the path down from the top layers. A query far from the items' distribution (a user vector
    // among item vectors) otherwise gets stuck in the wrong region; query_routing.h picks entries
    // near its answers. Empty entries fall back to search().
    ScoredList search_from(const float* query, int k, const std::vector<int32_t>& entry_items) const;
    void set_ef_search(int ef);

    int size() const;
    int dim() const;
    const AnnIndexConfig& config() const { return config_; }
    double build_seconds() const { return build_seconds_; }
    size_t memory_bytes() const;  // graph links + stored vectors + labels

private:
    struct Graph;  // hnswlib stays out of this header: its space header defines globals
    std::unique_ptr<Graph> graph_;
    AnnIndexConfig config_;
    double build_seconds_ = 0;
};

}  // namespace towerlab
