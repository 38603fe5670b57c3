// Importing item embeddings trained elsewhere (a cluster job, another framework) so they can be
// inspected here without training: vectors from a .npy file or a Projector vectors TSV, and a
// metadata TSV naming the item ids, optionally their click counts and any other fields.
//
// Metadata rules (the TensorFlow Embedding Projector's): with more than one column the first line
// is a header; a single-column file has no header and holds the ids. The id column is
// `id_column`, else "item_id", "id", else the first column; the click column is `clicks_column`,
// else the first of "clicks", "train_clicks", "count", "popularity" present. Every other column
// is a categorical field: an empty cell is "missing", '|' separates the values of a multi-valued
// cell, and a numeric column with many distinct values is cut into quantile buckets. A text column
// whose values occur less than twice on average (a title, a URL) is ID-like and left out: its mutual
// information with anything would be that field's entropy, as for the ID (MODELING.md).
//
// Errors name the file, the line and the column: a ragged TSV line, a non-number, a non-finite
// or all-zero vector, a duplicate id, a row count that differs between the two files.
#pragma once

#include <string>
#include <vector>

#include "data/feature_schema.h"
#include "model/matrix.h"

namespace towerlab {

struct ImportOptions {
    std::string id_column;          // "" = auto, as above
    std::string clicks_column;      // "" = auto; "none" = ignore click counts
    bool normalize = true;          // L2-normalise rows, so inner product = cosine (as served here)
    int numeric_buckets = 10;       // quantile buckets of a numeric column with many distinct values
    int numeric_categories = 50;    // a numeric column with at most this many distinct values is categorical
    int max_categories = 100000;    // a text column with more distinct values is dropped as ID-like
};

struct ImportedEmbeddings {
    std::string vectors_path, metadata_path;
    Mat<float> vectors;                    // items x d, unit rows when normalize is set
    std::vector<float> original_norms;     // per item, before normalisation
    std::vector<std::string> item_ids;
    std::vector<double> clicks;            // per item; empty when the metadata has no click column
    FeatureTable fields;                   // the other metadata columns, one row per item
    std::vector<std::string> dropped_columns;  // ID-like columns left out of `fields`

    int size() const { return static_cast<int>(vectors.rows()); }
    bool has_clicks() const { return !clicks.empty(); }
};

// vectors_path ends in .npy (NumPy) or anything else (TSV of numbers).
ImportedEmbeddings import_item_embeddings(const std::string& vectors_path, const std::string& metadata_path,
                                          const ImportOptions& options = {});

// A Projector vectors TSV: one row per line, tab-separated numbers, no header.
Mat<float> read_vectors_tsv(const std::string& path);

}  // namespace towerlab
