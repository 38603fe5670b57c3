#include "data/csv_loader.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <numeric>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/json_file.h"
#include "data/binning.h"
#include "data/data_files.h"
#include "data/line_reader.h"

namespace towerlab {
namespace {

using nlohmann::json;

// ---------------------------------------------------------------------------------------------
// [SECTION] The schema

enum class ColumnKind { Id, Categorical, MultiCategorical, Bucketized, Numeric, Title, Cold };
enum class Normalize { None, ZScore, MinMax, Log1p };
enum class Binning { Edges, Quantile, Uniform };

struct ColumnSpec {
    std::string key;  // where it is in schema.json, for errors: "items.columns[2]"
    std::string name;
    ColumnKind kind = ColumnKind::Categorical;
    std::string separator;     // multi_categorical
    std::vector<double> edges; // bucketized; numeric with Binning::Edges
    Normalize normalize = Normalize::None;
    Binning binning = Binning::Edges;
    int buckets = 0;
};

struct TableSpec {
    bool present = false;
    std::string file;
    std::vector<ColumnSpec> columns;
};

struct InteractionSpec {
    std::string file, user, item, timestamp, label;
    double positive_threshold = 0;
};

struct Schema {
    std::string path;
    char delimiter = ',';
    InteractionSpec interactions;
    TableSpec items, users;
};

class SchemaReader {
public:
    SchemaReader(const DataFiles& files, const std::string& file) : files_(files), file_(file), path_(files.display_name(file)) {}

    [[noreturn]] void fail(const std::string& key, const std::string& message) const {
        throw Error(ErrorContext{path_, 0, key}, message);
    }

    void only_keys(const json& obj, const std::string& key, std::initializer_list<const char*> allowed) const {
        if (!obj.is_object()) fail(key, "expected a JSON object");
        for (auto it = obj.begin(); it != obj.end(); ++it)
            if (std::none_of(allowed.begin(), allowed.end(), [&](const char* a) { return it.key() == a; })) {
                std::string list;
                for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
                fail(join(key, it.key()), "unknown key (expected " + list + ")");
            }
    }

    std::string text(const json& obj, const std::string& key, const char* name, const std::string& fallback,
                     bool required) const {
        if (!obj.contains(name)) {
            if (required) fail(join(key, name), "is required");
            return fallback;
        }
        const json& v = obj.at(name);
        if (!v.is_string() || v.get<std::string>().empty()) fail(join(key, name), "expected a non-empty string");
        return v.get<std::string>();
    }

    double number(const json& obj, const std::string& key, const char* name) const {
        const json& v = obj.at(name);
        if (!v.is_number() || !std::isfinite(v.get<double>())) fail(join(key, name), "expected a finite number");
        return v.get<double>();
    }

    std::vector<double> edges(const json& obj, const std::string& key) const {
        const json& v = obj.at("edges");
        if (!v.is_array() || v.empty()) fail(join(key, "edges"), "expected a non-empty array of numbers");
        std::vector<double> e;
        for (const json& x : v) {
            if (!x.is_number()) fail(join(key, "edges"), "expected a non-empty array of numbers");
            e.push_back(x.get<double>());
        }
        const std::string problem = check_bucket_edges(e);
        if (!problem.empty()) fail(join(key, "edges"), problem);
        return e;
    }

