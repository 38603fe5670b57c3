#include "experiments/comparison.h"

#include <chrono>
#include <cmath>

#include "core/error.h"

namespace towerlab {

ComparisonResult run_comparison(std::shared_ptr<const Dataset> data, std::shared_ptr<const Split> split,
                                const std::vector<Variant>& variants, const ComparisonOptions& options) {
    if (variants.empty()) throw Error(ErrorContext{"", 0, "variants"}, "a comparison needs at least one variant");
    if (options.seeds.empty()) throw Error(ErrorContext{"", 0, "seeds"}, "a comparison needs at least one seed");
    if (options.steps < 1) throw Error(ErrorContext{"", 0, "steps"}, "must be at least 1");
    for (const Variant& v : variants) v.config.validate();

    ComparisonResult result;
    result.variants = variants;
    result.seeds = options.seeds;
    result.runs.resize(variants.size());
    for (size_t v = 0; v < variants.size(); ++v) {
        for (size_t s = 0; s < options.seeds.size(); ++s) {
            TrainConfig config = variants[v].config;
            config.seed = options.seeds[s];
            Trainer trainer(data, split, config);
            RunResult run;
            run.label = variants[v].label;
            run.seed = config.seed;
            run.losses.reserve(static_cast<size_t>(options.steps));
            const auto t0 = std::chrono::steady_clock::now();
            for (long step = 1; step <= options.steps; ++step) {
                if (options.cancel && options.cancel->load()) throw Cancelled();
                run.losses.push_back(trainer.step());
                if (options.on_step) options.on_step(v, s, run.losses.back());
                if (options.curve_every > 0 && step % options.curve_every == 0 && step != options.steps)
                    run.curve.push_back({step, trainer.evaluate(options.eval)});
            }
            run.train_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            run.report = trainer.evaluate(options.eval);
            run.id_movement = trainer.id_row_movement();
            if (options.curve_every > 0) run.curve.push_back({options.steps, run.report});
            result.runs[v].push_back(std::move(run));
        }
    }
    return result;
}

namespace {
size_t k_slot(const EvalReport& r, int k) {
    const int q = r.k_index(k);
    if (q < 0) throw Error(ErrorContext{"", 0, "k"}, "K=" + std::to_string(k) + " was not evaluated");
    return static_cast<size_t>(q);
}
}  // namespace

MetricOf recall_at(ItemGroup group, int k) {
    return [group, k](const EvalReport& r) { return r.group(group).recall[k_slot(r, k)]; };
}
MetricOf overall_recall_at(int k) {
    return [k](const EvalReport& r) { return r.overall.recall[k_slot(r, k)]; };
}
MetricOf bucket_recall_at(int click_bucket, int k) {
    return [click_bucket, k](const EvalReport& r) { return r.by_bucket[static_cast<size_t>(click_bucket)].recall[k_slot(r, k)]; };
}
MetricOf ndcg_at(ItemGroup group, int k) {
    return [group, k](const EvalReport& r) { return r.group(group).ndcg[k_slot(r, k)]; };
}
MetricOf head_share_at(int k) {
    return [k](const EvalReport& r) { return r.head_share_topk[k_slot(r, k)]; };
}
MetricOf coverage_at(int k) {
    return [k](const EvalReport& r) { return r.coverage[k_slot(r, k)]; };
}

MeanSd mean_and_sd(const std::vector<double>& values) {
    MeanSd r;
    const double n = static_cast<double>(values.size());
    if (values.empty()) return r;
    for (double v : values) r.mean += v;
    r.mean /= n;
    if (values.size() > 1) {
        double ss = 0;
        for (double v : values) ss += (v - r.mean) * (v - r.mean);
        r.sd = std::sqrt(ss / (n - 1));
    }
    return r;
}

Summary summarize(const ComparisonResult& result, size_t variant, const MetricOf& metric) {
    const auto& runs = result.runs.at(variant);
    const auto& base = result.runs.at(0);
    const size_t n = runs.size();
    std::vector<double> values(n), diffs(n);
    Summary s;
    for (size_t i = 0; i < n; ++i) {
        values[i] = metric(runs[i].report);
        diffs[i] = values[i] - metric(base[i].report);
        if (diffs[i] > 0) ++s.wins;
    }
    const MeanSd v = mean_and_sd(values), d = mean_and_sd(diffs);
    s.mean = v.mean;
    s.stdev = v.sd;
    s.diff_mean = d.mean;
    s.diff_stdev = d.sd;
    double base_mean = 0;
    for (size_t i = 0; i < n; ++i) base_mean += metric(base[i].report);
    base_mean /= static_cast<double>(n);
    s.relative = base_mean != 0 ? s.diff_mean / base_mean : 0;
    return s;
}

}  // namespace towerlab
