// Barnes-Hut t-SNE (van der Maaten & Hinton 2008; van der Maaten 2014, "Accelerating t-SNE using
// tree-based algorithms"): the other neighbour-preserving picture of the item embeddings, beside
// UMAP (eval/umap_layout.h). Slower than UMAP on large catalogues (a quadtree walk per point per
// iteration), the reference its pictures are usually compared with.
//
// [SECTION] Input similarities P (sparse, on the k = min(n - 1, 3 perplexity) nearest neighbours)
//   Distance: the squared Euclidean distance of the unit vectors, d_ij = ||x_i - x_j||^2 = 2 - 2 cos,
//   the paper's Gaussian kernel on the model's cosine geometry.
//     p_{j|i} = exp(-beta_i d_ij) / sum_{l in kNN(i)} exp(-beta_i d_il)
//   beta_i by bisection until the row's perplexity exp(H_i), H_i = -sum_j p_{j|i} ln p_{j|i},
//   equals `perplexity` (to 1e-5 in H, at most 200 steps). A row with fewer neighbours than the
//   perplexity asks for ends at uniform weights, the most it can reach.
//     p_ij = (p_{j|i} + p_{i|j}) / 2n        symmetric, summing to 1 over ordered pairs
//
// [SECTION] Gradient
//   q_ij = (1 + ||y_i - y_j||^2)^-1 / Z,  Z = sum_{k != l} (1 + ||y_k - y_l||^2)^-1
//   dC/dy_i = 4 (F_attr,i - F_rep,i / Z)
//     F_attr,i = sum_j p_ij (1 + ||y_i - y_j||^2)^-1 (y_i - y_j)        over P's non-zeros: O(nk)
//     F_rep,i  = sum_j (1 + ||y_i - y_j||^2)^-2 (y_i - y_j)             over all j: Barnes-Hut
//   Barnes-Hut: the points sit in a quadtree whose cells keep their count and centre of mass; a
//   cell far from y_i, r_cell / ||y_i - y_cell|| < theta (r_cell the cell's diagonal), stands in for
//   all its points at once: N_cell (1 + d^2)^-2 (y_i - y_cell) in F_rep and N_cell (1 + d^2)^-1 in
//   Z. theta 0 is the exact gradient (tests/engine/test_tsne_layout.cpp checks it against finite
//   differences of the KL divergence); 0.5, the usual trade, was within 1.1% of it there. Cells of
//   up to 16 points are not split; their points are visited one by one when the cell is near.
//
// [SECTION] Optimisation (van der Maaten 2014; gains after Jacobs 1988)
//   update = momentum update - learning_rate gain grad;   y += update;  y recentred at the origin
//   gain += 0.2 where grad and update differ in sign, else gain *= 0.8 (at least 0.01)
//   Early exaggeration: P multiplied by 12 for the first 250 iterations, so clusters form first;
//   momentum 0.5 then, 0.8 after. Learning rate max(n / 12, 200) (Belkina et al. 2019: n over the
//   exaggeration; 200, the classic value, for small n).
//   Initial coordinates: tsne_initial_layout, the first two principal axes (principal_plane in
//   eval/neighbour_graph.h) scaled to a standard deviation of 1e-4 along the first (Kobak &
//   Linderman 2021: keeps the global arrangement that random initialisation loses).
//   Warm start (the app refreshes the picture while training): a layout built from the new graph
//   and the previous coordinates (place_at_neighbour_mean in eval/neighbour_graph.h for new
//   items); refresh(iterations, exaggerated) runs a short schedule of its own, gains reset: the
//   first `exaggerated` iterations with P exaggerated at the early momentum, the rest at the final
//   one. Why exaggerate again: without it, 100 iterations from the previous picture could not
//   regroup points whose neighbours had changed much. On the default data trained 1000 steps
//   between refreshes, the chain from step 0 reached trustworthiness@15 0.70 / 0.79 / 0.85 at steps
//   1000 / 2000 / 3000 against 0.989 for a cold run at 3000; with 100 exaggerated + 150 plain
//   iterations 0.96 / 0.986 / 0.989 (250 steps apart: 0.987 / 0.989 / 0.988), moving the points by
//   0.11-0.19 of the picture's RMS radius per refresh once training settles, where a cold run
//   from PCA moved them by 1.0-1.4 (a scratch program: Trainer on the default synthetic data,
//   item_embeddings() every 250 steps, these functions on 2 threads; 2-core VM, 2026-12-07).
//   The app's refresh takes these counts (ItemLayoutOptions in session/item_layout.h).
//
// [SECTION] Threads and determinism
//   The attractive and repulsive forces of each point are computed independently (in parallel on
//   a TaskTeam, by blocks of points); Z is summed per block and the blocks' sums added in block
//   order. Nothing is drawn at random, so the same graph and starting coordinates give the same
//   picture whatever the number of threads.
//   Measured on the 2-core VM (`towerlab-cli layout-bench`): 5,000 points, 1,000 iterations, 8 s on
//   two threads; 100,000 points, 0.6 s an iteration in the early iterations, so a full run would
//   take about ten minutes there: UMAP is the layout for large catalogues.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "eval/neighbour_graph.h"
#include "model/matrix.h"

