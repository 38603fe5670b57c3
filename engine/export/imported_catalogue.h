// Imported item embeddings, ready to inspect without training: what the app shows for a model
// trained elsewhere. Everything is computed from the vectors and the metadata alone:
//   - popularity groups from the metadata's click counts (head = top head_share of items with
//     clicks, long-tail = the rest with clicks, cold = none), when it has them;
//   - a 2-D PCA projection of the items, with each point's clicks and group (colour by popularity);
//   - nearest neighbours of an item by cosine (exact);
//   - the mutual-information matrix of the metadata fields (the CFM heatmap);
//   - ANN recall and latency against brute force. There is no user tower, so the queries are the
//     vectors of a seeded sample of items ("more like this" retrieval).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "data/split.h"
#include "export/embedding_import.h"
#include "serving/brute_force_index.h"
#include "serving/serving_benchmark.h"
#include "ssl/mutual_information.h"

namespace towerlab {

struct CatalogueProjection {
    std::vector<int32_t> items;      // which items (a seeded sample above max_points)
    std::vector<float> xy;           // 2 floats per item: coordinates on the first two principal axes
    std::vector<double> clicks;      // per point; empty without click counts
    std::vector<ItemGroup> group;    // per point; empty without click counts
    double explained[2] = {0, 0};    // share of the variance along each axis
};

class ImportedCatalogue {
public:
    explicit ImportedCatalogue(ImportedEmbeddings embeddings, double head_share = 0.2);

    const ImportedEmbeddings& embeddings() const { return e_; }
    int size() const { return e_.size(); }
    int find(const std::string& item_id) const;  // row of an id, -1 if absent

    bool has_popularity() const { return !group_.empty(); }
    ItemGroup group(int item) const { return group_[static_cast<size_t>(item)]; }
    int num_head = 0, num_tail = 0, num_cold = 0;

    CatalogueProjection projection(int max_points = 20000, uint64_t seed = 1) const;
    ScoredList neighbours(int item, int k) const;  // the item itself excluded
    const MutualInformation& mutual_information() const { return mi_; }
    ServingBenchReport ann_recall(const AnnIndexConfig& index, const ServingBenchConfig& bench, int queries = 1000,
                                  uint64_t seed = 1) const;

private:
    ImportedEmbeddings e_;
    std::vector<ItemGroup> group_;
    BruteForceIndex exact_;
    MutualInformation mi_;
};

}  // namespace towerlab
