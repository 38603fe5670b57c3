// TrainConfig <-> JSON (core/config_json.h): a file written by to_json reads back as the same
// configuration, and every mistake a person can make in a file or an override is an Error naming
// the key (and the file or source it came from).
#include <catch2/catch.hpp>

#include <functional>
#include <map>
#include <string>

#include "core/config_json.h"
#include "core/error.h"
#include "test_loader_fixtures.h"

using namespace towerlab;
using towerlab::test::where_of;
using nlohmann::json;

namespace {

// Every field moved off its default to another valid value, so a field the codec forgot, or read
// into the wrong member, cannot hide behind a default that happens to match.
TrainConfig every_field_changed() {
    TrainConfig c;
    c.model.hidden_widths = {64, 32};
    c.model.output_dim = 24;
    c.model.activation = Activation::Tanh;
    c.model.id_embedding_dim = 12;
    c.model.field_embedding_dim = 6;
    c.model.multi_field_embedding_dim = 10;
    c.model.init_std = 0.05;
    c.model.cold_items_use_missing_id = false;
    c.model.learn_missing_id = true;
    c.model.item_inputs = ItemInputs::FeaturesOnly;
    c.seed = 1234567890123ULL;  // beyond 32 bits: a reader that narrows would cut it
    c.objective = Objective::SampledSoftmax;
    c.negatives = NegativeSource::Mixed;
    c.batch_size = 96;
    c.num_negatives = 7;
    c.tau = 0.07;
    c.logq = LogQMode::ExactCounts;
    c.logq_alpha = 0.02;
    c.logq_hash_size = 4096;
    c.logq_warm_start = true;
    c.remove_accidental_hits = false;
    c.margin = 0.35;
    c.sigma = 5.5;
    c.id_dropout = 0.1;
    c.id_dropout_tail = 0.3;
    c.hard_share = 0.25;
    c.uniform_share = 0.75;
    c.hard_pool = 20;
    c.hard_refresh_steps = 50;
    c.augmentation = Augmentation::Complementary;
    c.alpha = 0.4;
    c.ssl_tau = 0.2;
    c.ssl_batch_size = 128;
    c.mask_probability = 0.3;
    c.dropout_probability = 0.6;
    c.ssl_id_masking = SslIdMasking::KeptFrozen;
    c.ssl_sampling_power = 0.5;
    c.optimizer = OptimizerKind::Adagrad;
    c.learning_rate = 0.05;
    c.adam_beta1 = 0.8;
    c.adam_beta2 = 0.99;
    c.adam_epsilon = 1e-6;
    c.adagrad_initial = 0.2;
    c.id_learning_rate_scale = 2.0;
    c.embedding_optimizer = EmbeddingOptimizer::Adagrad;
    c.embedding_learning_rate = 0.03;
    c.threads = 3;
    c.eval_k = {5, 20};
    c.head_share = 0.3;
    c.label_fraction = 0.5;
    c.eval_users = 500;
    return c;
}

// Member by member, so a field that is missing from the JSON table entirely is caught too.
void check_same_fields(const TrainConfig& a, const TrainConfig& b) {
    CHECK(a.model.hidden_widths == b.model.hidden_widths);
    CHECK(a.model.output_dim == b.model.output_dim);
    CHECK(a.model.activation == b.model.activation);
    CHECK(a.model.id_embedding_dim == b.model.id_embedding_dim);
    CHECK(a.model.field_embedding_dim == b.model.field_embedding_dim);
    CHECK(a.model.multi_field_embedding_dim == b.model.multi_field_embedding_dim);
    CHECK(a.model.init_std == b.model.init_std);
    CHECK(a.model.cold_items_use_missing_id == b.model.cold_items_use_missing_id);
    CHECK(a.model.learn_missing_id == b.model.learn_missing_id);
    CHECK(a.model.item_inputs == b.model.item_inputs);
    CHECK(a.seed == b.seed);
    CHECK(a.objective == b.objective);
    CHECK(a.negatives == b.negatives);
    CHECK(a.batch_size == b.batch_size);
    CHECK(a.num_negatives == b.num_negatives);
    CHECK(a.tau == b.tau);
    CHECK(a.logq == b.logq);
    CHECK(a.logq_alpha == b.logq_alpha);
    CHECK(a.logq_hash_size == b.logq_hash_size);
    CHECK(a.logq_warm_start == b.logq_warm_start);
    CHECK(a.remove_accidental_hits == b.remove_accidental_hits);
    CHECK(a.margin == b.margin);
    CHECK(a.sigma == b.sigma);
    CHECK(a.id_dropout == b.id_dropout);
    CHECK(a.id_dropout_tail == b.id_dropout_tail);
    CHECK(a.hard_share == b.hard_share);
    CHECK(a.uniform_share == b.uniform_share);
    CHECK(a.hard_pool == b.hard_pool);
    CHECK(a.hard_refresh_steps == b.hard_refresh_steps);
    CHECK(a.augmentation == b.augmentation);
    CHECK(a.alpha == b.alpha);
    CHECK(a.ssl_tau == b.ssl_tau);
    CHECK(a.ssl_batch_size == b.ssl_batch_size);
    CHECK(a.mask_probability == b.mask_probability);
    CHECK(a.dropout_probability == b.dropout_probability);
    CHECK(a.ssl_id_masking == b.ssl_id_masking);
    CHECK(a.ssl_sampling_power == b.ssl_sampling_power);
    CHECK(a.optimizer == b.optimizer);
    CHECK(a.learning_rate == b.learning_rate);
    CHECK(a.adam_beta1 == b.adam_beta1);
    CHECK(a.adam_beta2 == b.adam_beta2);
    CHECK(a.adam_epsilon == b.adam_epsilon);
    CHECK(a.adagrad_initial == b.adagrad_initial);
    CHECK(a.id_learning_rate_scale == b.id_learning_rate_scale);
    CHECK(a.embedding_optimizer == b.embedding_optimizer);
    CHECK(a.embedding_learning_rate == b.embedding_learning_rate);
    CHECK(a.threads == b.threads);
    CHECK(a.eval_k == b.eval_k);
    CHECK(a.head_share == b.head_share);
    CHECK(a.label_fraction == b.label_fraction);
    CHECK(a.eval_users == b.eval_users);
}

// key -> value, "model.x" for the model's keys.
std::map<std::string, json> flat(const json& j) {
    std::map<std::string, json> out;
    for (auto it = j.begin(); it != j.end(); ++it) {
        if (it.key() == "model")
            for (auto m = it->begin(); m != it->end(); ++m) out["model." + m.key()] = *m;
        else
            out[it.key()] = *it;
    }
    return out;
}

std::string field_of(const json& j) {
    return where_of([&] { train_config_from_json(j); }).field;
}

std::string message_of(const json& j) {
    try {
        train_config_from_json(j);
    } catch (const Error& e) {
        return e.what();
    }
    return "(no error)";
}

}  // namespace