    ColumnSpec column(const json& c, const std::string& key, bool items) const {
        only_keys(c, key, {"name", "kind", "separator", "edges", "normalize", "binning", "buckets"});
        ColumnSpec s;
        s.key = key;
        s.name = text(c, key, "name", "", true);
        const std::string kind = text(c, key, "kind", "", true);
        if (kind == "id") s.kind = ColumnKind::Id;
        else if (kind == "categorical") s.kind = ColumnKind::Categorical;
        else if (kind == "multi_categorical") s.kind = ColumnKind::MultiCategorical;
        else if (kind == "bucketized") s.kind = ColumnKind::Bucketized;
        else if (kind == "numeric") s.kind = ColumnKind::Numeric;
        else if (kind == "title" && items) s.kind = ColumnKind::Title;
        else if (kind == "cold" && items) s.kind = ColumnKind::Cold;
        else
            fail(join(key, "kind"), "unknown kind '" + kind + "' (expected id, categorical, multi_categorical, bucketized, numeric" +
                                        (items ? ", title or cold)" : "; title and cold are for items)"));

        auto only_for = [&](const char* option, bool allowed) {
            if (c.contains(option) && !allowed) fail(join(key, option), "does not apply to kind '" + kind + "'");
        };
        only_for("separator", s.kind == ColumnKind::MultiCategorical);
        only_for("edges", s.kind == ColumnKind::Bucketized || s.kind == ColumnKind::Numeric);
        only_for("normalize", s.kind == ColumnKind::Numeric);
        only_for("binning", s.kind == ColumnKind::Numeric);
        only_for("buckets", s.kind == ColumnKind::Numeric);

        if (s.kind == ColumnKind::MultiCategorical) s.separator = text(c, key, "separator", "", true);
        if (s.kind == ColumnKind::Bucketized) {
            if (!c.contains("edges")) fail(join(key, "edges"), "is required for kind 'bucketized'");
            s.edges = edges(c, key);
        }
        if (s.kind == ColumnKind::Numeric) {
            const std::string n = text(c, key, "normalize", "none", false);
            if (n == "none") s.normalize = Normalize::None;
            else if (n == "zscore") s.normalize = Normalize::ZScore;
            else if (n == "minmax") s.normalize = Normalize::MinMax;
            else if (n == "log1p") s.normalize = Normalize::Log1p;
            else fail(join(key, "normalize"), "unknown '" + n + "' (expected none, zscore, minmax or log1p)");
            if (c.contains("edges")) {
                if (c.contains("binning") || c.contains("buckets"))
                    fail(join(key, "edges"), "give either edges or buckets with binning, not both");
                s.edges = edges(c, key);
            } else {
                if (!c.contains("buckets")) fail(join(key, "buckets"), "numeric needs edges, or buckets with binning");
                const json& b = c.at("buckets");
                if (!b.is_number_integer() || b.get<long>() < 2 || b.get<long>() > 1000)
                    fail(join(key, "buckets"), "expected an integer in 2..1000");
                s.buckets = b.get<int>();
                const std::string m = text(c, key, "binning", "quantile", false);
                if (m == "quantile") s.binning = Binning::Quantile;
                else if (m == "uniform") s.binning = Binning::Uniform;
                else fail(join(key, "binning"), "unknown '" + m + "' (expected quantile or uniform)");
            }
        }
        return s;
    }

    TableSpec table(const json& root, const char* name, const char* default_file) const {
        TableSpec t;
        if (!root.contains(name)) return t;
        const json& obj = root.at(name);
        only_keys(obj, name, {"file", "columns"});
        t.present = true;
        t.file = text(obj, name, "file", default_file, false);
        const std::string ckey = join(name, "columns");
        if (!obj.contains("columns") || !obj.at("columns").is_array() || obj.at("columns").empty())
            fail(ckey, "expected a non-empty array of columns");
        int ids = 0;
        const json& cols = obj.at("columns");
        for (size_t k = 0; k < cols.size(); ++k) {
            ColumnSpec c = column(cols[k], ckey + "[" + std::to_string(k) + "]", std::string(name) == "items");
            for (const ColumnSpec& other : t.columns)
                if (other.name == c.name) fail(join(c.key, "name"), "column '" + c.name + "' is named twice");
            ids += c.kind == ColumnKind::Id;
            if (c.kind == ColumnKind::Title && std::any_of(t.columns.begin(), t.columns.end(), [](const ColumnSpec& o) { return o.kind == ColumnKind::Title; }))
                fail(join(c.key, "kind"), "only one title column");
            if (c.kind == ColumnKind::Cold && std::any_of(t.columns.begin(), t.columns.end(), [](const ColumnSpec& o) { return o.kind == ColumnKind::Cold; }))
                fail(join(c.key, "kind"), "only one cold column");
            t.columns.push_back(std::move(c));
        }
        if (ids != 1) fail(ckey, "needs exactly one column of kind 'id', found " + std::to_string(ids));
        return t;
    }

