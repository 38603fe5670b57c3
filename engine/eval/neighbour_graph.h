// The k nearest neighbours by cosine of every row of a set of vectors: the input of every
// neighbour-preserving picture TowerLab draws (eval/umap_layout.h, eval/tsne_layout.h) and the
// reference a picture's faithfulness is measured against (eval/layout_faithfulness.h).
//
// Rows are L2-normalised first, so the inner product is the cosine, the order the model was
// trained and is served with. A zero row stays zero: its cosine with every row is 0, and so is
// every row's with it. A row is never its own neighbour (a duplicate row is: it is another row).
//
// Two ways, chosen by size:
//   exact   n <= exact_max_rows: blocks of rows times all rows (one GEMM per block), the k best of
//           each row kept by a partial sort; O(n^2 d). The answer is exact (ties: the smaller index
//           first) and the same on any number of threads, so a layout built on it is reproducible.
//   HNSW    above it: every row inserted into an HNSW graph (serving/ann_index.h, inner product
//           on unit vectors) and queried for its k+1 best, itself dropped; O(n log n), and the
//           neighbours are approximate (recall against exact 0.99 on 100,000 topic vectors with
//           the defaults; `towerlab-cli layout-bench` prints it). With threads > 1 the graph
//           depends on insertion timing. A layout tolerates a missed neighbour: it is pulled by
//           the other k-1 and by its neighbours' neighbours.
//   On the 2-core VM, 8,000 x 64, k = 15: exact 1.2 s, HNSW 0.7 s; 100,000 x 64: HNSW 10 s.
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

struct NeighbourGraphConfig {
    int k = 15;                 // neighbours per row (lowered to n - 1 when there are fewer rows)
    int exact_max_rows = 8000;  // brute force up to this many rows, HNSW above
    int hnsw_M = 16;            // HNSW links per node (serving/ann_index.h)
    int hnsw_ef_construction = 100;  // a kNN graph's queries are the items themselves, in the
                                     // items' own distribution: a much lighter build than serving's
                                     // 400 keeps recall (user queries there are out of distribution).
                                     // 100,000 topic vectors (bench/layout_benchmark.h), k = 15,
                                     // on the busy 2-core VM: recall 0.992 in 17 s; with 200 and
                                     // ef_search 64: 0.997 in 30 s
    int hnsw_ef_search = 32;    // candidate list per query; raised to k + 1 when smaller
    uint64_t seed = 100;        // HNSW level generator
    int threads = 2;            // GEMM blocks / HNSW inserts and queries in parallel

    void validate() const;      // throws Error naming the field
};

// Told after each epoch (UMAP) or iteration (t-SNE) of a layout run: how many are done of how many
// the run will do. Returning false stops the run after that epoch; the coordinates are then those
// of the epochs done. An empty function runs to the end.
using LayoutProgress = std::function<bool(int done, int total)>;

// Row-major n x k: row i lists i's neighbours best first, with their cosine.
struct NeighbourGraph {
    int n = 0, k = 0;
    bool exact = true;                // false: found by HNSW, approximately
    std::vector<int32_t> index;       // n * k
    std::vector<float> similarity;    // n * k, cosine, non-increasing along a row

    int32_t neighbour(int i, int r) const { return index[static_cast<size_t>(i) * static_cast<size_t>(k) + static_cast<size_t>(r)]; }
    float cosine(int i, int r) const { return similarity[static_cast<size_t>(i) * static_cast<size_t>(k) + static_cast<size_t>(r)]; }
};

// The graph of every row of `vectors` (any norm; normalised here). Throws Error for no rows or a
// bad config.
NeighbourGraph build_neighbour_graph(const Mat<float>& vectors, const NeighbourGraphConfig& config = {});

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
