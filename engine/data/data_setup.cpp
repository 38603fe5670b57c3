#include "data/data_setup.h"

#include <climits>
#include <cmath>
#include <cstdlib>

#include "core/error.h"
#include "data/dataset_source.h"
#include "data/movielens_loader.h"
#include "data/synthetic_config_json.h"

namespace towerlab {

void DataSetup::validate() const {
    if (!(std::isfinite(cold_item_share) && cold_item_share >= 0 && cold_item_share < 0.9))
        throw Error(ErrorContext{"", 0, "cold_item_share"}, "must be in [0, 0.9)");
    synthetic.validate();
}

nlohmann::json to_json(const DataSetup& s) {
    return {{"dataset", s.dataset},
            {"synthetic", to_json(s.synthetic)},
            {"cold_item_share", s.cold_item_share},
            {"split_seed", s.split_seed},
            {"validation", s.validation}};
}

DataSetup data_setup_from_json(const nlohmann::json& j, const std::string& source) {
    if (!j.is_object()) throw Error(ErrorContext{source, 0, ""}, "expected a JSON object");
    DataSetup s;
    if (auto it = j.find("dataset"); it != j.end()) {
        if (!it->is_string()) throw Error(ErrorContext{source, 0, "dataset"}, "expected a string");
        s.dataset = it->get<std::string>();
    }
    if (auto it = j.find("synthetic"); it != j.end()) {
        if (!it->is_object()) throw Error(ErrorContext{source, 0, "synthetic"}, "expected an object");
        try {
            s.synthetic = synthetic_config_from_json(*it);
        } catch (const Error& e) {
            throw Error(ErrorContext{source, 0, "synthetic." + e.where().field}, e.message());
        }
    }
    // "synthetic:items=...,users=..." (the CLI's form) becomes the synthetic object, so every front
    // end shows and saves the same settings the same way.
    if (s.dataset.rfind("synthetic:", 0) == 0) {
        try {
            s.synthetic = parse_synthetic_source(s.dataset, s.synthetic);
            s.synthetic.validate();
        } catch (const Error& e) {
            throw Error(ErrorContext{source, 0, "dataset"}, e.what());
        }
        s.dataset = "synthetic";
    }
    if (auto it = j.find("cold_item_share"); it != j.end()) {
        if (!it->is_number()) throw Error(ErrorContext{source, 0, "cold_item_share"}, "expected a number");
        s.cold_item_share = it->get<double>();
    }
    if (auto it = j.find("split_seed"); it != j.end()) {
        if (!it->is_number_unsigned())
            throw Error(ErrorContext{source, 0, "split_seed"}, "expected a whole number >= 0");
        s.split_seed = it->get<uint64_t>();
    }
    if (auto it = j.find("validation"); it != j.end()) {
        if (!it->is_boolean()) throw Error(ErrorContext{source, 0, "validation"}, "expected true or false");
        s.validation = it->get<bool>();
    }
    try {
        s.validate();
    } catch (const Error& e) {
        throw Error(ErrorContext{source, 0, e.where().field}, e.message());
    }
    return s;
}

std::string absolute_dataset_source(const std::string& source) {
    if (source == "synthetic" || source.rfind("synthetic:", 0) == 0) return source;
    const size_t colon = source.find(':');
    const std::string kind = colon == std::string::npos ? std::string() : source.substr(0, colon);
    const bool prefixed = kind == "ml-100k" || kind == "ml-1m" || kind == "ml-latest" || kind == "csv";
    const std::string path = prefixed ? source.substr(colon + 1) : source;
    char resolved[PATH_MAX];
    if (path.empty() || path.front() == '/' || !::realpath(path.c_str(), resolved)) return source;
    return prefixed ? kind + ":" + resolved : std::string(resolved);
}

RunData load_run_data(const DataSetup& setup, const TrainConfig& config) {
    setup.validate();
    // Real data has no new items: the loader holds out cold_item_share of them, drawn by split_seed.
    MovieLensOptions movielens;
    movielens.cold_item_share = setup.cold_item_share;
    movielens.seed = setup.split_seed;
    auto dataset = std::make_shared<Dataset>(load_dataset(setup.dataset, setup.synthetic, movielens));
    SplitConfig sc;
    sc.head_share = config.head_share;
    sc.label_fraction = config.label_fraction;
    sc.cold_item_share = setup.cold_item_share;
    sc.seed = setup.split_seed;
    sc.validation = setup.validation;
    auto split = std::make_shared<Split>(make_split(*dataset, sc));
    return {dataset, split};
}

}  // namespace towerlab
