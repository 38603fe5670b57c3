// Controlled comparisons (experiments/comparison.h): which runs happen, with which seeds and
// steps, and how the summary's figures follow from the per-seed reports. The runs are a few steps
// on a tiny synthetic dataset, so what they measure means nothing and nothing here asserts it;
// only the bookkeeping around the measurement is checked.
#include <catch2/catch.hpp>

#include <atomic>
#include <cmath>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/error.h"
#include "test_loader_fixtures.h"
#include "data/synthetic_dataset.h"
#include "experiments/comparison.h"
#include "synthetic_fixtures.h"

using namespace towerlab;

namespace {

struct TinyData {
    std::shared_ptr<const Dataset> data;
    std::shared_ptr<const Split> split;
};

const TinyData& tiny_data() {
    static const TinyData d = [] {
        SyntheticConfig sc = test::synthetic_sizes(300, 150, 3000);
        sc.num_topics = 4;
        auto data = std::make_shared<const Dataset>(make_synthetic_dataset(sc));
        auto split = std::make_shared<const Split>(make_split(*data, SplitConfig{}));
        return TinyData{data, split};
    }();
    return d;
}

TrainConfig small_config() {
    TrainConfig c;
    c.batch_size = 32;
    c.ssl_batch_size = 32;
    c.model.hidden_widths = {16};
    c.model.output_dim = 8;
    c.model.id_embedding_dim = 8;
    c.logq_hash_size = 1024;
    c.threads = 1;
    return c;
}

ComparisonOptions small_options(long steps, std::vector<uint64_t> seeds) {
    ComparisonOptions o;
    o.steps = steps;
    o.seeds = std::move(seeds);
    o.eval.ks = {10, 50};
    o.eval.threads = 1;
    return o;
}

ComparisonResult compare(const std::vector<Variant>& variants, const ComparisonOptions& options) {
    return run_comparison(tiny_data().data, tiny_data().split, variants, options);
}

// A report whose figures are all zero except overall Recall@10 (ks = {10, 50}).
EvalReport report_with_recall10(double recall) {
    EvalReport r;
    r.ks = {10, 50};
    r.overall.recall = {recall, 0};
    return r;
}

// A comparison result as run_comparison would give it, with chosen overall Recall@10 per run.
ComparisonResult made_up(const std::vector<std::vector<double>>& recall10_per_variant) {
    ComparisonResult r;
    for (size_t v = 0; v < recall10_per_variant.size(); ++v) {
        Variant variant;
        variant.label = "variant " + std::to_string(v);
        r.variants.push_back(variant);
        r.runs.emplace_back();
        for (size_t s = 0; s < recall10_per_variant[v].size(); ++s) {
            RunResult one;
            one.seed = s + 1;
            one.report = report_with_recall10(recall10_per_variant[v][s]);
            r.runs.back().push_back(one);
        }
    }
    for (size_t s = 0; s < recall10_per_variant.at(0).size(); ++s) r.seeds.push_back(s + 1);
    return r;
}

std::string field_of_error(const std::function<void()>& f) { return test::where_of(f).field; }

}  // namespace

