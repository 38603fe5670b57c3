#include "export/embedding_import.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <map>
#include <unordered_map>

#include "core/error.h"
#include "data/line_reader.h"
#include "export/npy_format.h"

namespace towerlab {
namespace {

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    size_t start = 0;
    for (;;) {
        const size_t at = s.find(sep, start);
        out.push_back(s.substr(start, at == std::string::npos ? std::string::npos : at - start));
        if (at == std::string::npos) return out;
        start = at + 1;
    }
}

// Lines of a text file without their '\n' / "\r\n"; final empty lines are dropped. LineReader's
// checks apply: a folder, an unreadable or empty file, a NUL byte, a line over 1 MiB.
std::vector<std::string> read_lines(const std::string& path) {
    LineReader reader(path, kMaxLineBytes, BlankLines::Keep);
    std::vector<std::string> lines;
    std::string_view line;
    while (reader.next(line)) lines.emplace_back(line);
    while (!lines.empty() && lines.back().empty()) lines.pop_back();
    return lines;
}

bool parse_number(const std::string& s, double& out) {
    if (s.empty()) return false;
    char* end = nullptr;
    out = std::strtod(s.c_str(), &end);
    return end == s.c_str() + s.size();
}

bool ends_with(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

int find_column(const std::vector<std::string>& header, const std::vector<std::string>& names) {
    for (const auto& n : names)
        for (size_t c = 0; c < header.size(); ++c)
            if (header[c] == n) return static_cast<int>(c);
    return -1;
}

// One metadata column as a field of the FeatureTable, or nothing when it is ID-like.
struct ColumnField {
    bool keep = false;
    FieldSpec spec;
    std::vector<std::vector<int32_t>> values;  // per row
};

ColumnField make_field(const std::string& name, const std::vector<std::string>& cells, const ImportOptions& o) {
    ColumnField f;
    f.spec.name = name;
    f.values.resize(cells.size());
    // Numeric with many distinct values: quantile buckets.
    bool numeric = true;
    std::vector<double> nums(cells.size(), 0.0);
    std::vector<double> present;
    for (size_t r = 0; r < cells.size() && numeric; ++r) {
        if (cells[r].empty()) continue;
        numeric = parse_number(cells[r], nums[r]) && std::isfinite(nums[r]);
        present.push_back(nums[r]);
    }
    if (numeric && !present.empty()) {
        std::vector<double> sorted = present;
        std::sort(sorted.begin(), sorted.end());
        const size_t distinct = static_cast<size_t>(std::unique(sorted.begin(), sorted.end()) - sorted.begin());
        if (distinct > static_cast<size_t>(o.numeric_categories)) {
            std::sort(present.begin(), present.end());
            std::vector<double> edges;  // upper edges of buckets 1..B-1
            for (int b = 1; b < o.numeric_buckets; ++b) {
                const double e = present[present.size() * static_cast<size_t>(b) / static_cast<size_t>(o.numeric_buckets)];
                if (edges.empty() || e > edges.back()) edges.push_back(e);
            }
            f.spec.kind = FieldKind::Bucketized;
            f.spec.cardinality = static_cast<int>(edges.size()) + 1;
            f.spec.bucket_edges = edges;
            for (int b = 0; b < f.spec.cardinality; ++b)
                f.spec.value_names.push_back(b == 0 ? "< " + std::to_string(edges.empty() ? 0.0 : edges[0])
                                                    : ">= " + std::to_string(edges[static_cast<size_t>(b) - 1]));
            for (size_t r = 0; r < cells.size(); ++r)
                if (!cells[r].empty())
                    f.values[r] = {static_cast<int32_t>(std::upper_bound(edges.begin(), edges.end(), nums[r]) - edges.begin()) + 1};
            f.keep = true;
            return f;
        }
    }
    // Categorical, multi-valued when a cell holds '|'.
    std::map<std::string, int32_t> index;
    bool multi = false;
    for (const auto& c : cells) {
        if (c.find('|') != std::string::npos) multi = true;
        for (const auto& v : split(c, '|'))
            if (!v.empty()) index.emplace(v, 0);
    }
    size_t occurrences = 0;
    for (const auto& c : cells)
        for (const auto& v : split(c, '|')) occurrences += !v.empty();
    if (index.size() > static_cast<size_t>(o.max_categories) || (occurrences >= 20 && 2 * index.size() > occurrences))
        return f;  // ID-like (values seen less than twice on average): not kept
    int32_t next = 1;
    for (auto& [v, id] : index) {
        id = next++;
        f.spec.value_names.push_back(v);
    }
    f.spec.kind = multi ? FieldKind::MultiCategorical : FieldKind::Categorical;
    f.spec.cardinality = static_cast<int>(index.size());
    for (size_t r = 0; r < cells.size(); ++r)
        for (const auto& v : split(cells[r], '|'))
            if (!v.empty()) {
                const int32_t id = index[v];
                if (std::find(f.values[r].begin(), f.values[r].end(), id) == f.values[r].end()) f.values[r].push_back(id);
            }
    f.keep = true;
    return f;
}

}  // namespace

Mat<float> read_vectors_tsv(const std::string& path) {
    const std::vector<std::string> lines = read_lines(path);
    if (lines.empty()) throw Error(ErrorContext{path, 0, ""}, "no vectors (the file is empty)");
    const size_t d = split(lines[0], '\t').size();
    Mat<float> m(static_cast<Eigen::Index>(lines.size()), static_cast<Eigen::Index>(d));
    for (size_t r = 0; r < lines.size(); ++r) {
        const std::vector<std::string> cells = split(lines[r], '\t');
        const long line = static_cast<long>(r) + 1;
        if (cells.size() != d)  // the field is the first missing (or first extra) column
            throw Error(ErrorContext{path, line, "column " + std::to_string(std::min(cells.size(), d) + 1)}, "has " + std::to_string(cells.size()) + " values, line 1 has " +
                                                          std::to_string(d) + " (vectors are tab-separated, no header)");
        for (size_t c = 0; c < d; ++c) {
            double v;
            const ErrorContext at{path, line, "column " + std::to_string(c + 1)};
            if (!parse_number(cells[c], v)) throw Error(at, quoted_value(cells[c]) + " is not a number");
            // beyond float's range is infinite once stored
            if (!std::isfinite(v) || std::fabs(v) > std::numeric_limits<float>::max())
                throw Error(at, quoted_value(cells[c]) + " is not a finite float (NaN, Inf or beyond 3.4e38)");
            m(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c)) = static_cast<float>(v);
        }
    }
    return m;
}

