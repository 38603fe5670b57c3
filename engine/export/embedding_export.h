// Exporting a model's embeddings for other tools:
//   <stem>.npy            float32 rows x d (NumPy)
//   <stem>_vectors.tsv    one vector per line, tab-separated, no header  } the TensorFlow Embedding
//   <stem>_metadata.tsv   a header row, then one row per vector          } Projector's two files
// The metadata file goes with both formats: a .npy holds no ids. Items are exported as served
// (cold items with the "missing" ID when the config says so), users as the user tower computes them.
#pragma once

#include <string>
#include <vector>

#include "export/embedding_table.h"

namespace towerlab {

class Trainer;

// Metadata columns: item_id, title, clicks (training clicks), group (head / long-tail / cold),
// topic (synthetic ground truth, when known), then one column per content field (value names,
// a multi-valued field's values joined by '|').
EmbeddingTable item_embedding_table(const Trainer& trainer);
// Metadata columns: user_id, clicks (training clicks), then one column per user field.
EmbeddingTable user_embedding_table(const Trainer& trainer);

struct ExportFormats {
    bool npy = true;
    bool tsv = true;
};

// Writes the files above into `directory`, created if missing; returns their paths. Every file is
// written atomically. Tabs and newlines inside metadata values become spaces.
std::vector<std::string> export_embeddings(const EmbeddingTable& table, const std::string& directory,
                                           const std::string& stem, ExportFormats formats = {});

void write_vectors_tsv(const std::string& path, const Mat<float>& vectors);
void write_metadata_tsv(const std::string& path, const EmbeddingTable& table);

}  // namespace towerlab