TEST_CASE("a comparison trains every variant on every seed for the given steps", "[comparison]") {
    TrainConfig warmer = small_config();
    warmer.tau = 0.2;
    TrainConfig ssl = small_config();
    ssl.augmentation = Augmentation::RandomMask;
    const std::vector<Variant> variants = {{"baseline", small_config()}, {"tau 0.2", warmer}, {"ssl", ssl}};
    ComparisonOptions options = small_options(4, {11, 12, 13});
    options.curve_every = 2;
    std::vector<std::vector<long>> steps_seen(variants.size() * 3);
    std::vector<std::pair<size_t, size_t>> order;
    options.on_step = [&](size_t v, size_t s, const StepStats& st) {
        steps_seen[v * 3 + s].push_back(st.step);
        if (order.empty() || order.back() != std::make_pair(v, s)) order.emplace_back(v, s);
    };

    const ComparisonResult r = compare(variants, options);

    REQUIRE(r.runs.size() == 3);
    CHECK(r.seeds == std::vector<uint64_t>{11, 12, 13});
    CHECK(r.variants.size() == 3);
    // One run after another: variant by variant, seed by seed, each step reported once.
    CHECK(order == std::vector<std::pair<size_t, size_t>>{{0, 0}, {0, 1}, {0, 2}, {1, 0}, {1, 1}, {1, 2},
                                                           {2, 0}, {2, 1}, {2, 2}});
    for (size_t v = 0; v < 3; ++v) {
        REQUIRE(r.runs[v].size() == 3);
        for (size_t s = 0; s < 3; ++s) {
            INFO("variant " << v << ", seed index " << s);
            const RunResult& seed_run = r.runs[v][s];
            CHECK(seed_run.label == variants[v].label);
            CHECK(seed_run.seed == options.seeds[s]);
            CHECK(steps_seen[v * 3 + s] == std::vector<long>{1, 2, 3, 4});
            REQUIRE(seed_run.losses.size() == 4);
            for (size_t i = 0; i < 4; ++i) CHECK(seed_run.losses[i].step == static_cast<long>(i) + 1);
            CHECK(seed_run.report.ks == options.eval.ks);
            CHECK(seed_run.report.overall.users > 0);
            // Curve points every 2 steps, the last one being the final report.
            REQUIRE(seed_run.curve.size() == 2);
            CHECK(seed_run.curve[0].step == 2);
            CHECK(seed_run.curve[1].step == 4);
            CHECK(seed_run.curve[1].report.overall.recall == seed_run.report.overall.recall);
        }
    }
    // L_self is trained only by the variant that turned SSL on.
    CHECK(r.runs[0][0].losses[0].loss_self == 0);
    CHECK(r.runs[2][0].losses[0].loss_self > 0);
    // Each seed is a different model: the first step's loss differs.
    CHECK(r.runs[0][0].losses[0].loss_main != r.runs[0][1].losses[0].loss_main);
}

// The comparison is paired: a variant gets the baseline's seeds, data and test users, so a variant
// that is the baseline again must agree with it run for run.
TEST_CASE("a variant identical to the baseline has zero paired differences on every seed", "[comparison]") {
    const ComparisonResult r = compare({{"a", small_config()}, {"a again", small_config()}}, small_options(3, {5, 6}));
    for (size_t s = 0; s < 2; ++s) {
        INFO("seed index " << s);
        CHECK(r.runs[1][s].losses.back().loss_main == r.runs[0][s].losses.back().loss_main);
        CHECK(r.runs[1][s].report.overall.recall == r.runs[0][s].report.overall.recall);
    }
    const Summary again = summarize(r, 1, overall_recall_at(50));
    CHECK(again.diff_mean == 0);
    CHECK(again.diff_stdev == 0);
    CHECK(again.wins == 0);
    CHECK(again.mean == summarize(r, 0, overall_recall_at(50)).mean);
}

TEST_CASE("summarize computes mean, spread, paired difference and wins from the per-seed figures", "[comparison]") {
    SECTION("figures chosen by hand") {
        // baseline 0.2, 0.4, 0.3; variant 0.3, 0.3, 0.6 -> differences +0.1, -0.1, +0.3
        const ComparisonResult r = made_up({{0.2, 0.4, 0.3}, {0.3, 0.3, 0.6}});
        const Summary v = summarize(r, 1, overall_recall_at(10));
        CHECK(v.mean == Approx(0.4));
        CHECK(v.stdev == Approx(std::sqrt(0.03)));  // (0.01 + 0.01 + 0.04) / (3 - 1)
        CHECK(v.diff_mean == Approx(0.1));
        CHECK(v.diff_stdev == Approx(0.2));         // (0 + 0.04 + 0.04) / (3 - 1)
        CHECK(v.relative == Approx(0.1 / 0.3));
        CHECK(v.wins == 2);
        const Summary b = summarize(r, 0, overall_recall_at(10));
        CHECK(b.mean == Approx(0.3));
        CHECK(b.stdev == Approx(0.1));
        CHECK(b.diff_mean == 0);
        CHECK(b.relative == 0);
        CHECK(b.wins == 0);
        // A baseline of zero has no relative change to report.
        CHECK(summarize(made_up({{0, 0}, {0.1, 0.3}}), 1, overall_recall_at(10)).relative == 0);
        CHECK(summarize(made_up({{0, 0}, {0.1, 0.3}}), 1, overall_recall_at(10)).diff_mean == Approx(0.2));
    }
    SECTION("figures of a real run") {
        TrainConfig other = small_config();
        other.tau = 0.5;
        const ComparisonResult r = compare({{"base", small_config()}, {"tau 0.5", other}}, small_options(3, {1, 2, 3}));
        const MetricOf metric = overall_recall_at(50);
        std::vector<double> values, diffs;
        double base_sum = 0;
        int wins = 0;
        for (size_t s = 0; s < 3; ++s) {
            const double base = r.runs[0][s].report.overall.recall[1], mine = r.runs[1][s].report.overall.recall[1];
            values.push_back(mine);
            diffs.push_back(mine - base);
            base_sum += base;
            wins += mine > base ? 1 : 0;
        }
        const MeanSd v = mean_and_sd(values), d = mean_and_sd(diffs);
        const Summary s = summarize(r, 1, metric);
        CHECK(s.mean == Approx((values[0] + values[1] + values[2]) / 3).margin(1e-15));
        CHECK(s.stdev == Approx(v.sd).margin(1e-15));
        CHECK(s.diff_mean == Approx(d.mean).margin(1e-15));
        CHECK(s.diff_stdev == Approx(d.sd).margin(1e-15));
        CHECK(s.wins == wins);
        REQUIRE(base_sum > 0);
        CHECK(s.relative == Approx(d.mean / (base_sum / 3)).margin(1e-15));
    }
}

