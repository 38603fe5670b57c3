// `towerlab-cli compare`: train several variants of one base configuration over several seeds on
// one dataset and split; print mean and spread of Recall@K / NDCG@K for head, long-tail and cold
// items, the head share of the top-K, and each variant's paired difference against the first.
//
//   towerlab-cli compare --steps 6000 --seeds 1,2,3 --variant "baseline:" --variant "cfm: augmentation=cfm"
//   ... --label-fractions 1,0.3,0.1,0.03   the same at each share of training clicks
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
    std::string label_fractions;  // "1,0.3,0.1,0.03": run the comparison at each
    bool quiet = false;
};

// "1,0.3,0.1" -> label fractions, each in (0, 1].
std::vector<double> parse_fractions(const std::string& text) {
    std::vector<double> out;
    std::stringstream ss(text);
    std::string part;
    while (std::getline(ss, part, ',')) {
        size_t used = 0;
        double f = 0;
        try {
            f = std::stod(part, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (used == 0 || used != part.size() || !(f > 0 && f <= 1))
            throw Error(ErrorContext{"", 0, "--label-fractions"}, "expected comma-separated fractions in (0, 1], got '" + text + "'");
        out.push_back(f);
    }
    if (out.empty()) throw Error(ErrorContext{"", 0, "--label-fractions"}, "needs at least one fraction");
    return out;
}

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

// The paired difference, its relative size and on how many seeds the variant was ahead.
std::string paired(const Summary& s, size_t seeds) {
    char buf[80];
    std::snprintf(buf, sizeof buf, "%+.4f±%.4f (%+.0f%%, %d/%zu)", s.diff_mean, s.diff_stdev, 100 * s.relative, s.wins, seeds);
    return buf;
}

std::string relative_with_wins(const Summary& s, size_t seeds) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%+.0f%% %d/%zu", 100 * s.relative, s.wins, seeds);
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
    std::printf("(relative change, seeds on which the variant was ahead)\n");
    const size_t n = r.seeds.size();
    std::printf("%-20s %30s %30s %30s %30s\n", "variant", "overall", "head", "long-tail", "cold");
    for (size_t v = 1; v < r.variants.size(); ++v)
        std::printf("%-20s %30s %30s %30s %30s\n", r.variants[v].label.c_str(),
                    paired(summarize(r, v, overall_recall_at(k)), n).c_str(),
                    paired(summarize(r, v, recall_at(ItemGroup::Head, k)), n).c_str(),
                    paired(summarize(r, v, recall_at(ItemGroup::Tail, k)), n).c_str(),
                    paired(summarize(r, v, recall_at(ItemGroup::Cold, k)), n).c_str());

    std::printf("\nby the target's training clicks, recall@%d: baseline mean, then each variant's paired relative change\n", k);
    std::printf("%-20s", "training clicks");
    for (int b = 0; b < kNumClickBuckets; ++b) std::printf(" %14s", click_bucket_name(b));
    std::printf("\n%-20s", "(test users)");
    for (const GroupMetrics& g : first.by_bucket) std::printf(" %14d", g.users);
    std::printf("\n%-20s", r.variants[0].label.c_str());
    for (int b = 0; b < kNumClickBuckets; ++b) std::printf(" %14.4f", summarize(r, 0, bucket_recall_at(b, k)).mean);
    std::printf("\n");
    for (size_t v = 1; v < r.variants.size(); ++v) {
        std::printf("%-20s", r.variants[v].label.c_str());
        for (int b = 0; b < kNumClickBuckets; ++b)
            std::printf(" %14s", first.by_bucket[static_cast<size_t>(b)].users > 0
                                     ? relative_with_wins(summarize(r, v, bucket_recall_at(b, k)), n).c_str()
                                     : "-");
        std::printf("\n");
    }
}

// How far item ID rows moved per 1000 steps (last whole window), mean over seeds.
void print_id_movement(const ComparisonResult& r) {
    if (r.runs.empty() || r.runs[0].empty() || r.runs[0][0].id_movement.to_step == 0) return;
    std::printf("\nitem ID rows: mean L2 movement per 1000 steps over the last %ld-step window, mean over seeds\n",
                Trainer::id_movement_window);
    std::printf("%-20s %12s %12s %12s\n", "variant", "head", "long-tail", "tail/head");
    for (size_t v = 0; v < r.variants.size(); ++v) {
        double head = 0, tail = 0;
        for (const RunResult& run : r.runs[v]) {
            head += run.id_movement.per_1000_steps(ItemGroup::Head) / static_cast<double>(r.runs[v].size());
            tail += run.id_movement.per_1000_steps(ItemGroup::Tail) / static_cast<double>(r.runs[v].size());
        }
        std::printf("%-20s %12.4f %12.4f %12.2f\n", r.variants[v].label.c_str(), head, tail, head > 0 ? tail / head : 0.0);
    }
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
        for (int b = 0; b < kNumClickBuckets; ++b)
            add(std::string("clicks_") + click_bucket_name(b) + "_recall" + at, bucket_recall_at(b, k));
        add("cold_recall" + at, recall_at(ItemGroup::Cold, k));
        add("head_share" + at, head_share_at(k));
        add("coverage" + at, coverage_at(k));
        out.push_back(j);
    }
    return out;
}

