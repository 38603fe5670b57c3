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
#include "data/line_reader.h"
#include "data/dataset_source.h"
#include "eval/retrieval_metrics.h"

namespace towerlab::cli {

void add_common_options(CLI::App& app, CommonOptions& o) {
    TrainConfig& c = o.config;
    app.add_option("--dataset", o.dataset, "synthetic | synthetic:items=N,users=N,clicks=N | ml-100k:PATH | ml-1m:PATH | ml-latest:PATH | csv:PATH | PATH (PATH: a folder or its .zip; a bare PATH is recognised by its files)");
    app.add_option("--config", o.config_file, "JSON file with TrainConfig keys (flags override it)");
    // A negative seed would wrap to 2^64 - 1 in an unsigned option: refused by the check.
    app.add_option("--seed", c.seed, "random seed of the model and the sampling")->check(CLI::NonNegativeNumber);
    app.add_option("--objective", o.objective, "in_batch_softmax | sampled_softmax | pointwise | triplet_hinge | triplet_logistic");
    app.add_option("--negatives", o.negatives, "in_batch | uniform | popularity | hard | mixed | in_batch_uniform | impressions");
    app.add_option("--batch-size", c.batch_size, "n: clicks per step");
    app.add_option("--num-negatives", c.num_negatives, "k negatives per positive (sampled objectives)");
    app.add_option("--tau", c.tau, "softmax temperature");
    app.add_option("--logq", o.logq, "off | streaming | exact");
    app.add_option("--logq-alpha", c.logq_alpha, "streaming estimator's learning rate a");
    app.add_option("--logq-warm-start", c.logq_warm_start,
                   "streaming estimator: an item first seen at step t starts at B = t (Algorithm 2: B = a t)");
    app.add_option("--remove-accidental-hits", c.remove_accidental_hits, "mask in-batch duplicates of the positive");
    app.add_option("--margin", c.margin, "triplet hinge margin");
    app.add_option("--sigma", c.sigma, "triplet logistic sharpness");
    app.add_option("--hard-share", c.hard_share, "mixed: share of hard negatives");
    app.add_option("--uniform-share", c.uniform_share, "in_batch_uniform: share of uniform negatives");
    app.add_option("--augmentation", o.augmentation, "none | random_mask | dropout | complementary | cfm");
    app.add_option("--alpha", c.alpha, "weight of L_self");
    app.add_option("--ssl-tau", c.ssl_tau, "temperature of the self-supervised loss");
    app.add_option("--ssl-batch-size", c.ssl_batch_size, "m: items per SSL batch, drawn uniformly");
    app.add_option("--mask-probability", c.mask_probability, "random_mask: chance a field is masked");
    app.add_option("--dropout-probability", c.dropout_probability, "dropout: chance a value is dropped");
    app.add_option("--ssl-id-masking", o.ssl_id_masking, "as_field | always | never | kept_frozen: the item ID in SSL views");
    app.add_option("--optimizer", o.optimizer, "adam | adagrad | sgd");
    app.add_option("--lr", c.learning_rate, "learning rate");
    app.add_option("--threads", c.threads, "threads for training and evaluation");
    app.add_option("--hidden", o.hidden, "hidden widths of both towers' MLPs, e.g. 128 or 256,128");
    app.add_option("--output-dim", c.model.output_dim, "embedding size");
    app.add_option("--activation", o.activation, "relu | tanh | identity");
    app.add_option("--id-dim", c.model.id_embedding_dim, "ID embedding width");
    app.add_option("--cold-missing-id", c.model.cold_items_use_missing_id,
                   "serve items without training clicks with ID = missing");
    app.add_option("--head-share", c.head_share, "top share of items by clicks counted as head");
    app.add_option("--label-fraction", c.label_fraction, "share of training clicks kept (seeded; test clicks all stay)");
    app.add_option("--id-dropout", c.id_dropout, "L_main: chance a clicked item is shown with ID = missing");
    app.add_option("--id-dropout-tail", c.id_dropout_tail, "L_main: the same for long-tail items (the larger applies)");
    app.add_option("--id-lr-scale", c.id_learning_rate_scale, "ID tables' learning rate = lr x this");
    app.add_option("--ssl-sampling-power", c.ssl_sampling_power, "SSL items ~ (clicks+1)^power; 0 = uniform");
    app.add_option("--learn-missing-id", c.model.learn_missing_id, "learn the ID field's 'missing' row (true/false)");
    app.add_option("--item-inputs", o.item_inputs, "all | features_only | id_only: what the item tower reads");
    app.add_option("--eval-users", c.eval_users, "evaluate on a seeded sample of this many test users (0 = all)");
    app.add_option("--cold-item-share", o.cold_item_share, "share of items held out as cold (real data)");
    app.add_option("--syn-users", o.synthetic.num_users, "synthetic: users");
    app.add_option("--syn-items", o.synthetic.num_items, "synthetic: items");
    app.add_option("--syn-clicks", o.synthetic.num_clicks, "synthetic: clicks");
    app.add_option("--syn-seed", o.synthetic.seed, "synthetic: generator seed")->check(CLI::NonNegativeNumber);
}

namespace {

// The flag that sets a TrainConfig field: "--" and the key with '-' for '_', except where the flag
// has a shorter name.
std::string flag_of(const std::string& key) {
    static const std::pair<const char*, const char*> renamed[] = {
        {"learning_rate", "--lr"},           {"model.hidden_widths", "--hidden"},
        {"model.output_dim", "--output-dim"}, {"model.activation", "--activation"},
        {"model.id_embedding_dim", "--id-dim"}, {"model.cold_items_use_missing_id", "--cold-missing-id"},
        {"id_learning_rate_scale", "--id-lr-scale"}, {"model.learn_missing_id", "--learn-missing-id"}};
    for (const auto& [k, flag] : renamed)
        if (key == k) return flag;
    std::string flag = "--" + key;
    for (auto& ch : flag) if (ch == '_') ch = '-';
    return flag;
}

}  // namespace

TrainConfig resolve_config(const CLI::App& app, CommonOptions& o) {
    TrainConfig c = o.config_file.empty() ? TrainConfig{} : load_train_config(o.config_file);
    // Apply only flags the user gave, so a config file is not overwritten by defaults.
    auto given = [&](const char* flag) { return app.count(flag) > 0; };
    const TrainConfig& f = o.config;
    if (given("--seed")) c.seed = f.seed;
    if (given("--batch-size")) c.batch_size = f.batch_size;
    if (given("--num-negatives")) c.num_negatives = f.num_negatives;
    if (given("--tau")) c.tau = f.tau;
    if (given("--logq-alpha")) c.logq_alpha = f.logq_alpha;
    if (given("--logq-warm-start")) c.logq_warm_start = f.logq_warm_start;
    if (given("--remove-accidental-hits")) c.remove_accidental_hits = f.remove_accidental_hits;
    if (given("--margin")) c.margin = f.margin;
    if (given("--sigma")) c.sigma = f.sigma;
    if (given("--hard-share")) c.hard_share = f.hard_share;
    if (given("--uniform-share")) c.uniform_share = f.uniform_share;
    if (given("--alpha")) c.alpha = f.alpha;
    if (given("--ssl-tau")) c.ssl_tau = f.ssl_tau;
    if (given("--ssl-batch-size")) c.ssl_batch_size = f.ssl_batch_size;
    if (given("--mask-probability")) c.mask_probability = f.mask_probability;
    if (given("--dropout-probability")) c.dropout_probability = f.dropout_probability;
    if (given("--lr")) c.learning_rate = f.learning_rate;
    if (given("--threads")) c.threads = f.threads;
    if (given("--output-dim")) c.model.output_dim = f.model.output_dim;
    if (given("--id-dim")) c.model.id_embedding_dim = f.model.id_embedding_dim;
    if (given("--cold-missing-id")) c.model.cold_items_use_missing_id = f.model.cold_items_use_missing_id;
    if (given("--head-share")) c.head_share = f.head_share;
    if (given("--label-fraction")) c.label_fraction = f.label_fraction;
    if (given("--id-dropout")) c.id_dropout = f.id_dropout;
    if (given("--id-dropout-tail")) c.id_dropout_tail = f.id_dropout_tail;
    if (given("--id-lr-scale")) c.id_learning_rate_scale = f.id_learning_rate_scale;
    if (given("--ssl-sampling-power")) c.ssl_sampling_power = f.ssl_sampling_power;
    if (given("--learn-missing-id")) c.model.learn_missing_id = f.model.learn_missing_id;
    if (given("--eval-users")) c.eval_users = f.eval_users;
    if (!o.objective.empty()) c.objective = objective_from_string(o.objective, "--objective");
    if (!o.negatives.empty()) c.negatives = negative_source_from_string(o.negatives, "--negatives");
    else if (!o.objective.empty() && c.objective != Objective::InBatchSoftmax && c.negatives == NegativeSource::InBatch)
        c.negatives = NegativeSource::Uniform;  // a sampled objective without a named source samples uniformly
    if (!o.logq.empty()) c.logq = logq_mode_from_string(o.logq, "--logq");
    if (!o.augmentation.empty()) c.augmentation = augmentation_from_string(o.augmentation, "--augmentation");
    if (!o.ssl_id_masking.empty()) c.ssl_id_masking = ssl_id_masking_from_string(o.ssl_id_masking, "--ssl-id-masking");
    if (!o.item_inputs.empty()) c.model.item_inputs = item_inputs_from_string(o.item_inputs, "--item-inputs");
    if (!o.optimizer.empty()) c.optimizer = optimizer_from_string(o.optimizer, "--optimizer");
    if (!o.activation.empty()) c.model.activation = activation_from_string(o.activation, "--activation");
    if (!o.hidden.empty()) {
        // Every part a whole number, nothing else: std::stoi read "1e3" as 1 and "128abc" as 128.
        c.model.hidden_widths.clear();
        std::vector<std::string_view> parts;
        split_fields(o.hidden, ",", parts);
        for (std::string_view part : parts) {
            try {
                c.model.hidden_widths.push_back(static_cast<int>(parse_int(trim(part), ErrorContext{"", 0, "--hidden"}, 1, 65536)));
            } catch (const Error& e) {
                throw Error(ErrorContext{"", 0, "--hidden"},
                            "expected widths as whole numbers separated by commas, e.g. 256,128; found '" + o.hidden +
                                "' (" + e.message() + ")");
            }
        }
    }
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
