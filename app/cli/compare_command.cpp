// `towerlab-cli compare`: train several variants of one base configuration over several seeds on
// one dataset and split; print mean and spread of Recall@K / NDCG@K for head, long-tail and cold
// items, the head share of the top-K, and each variant's paired difference against the first.
//
//   towerlab-cli compare --steps 6000 --seeds 1,2,3 --variant "baseline:" --variant "cfm: augmentation=cfm"
#include <cstdio>
#include <iostream>
#include <memory>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli_options.h"
#include "commands.h"
#include "core/config_json.h"
#include "core/error.h"
#include "data/dataset_source.h"
#include "data/split.h"
#include "eval/eval_report_format.h"
#include "experiments/comparison.h"
#include "progress_bar.h"

namespace towerlab::cli {
namespace {

struct CompareOptions {
    CommonOptions common;
    long steps = 4000;
    std::string seeds = "1,2,3";
    std::vector<std::string> variants;
    int k = 50;
    bool json = false;
    std::string json_out;
    bool quiet = false;
};

// "label: key=value key=value" -> Variant on top of `base`.
Variant parse_variant(const std::string& spec, const TrainConfig& base) {
    const size_t colon = spec.find(':');
    if (colon == std::string::npos || colon == 0)
        throw Error(ErrorContext{"", 0, "--variant"}, "expected 'label: key=value ...', got '" + spec + "'");
    Variant v;
    v.label = spec.substr(0, colon);
    v.config = apply_config_overrides(base, spec.substr(colon + 1), "--variant " + v.label);
    return v;
}

std::string mean_sd(const Summary& s) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.4f±%.4f", s.mean, s.stdev);
    return buf;
}

std::string paired(const Summary& s) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%+.4f±%.4f (%+.0f%%)", s.diff_mean, s.diff_stdev, 100 * s.relative);
    return buf;
}

void print_tables(const ComparisonResult& r, int k) {
    const EvalReport& first = r.runs[0][0].report;
    std::printf("test users: %d overall, %d head, %d long-tail, %d cold; seeds:", first.overall.users,
                first.group(ItemGroup::Head).users, first.group(ItemGroup::Tail).users,
                first.group(ItemGroup::Cold).users);
    for (uint64_t s : r.seeds) std::printf(" %llu", static_cast<unsigned long long>(s));
    std::printf("\n\nmean ± sd over seeds, @%d\n", k);
    std::printf("%-20s %16s %16s %16s %16s %16s %16s\n", "variant", "recall", "head", "long-tail", "cold", "ndcg",
                "head share");
    for (size_t v = 0; v < r.variants.size(); ++v) {
        std::printf("%-20s %16s %16s %16s %16s %16s %16s\n", r.variants[v].label.c_str(),
                    mean_sd(summarize(r, v, overall_recall_at(k))).c_str(),
                    mean_sd(summarize(r, v, recall_at(ItemGroup::Head, k))).c_str(),
                    mean_sd(summarize(r, v, recall_at(ItemGroup::Tail, k))).c_str(),
                    mean_sd(summarize(r, v, recall_at(ItemGroup::Cold, k))).c_str(),
                    mean_sd(summarize(r, v, [k](const EvalReport& e) {
                        return e.overall.ndcg[static_cast<size_t>(e.k_index(k))];
                    })).c_str(),
                    mean_sd(summarize(r, v, head_share_at(k))).c_str());
    }
    if (r.variants.size() < 2) return;
    std::printf("\npaired difference against '%s' (same seeds), recall@%d: mean ± sd (relative)\n",
                r.variants[0].label.c_str(), k);
    std::printf("%-20s %24s %24s %24s %24s\n", "variant", "overall", "head", "long-tail", "cold");
    for (size_t v = 1; v < r.variants.size(); ++v)
        std::printf("%-20s %24s %24s %24s %24s\n", r.variants[v].label.c_str(),
                    paired(summarize(r, v, overall_recall_at(k))).c_str(),
                    paired(summarize(r, v, recall_at(ItemGroup::Head, k))).c_str(),
                    paired(summarize(r, v, recall_at(ItemGroup::Tail, k))).c_str(),
                    paired(summarize(r, v, recall_at(ItemGroup::Cold, k))).c_str());
}

