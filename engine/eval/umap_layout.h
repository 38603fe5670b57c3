// UMAP (McInnes, Healy & Melville 2018): a 2-D picture of the item embeddings that keeps each
// item's nearest neighbours near it, where the first two PCA axes (eval/pca_projection.h) pile
// twenty topics on top of each other.
//
// [SECTION] The fuzzy neighbour graph (the paper's computational description)
//   From each point's k nearest neighbours by cosine (eval/neighbour_graph.h), with cosine
//   distance d_ij = 1 - cos(x_i, x_j):
//     rho_i   = the distance to i's nearest neighbour at a positive distance (local connectivity
//               1: every point is fully connected to at least one neighbour)
//     sigma_i   solves  sum_{j in kNN(i)} exp(-max(0, d_ij - rho_i) / sigma_i) = log2(k)
//               by bisection (64 steps, to 1e-5), floored at 1e-3 x the mean distance of the row
//               so a row of identical neighbours does not divide by zero
//     w_{j|i} = exp(-max(0, d_ij - rho_i) / sigma_i)        a directed membership, 1 for the nearest
//     w_ij    = w_{j|i} + w_{i|j} - w_{j|i} w_{i|j}          the fuzzy union of both directions
//   k here counts neighbours other than the point, as in the paper (umap-learn's n_neighbors = 15
//   counts the point itself and so uses 14 others with the target log2(15)).
//   Edges with w_ij < max(w) / epochs are dropped, as umap-learn does: they would not be sampled once.
//
// [SECTION] The low-dimensional similarity
//   v_ij = 1 / (1 + a ||y_i - y_j||^(2b)), with a, b fitted by least squares (Levenberg-Marquardt)
//   to  1 if d < min_dist, exp(-(d - min_dist) / spread) otherwise,  over 300 points of [0, 3 spread]
//   (min_dist 0.1, spread 1 give a = 1.577, b = 0.895, as umap-learn's curve fit does).
//
// [SECTION] Optimisation: SGD on the fuzzy cross-entropy, with edge and negative sampling
//   Each epoch, edge (i, j) is sampled w_ij / max(w) times on average: it carries
//   epochs_per_sample = max(w) / w_ij and is used whenever the epoch reaches its next sample
//   time. With D = ||y_i - y_j||^2, a sampled edge pulls both ends together (the gradient of
//   -log v_ij):
//     g = -2ab D^(b-1) / (1 + a D^b) (y_i - y_j),        y_i += alpha clip(g),  y_j -= alpha clip(g)
//   and pushes y_i away from negative_sample_rate (5) points k drawn uniformly, per sample of the
//   edge (the gradient of -log(1 - v_ik); the 0.001 keeps it finite as D -> 0):
//     g = 2b / ((0.001 + D)(1 + a D^b)) (y_i - y_k),     y_i += alpha clip(g)
//   clip: to [-4, 4] per coordinate, so a pair that starts too close is not thrown across the
//   picture. alpha falls linearly from the run's learning
//   rate to 0 over the run's epochs. The edge list holds both directions of every pair, so each
//   end is pulled as the head of its own edge.
//   One departure from umap-learn's loop, for speed, of order alpha^2 per step: a sample's
//   attraction and its negatives are all taken at y_i and y_j as they were before the sample (one
//   SGD step on the sample's loss; umap-learn moves y_i after each of the six), so the six
//   gradients are computed side by side, as eight lanes of one vector (lane 0 the attraction, lanes
//   1-7 negatives), rather than in a chain of powers and divisions through y_i.
//   The edges are visited each head's first edge, then each head's second, and so on, not head by
//   head: consecutive samples then move different points and overlap in the processor. Each edge
//   is still sampled on its own schedule; only the order within an epoch differs from umap-learn's.
//
// [SECTION] Initial coordinates, warm start
//   umap_initial_layout: the first two principal axes of the vectors (principal_plane in
//   eval/neighbour_graph.h), scaled so the larger extent is 10 (umap-learn rescales to [0, 10]),
//   with a 1e-3 Gaussian jitter that splits duplicate vectors (a pair at distance 0 has no direction to be pushed apart). Spectral
//   initialisation (the paper's choice) is not implemented: PCA keeps the global arrangement of
//   the topics as cheaply, and the optimisation separates them (Kobak & Linderman 2021 discuss
//   both). random_initial_layout is the uniform [-10, 10]^2 alternative.
//   Warm start (the app refreshes the picture while training): construct a layout with the new
//   graph and the previous coordinates (place_at_neighbour_mean in eval/neighbour_graph.h gives new
//   items their neighbours' mean), then refresh(a few epochs): a short run from
//   refresh_learning_rate (a quarter of the full rate, as umap-learn's transform of new points
//   uses), so points drift toward the new graph instead of jumping.
//
// [SECTION] Threads and determinism
//   The edges are split into fixed blocks, each with its own random stream seeded by (seed, epoch,
//   block). threads = 1: blocks run in order, so the same graph, coordinates and seed always give the
//   same picture. threads > 1: blocks run at once on a TaskTeam and update shared coordinates
//   without locks (Hogwild, Niu et al. 2011; umap-learn's parallel mode): each update reads and
//   writes coordinates with relaxed atomics, so a race loses at most an update, and the result
//   then depends on thread timing.
//   Measured on the 2-core VM (`towerlab-cli layout-bench`, 20 topic patches in 64-D, two threads,
//   the fuzzy graph and the PCA start included), 2026-12-07: 5,000 points, 500 epochs, 0.69 s ->
//   0.64 s with the vector lanes, the branch-free due list and the negatives requested ahead;
//   100,000 points, 200 epochs, 9.8 s -> 5.5 s, kNN recall@15 and trustworthiness@15 unchanged
//   (0.047 / 0.979); plus the kNN graph, 4.6-6 s by HNSW, since 2.8 s by NN-Descent (a cold
//   UMAP of 100,000 in 8.2 s, eval/neighbour_graph.h). The epochs alone at 100,000 on one
//   thread: 10.2 s -> 7.2 s (docs/benchmarks.md).
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "eval/neighbour_graph.h"
#include "model/matrix.h"

