// What the lesson files share: the preset's data and split, a comparison run with the lesson's
// progress and cancel, and per-seed figures of a comparison. Internal to engine/lessons.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "lessons/lesson.h"

namespace towerlab::lesson_support {

struct LessonData {
    std::shared_ptr<const Dataset> data;
    std::shared_ptr<const Split> split;
};
LessonData make_data(const LessonPreset& preset);

// What every lesson starts from, so that their figures compare: the same synthetic data (8000 users,
// 2000 items, 120000 clicks), model seeds 1-3, 1500 steps per run, a curve point every 250 steps.
LessonPreset course_preset();

// Reports progress within [from, to) of the whole lesson.
void report(const LessonRunOptions& options, double fraction, const std::string& stage);
void check_cancel(const LessonRunOptions& options);  // throws Cancelled

// run_comparison over the preset's variants and seeds, every run on options.threads threads,
// progress mapped to [from, to) of the lesson.
ComparisonResult compare(const LessonData& data, const LessonPreset& preset, const LessonRunOptions& options,
                         double from = 0.0, double to = 1.0);

// Index of the variant labelled `label` (throws Error if the preset has none).
size_t variant_index(const LessonPreset& preset, const std::string& label);

// metric of every seed's run of one variant, and the paired difference a - b seed by seed.
std::vector<double> per_seed(const ComparisonResult& r, size_t variant, const MetricOf& metric);
std::vector<double> paired(const ComparisonResult& r, size_t a, size_t b, const MetricOf& metric);

// Mean L_main over the last `window` steps of a run (the last step alone is noisy).
double final_main_loss(const RunResult& run, size_t window = 100);

LessonFigure figure(const std::string& key, Text label, const std::vector<double>& per_seed);
LessonFigure figure(const std::string& key, Text label, double value);

// Adds "<name>/<variant label>" figures for every variant, e.g. "recall@50/logq".
void add_variant_figures(LessonResult& out, const ComparisonResult& r, const std::string& name, const Text& label,
                         const MetricOf& metric);
// The usual set at K: overall, head, long-tail and cold Recall@K, head share and coverage of the top-K.
void add_standard_figures(LessonResult& out, const ComparisonResult& r, int k);

}  // namespace towerlab::lesson_support
