// The one table of hyper-parameters (core/hyperparameters.h): every TrainConfig field has exactly
// one row, and what is generated from it (the JSON codec, the range checks, the CLI's flags)
// agrees with the row.
#include <catch2/catch.hpp>

#include <cmath>
#include <set>

#include "core/config_json.h"
#include "core/error.h"
#include "core/hyperparameters.h"
#include "cli_runner.h"
#include "test_loader_fixtures.h"

using namespace towerlab;
using towerlab::test::CliResult;
using towerlab::test::run_cli;
using towerlab::test::error_of;

namespace {

// The keys to_json writes, "model.x" for the model's.
std::set<std::string> json_keys(const TrainConfig& c) {
    std::set<std::string> keys;
    const nlohmann::json j = to_json(c);
    for (auto it = j.begin(); it != j.end(); ++it) {
        if (it.key() == "model")
            for (auto m = it->begin(); m != it->end(); ++m) keys.insert("model." + m.key());
        else
            keys.insert(it.key());
    }
    return keys;
}

}  // namespace

TEST_CASE("every hyper-parameter has one row with a unique key and flag, and the defaults are in range",
          "[hyperparameters][config]") {
    std::set<std::string> keys, flags;
    for (const Hyperparameter& p : hyperparameters()) {
        INFO(p.key);
        CHECK(keys.insert(p.key).second);
        CHECK(flags.insert(p.flag).second);
        CHECK(p.flag.rfind("--", 0) == 0);
        CHECK_FALSE(p.help.empty());
        CHECK(find_hyperparameter(p.key) == &p);
        CHECK_NOTHROW(p.check_range(TrainConfig{}));
        if (p.control != ParamControl::None) {
            CHECK_FALSE(p.label.empty());
            CHECK_FALSE(p.label_zh.empty());  // the Chinese UI's label comes from the table too
        }
        if (p.type == ParamType::Choice) CHECK(p.choices.size() >= 2);
    }
    // TrainConfig's fields, written here from config.h (not from the table): a field added there
    // without a row, or a row dropped, fails this check.
    const std::set<std::string> fields = {
        "seed", "objective", "negatives", "batch_size", "num_negatives", "tau", "logq", "logq_alpha",
        "logq_hash_size", "logq_warm_start", "remove_accidental_hits", "margin", "sigma", "id_dropout",
        "id_dropout_tail", "hard_share", "uniform_share", "hard_pool", "hard_refresh_steps", "augmentation", "alpha",
        "ssl_tau", "ssl_batch_size", "mask_probability", "dropout_probability", "ssl_id_masking", "ssl_sampling_power",
        "optimizer", "learning_rate", "adam_beta1", "adam_beta2", "adam_epsilon", "adagrad_initial",
        "id_learning_rate_scale", "embedding_optimizer", "embedding_learning_rate", "threads", "eval_k", "head_share", "label_fraction", "eval_users",
        "model.hidden_widths", "model.output_dim", "model.activation", "model.id_embedding_dim",
        "model.field_embedding_dim", "model.multi_field_embedding_dim", "model.init_std",
        "model.cold_items_use_missing_id", "model.learn_missing_id", "model.item_inputs"};
    CHECK(keys == fields);
    // The JSON codec writes exactly the table's keys.
    CHECK(json_keys(TrainConfig{}) == keys);
    CHECK(find_hyperparameter("no_such_key") == nullptr);
}

