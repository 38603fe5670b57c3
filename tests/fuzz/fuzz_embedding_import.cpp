// Embedding import: vectors (Projector TSV or NumPy .npy) and a metadata TSV.
// Input: one option byte, then metadata.tsv \0 vectors (see fuzz_harnesses.h). The vectors are the
// last part so binary .npy data may hold NUL bytes. Option bits: 1 = the vectors are vectors.npy
// (else vectors.tsv); 2 = keep the original lengths (normalize off); 4 = no click column.
#include "core/error.h"
#include "export/embedding_import.h"
#include "fuzz_harnesses.h"

namespace towerlab::fuzz {

int embedding_import(const uint8_t* data, size_t size) {
    if (size < 1) return 0;
    const uint8_t option = data[0];
    const std::vector<std::string_view> parts = split_parts(data + 1, size - 1, 2);
    const ScratchDir& dir = ScratchDir::get();
    const std::string vectors_name = (option & 1) ? "vectors.npy" : "vectors.tsv";
    dir.write_parts({"metadata.tsv", vectors_name}, parts);
    ImportOptions o;
    o.normalize = !(option & 2);
    if (option & 4) o.clicks_column = "none";
    try {
        const ImportedEmbeddings e =
            import_item_embeddings(dir.path() + "/" + vectors_name, dir.path() + "/metadata.tsv", o);
        if (e.item_ids.size() != static_cast<size_t>(e.size()) || e.fields.num_rows() != e.size() ||
            (e.has_clicks() && e.clicks.size() != e.item_ids.size()))
            __builtin_trap();
    } catch (const Error&) {
    }
    return 0;
}

}  // namespace towerlab::fuzz