TEST_CASE("to_json then train_config_from_json reproduces every field", "[config_json]") {
    const TrainConfig changed = every_field_changed();
    REQUIRE_NOTHROW(changed.validate());

    // The changed config differs from the default under every key, so the round trip below
    // exercises every key with a value that is not the default's.
    const TrainConfig untouched;
    const auto written = flat(to_json(changed)), defaults = flat(to_json(untouched));
    REQUIRE(written.size() == defaults.size());
    for (const auto& [key, value] : written) {
        INFO(key);
        REQUIRE(defaults.count(key) == 1);
        CHECK(value != defaults.at(key));
    }

    // Through text, as a file would carry it.
    const TrainConfig back = train_config_from_json(json::parse(to_json(changed).dump(2)), "roundtrip.json");
    CHECK(to_json(back) == to_json(changed));
    check_same_fields(back, changed);
}

TEST_CASE("the JSON keys and values are the field names and the enums' names", "[config_json]") {
    const json j = to_json(every_field_changed());
    CHECK(j.at("seed") == 1234567890123ULL);
    CHECK(j.at("tau") == 0.07);
    CHECK(j.at("optimizer") == "adagrad");
    CHECK(j.at("augmentation") == "complementary");
    CHECK(j.at("logq") == "exact");
    CHECK(j.at("remove_accidental_hits") == false);
    CHECK(j.at("eval_k") == json::array({5, 20}));
    CHECK(j.at("model").at("hidden_widths") == json::array({64, 32}));
    CHECK(j.at("model").at("item_inputs") == "features_only");
    // A file names only what it changes; the rest are the defaults.
    const TrainConfig partial = train_config_from_json(json{{"tau", 0.2}, {"model", {{"output_dim", 32}}}});
    TrainConfig expected;
    expected.tau = 0.2;
    expected.model.output_dim = 32;
    check_same_fields(partial, expected);
}