TEST_CASE("each row's range is what validate() enforces, naming the key", "[hyperparameters][config]") {
    for (const Hyperparameter& p : hyperparameters()) {
        if (p.type == ParamType::Flag || p.type == ParamType::Choice || p.type == ParamType::Count) continue;
        INFO(p.key);
        const bool whole = p.type != ParamType::Real;
        // Just outside each finite end (for an open end: the end itself).
        std::vector<double> outside;
        if (std::isfinite(p.range.min)) outside.push_back(p.range.min_open ? p.range.min : p.range.min - (whole ? 1 : 1e-6));
        if (std::isfinite(p.range.max)) outside.push_back(p.range.max_open ? p.range.max : p.range.max + (whole ? 1 : 1e-6));
        for (double v : outside) {
            if (whole && (v > 2147483647.0 || v < -2147483648.0)) continue;  // not representable in the field
            TrainConfig c;
            const nlohmann::json value = p.type == ParamType::IntList ? nlohmann::json::array({static_cast<int>(v)})
                                         : whole                       ? nlohmann::json(static_cast<int>(v))
                                                                       : nlohmann::json(v);
            p.set(c, value);
            CHECK_THAT(error_of([&] { c.validate(); }), Catch::Contains("field '" + p.key + "'") && Catch::Contains("must be"));
        }
        if (p.type == ParamType::Real) {
            TrainConfig c;
            p.set(c, std::nan(""));
            CHECK_THAT(error_of([&] { c.validate(); }), Catch::Contains("field '" + p.key + "'"));
        }
    }
}

TEST_CASE("choices round-trip by name and a wrong name lists what is accepted", "[hyperparameters][config]") {
    for (const Hyperparameter& p : hyperparameters()) {
        if (p.type != ParamType::Choice) continue;
        INFO(p.key);
        for (const std::string& name : p.choices) {
            TrainConfig c;
            p.set(c, name);
            CHECK(p.get(c) == name);
        }
        TrainConfig c;
        CHECK_THAT(error_of([&] { p.set(c, "no_such_choice"); }), Catch::Contains(p.key));
    }
}

TEST_CASE("flag values are parsed strictly and errors name the flag", "[hyperparameters][cli]") {
    const Hyperparameter& batch = *find_hyperparameter("batch_size");
    CHECK(parse_flag_value(batch, "512") == 512);
    for (const char* bad : {"1e3", "2.5", "128abc", "", "-"}) {
        INFO(bad);
        CHECK_THAT(error_of([&] { parse_flag_value(batch, bad); }), Catch::Contains("field '--batch-size'"));
    }
    const Hyperparameter& tau = *find_hyperparameter("tau");
    CHECK(parse_flag_value(tau, "0.5") == 0.5);
    CHECK(std::isnan(parse_flag_value(tau, "nan").get<double>()));  // parsed; the range check refuses it
    CHECK_THAT(error_of([&] { parse_flag_value(tau, "0.5x"); }), Catch::Contains("field '--tau'"));
    const Hyperparameter& hits = *find_hyperparameter("remove_accidental_hits");
    CHECK(parse_flag_value(hits, "yes") == true);
    CHECK(parse_flag_value(hits, "0") == false);
    CHECK_THAT(error_of([&] { parse_flag_value(hits, "TRUE"); }), Catch::Contains("true or false"));
    const Hyperparameter& hidden = *find_hyperparameter("model.hidden_widths");
    CHECK(parse_flag_value(hidden, "256, 128") == nlohmann::json::array({256, 128}));
    CHECK_THAT(error_of([&] { parse_flag_value(hidden, "64;32"); }), Catch::Contains("expected widths"));
    const Hyperparameter& seed = *find_hyperparameter("seed");
    TrainConfig c;
    CHECK_THROWS(seed.set(c, parse_flag_value(seed, "-1")));  // a negative seed would wrap to 2^64-1
    seed.set(c, parse_flag_value(seed, "18446744073709551615"));
    CHECK(c.seed == 18446744073709551615ull);
}

TEST_CASE("the CLI offers every row's flag and applies it over a config file", "[hyperparameters][cli]") {
    const CliResult help = run_cli("train --help");
    REQUIRE(help.status == 0);
    for (const Hyperparameter& p : hyperparameters()) {
        INFO(p.flag);
        CHECK_THAT(help.output, Catch::Contains(p.flag));
    }
    // A flag from the table that had none before: refused out of range, with the flag named.
    const CliResult r = run_cli("train --dataset synthetic:users=300,items=150,clicks=4000 --steps 1 --adam-beta2 1");
    CHECK(r.status != 0);
    CHECK_THAT(r.output, Catch::Contains("field '--adam-beta2': must be in [0, 1)"));
}