namespace towerlab {

class TaskTeam;

struct UmapConfig {
    int n_neighbors = 15;          // neighbours per point in the fuzzy graph (the graph's first columns)
    float min_dist = 0.1f;         // how close neighbours may sit in the picture
    float spread = 1.0f;           // the scale of the picture's clusters
    int negative_sample_rate = 5;  // points pushed away per sample of an edge
    float learning_rate = 1.0f;    // alpha at the start of run()
    float refresh_learning_rate = 0.25f;  // alpha at the start of refresh()
    int epochs = 0;                // of run(); 0: 500 for n <= 10,000 points, else 200 (umap-learn)
    uint64_t seed = 1;
    int threads = 1;               // 1: deterministic; more: Hogwild, depends on thread timing

    void validate() const;         // throws Error naming the field
    int epochs_for(int n) const { return epochs > 0 ? epochs : (n <= 10000 ? 500 : 200); }
};

// The curve 1 / (1 + a d^2b) of the picture's similarity.
struct UmapCurve {
    double a = 0, b = 0;
};
UmapCurve fit_umap_curve(double min_dist, double spread);

// x^b for x > 0 as the optimisation computes it, eight at a time (2^(b log2 x) by short series;
// see umap_layout.cpp): within 3.2e-6 relative of pow over x in [e^-30, e^30] for b in [0.5, 1.3];
// x under FLT_MIN counts as FLT_MIN. glibc's powf, a call per gradient, took a third of an epoch.
float umap_pow(float x, float b);

// The directed memberships w_{j|i} of the graph's first min(k, n_neighbors) columns (row-major,
// like the graph), with each row's rho and sigma.
struct SmoothKnnMemberships {
    int n = 0, k = 0;
    std::vector<float> rho, sigma;  // n each
    std::vector<float> membership;  // n * k
};
SmoothKnnMemberships smooth_knn_memberships(const NeighbourGraph& graph, int n_neighbors);

// The symmetric fuzzy graph: both directions of every pair with w_ij > 0, sorted by head then tail.
struct FuzzyGraph {
    int n = 0;
    std::vector<int32_t> head, tail;
    std::vector<float> weight;
    size_t edges() const { return head.size(); }
};
FuzzyGraph fuzzy_union(const NeighbourGraph& graph, const SmoothKnnMemberships& memberships);

// Initial coordinates (2n floats, x y interleaved); see the header comment.
std::vector<float> umap_initial_layout(const Mat<float>& vectors, uint64_t seed);
std::vector<float> random_initial_layout(int n, uint64_t seed);

class UmapLayout {
public:
    // xy: 2 * graph.n floats, the starting coordinates (umap_initial_layout, random_initial_layout,
    // a previous layout, place_at_neighbour_mean). Throws Error on a bad config or size.
    UmapLayout(const NeighbourGraph& graph, std::vector<float> xy, const UmapConfig& config = {});
    ~UmapLayout();
    UmapLayout(const UmapLayout&) = delete;
    UmapLayout& operator=(const UmapLayout&) = delete;

    // A full run: config.epochs_for(n) epochs from learning_rate. Returns the epochs done (fewer
    // when progress returned false).
    int run(const LayoutProgress& progress = {});
    // A warm refresh: `epochs` epochs from refresh_learning_rate. Returns the epochs done.
    int refresh(int epochs, const LayoutProgress& progress = {});

    int size() const { return graph_.n; }
    const std::vector<float>& xy() const { return xy_; }  // 2n floats, x y interleaved
    const UmapCurve& curve() const { return curve_; }
    const FuzzyGraph& graph() const { return graph_; }  // the edges optimised, in the order an epoch visits them
    const UmapConfig& config() const { return config_; }

private:
    int optimise(int epochs, float initial_alpha, const LayoutProgress& progress);
    void run_block(int block, int epoch, float alpha);

    UmapConfig config_;
    UmapCurve curve_;
    FuzzyGraph graph_;
    std::vector<float> xy_;
    std::vector<float> epochs_per_sample_;  // per edge, max(w) / w
    std::vector<float> next_sample_, next_negative_;  // per edge, the epoch of its next (negative) sample
    std::unique_ptr<TaskTeam> team_;
};

}  // namespace towerlab
