// Embeddings with their metadata, as exchanged with other tools: one vector per entity and, per
// entity, a row of named string columns (id, title, click count, group, feature values). Exported
// by embedding_export.h, imported by embedding_import.h.
#pragma once

#include <string>
#include <vector>

#include "model/matrix.h"

namespace towerlab {

struct EmbeddingTable {
    Mat<float> vectors;                          // rows x d
    std::vector<std::string> columns;            // metadata column names
    std::vector<std::vector<std::string>> rows;  // metadata, rows x columns

    int size() const { return static_cast<int>(vectors.rows()); }
    int column(const std::string& name) const;   // -1 if absent
};

}  // namespace towerlab