namespace towerlab {

class TaskTeam;

struct TsneConfig {
    double perplexity = 30;           // effective number of neighbours; the graph needs 3x as many
    double theta = 0.5;               // Barnes-Hut accuracy: 0 exact, larger faster
    int iterations = 1000;            // of run()
    double learning_rate = 0;         // 0: max(n / early_exaggeration, 200)
    double early_exaggeration = 12;
    int exaggeration_iterations = 250;  // P exaggerated and momentum 0.5 for these, then 0.8
    double momentum = 0.5, final_momentum = 0.8;
    int threads = 1;                  // the picture does not depend on it (no seed either: from given
                                      // coordinates a run draws nothing at random)

    void validate() const;            // throws Error naming the field
    double learning_rate_for(int n) const;
    // The neighbours the perplexity calibration wants: min(n - 1, 3 perplexity).
    int neighbours_for(int n) const;
};

// p_{j|i} for one row of squared distances d_ij (see the header comment): Gaussian weights whose
// perplexity exp(H) is `perplexity`, or uniform when the row has too few entries to reach it.
std::vector<double> perplexity_calibrated_row(const std::vector<double>& d, double perplexity);

// P in compressed rows: row i's non-zeros are column[row_start[i] .. row_start[i+1]).
struct TsneAffinities {
    int n = 0;
    std::vector<int64_t> row_start;  // n + 1
    std::vector<int32_t> column;
    std::vector<double> p;           // symmetric, sum over all entries 1
};
// P from the graph's first min(k, 3 perplexity) neighbours (see the header comment).
TsneAffinities tsne_affinities(const NeighbourGraph& graph, double perplexity);

// dC/dy for P (times `exaggeration`) at xy (2n values, x y interleaved), with the Barnes-Hut
// criterion theta (0: exact). `team` may be null (one thread). Returns Z.
double tsne_gradient(const TsneAffinities& p, const std::vector<double>& xy, double theta, double exaggeration,
                     std::vector<double>& gradient, TaskTeam* team = nullptr);
// KL(P || Q) summed over all pairs exactly: O(n^2), for checks on small n.
double tsne_kl_divergence(const TsneAffinities& p, const std::vector<double>& xy);

// The first two principal axes of the vectors, scaled to a standard deviation of 1e-4 along the first.
std::vector<float> tsne_initial_layout(const Mat<float>& vectors);
// The classic alternative: Gaussian coordinates of standard deviation 1e-4.
std::vector<float> tsne_random_layout(int n, uint64_t seed);

class TsneLayout {
public:
    // xy: 2 * graph.n floats, the starting coordinates. Throws Error on a bad config or size.
    TsneLayout(const NeighbourGraph& graph, const std::vector<float>& xy, const TsneConfig& config = {});
    ~TsneLayout();
    TsneLayout(const TsneLayout&) = delete;
    TsneLayout& operator=(const TsneLayout&) = delete;

    // A full run: config.iterations, the first exaggeration_iterations exaggerated. Returns the
    // iterations done (fewer when progress returned false).
    int run(const LayoutProgress& progress = {});
    // A warm refresh: `iterations`, the first `exaggerated` of them (at most all) exaggerated at the
    // early momentum, the rest at the final momentum. Throws Error for a negative count.
    int refresh(int iterations, int exaggerated, const LayoutProgress& progress = {});

    int size() const { return p_.n; }
    std::vector<float> xy() const;  // 2n floats, x y interleaved
    const TsneAffinities& affinities() const { return p_; }
    const TsneConfig& config() const { return config_; }

private:
    int optimise(int iterations, int exaggerated, const LayoutProgress& progress);

    TsneConfig config_;
    TsneAffinities p_;
    std::vector<double> y_, update_, gain_, gradient_;
    std::unique_ptr<TaskTeam> team_;
};

}  // namespace towerlab