TEST_CASE("mean_and_sd is the mean and the sample standard deviation", "[comparison]") {
    CHECK(mean_and_sd({}).mean == 0);
    CHECK(mean_and_sd({}).sd == 0);
    CHECK(mean_and_sd({0.7}).mean == Approx(0.7));
    CHECK(mean_and_sd({0.7}).sd == 0);
    CHECK(mean_and_sd({2, 4, 4, 4, 5, 5, 7, 9}).mean == Approx(5));
    CHECK(mean_and_sd({2, 4, 4, 4, 5, 5, 7, 9}).sd == Approx(std::sqrt(32.0 / 7)));
}

TEST_CASE("each metric reads its own figure of a report, and an unevaluated K is an error", "[comparison]") {
    EvalReport r;
    r.ks = {10, 50};
    r.overall.recall = {0.11, 0.51};
    r.by_group[static_cast<size_t>(ItemGroup::Head)].recall = {0.12, 0.52};
    r.by_group[static_cast<size_t>(ItemGroup::Tail)].recall = {0.13, 0.53};
    r.by_group[static_cast<size_t>(ItemGroup::Tail)].ndcg = {0.14, 0.54};
    r.by_bucket[2].recall = {0.15, 0.55};
    r.head_share_topk = {0.16, 0.56};
    r.coverage = {0.17, 0.57};
    CHECK(overall_recall_at(50)(r) == 0.51);
    CHECK(recall_at(ItemGroup::Head, 10)(r) == 0.12);
    CHECK(recall_at(ItemGroup::Tail, 50)(r) == 0.53);
    CHECK(ndcg_at(ItemGroup::Tail, 50)(r) == 0.54);
    CHECK(bucket_recall_at(2, 10)(r) == 0.15);
    CHECK(head_share_at(50)(r) == 0.56);
    CHECK(coverage_at(10)(r) == 0.17);
    CHECK(field_of_error([&] { overall_recall_at(100)(r); }) == "k");
}

TEST_CASE("run_comparison refuses an empty or invalid comparison and stops between steps when cancelled",
          "[comparison]") {
    const std::vector<Variant> one = {{"base", small_config()}};
    CHECK(field_of_error([&] { compare({}, small_options(2, {1})); }) == "variants");
    CHECK(field_of_error([&] { compare(one, small_options(2, {})); }) == "seeds");
    CHECK(field_of_error([&] { compare(one, small_options(0, {1})); }) == "steps");
    TrainConfig bad = small_config();
    bad.tau = 0;
    CHECK(field_of_error([&] { compare({{"base", small_config()}, {"bad", bad}}, small_options(2, {1})); }) == "tau");

    std::atomic<bool> cancel{false};
    ComparisonOptions options = small_options(50, {1, 2});
    options.cancel = &cancel;
    long steps = 0;
    options.on_step = [&](size_t, size_t, const StepStats&) {
        if (++steps == 3) cancel = true;
    };
    CHECK_THROWS_AS(compare(one, options), Cancelled);
    CHECK(steps == 3);
}