    Schema read() const {
        const json root = parse_json_text(files_.read_small(file_), path_, DuplicateKeys::LastWins);
        only_keys(root, "", {"delimiter", "interactions", "items", "users"});
        Schema s;
        s.path = path_;
        const std::string delimiter = text(root, "", "delimiter", ",", false);
        if (delimiter.size() != 1 || delimiter == "\"" || delimiter == "\n" || delimiter == "\r")
            fail("delimiter", "expected one character other than a quote or a newline, e.g. \",\", \";\" or \"\\t\"");
        s.delimiter = delimiter[0];

        if (!root.contains("interactions")) fail("interactions", "is required");
        const json& in = root.at("interactions");
        only_keys(in, "interactions", {"file", "user", "item", "timestamp", "label", "positive_threshold"});
        s.interactions.file = text(in, "interactions", "file", "interactions.csv", false);
        s.interactions.user = text(in, "interactions", "user", "", true);
        s.interactions.item = text(in, "interactions", "item", "", true);
        s.interactions.timestamp = text(in, "interactions", "timestamp", "", false);
        s.interactions.label = text(in, "interactions", "label", "", false);
        if (!s.interactions.label.empty()) {
            if (!in.contains("positive_threshold"))
                fail("interactions.positive_threshold", "is required with a label (label >= threshold is a positive)");
            s.interactions.positive_threshold = number(in, "interactions", "positive_threshold");
        } else if (in.contains("positive_threshold")) {
            fail("interactions.positive_threshold", "needs a label column");
        }
        if (s.interactions.user == s.interactions.item) fail("interactions.item", "the same column as user");

        s.items = table(root, "items", "items.csv");
        if (!s.items.present) fail("items", "is required");
        s.users = table(root, "users", "users.csv");
        return s;
    }

private:
    static std::string join(const std::string& key, const std::string& name) { return key.empty() ? name : key + "." + name; }
    const DataFiles& files_;
    std::string file_;
    std::string path_;
};

// ---------------------------------------------------------------------------------------------
// [SECTION] CSV rows

// One CSV file: the header, then one row at a time. Quoted values ("a, b", "" for a quote) are
// unescaped into a per-row buffer; unquoted rows are views into the read buffer.
class CsvFile {
public:
    CsvFile(const DataFiles& files, const std::string& file, char delimiter) : reader_ptr_(files.open(file)), delimiter_(delimiter) {
        std::string_view line;
        reader_.next(line);  // throws "the file is empty" if there is none
        header_line_ = reader_.line_number();
        split(line);
        for (std::string_view c : cells_) header_.emplace_back(trim(c));
        for (size_t a = 0; a < header_.size(); ++a)
            for (size_t b = 0; b < a; ++b)
                if (!header_[a].empty() && header_[a] == header_[b]) reader_.fail(header_[a], "column named twice in the header");
    }

    // Index of a column the schema names; throws at the header line if it is absent.
    int column(const std::string& name) const {
        const auto it = std::find(header_.begin(), header_.end(), name);
        if (it != header_.end()) return static_cast<int>(it - header_.begin());
        std::string message = "column named in schema.json is not in the header";
        if (header_.size() == 1) message += " (the header has one column: is the delimiter '" + printable(delimiter_) + "' right?)";
        throw Error(ErrorContext{reader_.path(), header_line_, name}, message);
    }

    bool next() {
        std::string_view line;
        if (!reader_.next(line)) return false;
        split(line);
        require_field_count(reader_, cells_.size(), header_, separator_name().c_str());
        return true;
    }

    std::string_view cell(int c) const { return trim(cells_[static_cast<size_t>(c)]); }
    const std::string& name(int c) const { return header_[static_cast<size_t>(c)]; }
    const LineReader& reader() const { return reader_; }
    ErrorContext where(int c) const { return reader_.where(name(c)); }

private:
    std::string column_at(size_t k) const { return k < header_.size() ? header_[k] : std::string(); }
    static std::string printable(char c) { return c == '\t' ? "\\t" : std::string(1, c); }
    std::string separator_name() const { return "'" + printable(delimiter_) + "'"; }

