// The item-feature mutual-information matrix that drives correlated feature masking.
//
//   MI(U, V) = sum_{u,v} p(u,v) log( p(u,v) / (p(u) p(v)) )     (nats)
//
// estimated over the catalogue (each item counts once). Rule for multi-valued fields: an item with
// a set of s values contributes weight 1/s to each of its values, so every item carries total mass 1
// in every field; the joint of two fields spreads the item's mass over the product of its sets.
// Rule for the ID field: MI(ID, X) = H(X) for every X, so the ID would be every field's "most
// correlated" partner and CFM would degenerate. The ID is therefore left out of the ranking: CFM
// chooses seeds and partners among content fields only, and the ID joins one of the two views at
// random. The matrix still reports the ID row (= entropies) so the heatmap can show why.
#pragma once

#include <vector>

#include "data/feature_schema.h"

namespace towerlab {

struct MutualInformation {
    std::vector<std::string> field_names;        // all item fields, schema order
    std::vector<int> content_fields;             // field indices that CFM may choose from
    std::vector<std::vector<double>> mi;         // k x k, nats; diagonal = entropy H(U)
    std::vector<std::vector<double>> normalized; // MI / sqrt(H(U) H(V)), in [0, 1]

    int num_fields() const { return static_cast<int>(field_names.size()); }
};

MutualInformation compute_mutual_information(const FeatureTable& items);

// The group correlated feature masking masks together with `seed_field`: the seed plus its
// floor(c/2) most related content fields by MI (c = number of content fields), seed first.
std::vector<int> correlated_mask_group(const MutualInformation& mi, int seed_field);

}  // namespace towerlab