TEST_CASE("an unknown key is an error naming the key and the source", "[config_json]") {
    CHECK(field_of(json{{"tua", 0.1}}) == "tua");
    CHECK(message_of(json{{"tua", 0.1}}).find("tua") != std::string::npos);
    CHECK(field_of(json{{"model", {{"outptu_dim", 3}}}}) == "model.outptu_dim");
    CHECK(field_of(json{{"output_dim", 3}}) == "output_dim");  // a model key outside "model"
    const ErrorContext w = where_of([] { train_config_from_json(json{{"tua", 0.1}}, "runs/a.json"); });
    CHECK(w.file == "runs/a.json");
    CHECK(w.field == "tua");
    CHECK_THROWS_AS(train_config_from_json(json::array({1, 2})), Error);
}

TEST_CASE("a value of the wrong type is an error naming the key", "[config_json]") {
    CHECK(field_of(json{{"tau", "fast"}}) == "tau");
    CHECK(field_of(json{{"batch_size", "64"}}) == "batch_size");
    CHECK(field_of(json{{"logq_warm_start", 1}}) == "logq_warm_start");
    CHECK(field_of(json{{"optimizer", 3}}) == "optimizer");
    CHECK(field_of(json{{"optimizer", "adamw"}}) == "optimizer");
    CHECK(message_of(json{{"optimizer", "adamw"}}).find("adagrad") != std::string::npos);  // lists what is accepted
    CHECK(field_of(json{{"eval_k", json::array({10, "x"})}}) == "eval_k");
    CHECK(field_of(json{{"model", {{"hidden_widths", "wide"}}}}) == "model.hidden_widths");
    CHECK(field_of(json{{"model", {{"activation", true}}}}) == "model.activation");
    CHECK(field_of(json{{"tau", 0.0}}) == "tau");  // well typed but invalid: validate() names it
}

TEST_CASE("an integer key refuses 2.5 and out-of-range numbers but takes 64.0", "[config_json]") {
    CHECK(field_of(json{{"batch_size", 2.5}}) == "batch_size");
    CHECK(message_of(json{{"batch_size", 2.5}}).find("2.5") != std::string::npos);
    CHECK(field_of(json{{"batch_size", 1e300}}) == "batch_size");
    CHECK(field_of(json{{"seed", 2.5}}) == "seed");
    CHECK(field_of(json{{"model", {{"output_dim", 16.5}}}}) == "model.output_dim");
    CHECK(field_of(json{{"seed", -1}}) == "seed");  // unsigned: -1 would wrap to 2^64 - 1
    CHECK(train_config_from_json(json{{"batch_size", 64.0}}).batch_size == 64);
}

// Each element of a list of whole numbers is checked as one: nlohmann's own conversion would cut
// 2.5 to 2 without a word.
TEST_CASE("an integer list refuses 2.5 in any element", "[config_json]") {
    CHECK(field_of(json{{"eval_k", json::array({10, 2.5})}}) == "eval_k");
    CHECK(field_of(json{{"model", {{"hidden_widths", json::array({64.5})}}}}) == "model.hidden_widths");
}

TEST_CASE("apply_config_overrides changes the named keys, keeps the rest and validates", "[config_json]") {
    const TrainConfig base = every_field_changed();

    const TrainConfig c = apply_config_overrides(
        base, "tau=0.2 optimizer=sgd;model.hidden_widths=[16]\tmodel.learn_missing_id=false  augmentation=cfm");
    TrainConfig expected = base;
    expected.tau = 0.2;
    expected.optimizer = OptimizerKind::Sgd;
    expected.model.hidden_widths = {16};
    expected.model.learn_missing_id = false;
    expected.augmentation = Augmentation::CorrelatedMask;
    check_same_fields(c, expected);
    check_same_fields(apply_config_overrides(base, ""), base);

    auto where = [&](const std::string& overrides) {
        return where_of([&] { apply_config_overrides(base, overrides, "--set"); });
    };
    CHECK(where("tua=1").field == "tua");
    CHECK(where("tua=1").file == "--set");
    CHECK(where("tau").field == "tau");           // no '='
    CHECK(where("tau=0.2 =3").field == "=3");     // no key
    CHECK(where("tau=fast").field == "tau");
    CHECK(where("batch_size=2.5").field == "batch_size");
    CHECK(where("batch_size=1").field == "batch_size");  // valid JSON, invalid config
    CHECK(where("objective=in_batch_softmax").field == "negatives");  // base's mixed negatives no longer fit
    CHECK(where_of([&] { apply_config_overrides(base, "tua=1"); }).file == "overrides");
}