ImportedEmbeddings import_item_embeddings(const std::string& vectors_path, const std::string& metadata_path,
                                          const ImportOptions& o) {
    if (o.numeric_buckets < 2) throw Error(ErrorContext{"", 0, "numeric_buckets"}, "must be at least 2");
    if (o.numeric_categories < 1) throw Error(ErrorContext{"", 0, "numeric_categories"}, "must be at least 1");
    ImportedEmbeddings out;
    out.vectors_path = vectors_path;
    out.metadata_path = metadata_path;
    const bool npy = ends_with(vectors_path, ".npy");
    out.vectors = npy ? read_npy_matrix(vectors_path) : read_vectors_tsv(vectors_path);
    const long n = static_cast<long>(out.vectors.rows());
    if (n == 0 || out.vectors.cols() == 0) throw Error(ErrorContext{vectors_path, 0, ""}, "no vectors");

    // Vectors: finite, non-zero, normalised.
    out.original_norms.resize(static_cast<size_t>(n));
    for (long r = 0; r < n; ++r) {
        const ErrorContext at{vectors_path, npy ? 0 : r + 1, npy ? "row " + std::to_string(r) : ""};
        if (!out.vectors.row(r).allFinite()) throw Error(at, "vector has a NaN or infinite value");
        const float norm = out.vectors.row(r).norm();
        out.original_norms[static_cast<size_t>(r)] = norm;
        if (o.normalize) {
            if (!(norm > 0)) throw Error(at, "all-zero vector: it has no direction, so no cosine");
            out.vectors.row(r) /= norm;
        }
    }

    // Metadata.
    const std::vector<std::string> lines = read_lines(metadata_path);
    std::vector<std::string> header;
    size_t first_row = 0;
    if (static_cast<long>(lines.size()) == n + 1) {
        header = split(lines[0], '\t');
        first_row = 1;
    } else if (static_cast<long>(lines.size()) == n) {
        if (split(lines[0], '\t').size() > 1)
            // Either the header is missing or a row is: say both, with the counts.
            throw Error(ErrorContext{metadata_path, 1, ""},
                        "has " + std::to_string(lines.size()) + " lines for " + std::to_string(n) + " vectors in " +
                            vectors_path + " and several columns: a multi-column metadata file needs a header "
                            "row plus one row per vector (Projector format)");
        header = {"item_id"};
    } else {
        throw Error(ErrorContext{metadata_path, 0, ""}, "has " + std::to_string(lines.size()) + " lines for " +
                                                            std::to_string(n) + " vectors in " + vectors_path +
                                                            " (expected a header plus one row per vector)");
    }
    for (size_t c = 0; c < header.size(); ++c)
        if (!is_valid_utf8(header[c]))
            throw Error(ErrorContext{metadata_path, 1, "column " + std::to_string(c + 1)},
                        "header name is not valid UTF-8 (save the file as UTF-8)");
    const size_t cols = header.size();
    std::vector<std::vector<std::string>> cells(cols, std::vector<std::string>(static_cast<size_t>(n)));
    for (long r = 0; r < n; ++r) {
        const size_t li = first_row + static_cast<size_t>(r);
        const std::vector<std::string> row = split(lines[li], '\t');
        if (row.size() != cols)  // a short row names its first missing column
            throw Error(ErrorContext{metadata_path, static_cast<long>(li) + 1, row.size() < cols ? header[row.size()] : ""},
                        "has " + std::to_string(row.size()) + " columns, the header has " + std::to_string(cols));
        for (size_t c = 0; c < cols; ++c)
            if (!is_valid_utf8(row[c]))
                throw Error(ErrorContext{metadata_path, static_cast<long>(li) + 1, header[c]},
                            "is not valid UTF-8 (save the file as UTF-8)");
        for (size_t c = 0; c < cols; ++c) cells[c][static_cast<size_t>(r)] = row[c];
    }

    int id_col = o.id_column.empty() ? find_column(header, {"item_id", "id"}) : find_column(header, {o.id_column});
    if (id_col < 0 && !o.id_column.empty())
        throw Error(ErrorContext{metadata_path, 1, o.id_column}, "no such column in the header");
    if (id_col < 0) id_col = 0;
    int clicks_col = -1;
    if (o.clicks_column != "none") {
        clicks_col = o.clicks_column.empty() ? find_column(header, {"clicks", "train_clicks", "count", "popularity"})
                                             : find_column(header, {o.clicks_column});
        if (clicks_col < 0 && !o.clicks_column.empty())
            throw Error(ErrorContext{metadata_path, 1, o.clicks_column}, "no such column in the header");
        if (clicks_col == id_col) clicks_col = -1;
    }

    out.item_ids = cells[static_cast<size_t>(id_col)];
    std::unordered_map<std::string, long> seen;
    for (long r = 0; r < n; ++r) {
        const std::string& id = out.item_ids[static_cast<size_t>(r)];
        const long line = static_cast<long>(first_row) + r + 1;
        if (id.empty()) throw Error(ErrorContext{metadata_path, line, header[static_cast<size_t>(id_col)]}, "empty item id");
        const auto [it, fresh] = seen.emplace(id, line);
        if (!fresh)
            throw Error(ErrorContext{metadata_path, line, header[static_cast<size_t>(id_col)]},
                        "duplicate item id '" + id + "' (first on line " + std::to_string(it->second) + ")");
    }
    if (clicks_col >= 0) {
        out.clicks.resize(static_cast<size_t>(n));
        for (long r = 0; r < n; ++r) {
            const std::string& s = cells[static_cast<size_t>(clicks_col)][static_cast<size_t>(r)];
            double v = 0;
            if (!s.empty() && (!parse_number(s, v) || !std::isfinite(v) || v < 0))
                throw Error(ErrorContext{metadata_path, static_cast<long>(first_row) + r + 1, header[static_cast<size_t>(clicks_col)]},
                            "'" + s + "' is not a non-negative click count");
            out.clicks[static_cast<size_t>(r)] = v;
        }
    }

    std::vector<ColumnField> kept;
    for (size_t c = 0; c < cols; ++c) {
        if (static_cast<int>(c) == id_col || static_cast<int>(c) == clicks_col) continue;
        ColumnField f = make_field(header[c], cells[c], o);
        if (f.keep) kept.push_back(std::move(f));
        else out.dropped_columns.push_back(header[c]);
    }
    std::vector<FieldSpec> specs;
    for (const auto& f : kept) specs.push_back(f.spec);
    out.fields = FeatureTable(specs);
    out.fields.reserve(static_cast<int>(n));
    std::vector<std::vector<int32_t>> row(kept.size());
    for (long r = 0; r < n; ++r) {
        for (size_t f = 0; f < kept.size(); ++f) row[f] = kept[f].values[static_cast<size_t>(r)];
        out.fields.add_row(row);
    }
    return out;
}

}  // namespace towerlab
