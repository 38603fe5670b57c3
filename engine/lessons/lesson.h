// Guided lessons: each claim of the course, run as a small experiment on the synthetic data and
// checked against what the engine measures.
//
// [SECTION] What a lesson is
//   A Lesson is a numbered page of the course: a title and two to five sentences in English and
//   Simplified Chinese, the formula it is about, the panel of the app to look at, a preset (the
//   synthetic data, the configurations compared, the seeds and steps) and its claims. A claim is a
//   figure the engine measures, an expected direction and a margin: "head share of the top-50 with
//   logQ minus without, paired by seed, above +0.20". run_lesson() trains the preset and returns a
//   LessonResult in which every claim says whether it held, with the measured values. A claim that
//   did not hold for these seeds is reported as such, never hidden.
//
// [SECTION] The lessons, in course order (one file each)
//    1 logq_popularity_bias   lesson_logq_popularity_bias.cpp   in-batch negatives and logQ correction
//    2 temperature            lesson_temperature.cpp            tau 1.0 vs 0.05
//    3 negative_sampling      lesson_negative_sampling.cpp      uniform vs clicks^0.75 vs in-batch vs hard-mixed
//    4 wrong_negatives        lesson_wrong_negatives.cpp        impressed-not-clicked vs easy negatives
//    5 objectives             lesson_objectives.cpp             pointwise, pairwise, listwise
//    6 long_tail              lesson_long_tail.cpp              head vs tail recall and geometry over steps
//    7 self_supervision       lesson_self_supervision.cpp       the same config without and with SSL
//    8 augmentations          lesson_augmentations.cpp          the four feature transformations
//    9 correlated_masking     lesson_correlated_masking.cpp     MI matrix, seed field, partners, views
//   10 updates_and_ann        lesson_updates_and_ann.cpp        full vs incremental update; ANN vs brute force
//
// [SECTION] For front ends
//   all_lessons() lists them (metadata only, nothing runs); run_lesson() runs one on the calling
//   thread, reporting progress and stopping when `cancel` is set (throws Cancelled); the result is
//   plain data. to_json() (lesson_json.h) is what `towerlab-cli lesson NAME --json` prints.
//   lesson_session_setup() turns a preset's variant into a SessionSetup, so the app can load it
//   into its live TrainingSession and let the student watch the ordinary panels.
//   describe_augmented_views() (augmentation_views.h) is the augmentation viewer of lessons 8-9.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/language.h"
#include "data/split.h"
#include "data/synthetic_dataset.h"
#include "eval/retrieval_metrics.h"
#include "experiments/comparison.h"
#include "lessons/augmentation_views.h"
#include "serving/ann_index.h"
#include "serving/ann_recall.h"
#include "ssl/mutual_information.h"
#include "session/training_session.h"
#include "session/training_snapshot.h"
#include "updates/day_replay.h"

namespace towerlab {

// [SECTION] Language

using towerlab::Language;  // core/language.h

// One piece of text in every language the app offers. The Chinese uses the lecture's terms
// (双塔模型, 自监督学习, 纠偏, 长尾物品, 互补特征, 互信息, Batch内负样本).
struct Text {
    std::string en, zh;
    const std::string& in(Language language) const { return language == Language::Chinese ? zh : en; }
};

// [SECTION] Lessons

// A claim holds when the measured value is above (Above) or below (Below) the margin.
enum class Expect : uint8_t { Above, Below };
const char* to_string(Expect expect);

struct ClaimSpec {
    std::string id;           // stable key, e.g. "head_share_rises"
    Text statement;           // the lecture's claim, said so that one number can confirm it
    Text figure;              // exactly what is measured, e.g. "head share of the top-50, logQ minus off"
    Expect expect = Expect::Above;
    double margin = 0;        // the value must clear it in the expected direction
    Text each{"seed", "种子"};  // what one measured value stands for, when there are several
};

// What a lesson trains. Only the fields a lesson uses matter; each lesson's file sets them.
struct LessonPreset {
    SyntheticConfig data;
    SplitConfig split;
    std::vector<Variant> variants;       // the configurations compared (first = baseline)
    std::vector<Text> variant_names;     // their legend, parallel to variants
    std::vector<uint64_t> seeds;         // model seeds shared by every variant (paired differences)
    long steps = 0;                      // training steps per run
    long curve_every = 0;                // > 0: also evaluate every N steps (learning curves)
    EvalOptions eval;                    // K values and test-user sample
    int geometry_items = 300;            // lesson 6: items per group for alignment / uniformity
    int sample_items = 0;                // lessons 8-9: items whose views are tallied (0 = all)
    DayReplayConfig replay;              // lesson 10
    AnnIndexConfig ann;                  // lesson 10
    int ann_queries = 0;                 // lesson 10: test users queried (0 = all)
    int ann_k = 100;                     // lesson 10
};

struct LessonResult;
struct LessonRunOptions;

struct Lesson {
    int number = 0;                      // 1-based, the order of the course
    std::string id;                      // the CLI's NAME, e.g. "logq_popularity_bias"
    Text title;
    Text text;                           // two to five sentences
    std::string formula;                 // Unicode, the same in every language
    // The id of the app's panel to look at ("recall", "geometry", "heatmap", ...): the app's panel
    // registry resolves it (app/gui/panel_registry.h); the engine knows no panels.
    std::string look_at = "recall";
    Text look_for;                       // what to watch in that panel
    std::vector<ClaimSpec> claims;
    std::function<LessonPreset()> preset;
    // Trains/measures the preset and fills `out` (figures, measured claim values, pictures).
    std::function<void(const LessonPreset&, const LessonRunOptions&, LessonResult& out)> measure;

