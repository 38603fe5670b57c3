// The map's neighbour-preserving layouts: UMAP (McInnes et al. 2018) and Barnes-Hut t-SNE
// (van der Maaten 2014) of the projected items' vectors, or of a sample of users' (MapSubject;
// eval/umap_layout.h, eval/tsne_layout.h), beside PCA, and how faithful each picture is.
//
// PCA is a linear view: 20 topic clusters in a 64-D cosine space overlap on its two axes. UMAP and
// t-SNE place each item near its nearest neighbours by cosine instead, so clusters separate, at a
// price the screen must state: distances between clusters and cluster sizes mean little (Wattenberg
// et al., "How to use t-SNE effectively", Distill 2016). The faithfulness figures say how much of
// the 64-D neighbourhood survives: kNN recall@k and trustworthiness@k (eval/layout_faithfulness.h),
// overall and per popularity group.
//
// Live: a UMAP layout of a later step starts from the previous layout of the same run (a few
// epochs, not a restart), so points drift rather than jump; an item without a previous place
// starts at the mean of its neighbours' places. Its kNN graph is refined from the previous
// layout's (NN-Descent, eval/neighbour_graph.h), the items having moved little, and rebuilt in
// full once its measured recall drifted under graph_min_recall. A t-SNE refresh likewise starts
// from the previous picture, on a graph built anew, with a short exaggerated phase of its own so
// that points whose neighbours changed can regroup (eval/tsne_layout.h, with the figures).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "data/split.h"
#include "eval/layout_faithfulness.h"

namespace towerlab {

struct NeighbourGraph;  // eval/neighbour_graph.h

enum class LayoutMethod { Pca = 0, Umap = 1, Tsne = 2 };
const char* to_string(LayoutMethod m);  // "PCA", "UMAP", "t-SNE"

// What a map shows: the item vectors, or a sample of the user vectors. Both towers end in the same
// space (a user's score for an item is their cosine), so the user map is read like the item map:
// users near each other are served alike.
enum class MapSubject { Items = 0, Users = 1 };
const char* to_string(MapSubject s);  // "items", "users"

// The points of a map: for each, its row of `vectors`, its id (item or user) and its group, a
// label from 0 (ItemGroup for items; click_bucket() of the user's training clicks for users).
struct MapPoints {
    MapSubject subject = MapSubject::Items;
    std::shared_ptr<const Eigen::MatrixXf> vectors;
    std::vector<int32_t> rows, ids;
    std::vector<int> groups;
};

// The item map's points: `items` of the item vectors (a row per item), by popularity group.
MapPoints item_map_points(std::shared_ptr<const Eigen::MatrixXf> vectors, const std::vector<int32_t>& items,
                          const Split& split);
// The user map's points: `vectors` holds one row per user of `users`, in that order; each user's
// group is click_bucket() of their training clicks.
MapPoints user_map_points(std::shared_ptr<const Eigen::MatrixXf> vectors, const std::vector<int32_t>& users,
                          const Split& split);

struct ItemLayoutOptions {
    int neighbours = 15;          // UMAP's n_neighbors, and the k of the faithfulness figures
    double perplexity = 30;       // t-SNE
    int refresh_epochs = 30;      // UMAP epochs of a warm refresh
    int refresh_iterations = 250; // t-SNE iterations of a warm refresh, a quarter of a cold run...
    int refresh_exaggerated_iterations = 100;  // ...the first 100 exaggerated (eval/tsne_layout.h:
                                               // the figures that chose 100 + 150)
    double graph_min_recall = 0.9;  // a refined kNN graph (eval/neighbour_graph.h) whose recall
                                    // against exact neighbours, measured on graph_recall_sample
                                    // items, falls below this is rebuilt in full at the next
                                    // refresh (item_layout.cpp says why this figure)
    int graph_recall_sample = 200;
    int faithfulness_queries = 500;
    uint64_t seed = 1;
    int threads = 1;              // 1: the same vectors give the same layout
};

struct ItemLayout {
    MapSubject subject = MapSubject::Items;
    LayoutMethod method = LayoutMethod::Pca;
    long run = 0, step = 0;       // whose vectors
    std::vector<int32_t> items;   // the ids of the points (items, or users on the user map), in the map's order
    std::vector<float> xy;        // 2 floats per point
    bool warm = false;            // started from the previous layout rather than from scratch
    int epochs = 0;               // epochs (UMAP) or iterations (t-SNE) run for this layout
    double seconds = 0;           // wall time of the whole computation, neighbours and figures included
    LayoutFaithfulness faithfulness;  // groups as MapPoints::groups (items: head, long tail, cold)
    // UMAP: the kNN graph the layout was made from, which the next warm refresh of the same run and
    // items refines instead of rebuilding; how many refinements in a row led to it (0: built); and,
    // when refined, its recall against exact neighbours on a sample (-1: built, not measured).
    std::shared_ptr<const NeighbourGraph> graph;
    int graph_refinements = 0;
    double graph_recall = -1;
};

// progress(done, total) returns false to cancel; then null is returned.
using ItemLayoutProgress = std::function<bool(const std::string& stage, int done, int total)>;

// The layout of `items` of the item vectors `vectors` (one row per item) by `method`. For PCA,
// `pca_xy` (the worker's projection of the same items) is taken as the layout and only its
// faithfulness is measured. `previous`, when a UMAP layout of the same run, is where a UMAP layout
// starts.
std::shared_ptr<ItemLayout> compute_item_layout(const Eigen::MatrixXf& vectors, const std::vector<int32_t>& items,
                                                const Split& split, LayoutMethod method, const std::vector<float>& pca_xy,
                                                const ItemLayout* previous, long run, long step,
                                                const ItemLayoutOptions& options, const ItemLayoutProgress& progress = {});

// The same for any map's points. PCA with no `pca_xy` (the user map) lays the points on their own
// principal plane, each axis signed to agree with `previous` when it is a PCA map of the same run
// and subject. Throws Error when rows, ids and groups differ in length or a row is out of range.
std::shared_ptr<ItemLayout> compute_map_layout(const MapPoints& points, LayoutMethod method, const std::vector<float>& pca_xy,
                                               const ItemLayout* previous, long run, long step,
                                               const ItemLayoutOptions& options, const ItemLayoutProgress& progress = {});

}  // namespace towerlab
