// The layout benchmark behind `towerlab-cli layout-bench` (issue 17): what the neighbour-preserving
// pictures of the item embeddings cost and how faithful they are, on synthetic topics shaped like
// the app's catalogues (unit vectors in 64-D around 20 topic directions) or on given vectors.
//
// Per catalogue size it times, on the same vectors:
//   kNN graph      the k = 15 cosine neighbours of every item (eval/neighbour_graph.h: exact up to
//                  8,000 items, NN-Descent above), with its recall against exact neighbours on 200
//                  items; then the same by the approximate ways the layouts did not use (HNSW,
//                  NN-Descent), for comparison: one row each, time and recall
//   PCA plane      the app's picture today (eval/pca_projection.h, as principal_plane in
//                  eval/neighbour_graph.h computes it): the peer the layouts are read against
//   UMAP           a full run from the PCA start (eval/umap_layout.h)
//   UMAP refresh   what the app did while training: the vectors move a little (each gets a small
//                  random turn, or they are given: the same items at a later step), the graph is
//                  rebuilt, and a few epochs run from the previous picture
//   graph refine   what it does now: the first graph refined for the moved vectors (NN-Descent,
//                  refine_neighbour_graph in eval/neighbour_graph.h), its recall against exact
//                  neighbours on 200 items; then UMAP refine: the same epochs on that graph
//   graph drift    refine_chain more refreshes in a row, each vector turned again and the graph
//                  refined from the one before: seconds per refinement, recall along the chain
//   t-SNE          Barnes-Hut, its own k = 90 graph included (eval/tsne_layout.h); the full 1,000
//                  iterations up to tsne_full_max_items; above, only the first iterations are
//                  timed (a cost per iteration, no faithfulness: that picture is not finished)
// and, for each picture, kNN recall@15 and trustworthiness@15 (eval/layout_faithfulness.h) on
// 1,000 sampled items. A topic here is a patch of 8 dimensions, and no 2-D picture keeps all 15
// neighbours of a point in an 8-D patch: recall@15 is low for every method; compare the methods
// with each other, not with 1. Timings are wall-clock seconds of one run on `threads` threads:
// figures to print, never to assert (the machines are noisy).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "model/matrix.h"

namespace towerlab {

// n unit vectors in `dim` dimensions around `topics` random unit directions, shaped like learned
// item embeddings: row i belongs to topic i % topics and is
//   normalize(c_topic + spread B_topic z + 0.1 spread g)
// with B_topic `topic_dims` random orthonormal directions (the topic's own sub-themes), z Gaussian
// with E|z|^2 = 1, and g isotropic Gaussian noise with E|g|^2 = 1. So a topic is a patch of low
// intrinsic dimension, as embeddings are, rather than a ball of noise whose nearest neighbours are
// all about equally near (topic_dims = dim gives that ball). spread 1: a row is at cosine about
// 0.7 from its topic's direction and about 0 from other topics'.
struct TopicVectors {
    Mat<float> vectors;
    std::vector<int> topic;
};
TopicVectors clustered_unit_vectors(int n, int dim, int topics, float spread, int topic_dims, uint64_t seed);

struct LayoutBenchConfig {
    std::vector<int> items{5000, 100000};
    int dim = 64;
    int topics = 20;
    float topic_spread = 1.0f;
    int topic_dims = 8;
    uint64_t seed = 1;
    int threads = 2;
    int k = 15;                     // neighbours of the graph, the UMAP and the figures
    int refresh_epochs = 20;
    float refresh_turn = 0.05f;     // the vectors' move before a refresh: v + turn g, renormalised
    int refine_chain = 10;          // refinements in a row for the drift row; 0: no drift row
    int refine_rounds = -1;         // further NN-Descent rounds; -1: NeighbourGraphConfig's default
    int tsne_full_max_items = 20000;  // above: tsne_large_iterations
    int tsne_large_iterations = 50;   // timed above tsne_full_max_items; 0: no t-SNE there
    int faithfulness_queries = 1000;
};

struct LayoutBenchRow {
    int items = 0;
    std::string what;               // "kNN graph", "PCA plane", "UMAP", "UMAP refresh", "graph refine",
                                    // "UMAP refine", "graph drift", "t-SNE"
    std::string detail;             // epochs, iterations, graph kind (NeighbourMethod's name)
    double seconds = 0;
    double knn_recall = -1;         // of the picture, or of the graph against exact; -1: not measured
    double trustworthiness = -1;    // of the picture; -1: not measured
};

struct LayoutBenchReport {
    int dim = 0, topics = 0, threads = 0, k = 0, queries = 0;  // queries: at most, per size
    std::vector<LayoutBenchRow> rows;
};

// The benchmark on synthetic topics for each size in config.items. `say` hears each step as it starts.
LayoutBenchReport run_layout_benchmark(const LayoutBenchConfig& config,
                                       const std::function<void(const std::string&)>& say = {});
// The same steps on given vectors (config.items, dim and topics ignored); `later`, when given, the
// same items' vectors at a later step (same shape), is what the refresh rows refresh for.
std::vector<LayoutBenchRow> benchmark_layouts(const Mat<float>& vectors, const LayoutBenchConfig& config,
                                              const std::function<void(const std::string&)>& say = {},
                                              const Mat<float>* later = nullptr);

}  // namespace towerlab