// One comparison at one label fraction (the variants' own fraction is replaced by it).
ComparisonResult compare_at(CompareOptions& o, TrainConfig base, double label_fraction,
                            const ComparisonOptions& co_in) {
    base.label_fraction = label_fraction;
    std::vector<Variant> variants;
    if (o.variants.empty()) variants.push_back({"baseline", base});
    for (const auto& spec : o.variants) variants.push_back(parse_variant(spec, base));
    for (Variant& v : variants) v.config.label_fraction = label_fraction;
    ComparisonOptions co = co_in;
    const auto [data, split] = load_data(o.common, base, !o.quiet);
    check_k_fits(o.k, data->num_items(), "--k");  // K >= catalogue: every model would score 1
    if (!o.quiet)
        std::cerr << data->name << ": " << variants.size() << " variants x " << co.seeds.size() << " seeds x "
                  << o.steps << " steps, label fraction " << label_fraction << "\n";
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
    ComparisonResult r = run_comparison(data, split, variants, co);
    if (bar) bar->finish();
    return r;
}

void run_compare(const CLI::App& sub, CompareOptions& o) {
    const TrainConfig base = resolve_config(sub, o.common);
    if (!o.json_out.empty()) check_writable(o.json_out, "--json-out");  // before the runs, not after them
    if (o.k < 1) throw Error(ErrorContext{"", 0, "--k"}, "K must be at least 1, found " + std::to_string(o.k));
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

    // The label-fraction sweep (Yao et al.'s second claim: SSL gains more as labels get fewer):
    // the same variants and seeds at each fraction, each on its own split of the same data.
    std::vector<double> fractions{base.label_fraction};
    if (!o.label_fractions.empty()) fractions = parse_fractions(o.label_fractions);
    nlohmann::json sweep = nlohmann::json::array();
    std::vector<ComparisonResult> results;
    for (double f : fractions) {
        results.push_back(compare_at(o, base, f, co));
        const ComparisonResult& r = results.back();
        sweep.push_back({{"label_fraction", f}, {"variants", to_json(r, o.k)}});
        if (!o.json) {
            if (fractions.size() > 1) std::printf("\n=== label fraction %g ===\n", f);
            print_tables(r, o.k);
            print_id_movement(r);
            std::fflush(stdout);
        }
    }
    const std::vector<Variant>& variants = results.front().variants;  // the same labels at every fraction
    if (!o.json && fractions.size() > 1 && variants.size() > 1) {
        std::printf("\nlabel-fraction sweep: paired relative change of recall@%d against '%s' (seeds ahead)\n", o.k,
                    variants[0].label.c_str());
        std::printf("%-10s %-20s %14s %14s %14s %14s\n", "labels", "variant", "overall", "head", "long-tail", "cold");
        for (size_t i = 0; i < fractions.size(); ++i)
            for (size_t v = 1; v < variants.size(); ++v) {
                const ComparisonResult& r = results[i];
                const size_t n = r.seeds.size();
                std::printf("%-10g %-20s %14s %14s %14s %14s\n", fractions[i], variants[v].label.c_str(),
                            relative_with_wins(summarize(r, v, overall_recall_at(o.k)), n).c_str(),
                            relative_with_wins(summarize(r, v, recall_at(ItemGroup::Head, o.k)), n).c_str(),
                            relative_with_wins(summarize(r, v, recall_at(ItemGroup::Tail, o.k)), n).c_str(),
                            relative_with_wins(summarize(r, v, recall_at(ItemGroup::Cold, o.k)), n).c_str());
            }
    }
    const std::string name = o.common.dataset;
    nlohmann::json j = {{"dataset", name}, {"steps", o.steps}, {"k", o.k}};
    if (fractions.size() == 1) j["variants"] = sweep[0]["variants"];
    else j["label_fraction_sweep"] = sweep;
    if (o.json) std::cout << j.dump(2) << "\n";
    std::cout.flush();
    if (!o.json_out.empty()) write_json_file(o.json_out, j);  // the results are printed first
}

}  // namespace

void register_compare_command(CLI::App& app) {
    auto o = std::make_shared<CompareOptions>();
    CLI::App* sub = app.add_subcommand("compare", "train variants over seeds; table of head/tail/cold recall with paired differences");
    add_common_options(*sub, o->common);
    sub->add_option("--steps", o->steps, "training steps per run")->check(CLI::Range(1L, 1000000000L));
    sub->add_option("--seeds", o->seeds, "comma-separated model seeds, shared by every variant");
    sub->add_option("--variant", o->variants,
                    "'label: key=value ...' overrides of the base config (JSON keys); the first is the baseline");
    sub->add_option("--k", o->k, "K of the summary tables");
    sub->add_option("--label-fractions", o->label_fractions,
                    "e.g. 1,0.3,0.1,0.03: repeat the comparison with that share of training clicks kept");
    sub->add_flag("--json", o->json, "print machine-readable results on stdout");
    sub->add_option("--json-out", o->json_out, "also write the JSON results to this file");
    sub->add_flag("--quiet", o->quiet, "no progress output");
    sub->callback([sub, o] { run_compare(*sub, *o); });
}

}  // namespace towerlab::cli
