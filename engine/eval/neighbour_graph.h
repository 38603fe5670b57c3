// The k nearest neighbours by cosine of every row of a set of vectors: the input of every
// neighbour-preserving picture TowerLab draws (eval/umap_layout.h, eval/tsne_layout.h) and the
// reference a picture's faithfulness is measured against (eval/layout_faithfulness.h).
//
// Rows are L2-normalised first, so the inner product is the cosine, the order the model was
// trained and is served with. A zero row stays zero: its cosine with every row is 0, and so is
// every row's with it. A row is never its own neighbour (a duplicate row is: it is another row).
//
// Three ways (NeighbourGraphConfig::method; automatic: exact up to exact_max_rows, NN-Descent above):
//   exact   blocks of rows times all rows (one GEMM per block), the k best of each row kept by a
//           partial sort; O(n^2 d). The answer is exact (ties: the smaller index first) and the
//           same on any number of threads, so a layout built on it is reproducible.
//   NN-Descent  (Dong, Moses, Li, WWW 2011; started from tree leaves as PyNNDescent does): each
//           row's first candidates are the rows sharing a leaf with it in descent_trees angular
//           random-projection trees; then local joins (a neighbour of a neighbour, or of a row
//           listing it, is likely a neighbour) until a round changes fewer than descent_delta n k
//           entries. Each row keeps the k best of its own candidate set, the trees draw from the
//           seed, so the graph is the same for a seed on any number of threads. Approximate.
//   HNSW    every row inserted into an HNSW graph (serving/ann_index.h, inner product on unit
//           vectors) and queried for its k+1 best, itself dropped; O(n log n), approximate. With
//           threads > 1 the graph depends on insertion timing.
//   A layout tolerates a missed neighbour: it is pulled by the other k-1 and by its neighbours'
//   neighbours. On the 2-core VM (2026-12-07, k = 15, 2 threads, another process busy on the
//   machine; `towerlab-cli layout-bench --items 5000,100000 --threads 2 --tsne-large-iterations 0
//   --refine-chain 0`, recall against exact on 200 rows): 5,000 topic vectors exact 0.22 s,
//   NN-Descent 0.08 s (recall 1.000), HNSW 0.27 s (1.000); 100,000 topic vectors NN-Descent 5.3 s
//   (0.996), HNSW 9.7 s (0.994); 100,000 trained item vectors (`--vectors`, export-embeddings at
//   step 2000) NN-Descent 4.2 s (0.984), HNSW 6.5 s (0.986). So NN-Descent is the default above
//   exact_max_rows: as close as HNSW, 1.5-1.8x faster, and reproducible.
// And, for a refresh while training: refine_neighbour_graph re-ranks the previous graph's
// neighbours-of-neighbours for the moved vectors (NN-Descent), about 4x faster than HNSW at 100,000.
//
// Also here, shared by the layouts: their first coordinates on the principal plane, and placing
// points that have no coordinate yet at the mean of their graph neighbours' coordinates, how a
// layout refreshed while training (a warm start) gives a new item a place.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "model/matrix.h"

namespace towerlab {

// How build_neighbour_graph finds the neighbours (the ways, with figures, at the top of this file).
enum class NeighbourMethod {
    Automatic,  // Exact up to exact_max_rows, Descent above
    Exact,
    Hnsw,
    Descent,    // NN-Descent from random-projection-tree leaves
};
const char* neighbour_method_name(NeighbourMethod method);  // "exact", "HNSW", "NN-Descent" ("automatic")

struct NeighbourGraphConfig {
    int k = 15;                 // neighbours per row (lowered to n - 1 when there are fewer rows)
    NeighbourMethod method = NeighbourMethod::Automatic;
    int exact_max_rows = 8000;  // automatic: brute force up to this many rows, descent above
    int hnsw_M = 16;            // HNSW links per node (serving/ann_index.h)
    int hnsw_ef_construction = 100;  // a kNN graph's queries are the items themselves, in the
                                     // items' own distribution: a much lighter build than serving's
                                     // 400 keeps recall (user queries there are out of distribution).
                                     // 100,000 topic vectors (bench/layout_benchmark.h), k = 15,
                                     // on the busy 2-core VM: recall 0.992 in 17 s; with 200 and
                                     // ef_search 64: 0.997 in 30 s
    int hnsw_ef_search = 32;    // candidate list per query; raised to k + 1 when smaller
    uint64_t seed = 100;        // HNSW level generator; descent's trees
    int threads = 2;            // GEMM blocks / HNSW inserts and queries / descent rows in parallel
    // descent only:
    int descent_trees = 8;      // random-projection trees whose leaves give the first candidates
    int descent_leaf_size = 32; // rows per leaf at most; raised to k + 1 when smaller
    int descent_max_rounds = 12;  // local joins after the trees, at most
    double descent_delta = 0.001; // stop once a round changes fewer than delta n k entries
    int descent_join_max = 30;  // a row's forward neighbours that take part in a join, best first
                                // (k = 90 for t-SNE would otherwise join 90 x 90 pairs a row)
    // refine_neighbour_graph (k there is the previous graph's), and descent's joins:
    int refine_rounds = 1;      // descent rounds after the first pass: 1 bought the most recall per
                                // second (figures at refine_neighbour_graph)
    int refine_reverse_max = 15;  // reverse neighbours a row takes as candidates, the most similar
                                  // first (a hub is listed by thousands of rows)