nlohmann::json to_json(const ComparisonResult& r, int k) {
    nlohmann::json out = nlohmann::json::array();
    for (size_t v = 0; v < r.variants.size(); ++v) {
        nlohmann::json j;
        j["label"] = r.variants[v].label;
        j["config"] = towerlab::to_json(r.variants[v].config);
        for (const auto& run : r.runs[v])
            j["runs"].push_back({{"seed", run.seed}, {"train_seconds", run.train_seconds},
                                 {"final_loss", run.losses.back().loss_total}, {"report", towerlab::to_json(run.report)}});
        auto add = [&](const std::string& name, const MetricOf& m) {
            const Summary s = summarize(r, v, m);
            j["summary"][name] = {{"mean", s.mean}, {"sd", s.stdev}, {"diff_mean", s.diff_mean},
                                  {"diff_sd", s.diff_stdev}, {"relative", s.relative}, {"wins", s.wins}};
        };
        const std::string at = "@" + std::to_string(k);
        add("recall" + at, overall_recall_at(k));
        add("head_recall" + at, recall_at(ItemGroup::Head, k));
        add("tail_recall" + at, recall_at(ItemGroup::Tail, k));
        add("cold_recall" + at, recall_at(ItemGroup::Cold, k));
        add("head_share" + at, head_share_at(k));
        add("coverage" + at, coverage_at(k));
        out.push_back(j);
    }
    return out;
}

void run_compare(const CLI::App& sub, CompareOptions& o) {
    const TrainConfig base = resolve_config(sub, o.common);
    std::vector<Variant> variants;
    if (o.variants.empty()) variants.push_back({"baseline", base});
    for (const auto& spec : o.variants) variants.push_back(parse_variant(spec, base));
    ComparisonOptions co;
    co.steps = o.steps;
    co.seeds = parse_seeds(o.seeds);
    co.eval.ks = base.eval_k;
    bool has_k = false;
    for (int k : co.eval.ks) has_k |= k == o.k;
    if (!has_k) co.eval.ks.push_back(o.k);
    co.eval.max_users = base.eval_users;
    co.eval.threads = base.threads;
    co.eval.seed = 1;  // the same test users for every run

    const auto [data, split] = load_data(o.common, base, !o.quiet);
    if (!o.quiet)
        std::cerr << data->name << ": " << variants.size() << " variants x " << co.seeds.size() << " seeds x "
                  << o.steps << " steps\n";
    std::unique_ptr<ProgressBar> bar;
    size_t bar_run = static_cast<size_t>(-1);
    co.on_step = [&](size_t v, size_t s, const StepStats& st) {
        if (o.quiet) return;
        const size_t run = v * co.seeds.size() + s;
        if (run != bar_run) {
            if (bar) bar->finish();
            std::cerr << variants[v].label << ", seed " << co.seeds[s] << "\n";
            bar = std::make_unique<ProgressBar>(o.steps, true);
            bar_run = run;
        }
        bar->update(st.step, st.loss_total);
    };
    const ComparisonResult r = run_comparison(data, split, variants, co);
    if (bar) bar->finish();
    const nlohmann::json j = {{"dataset", data->name}, {"steps", o.steps}, {"k", o.k}, {"variants", to_json(r, o.k)}};
    if (!o.json_out.empty()) write_json_file(o.json_out, j);
    if (o.json) std::cout << j.dump(2) << "\n";
    else print_tables(r, o.k);
}

}  // namespace

void register_compare_command(CLI::App& app) {
    auto o = std::make_shared<CompareOptions>();
    CLI::App* sub = app.add_subcommand("compare", "train variants over seeds; table of head/tail/cold recall with paired differences");
    add_common_options(*sub, o->common);
    sub->add_option("--steps", o->steps, "training steps per run");
    sub->add_option("--seeds", o->seeds, "comma-separated model seeds, shared by every variant");
    sub->add_option("--variant", o->variants,
                    "'label: key=value ...' overrides of the base config (JSON keys); the first is the baseline");
    sub->add_option("--k", o->k, "K of the summary tables");
    sub->add_flag("--json", o->json, "print machine-readable results on stdout");
    sub->add_option("--json-out", o->json_out, "also write the JSON results to this file");
    sub->add_flag("--quiet", o->quiet, "no progress output");
    sub->callback([sub, o] { run_compare(*sub, *o); });
}

}  // namespace towerlab::cli