    void split(std::string_view line) {
        if (line.find('"') == std::string_view::npos) {
            split_fields(line, std::string_view(&delimiter_, 1), cells_);
            return;
        }
        cells_.clear();
        unquoted_.clear();
        unquoted_.reserve(line.size());  // never reallocates below, so views into it stay valid
        size_t i = 0;
        for (;;) {
            while (i < line.size() && line[i] == ' ') ++i;
            if (i < line.size() && line[i] == '"') {
                const size_t start = unquoted_.size();
                size_t j = i + 1;
                for (;;) {
                    if (j >= line.size()) reader_.fail(column_at(cells_.size()), "unterminated quoted value (a value may not span lines)");
                    if (line[j] == '"') {
                        if (j + 1 < line.size() && line[j + 1] == '"') { unquoted_.push_back('"'); j += 2; continue; }
                        break;
                    }
                    unquoted_.push_back(line[j++]);
                }
                cells_.push_back(std::string_view(unquoted_).substr(start, unquoted_.size() - start));
                i = j + 1;
                while (i < line.size() && line[i] == ' ') ++i;
                if (i < line.size() && line[i] != delimiter_)
                    reader_.fail(column_at(cells_.size() - 1), "unexpected text after a closing quote");
            } else {
                const size_t end = std::min(line.find(delimiter_, i), line.size());
                cells_.push_back(line.substr(i, end - i));
                i = end;
            }
            if (i >= line.size()) break;
            ++i;  // the delimiter
            if (i == line.size()) { cells_.push_back(std::string_view()); break; }
        }
    }

    std::unique_ptr<LineReader> reader_ptr_;
    LineReader& reader_ = *reader_ptr_;
    char delimiter_;
    long header_line_ = 1;
    std::vector<std::string> header_;
    std::vector<std::string_view> cells_;
    std::string unquoted_;
};

// ---------------------------------------------------------------------------------------------
// [SECTION] Feature tables

std::string utf8_checked(std::string_view s, const ErrorContext& where) {
    if (!is_valid_utf8(s)) throw Error(where, "is not valid UTF-8 (save the file as UTF-8)");
    return std::string(s);
}

// One feature column while its table is read: values per row in compressed rows, categorical
// values numbered by first appearance and renumbered in sorted order at the end.
struct ColumnValues {
    const ColumnSpec* spec = nullptr;
    int csv = -1;
    std::unordered_map<std::string, int32_t> vocabulary;
    std::vector<std::string> names;           // by first appearance
    std::vector<int32_t> offsets{0}, values;  // per row
    std::vector<double> numbers;              // numeric: per row, NaN for missing
    std::vector<double> edges;                // bucketized and numeric: the edges used
};

struct Table {
    std::string path;
    std::vector<std::string> ids;
    std::unordered_map<std::string, int32_t> row_of;
    std::vector<long> lines;
    std::vector<ColumnValues> features;
    std::vector<std::string> titles;
    std::vector<uint8_t> is_new;
    bool has_titles = false, has_cold = false;
    std::string id_name;

