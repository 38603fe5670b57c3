// How faithful a 2-D picture of embeddings is to their cosine neighbours: the figures that say
// whether a layout (eval/umap_layout.h, eval/tsne_layout.h, the PCA plane of eval/pca_projection.h)
// can be read as "near in the picture = similar to the model".
//
// For a seeded sample of query points (all points when there are at most max_queries), with
//   N_k(i)  the k nearest other points of i by cosine of the vectors (ties: smaller index first)
//   M_k(i)  the k nearest other points of i by Euclidean distance in the picture (same ties)
//   r(i, j) the rank of j among i's neighbours by cosine, 1 = nearest, over all n - 1 others
// both exact (brute force over all n points, for every query):
//
//   kNN recall@k      = mean over queries of |N_k(i) ∩ M_k(i)| / k
//                       the share of a point's model neighbours that the picture shows beside it
//   trustworthiness@k = 1 - 2 / (m k (2n - 3k - 1)) sum_{queries i} sum_{j in M_k(i) \ N_k(i)} (r(i, j) - k)
//                       (Venna & Kaski 2001; sklearn.manifold.trustworthiness over all n points,
//                       m = n). Over a sample, m is the number of queries: the sum of a query's
//                       penalties is at most k (2n - 3k - 1) / 2 (its k picture neighbours the k
//                       farthest by cosine), so the figure is 1 minus the mean penalty as a share
//                       of that maximum, exactly sklearn's on the sampled rows. 1: every picture
//                       neighbour is a true one; it punishes false neighbours by how false.
//
// Both are reported overall and per group (the app's head / long tail / cold), each over the
// queries of that group, with the count, so a small group's figure can be read with its noise.
#pragma once

#include <cstdint>
#include <vector>

#include "model/matrix.h"

namespace towerlab {

struct FaithfulnessConfig {
    int k = 15;              // neighbours compared; trustworthiness needs k < n / 2
    int max_queries = 1000;  // points measured (a seeded sample when there are more)
    uint64_t seed = 1;
    int threads = 2;

    void validate() const;   // throws Error naming the field
};

struct FaithfulnessFigures {
    int queries = 0;
    double knn_recall = 0;
    double trustworthiness = 0;
};

struct LayoutFaithfulness {
    int n = 0, k = 0;
    FaithfulnessFigures overall;
    std::vector<FaithfulnessFigures> per_group;  // by group label; a group without queries has 0 queries
};

// vectors: n rows (any norm; compared by cosine). xy: 2n floats, x y interleaved. group: n labels
// in 0..G-1, or empty for one group. Throws Error naming the argument on mismatched sizes, a
// negative label, or k >= n / 2.
LayoutFaithfulness layout_faithfulness(const Mat<float>& vectors, const std::vector<float>& xy,
                                       const std::vector<int>& group, const FaithfulnessConfig& config = {});

}  // namespace towerlab
