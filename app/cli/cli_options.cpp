#include "cli_options.h"

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <limits>
#include <sstream>

#include "core/config_json.h"
#include "core/error.h"
#include "core/hyperparameters.h"
#include "data/line_reader.h"
#include "data/dataset_source.h"
#include "eval/retrieval_metrics.h"

namespace towerlab::cli {

void add_common_options(CLI::App& app, CommonOptions& o) {
    app.add_option("--dataset", o.dataset, "synthetic | synthetic:items=N,users=N,clicks=N | ml-100k:PATH | ml-1m:PATH | ml-latest:PATH | csv:PATH | PATH (PATH: a folder or its .zip; a bare PATH is recognised by its files)");
    app.add_option("--config", o.config_file, "JSON file with TrainConfig keys (flags override it)");
    // Every hyper-parameter's flag, from the one table (core/hyperparameters.h). The text is kept
    // as typed and parsed in resolve_config, so an error names the flag and a flag the user did not
    // give never overwrites the config file.
    for (const Hyperparameter& p : hyperparameters()) {
        std::string help = p.help;
        if (p.type == ParamType::Choice) {
            std::string names;
            for (const std::string& c : p.choices) names += (names.empty() ? "" : " | ") + c;
            help = names + ": " + help;
        }
        const nlohmann::json d = p.get(TrainConfig{});
        std::string shown;
        if (d.is_string()) shown = d.get<std::string>();
        else if (d.is_array()) for (const auto& e : d) shown += (shown.empty() ? "" : ",") + e.dump();
        else shown = d.dump();
        app.add_option(p.flag, o.flag_values[p.key], help + " (default " + shown + ")");
    }
    app.add_option("--cold-item-share", o.cold_item_share, "share of items held out as cold (real data)");
    app.add_option("--syn-users", o.synthetic.num_users, "synthetic: users");
    app.add_option("--syn-items", o.synthetic.num_items, "synthetic: items");
    app.add_option("--syn-clicks", o.synthetic.num_clicks, "synthetic: clicks");
    app.add_option("--syn-seed", o.synthetic.seed, "synthetic: generator seed")->check(CLI::NonNegativeNumber);
}

namespace {

// The flag that sets a TrainConfig field (the table's), or the key itself for a key it lacks.
std::string flag_of(const std::string& key) {
    const Hyperparameter* p = find_hyperparameter(key);
    return p ? p->flag : key;
}

}  // namespace

TrainConfig resolve_config(const CLI::App& app, CommonOptions& o) {
    TrainConfig c = o.config_file.empty() ? TrainConfig{} : load_train_config(o.config_file);
    // Apply only flags the user gave, so a config file is not overwritten by defaults.
    bool objective_given = false, negatives_given = false;
    for (const Hyperparameter& p : hyperparameters()) {
        if (app.count(p.flag) == 0) continue;
        try {
            p.set(c, parse_flag_value(p, o.flag_values[p.key]));
        } catch (const Error& e) {
            throw Error(ErrorContext{"", 0, p.flag}, e.message());
        }
        objective_given = objective_given || p.key == "objective";
        negatives_given = negatives_given || p.key == "negatives";
    }
    // A sampled objective without a named source samples uniformly (in-batch is the softmax's own).
    if (objective_given && !negatives_given && c.objective != Objective::InBatchSoftmax &&
        c.negatives == NegativeSource::InBatch)
        c.negatives = NegativeSource::Uniform;
    try {
        c.validate();
    } catch (const Error& e) {
        // Name what the user typed: the flag when it was given, else the key of the config file.
        const std::string flag = flag_of(e.where().field);
        const CLI::Option* option = app.get_option_no_throw(flag);
        if ((option && option->count() > 0) || o.config_file.empty()) throw Error(ErrorContext{"", 0, flag}, e.message());
        throw Error(ErrorContext{o.config_file, 0, e.where().field}, e.message());
    }
    return c;
}

void check_config_fits_data(const TrainConfig& config, const Dataset& data, const Split& split) {
    // Nothing to evaluate is not a result: leave-last-out needs users with two positives.
    if (split.test.empty())
        throw Error(ErrorContext{data.name, 0, ""},
                    "no test users: leave-last-out needs users with at least two positives on items that are not "
                    "already in their training clicks");
    // Sizes that cannot fit the data would run for minutes or exhaust memory before failing.
    const long train_clicks = static_cast<long>(split.train.size());
    if (config.batch_size > train_clicks)
        throw Error(ErrorContext{"", 0, flag_of("batch_size")},
                    std::to_string(config.batch_size) + " clicks per step is more than the " + std::to_string(train_clicks) +
                        " training clicks of " + data.name);
    if (config.alpha > 0 && config.augmentation != Augmentation::None && config.ssl_batch_size > data.num_items())
        throw Error(ErrorContext{"", 0, flag_of("ssl_batch_size")},
                    std::to_string(config.ssl_batch_size) + " items per SSL batch is more than the catalogue's " +
                        std::to_string(data.num_items()) + " items");
    // The default Ks stay (a tiny test set is clipped by the ranking); a K the user chose must fit.
    if (config.eval_k == TrainConfig{}.eval_k) return;
    for (int k : config.eval_k) check_k_fits(k, data.num_items(), "eval_k");
}

void check_k_fits(int k, int num_items, const std::string& field) {
    if (k < 1) throw Error(ErrorContext{"", 0, field}, "K must be at least 1, found " + std::to_string(k));
    if (k >= num_items)
        throw Error(ErrorContext{"", 0, field}, "K = " + std::to_string(k) + " is not smaller than the catalogue (" +
                                                    std::to_string(num_items) +
                                                    " items): every model would reach recall@K = 1");
}

DataSetup data_setup(const CommonOptions& o) {
    DataSetup d;
    d.dataset = o.dataset;
    d.synthetic = o.synthetic;
    d.cold_item_share = o.cold_item_share;
    try {
        d.validate();
    } catch (const Error& e) {
        throw Error(ErrorContext{"", 0, e.where().field == "cold_item_share" ? "--cold-item-share" : e.where().field}, e.message());
    }
    return d;
}

LoadedData load_data(const CommonOptions& o, const TrainConfig& config, bool verbose, bool validation) {
    DataSetup setup = data_setup(o);
    setup.validation = validation;
    const RunData run = load_run_data(setup, config);
    const auto& data = run.dataset;
    const auto& split = run.split;
    check_config_fits_data(config, *data, *split);
    if (verbose) {
        long head_clicks = 0;
        for (const Interaction& x : split->train) head_clicks += split->item_group[static_cast<size_t>(x.item)] == ItemGroup::Head;
        std::cerr << data->name << ": " << data->num_users() << " users, " << data->num_items() << " items, "
                  << data->clicks.size() << " clicks; train " << split->train.size() << ", test " << split->test.size()
                  << (validation ? ", validation " + std::to_string(split->validation.size()) : std::string())
                  << "; items head/tail/cold " << split->num_head << "/" << split->num_tail << "/" << split->num_cold
                  << " (head items take " << (100 * head_clicks / std::max<long>(1, static_cast<long>(split->train.size())))
                  << "% of training clicks)\n";
        std::array<int, kNumClickBuckets> items{};
        for (int32_t c : split->train_clicks) ++items[static_cast<size_t>(click_bucket(c))];
        std::cerr << "items by training clicks:";
        for (int b = 0; b < kNumClickBuckets; ++b) std::cerr << " " << click_bucket_name(b) << ": " << items[static_cast<size_t>(b)];
        std::cerr << "\n";
    }
    return {data, split};
}

std::vector<uint64_t> parse_seeds(const std::string& text) {
    std::vector<uint64_t> out;
    std::stringstream ss(text);
    std::string part;
    while (std::getline(ss, part, ',')) {
        try {
            // parse_int, not stoull: stoull reads "-1" as 2^64 - 1.
            out.push_back(static_cast<uint64_t>(parse_int(trim(part), ErrorContext{"", 0, "--seeds"}, 0,
                                                          std::numeric_limits<int64_t>::max())));
        } catch (const Error& e) {
            throw Error(ErrorContext{"", 0, "--seeds"},
                        "expected comma-separated whole numbers >= 0, got '" + text + "' (" + e.message() + ")");
        }
    }
    if (out.empty()) throw Error(ErrorContext{"", 0, "--seeds"}, "needs at least one seed");
    return out;
}

void check_writable(const std::string& path, const std::string& flag) {
    const bool existed = static_cast<bool>(std::ifstream(path));
    {
        std::ofstream f(path, std::ios::app);
        if (!f) throw Error(ErrorContext{path, 0, flag}, std::string("cannot write here (") + std::strerror(errno) + "); nothing was run");
    }
    if (!existed) std::remove(path.c_str());
}

void write_json_file(const std::string& path, const nlohmann::json& doc) {
    std::ofstream f(path);
    if (!f) throw Error(ErrorContext{path, 0, ""}, "cannot write results file");
    f << doc.dump(2) << "\n";
}

}  // namespace towerlab::cli
