#include "data/dataset_source.h"

#include <limits>
#include <set>
#include <vector>

#include "core/error.h"
#include <sys/stat.h>

#include "data/csv_loader.h"
#include "data/data_files.h"
#include "data/line_reader.h"

namespace towerlab {
namespace {

constexpr const char* kSourceForms =
    "synthetic, synthetic:key=value,..., ml-100k:PATH, ml-1m:PATH, ml-latest:PATH, csv:PATH, or a PATH whose files say the format "
    "(PATH: a folder or a .zip archive)";
constexpr const char* kSyntheticKeys = "users, items, clicks, topics, days, zipf, topic_zipf, taste, residual, missing, new_items, affinity, impressions, seed";

bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

void set_synthetic_key(SyntheticConfig& c, const std::string& key, std::string_view value) {
    const ErrorContext where{"", 0, key};
    constexpr int64_t kIntMin = std::numeric_limits<int>::min(), kIntMax = std::numeric_limits<int>::max();
    if (key == "users") c.num_users = static_cast<int>(parse_int(value, where, kIntMin, kIntMax));
    else if (key == "items") c.num_items = static_cast<int>(parse_int(value, where, kIntMin, kIntMax));
    else if (key == "clicks") c.num_clicks = static_cast<long>(parse_int(value, where, std::numeric_limits<long>::min(), std::numeric_limits<long>::max()));
    else if (key == "topics") c.num_topics = static_cast<int>(parse_int(value, where, kIntMin, kIntMax));
    else if (key == "days") c.num_days = static_cast<int>(parse_int(value, where, kIntMin, kIntMax));
    else if (key == "zipf") c.zipf_exponent = parse_finite(value, where);
    else if (key == "topic_zipf") c.topic_zipf_exponent = parse_finite(value, where);
    else if (key == "taste") c.taste_sharpness = parse_finite(value, where);
    else if (key == "residual") c.item_residual = parse_finite(value, where);
    else if (key == "missing") c.missing_share = parse_finite(value, where);
    else if (key == "new_items") c.new_item_share = parse_finite(value, where);
    else if (key == "affinity") c.topic_affinity = parse_finite(value, where);
    else if (key == "impressions") c.impressions_per_click = static_cast<int>(parse_int(value, where, kIntMin, kIntMax));
    else if (key == "seed") c.seed = static_cast<uint64_t>(parse_int(value, where, 0, std::numeric_limits<int64_t>::max()));
    else throw Error(where, std::string("unknown key (expected ") + kSyntheticKeys + ")");
}

}  // namespace

SyntheticConfig parse_synthetic_source(const std::string& source, const SyntheticConfig& base) {
    SyntheticConfig c = base;
    if (source == "synthetic") return c;
    if (!starts_with(source, "synthetic:"))
        throw Error(ErrorContext{"", 0, "dataset"}, "'" + source + "' is not a synthetic source");
    const std::string_view spec = std::string_view(source).substr(10);
    if (trim(spec).empty()) return c;
    std::vector<std::string_view> pairs;
    split_fields(spec, ",", pairs);
    std::set<std::string> seen;
    try {
        for (std::string_view pair : pairs) {
            pair = trim(pair);
            const size_t eq = pair.find('=');
            if (eq == std::string_view::npos)
                throw Error(ErrorContext{"", 0, std::string(pair)}, "expected key=value");
            const std::string key(trim(pair.substr(0, eq)));
            if (!seen.insert(key).second) throw Error(ErrorContext{"", 0, key}, "given twice");
            set_synthetic_key(c, key, pair.substr(eq + 1));
        }
    } catch (const Error& e) {
        throw Error(e.where(), e.message() + " in dataset source '" + source + "'");
    }
    return c;
}

std::string detect_dataset_format(const std::string& path) {
    const DataFiles files(path);
    if (files.has("u.data") && files.has("u.item")) return "ml-100k";
    if (files.has("ratings.dat") && files.has("movies.dat")) return "ml-1m";
    if (files.has("schema.json")) return "csv";
    if (files.has("ratings.csv") && files.has("movies.csv")) return "ml-latest";
    throw Error(ErrorContext{path, 0, ""},
                "cannot tell the format: expected u.data and u.item (ML-100K), ratings.dat and movies.dat (ML-1M), "
                "ratings.csv and movies.csv (ML-latest, ML-25M) or schema.json (the generic CSV format)");
}

Dataset load_dataset(const std::string& source, const SyntheticConfig& synthetic, const MovieLensOptions& movielens) {
    if (source == "synthetic" || starts_with(source, "synthetic:"))
        return make_synthetic_dataset(parse_synthetic_source(source, synthetic));
    const size_t colon = source.find(':');
    std::string kind = source.substr(0, colon);
    std::string dir = colon == std::string::npos ? std::string() : source.substr(colon + 1);
    if (kind != "ml-100k" && kind != "ml-1m" && kind != "ml-latest" && kind != "csv") {
        // A bare folder or zip: its files say which format it is.
        struct stat st {};
        if (source.empty() || ::stat(source.c_str(), &st) != 0)
            throw Error(ErrorContext{"", 0, "dataset"},
                        "unknown dataset source '" + source + "' (expected " + kSourceForms + ")");
        dir = source;
        kind = detect_dataset_format(source);
    }
    if (dir.empty())
        throw Error(ErrorContext{"", 0, "dataset"},
                    kind + " needs the folder or .zip archive of its files: " + kind + ":PATH");
    if (kind == "ml-100k") return load_movielens_100k(dir, movielens);
    if (kind == "ml-1m") return load_movielens_1m(dir, movielens);
    if (kind == "ml-latest") return load_movielens_latest(dir, movielens);
    return load_csv_dataset(dir);
}

}  // namespace towerlab