    void validate() const;      // throws Error naming the field
};

// What NeighbourMethod::Automatic means for n rows under `config` (any other method: itself).
NeighbourMethod neighbour_method_for(int n, const NeighbourGraphConfig& config);

// Told after each epoch (UMAP) or iteration (t-SNE) of a layout run: how many are done of how many
// the run will do. Returning false stops the run after that epoch; the coordinates are then those
// of the epochs done. An empty function runs to the end.
using LayoutProgress = std::function<bool(int done, int total)>;

// Row-major n x k: row i lists i's neighbours best first, with their cosine.
struct NeighbourGraph {
    int n = 0, k = 0;
    bool exact = true;                // false: found by NN-Descent or HNSW or refined from a previous graph, approximately
    std::vector<int32_t> index;       // n * k
    std::vector<float> similarity;    // n * k, cosine, non-increasing along a row

    int32_t neighbour(int i, int r) const { return index[static_cast<size_t>(i) * static_cast<size_t>(k) + static_cast<size_t>(r)]; }
    float cosine(int i, int r) const { return similarity[static_cast<size_t>(i) * static_cast<size_t>(k) + static_cast<size_t>(r)]; }
};

// The graph of every row of `vectors` (any norm; normalised here). Throws Error for no rows or a
// bad config.
NeighbourGraph build_neighbour_graph(const Mat<float>& vectors, const NeighbourGraphConfig& config = {});

// A graph refreshed for vectors that moved a little since `previous` was built on the same rows,
// in the manner of NN-Descent (Dong, Moses, Li, "Efficient k-nearest neighbor graph construction
// for generic similarity measures", WWW 2011): a neighbour of a neighbour is likely a neighbour.
// So a row's new neighbours are sought only among its previous neighbours and the rows that list
// it (its reverse neighbours, at most refine_reverse_max, the most similar by the previous graph's
// cosine), and the previous neighbours of both (the paper's local join over forward and reverse
// neighbours), every cosine recomputed on the current unit rows and the k best kept (never the row
// itself, no duplicates; ties: the smaller index first). Each further round (refine_rounds) does
// the same over the graph the round before found. About 500 candidates a row for k = 15: O(n k^2 d)
// a round. Per-row work is independent, so the result is the same on any number of threads.
// exact = false: a true neighbour the rounds never reach is missed.
// Measured on trained item vectors 300 steps apart (`towerlab-cli export-embeddings --steps 2000`
// and `--steps 2300`, items.npy; the old graph then still held 62% of the exact neighbours at
// 5,000 items, 39% at 100,000 with `--syn-items 100000 --syn-users 50000 --syn-clicks 1000000`),
// recall against exact neighbours after 0 / 1 / 2 / 3 further rounds: 5,000 items 0.939 / 0.978 /
// 0.983 / 0.984; 100,000 items (from the HNSW graph, 300 rows sampled) 0.74 / 0.90 / 0.94 / 0.95 in
// 1.6 / 3.0 / 4.3 / 4.3 s on the 2-core VM, where HNSW rebuilt in 12 s to 0.98 (a scratch program
// over these functions; `towerlab-cli layout-bench --vectors A.npy --later-vectors B.npy
// --refine-rounds R` prints the same on 200 rows). On synthetic topics turned a little
// (`layout-bench --items 5000,100000`): 0.9997 and 0.9977, 1.35 s against HNSW's 5.6 s.
// Throws Error naming `previous` when its rows do not match `vectors`, or a config field.
NeighbourGraph refine_neighbour_graph(const Mat<float>& vectors, const NeighbourGraph& previous,
                                      const NeighbourGraphConfig& config = {});

// The share of the exact k neighbours (ties: the smaller index) that `graph` lists, over `sample`
// rows drawn with a seed (with replacement), each checked by brute force: O(sample n d). 1 for an
// exact graph. What says whether a refined graph has drifted (session/item_layout.cpp) and what
// `towerlab-cli layout-bench` prints. Throws Error naming `graph` when its rows do not match.
double neighbour_graph_recall(const Mat<float>& vectors, const NeighbourGraph& graph, int sample, uint64_t seed,
                              int threads = 2);

// `vectors` with every non-zero row scaled to unit length (zero rows stay zero).
Mat<float> unit_rows(const Mat<float>& vectors);

// The common start of a layout: x, y of every row on the first two principal axes of the rows
// (eval/pca_projection.h), the axes found from at most 20,000 rows drawn with a fixed seed: plenty
// to pin two axes of 64 dimensions, where the covariance of all 100,000 took 3 s on the busy 2-core
// VM (Eigen's GEMM threads waiting on a shared core). umap_initial_layout and tsne_initial_layout
// scale it each their own way.
std::vector<float> principal_plane(const Mat<float>& vectors);

// Warm start of a layout: x, y per point (2n floats, interleaved) where point i keeps
// previous_xy[2i..2i+1] when has_previous[i], and otherwise starts at the mean of its graph
// neighbours that have a place. A point none of whose neighbours has one waits for a later round,
// when neighbours placed in this one count (so a new cluster grows in from its edge); a point
// still unplaced after that (its whole component is new) starts at the mean of all previous
// points. No previous point at all: every point at the origin. previous_xy holds 2n floats (the
// entries of points without a previous place are ignored).
std::vector<float> place_at_neighbour_mean(const NeighbourGraph& graph, const std::vector<float>& previous_xy,
                                           const std::vector<uint8_t>& has_previous);

}  // namespace towerlab
