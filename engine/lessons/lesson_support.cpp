#include "lessons/lesson_support.h"

#include <algorithm>

#include "core/error.h"
#include "data/synthetic_dataset.h"

namespace towerlab::lesson_support {

LessonPreset course_preset() {
    LessonPreset p;
    p.data.num_users = 8000;
    p.data.num_items = 2000;
    p.data.num_clicks = 120000;
    p.seeds = {1, 2, 3};
    p.steps = 1500;
    p.curve_every = 250;
    return p;
}

LessonData make_data(const LessonPreset& preset) {
    auto data = std::make_shared<Dataset>(make_synthetic_dataset(preset.data));
    auto split = std::make_shared<Split>(make_split(*data, preset.split));
    return {data, split};
}

void report(const LessonRunOptions& options, double fraction, const std::string& stage) {
    if (options.on_progress) options.on_progress({std::clamp(fraction, 0.0, 1.0), stage});
}

void check_cancel(const LessonRunOptions& options) {
    if (options.cancel && options.cancel->load()) throw Cancelled();
}

ComparisonResult compare(const LessonData& data, const LessonPreset& preset, const LessonRunOptions& options,
                         double from, double to) {
    std::vector<Variant> variants = preset.variants;
    for (Variant& v : variants) {
        v.config.threads = options.threads;
        v.config.head_share = preset.split.head_share;
    }
    ComparisonOptions co;
    co.steps = preset.steps;
    co.seeds = preset.seeds;
    co.eval = preset.eval;
    co.eval.threads = options.threads;
    co.curve_every = preset.curve_every;
    co.cancel = options.cancel;
    const double runs = static_cast<double>(variants.size() * preset.seeds.size());
    const long every = std::max(1L, preset.steps / 50);
    co.on_step = [&](size_t v, size_t s, const StepStats& st) {
        if (st.step % every != 0 && st.step != 1) return;
        const double done = (static_cast<double>(v * preset.seeds.size() + s) +
                             static_cast<double>(st.step) / static_cast<double>(preset.steps)) / runs;
        report(options, from + (to - from) * done,
               variants[v].label + ", seed " + std::to_string(preset.seeds[s]) + ", step " + std::to_string(st.step));
    };
    return run_comparison(data.data, data.split, variants, co);
}

size_t variant_index(const LessonPreset& preset, const std::string& label) {
    for (size_t v = 0; v < preset.variants.size(); ++v)
        if (preset.variants[v].label == label) return v;
    throw Error(ErrorContext{"", 0, "variant"}, "the preset has no variant '" + label + "'");
}

std::vector<double> per_seed(const ComparisonResult& r, size_t variant, const MetricOf& metric) {
    std::vector<double> out;
    for (const RunResult& run : r.runs.at(variant)) out.push_back(metric(run.report));
    return out;
}

std::vector<double> paired(const ComparisonResult& r, size_t a, size_t b, const MetricOf& metric) {
    std::vector<double> va = per_seed(r, a, metric), vb = per_seed(r, b, metric);
    for (size_t i = 0; i < va.size(); ++i) va[i] -= vb[i];
    return va;
}

double final_main_loss(const RunResult& run, size_t window) {
    if (run.losses.empty()) return 0;
    const size_t n = std::min(window, run.losses.size());
    double sum = 0;
    for (size_t i = run.losses.size() - n; i < run.losses.size(); ++i) sum += run.losses[i].loss_main;
    return sum / static_cast<double>(n);
}

LessonFigure figure(const std::string& key, Text label, const std::vector<double>& per_seed) {
    LessonFigure f;
    f.key = key;
    f.label = std::move(label);
    f.per_seed = per_seed;
    const MeanSd m = mean_and_sd(per_seed);
    f.value = m.mean;
    f.sd = m.sd;
    return f;
}

LessonFigure figure(const std::string& key, Text label, double value) {
    LessonFigure f;
    f.key = key;
    f.label = std::move(label);
    f.value = value;
    return f;
}

void add_variant_figures(LessonResult& out, const ComparisonResult& r, const std::string& name, const Text& label,
                         const MetricOf& metric) {
    for (size_t v = 0; v < r.variants.size(); ++v) {
        const Text& variant = v < out.preset.variant_names.size() ? out.preset.variant_names[v]
                                                                   : Text{r.variants[v].label, r.variants[v].label};
        out.figures.push_back(figure(name + "/" + r.variants[v].label,
                                     {label.en + " (" + variant.en + ")", label.zh + "（" + variant.zh + "）"},
                                     per_seed(r, v, metric)));
    }
}

void add_standard_figures(LessonResult& out, const ComparisonResult& r, int k) {
    const std::string at = "@" + std::to_string(k);
    add_variant_figures(out, r, "recall" + at, {"Recall" + at, "召回率 Recall" + at}, overall_recall_at(k));
    add_variant_figures(out, r, "head_recall" + at, {"head Recall" + at, "头部物品 Recall" + at},
                        recall_at(ItemGroup::Head, k));
    add_variant_figures(out, r, "tail_recall" + at, {"long-tail Recall" + at, "长尾物品 Recall" + at},
                        recall_at(ItemGroup::Tail, k));
    add_variant_figures(out, r, "cold_recall" + at, {"cold Recall" + at, "新物品 Recall" + at},
                        recall_at(ItemGroup::Cold, k));
    add_variant_figures(out, r, "head_share" + at, {"head share of the top-" + std::to_string(k),
                                                    "top-" + std::to_string(k) + " 中头部物品占比"},
                        head_share_at(k));
    add_variant_figures(out, r, "coverage" + at, {"catalogue coverage of the top-" + std::to_string(k),
                                                  "top-" + std::to_string(k) + " 覆盖的物品比例"},
                        coverage_at(k));
}

}  // namespace towerlab::lesson_support