    int32_t add_id(std::string_view id, const CsvFile& f, int c) {
        if (id.empty()) f.reader().fail(f.name(c), "empty id");
        const auto [it, fresh] = row_of.emplace(utf8_checked(id, f.where(c)), static_cast<int32_t>(ids.size()));
        if (!fresh)
            f.reader().fail(f.name(c), "duplicate id " + quoted_value(id) + " (first on line " +
                                           std::to_string(lines[static_cast<size_t>(it->second)]) + ")");
        ids.emplace_back(id);
        lines.push_back(f.reader().line_number());
        return it->second;
    }
};

int32_t vocabulary_value(ColumnValues& col, std::string_view v, const ErrorContext& where) {
    const auto [it, fresh] = col.vocabulary.emplace(std::string(v), static_cast<int32_t>(col.names.size()) + 1);
    if (fresh) col.names.push_back(utf8_checked(v, where));
    return it->second;
}

void read_cell(ColumnValues& col, std::string_view v, const CsvFile& f) {
    const ColumnSpec& s = *col.spec;
    const ErrorContext where = f.where(col.csv);
    switch (s.kind) {
        case ColumnKind::Categorical:
            if (!v.empty()) col.values.push_back(vocabulary_value(col, v, where));
            break;
        case ColumnKind::MultiCategorical: {
            const size_t first = col.values.size();
            for (size_t start = 0; start <= v.size();) {
                const size_t end = std::min(v.find(s.separator, start), v.size());
                const std::string_view part = trim(v.substr(start, end - start));
                if (!part.empty()) {
                    const int32_t x = vocabulary_value(col, part, where);
                    if (std::find(col.values.begin() + static_cast<long>(first), col.values.end(), x) == col.values.end())
                        col.values.push_back(x);
                }
                start = end + s.separator.size();
            }
            break;
        }
        case ColumnKind::Bucketized:
            if (!v.empty()) col.values.push_back(bucket_of(parse_finite(v, where), s.edges));
            break;
        case ColumnKind::Numeric: {
            double x = std::nan("");
            if (!v.empty()) {
                x = parse_finite(v, where);
                if (s.normalize == Normalize::Log1p && !(x > -1))
                    throw Error(where, "log1p needs values above -1, found " + quoted_value(v));
            }
            col.numbers.push_back(x);
            break;
        }
        default: break;
    }
    col.offsets.push_back(static_cast<int32_t>(col.values.size()));
}

// Numeric columns: normalise over the table's rows, then cut into buckets.
void bin_numeric(ColumnValues& col) {
    const ColumnSpec& s = *col.spec;
    std::vector<double>& x = col.numbers;
    double lo = INFINITY, hi = -INFINITY, sum = 0, sum2 = 0;
    long n = 0;
    for (double& v : x) {
        if (std::isnan(v)) continue;
        if (s.normalize == Normalize::Log1p) v = std::log1p(v);
        lo = std::min(lo, v);
        hi = std::max(hi, v);
        sum += v;
        ++n;
    }
    const double mean = n > 0 ? sum / static_cast<double>(n) : 0.0;
    for (double v : x)
        if (!std::isnan(v)) sum2 += (v - mean) * (v - mean);
    const double sd = n > 1 ? std::sqrt(sum2 / static_cast<double>(n)) : 0.0;
    for (double& v : x) {
        if (std::isnan(v)) continue;
        if (s.normalize == Normalize::ZScore) v = sd > 0 ? (v - mean) / sd : 0.0;
        if (s.normalize == Normalize::MinMax) v = hi > lo ? (v - lo) / (hi - lo) : 0.0;
    }
    std::vector<double>& edges = col.edges;
    if (s.binning == Binning::Quantile) edges = quantile_edges(x, s.buckets);
    if (s.binning == Binning::Uniform) edges = uniform_edges(x, s.buckets);
    col.values.clear();
    col.offsets.assign(1, 0);
    for (double v : x) {
        if (!std::isnan(v)) col.values.push_back(bucket_of(v, edges));
        col.offsets.push_back(static_cast<int32_t>(col.values.size()));
    }
}

Table read_table(const DataFiles& files, const TableSpec& spec, char delimiter) {
    Table t;
    t.path = files.display_name(spec.file);
    CsvFile f(files, spec.file, delimiter);
    int id = -1, title = -1, cold = -1;
    for (const ColumnSpec& c : spec.columns) {
        const int index = f.column(c.name);
        switch (c.kind) {
            case ColumnKind::Id: id = index; t.id_name = c.name; break;
            case ColumnKind::Title: title = index; t.has_titles = true; break;
            case ColumnKind::Cold: cold = index; t.has_cold = true; break;
            default: {
                ColumnValues v;
                v.spec = &c;
                v.csv = index;
                v.edges = c.edges;
                t.features.push_back(std::move(v));
            }
        }
    }
    while (f.next()) {
        t.add_id(f.cell(id), f, id);
        if (title >= 0) t.titles.push_back(utf8_checked(f.cell(title), f.where(title)));
        if (cold >= 0) {
            const std::string_view v = f.cell(cold);
            if (v == "1" || v == "true") t.is_new.push_back(1);
            else if (v.empty() || v == "0" || v == "false") t.is_new.push_back(0);
            else f.reader().fail(f.name(cold), "expected 1 or true (a new item), 0, false or empty (lower case), found " + quoted_value(v));
        }
        for (ColumnValues& col : t.features) read_cell(col, f.cell(col.csv), f);
    }
    if (t.ids.empty()) throw Error(ErrorContext{t.path, 0, ""}, "has a header but no rows");
    return t;
}

FeatureTable to_feature_table(Table& t, const std::string& default_id_name) {
    std::vector<FieldSpec> fields;
    fields.push_back({t.id_name.empty() ? default_id_name : t.id_name, FieldKind::Id, static_cast<int>(t.ids.size()), 32, t.ids, {}});
    for (ColumnValues& col : t.features) {
        const ColumnSpec& s = *col.spec;
        if (s.kind == ColumnKind::Numeric) bin_numeric(col);
        FieldSpec f;
        f.name = s.name;
        if (s.kind == ColumnKind::Categorical || s.kind == ColumnKind::MultiCategorical) {
            // renumber values in sorted order of their names, so the numbering does not depend on row order
            std::vector<int32_t> order(col.names.size());
            std::iota(order.begin(), order.end(), 0);
            std::sort(order.begin(), order.end(), [&](int32_t a, int32_t b) { return col.names[static_cast<size_t>(a)] < col.names[static_cast<size_t>(b)]; });
            std::vector<int32_t> renumber(col.names.size() + 1, kMissingValue);
            for (size_t k = 0; k < order.size(); ++k) {
                renumber[static_cast<size_t>(order[k]) + 1] = static_cast<int32_t>(k) + 1;
                f.value_names.push_back(col.names[static_cast<size_t>(order[k])]);
            }
            for (int32_t& v : col.values) v = renumber[static_cast<size_t>(v)];
            f.kind = s.kind == ColumnKind::Categorical ? FieldKind::Categorical : FieldKind::MultiCategorical;
            f.cardinality = static_cast<int>(col.names.size());
            f.embedding_dim = s.kind == ColumnKind::MultiCategorical ? 16 : 8;
        } else {
            f.kind = FieldKind::Bucketized;
            f.cardinality = static_cast<int>(col.edges.size()) + 1;
            f.embedding_dim = 8;
            f.bucket_edges = col.edges;
            f.value_names = bucket_names(col.edges);
        }
        fields.push_back(std::move(f));
    }
    FeatureTable table(std::move(fields));
    table.reserve(static_cast<int>(t.ids.size()));
    std::vector<std::vector<int32_t>> row(t.features.size() + 1);
    for (size_t r = 0; r < t.ids.size(); ++r) {
        row[0] = {static_cast<int32_t>(r) + 1};
        for (size_t k = 0; k < t.features.size(); ++k) {
            const ColumnValues& col = t.features[k];
            row[k + 1].assign(col.values.begin() + col.offsets[r], col.values.begin() + col.offsets[r + 1]);
        }
        table.add_row(row);
    }
    return table;
}

}  // namespace

Dataset load_csv_dataset(const std::string& dir) {
    const DataFiles files(dir);
    const Schema schema = SchemaReader(files, "schema.json").read();

    Table items = read_table(files, schema.items, schema.delimiter);
    Table users;
    if (schema.users.present) users = read_table(files, schema.users, schema.delimiter);

    // Interactions: every row names a known item (and a known user when users.csv is given).
    const InteractionSpec& is = schema.interactions;
    const std::string path = files.display_name(is.file);
    CsvFile f(files, is.file, schema.delimiter);
    const int user = f.column(is.user), item = f.column(is.item);
    const int timestamp = is.timestamp.empty() ? -1 : f.column(is.timestamp);
    const int label = is.label.empty() ? -1 : f.column(is.label);
    std::vector<Interaction> clicks;
    long row = 0;
    while (f.next()) {
        const std::string_view item_id = f.cell(item), user_id = f.cell(user);
        if (item_id.empty()) f.reader().fail(f.name(item), "empty id");
        if (user_id.empty()) f.reader().fail(f.name(user), "empty id");
        const auto it = items.row_of.find(std::string(item_id));
        if (it == items.row_of.end()) f.reader().fail(f.name(item), "item " + quoted_value(item_id) + " is not in " + schema.items.file);
        int32_t u;
        const auto ut = users.row_of.find(std::string(user_id));
        if (ut != users.row_of.end()) u = ut->second;
        else if (schema.users.present) f.reader().fail(f.name(user), "user " + quoted_value(user_id) + " is not in " + schema.users.file);
        else u = users.add_id(user_id, f, user);
        const int64_t time = timestamp < 0 ? row : parse_int(f.cell(timestamp), f.where(timestamp),
                                                               std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max());
        ++row;
        if (label >= 0 && parse_finite(f.cell(label), f.where(label)) < is.positive_threshold) continue;
        clicks.push_back({u, it->second, time});
    }
    if (row == 0) throw Error(ErrorContext{path, 0, ""}, "has a header but no rows");
    if (clicks.empty()) {
        char threshold[32];
        std::snprintf(threshold, sizeof threshold, "%g", is.positive_threshold);
        throw Error(ErrorContext{path, 0, is.label}, std::string("no interaction reaches positive_threshold ") + threshold);
    }

    Dataset d;
    d.name = "csv:" + dir;
    d.items = to_feature_table(items, "item_id");
    d.users = to_feature_table(users, "user_id");
    d.clicks = std::move(clicks);
    if (items.has_titles) d.item_titles = std::move(items.titles);
    if (items.has_cold) d.item_is_new = std::move(items.is_new);
    return d;
}

}  // namespace towerlab
