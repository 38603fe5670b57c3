#include "export/embedding_export.h"

#include <cstdio>
#include <filesystem>

#include "checkpoint/atomic_file.h"
#include "core/error.h"
#include "data/dataset.h"
#include "data/split.h"
#include "export/npy_format.h"
#include "train/trainer.h"

namespace towerlab {

int EmbeddingTable::column(const std::string& name) const {
    for (size_t c = 0; c < columns.size(); ++c)
        if (columns[c] == name) return static_cast<int>(c);
    return -1;
}

namespace {

std::string field_text(const FeatureTable& table, int row, int field) {
    const FieldSpec& spec = table.fields()[static_cast<size_t>(field)];
    std::string s;
    for (int32_t v : table.values(row, field)) {
        if (v == kMissingValue) continue;  // an empty cell is "missing", as the importer reads it
        if (!s.empty()) s += '|';
        s += spec.value_name(v);
    }
    return s;
}

std::string clean(std::string s) {
    for (char& c : s)
        if (c == '\t' || c == '\n' || c == '\r') c = ' ';
    return s;
}

}  // namespace

EmbeddingTable item_embedding_table(const Trainer& trainer) {
    const Dataset& d = trainer.dataset();
    const Split& s = trainer.split();
    EmbeddingTable t;
    t.vectors = trainer.item_embeddings();
    t.columns = {"item_id", "title", "clicks", "group"};
    const bool topics = !d.item_topic.empty();
    if (topics) t.columns.push_back("topic");
    const int id = d.items.id_field();
    for (int f = 0; f < d.items.num_fields(); ++f)
        if (f != id) t.columns.push_back(d.items.fields()[static_cast<size_t>(f)].name);
    t.rows.reserve(static_cast<size_t>(d.num_items()));
    for (int i = 0; i < d.num_items(); ++i) {
        std::vector<std::string> r{d.item_id(i), d.item_title(i), std::to_string(s.train_clicks[static_cast<size_t>(i)]),
                                   to_string(s.item_group[static_cast<size_t>(i)])};
        if (topics) r.push_back(std::to_string(d.item_topic[static_cast<size_t>(i)]));
        for (int f = 0; f < d.items.num_fields(); ++f)
            if (f != id) r.push_back(field_text(d.items, i, f));
        t.rows.push_back(std::move(r));
    }
    return t;
}

EmbeddingTable user_embedding_table(const Trainer& trainer) {
    const Dataset& d = trainer.dataset();
    const Split& s = trainer.split();
    std::vector<int32_t> users(static_cast<size_t>(d.num_users()));
    for (size_t u = 0; u < users.size(); ++u) users[u] = static_cast<int32_t>(u);
    std::vector<long> clicks(users.size(), 0);
    for (const Interaction& x : s.train) ++clicks[static_cast<size_t>(x.user)];
    EmbeddingTable t;
    t.vectors = trainer.user_embeddings(users);
    t.columns = {"user_id", "clicks"};
    const int id = d.users.id_field();
    for (int f = 0; f < d.users.num_fields(); ++f)
        if (f != id) t.columns.push_back(d.users.fields()[static_cast<size_t>(f)].name);
    for (int u = 0; u < d.num_users(); ++u) {
        std::vector<std::string> r{d.user_id(u), std::to_string(clicks[static_cast<size_t>(u)])};
        for (int f = 0; f < d.users.num_fields(); ++f)
            if (f != id) r.push_back(field_text(d.users, u, f));
        t.rows.push_back(std::move(r));
    }
    return t;
}

void write_vectors_tsv(const std::string& path, const Mat<float>& v) {
    write_file_atomically(path, [&](std::FILE* f) {
        char buf[32];
        std::string line;
        for (Eigen::Index r = 0; r < v.rows(); ++r) {
            line.clear();
            for (Eigen::Index c = 0; c < v.cols(); ++c) {
                // %.9g round-trips a float exactly
                const int n = std::snprintf(buf, sizeof buf, "%.9g", static_cast<double>(v(r, c)));
                if (c) line += '\t';
                line.append(buf, static_cast<size_t>(n));
            }
            line += '\n';
            write_bytes(f, line.data(), line.size(), path);
        }
    });
}

void write_metadata_tsv(const std::string& path, const EmbeddingTable& t) {
    write_file_atomically(path, [&](std::FILE* f) {
        std::string line;
        auto row = [&](const std::vector<std::string>& cells) {
            line.clear();
            for (size_t c = 0; c < cells.size(); ++c) {
                if (c) line += '\t';
                line += clean(cells[c]);
            }
            line += '\n';
            write_bytes(f, line.data(), line.size(), path);
        };
        row(t.columns);
        for (const auto& r : t.rows) row(r);
    });
}

std::vector<std::string> export_embeddings(const EmbeddingTable& t, const std::string& directory, const std::string& stem,
                                           ExportFormats formats) {
    if (static_cast<size_t>(t.vectors.rows()) != t.rows.size())
        throw Error(ErrorContext{"", 0, "metadata"}, std::to_string(t.rows.size()) + " metadata rows for " +
                                                         std::to_string(t.vectors.rows()) + " vectors");
    const std::string dir = directory.empty() ? std::string(".") : directory;
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) throw Error(ErrorContext{dir, 0, ""}, "cannot create the folder: " + ec.message());
    const std::string base = dir + "/" + stem;
    std::vector<std::string> written;
    if (formats.npy) {
        write_npy(base + ".npy", t.vectors);
        written.push_back(base + ".npy");
    }
    if (formats.tsv) {
        write_vectors_tsv(base + "_vectors.tsv", t.vectors);
        written.push_back(base + "_vectors.tsv");
    }
    write_metadata_tsv(base + "_metadata.tsv", t);
    written.push_back(base + "_metadata.tsv");
    return written;
}

}  // namespace towerlab