    const ClaimSpec* claim(const std::string& claim_id) const;  // null if absent
};

// Every lesson, in course order (built once; nothing runs).
const std::vector<Lesson>& all_lessons();
// By id ("temperature") or number ("2"); throws Error listing the valid names.
const Lesson& find_lesson(const std::string& name);

// [SECTION] Running a lesson

struct LessonProgress {
    double fraction = 0;                 // of the whole lesson, 0..1
    std::string stage;                   // e.g. "logQ off, seed 2"
};

struct LessonRunOptions {
    int threads = 2;                     // training and evaluation threads per run
    // Called from the running thread; keep it short.
    std::function<void(const LessonProgress&)> on_progress;
    const std::atomic<bool>* cancel = nullptr;  // set to stop between steps (throws Cancelled)
};

struct LessonFigure {
    std::string key;                     // stable, e.g. "head_share@50/logq"
    Text label;
    double value = 0;                    // mean over seeds when seeded
    double sd = 0;                       // sample standard deviation over seeds (0 when one value)
    std::vector<double> per_seed;        // empty when not seeded
};

struct ClaimResult {
    ClaimSpec spec;
    double value = 0;                    // the measured figure: mean of per_seed when seeded
    std::vector<double> per_seed;        // one value per seed (a single value when not seeded)
    int seeds_held = 0;                  // how many per_seed values clear the margin on their own
    bool held = false;                   // value clears the margin in the expected direction
    Text verdict;                        // one plain sentence with the numbers
};

// Alignment/uniformity and Recall@K of one run at one step (lesson 6).
struct LongTailPoint {
    long step = 0;
    GeometryPoint geometry;
    EvalReport report;
};

// One seed field of correlated feature masking: the group masked together and the rest (lesson 9).
struct CorrelatedGroup {
    int seed_field = -1;
    std::vector<int> masked;             // seed first, then its partners by MI (view 1 hides these)
    std::vector<int> kept;               // the other content fields (view 2 hides these)
    double mi_within = 0;                // mean MI over pairs inside `masked`, nats
    double mi_across = 0;                // mean MI over pairs (masked, kept), nats
};

// ANN vs brute force on one model (lesson 10).
struct AnnVsExact {
    int items = 0, queries = 0, k = 0;
    double recall = 0;                   // mean recall@k of HNSW against the exact top-k
    double min_recall = 0;
    double exact_us = 0, ann_us = 0;     // mean time per query, one thread (a measurement, not a claim)
    double build_seconds = 0;
    int32_t example_user = -1;           // a query whose two lists the panel can lay side by side
    RetrievalDifference example;
};

struct LessonResult {
    std::string lesson_id;
    LessonPreset preset;                 // what ran
    std::vector<LessonFigure> figures;
    std::vector<ClaimResult> claims;     // in the lesson's order
    double seconds = 0;

    // What the lesson's pictures are drawn from; each is empty unless the lesson produces it.
    ComparisonResult comparison;         // lessons 1-5, 7: runs per variant and seed (curves, losses)
    std::vector<LongTailPoint> long_tail;  // lesson 6: one run, evaluated every curve_every steps
    std::vector<ItemViews> views;        // lessons 8-9: example items and their two views
    std::shared_ptr<const MutualInformation> mi;  // lesson 9
    std::vector<CorrelatedGroup> groups; // lesson 9: one per content field as seed
    UpdateTimeline timeline;             // lesson 10
    AnnVsExact ann;                      // lesson 10

    // Filled by the lesson's measure function, judged by run_lesson: claim id -> per-seed values.
    std::map<std::string, std::vector<double>> measured;

    bool all_held() const;
    const ClaimResult* claim(const std::string& claim_id) const;
    const LessonFigure* figure(const std::string& key) const;
};

// Runs the lesson's own preset, or the one given (tests shrink nothing but may pick seeds).
LessonResult run_lesson(const Lesson& lesson, const LessonRunOptions& options = {});
LessonResult run_lesson(const Lesson& lesson, const LessonPreset& preset, const LessonRunOptions& options);

// Judges one claim against its values (used by run_lesson; public for tests and the app).
ClaimResult judge_claim(const ClaimSpec& spec, const std::vector<double>& per_seed);

// The preset's variant as a setup for the app's live session (data, split seed, config, seed).
SessionSetup lesson_session_setup(const LessonPreset& preset, size_t variant, size_t seed_index = 0);

// [SECTION] The lessons (one definition per file)
Lesson lesson_logq_popularity_bias();
Lesson lesson_temperature();
Lesson lesson_negative_sampling();
Lesson lesson_wrong_negatives();
Lesson lesson_objectives();
Lesson lesson_long_tail();
Lesson lesson_self_supervision();
Lesson lesson_augmentations();
Lesson lesson_correlated_masking();
Lesson lesson_updates_and_ann();

}  // namespace towerlab
