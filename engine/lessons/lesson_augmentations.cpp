// Lesson 8: the four feature transformations of self-supervision, seen on one item and tallied
// over the whole catalogue. Nothing is trained: the lesson runs the engine's make_augmented_views
// exactly as SSL training does and counts what it did to each field.
#include <algorithm>
#include <cmath>

#include "lessons/lesson.h"
#include "lessons/lesson_support.h"
#include "model/feature_batch.h"
#include "ssl/feature_augmentation.h"

namespace towerlab {
namespace {

using namespace lesson_support;

LessonPreset preset() {
    LessonPreset p = course_preset();
    p.variants = {{"default", TrainConfig{}}};  // mask and dropout probabilities, the ID rule
    p.variant_names = {{"default settings", "默认设置"}};
    p.seeds = {1};
    p.steps = 0;  // nothing trains
    p.curve_every = 0;
    p.sample_items = 0;  // every item
    return p;
}

bool is_missing(const FeatureTable::Values& v) { return v.size() == 1 && v[0] == kMissingValue; }

bool same(const FeatureTable::Values& a, const FeatureTable::Values& b) {
    if (a.size() != b.size()) return false;
    for (int i = 0; i < a.size(); ++i)
        if (a[i] != b[i]) return false;
    return true;
}

// The first item whose multi-valued fields all hold two or more values and none of whose fields is
// missing: every transformation has something to show on it.
int32_t example_item(const Dataset& data) {
    const auto& fields = data.items.fields();
    for (int32_t i = 0; i < data.num_items(); ++i) {
        bool ok = true;
        for (int f = 0; f < data.items.num_fields() && ok; ++f) {
            const auto v = data.items.values(i, f);
            ok = !is_missing(v) && (fields[static_cast<size_t>(f)].kind != FieldKind::MultiCategorical || v.size() >= 2);
        }
        if (ok) return i;
    }
    return 0;
}

struct Tally {
    long items = 0;            // items tallied
    long present = 0;          // (item, content field) pairs with a value, per view pair
    long masked = 0;           // views (of 2 per pair) in which the field became "missing"
    long exactly_one = 0;      // pairs visible in exactly one of the two views
    long single_changed = 0;   // views in which a single-valued field differs from the item
    long multi_values = 0;     // values of multi-valued fields, over both views
    long multi_dropped = 0;    // of those, dropped
};

Tally tally(Augmentation kind, const Dataset& data, const MutualInformation& mi, const TrainConfig& config, int sample) {
    std::vector<int32_t> items;
    const int n = sample > 0 ? std::min(sample, data.num_items()) : data.num_items();
    for (int32_t i = 0; i < n; ++i) items.push_back(i);
    FeatureBatch batch, v1, v2;
    batch.gather(data.items, items.data(), n);
    const AugmentationContext ctx = augmentation_context(data.items.fields(), mi, config);
    Rng rng(config.seed);
    make_augmented_views(kind, batch, ctx, rng, v1, v2);
    Tally t;
    t.items = n;
    for (int r = 0; r < n; ++r)
        for (int f = 0; f < batch.num_fields(); ++f) {
            const FieldKind fk = data.items.fields()[static_cast<size_t>(f)].kind;
            if (fk == FieldKind::Id) continue;  // the ID follows its own rule (ssl_id_masking)
            const auto o = batch.values(r, f), a = v1.values(r, f), b = v2.values(r, f);
            if (is_missing(o)) continue;
            ++t.present;
            const bool hidden_a = is_missing(a), hidden_b = is_missing(b);
            t.masked += hidden_a + hidden_b;
            t.exactly_one += hidden_a != hidden_b;
            if (fk == FieldKind::MultiCategorical) {
                t.multi_values += 2L * o.size();
                t.multi_dropped += (o.size() - a.size()) + (o.size() - b.size());
            } else {
                t.single_changed += !same(o, a) + !same(o, b);
            }
        }
    return t;
}

void measure(const LessonPreset& p, const LessonRunOptions& o, LessonResult& out) {
    const LessonData d = make_data(p);
    const MutualInformation mi = compute_mutual_information(d.data->items);
    TrainConfig config = p.variants.at(0).config;
    config.seed = p.seeds.empty() ? 1 : p.seeds[0];
    const Augmentation kinds[] = {Augmentation::RandomMask, Augmentation::Dropout, Augmentation::Complementary,
                                  Augmentation::CorrelatedMask};
    const int32_t item = example_item(*d.data);
    Rng rng(config.seed);
    for (Augmentation k : kinds) out.views.push_back(describe_augmented_views(*d.data, mi, item, k, config, rng));
    report(o, 0.2, "example item " + std::to_string(item));

    const Tally rm = tally(Augmentation::RandomMask, *d.data, mi, config, p.sample_items);
    const Tally dr = tally(Augmentation::Dropout, *d.data, mi, config, p.sample_items);
    const Tally cp = tally(Augmentation::Complementary, *d.data, mi, config, p.sample_items);
    check_cancel(o);
    const double rm_share = static_cast<double>(rm.masked) / (2.0 * rm.present);
    const double dr_hidden = static_cast<double>(dr.masked + dr.single_changed) / (2.0 * dr.present);
    const double dr_dropped = static_cast<double>(dr.multi_dropped) / static_cast<double>(dr.multi_values);
    const double cp_one = static_cast<double>(cp.exactly_one) / static_cast<double>(cp.present);
    out.figures.push_back(figure("random_mask/masked_share", {"random mask: share of fields masked per view", "Random Mask：每个视图中被遮住的特征比例"}, rm_share));
    out.figures.push_back(figure("random_mask/p", {"random mask: mask probability p", "Random Mask：遮住概率 p"}, config.mask_probability));
    out.figures.push_back(figure("dropout/fields_hidden_or_changed", {"dropout: share of fields hidden, or single-valued fields changed", "Dropout：整个特征被遮住、或单值特征被改变的比例"}, dr_hidden));
    out.figures.push_back(figure("dropout/values_dropped", {"dropout: share of multi-valued fields' values dropped", "Dropout：多值特征中被丢弃的取值比例"}, dr_dropped));
    out.figures.push_back(figure("complementary/in_exactly_one_view", {"complementary: share of fields visible in exactly one view", "互补特征：只出现在一个视图中的特征比例"}, cp_one));
    out.figures.push_back(figure("complementary/masked_share", {"complementary: share of fields masked per view", "互补特征：每个视图中被遮住的特征比例"},
                                 static_cast<double>(cp.masked) / (2.0 * cp.present)));
    out.figures.push_back(figure("items", {"items tallied", "统计的物品数"}, static_cast<double>(rm.items)));
    out.measured["random_mask_rate"] = {std::abs(rm_share - config.mask_probability)};
    out.measured["dropout_keeps_fields"] = {dr_hidden};
    out.measured["dropout_drops_values"] = {dr_dropped};
    out.measured["complementary_splits"] = {cp_one};
}

}  // namespace

Lesson lesson_augmentations() {
    Lesson l;
    l.number = 8;
    l.id = "augmentations";
    l.title = {"The four feature transformations", "四种特征变换"};
    l.text = {
        "Self-supervision needs two different views of the same item. Random mask replaces each field by the "
        "learned \"missing\" value with probability p, in each view independently. Dropout acts only on multi-valued "
        "fields: it drops each value with probability 0.5 but keeps at least one. Complementary deals the fields "
        "into two groups, and each view keeps one group only; correlated feature masking (lesson 9) chooses the "
        "groups by mutual information instead of at random. Pick an item and resample to see each transformation's "
        "two views.",
        "自监督学习需要同一物品的两个不同视图。Random Mask 以概率 p 把每个特征换成学到的 default（缺失）值，两个视图独立进行。"
        "Dropout 只作用于多值离散特征：每个取值以 0.5 的概率被丢弃，但至少保留一个。互补特征把全部特征随机分成两组，每个视图只"
        "保留其中一组；关联特征 mask（第 9 课）则用互信息而不是随机的方式分组。选一个物品，反复重新抽样，看每种变换产生的两个视图。"};
    l.formula = "random mask: x′_f = default w.p. p;   dropout: each value of a multi-valued field dropped w.p. 0.5 (≥ 1 kept);   "
                "complementary: x′ = (A, default), x″ = (default, B)";
    l.look_at = "augmentations";
    l.look_for = {"The item's fields and the two views of each transformation: masked fields, dropped values.",
                  "物品的各个特征，以及每种变换的两个视图：哪些特征被遮住，哪些取值被丢弃。"};
    l.claims = {
        {"random_mask_rate",
         {"Random mask hides each field with probability p in each view.", "Random Mask 在每个视图中以概率 p 遮住每个特征。"},
         {"|share of present fields masked per view − p|, over every item", "|每个视图中被遮住的特征比例 − p|（全部物品）"},
         Expect::Below, 0.02},
        {"dropout_keeps_fields",
         {"Dropout never hides a whole field and never touches single-valued fields.", "Dropout 不会遮住整个特征，也不改变单值特征。"},
         {"share of present fields that dropout hid or (single-valued) changed", "被 Dropout 整个遮住或被改变的单值特征比例"},
         Expect::Below, 1e-9},
        {"dropout_drops_values",
         {"Dropout does remove values of multi-valued fields.", "Dropout 确实会丢弃多值特征的部分取值。"},
         {"share of multi-valued fields' values dropped per view", "每个视图中多值特征被丢弃的取值比例"},
         Expect::Above, 0.20},
        {"complementary_splits",
         {"Complementary views share no field: each present field is visible in exactly one view.",
          "互补特征的两个视图没有共同特征：每个特征恰好只出现在一个视图中。"},
         {"share of present content fields visible in exactly one of the two views", "恰好只出现在一个视图中的内容特征比例"},
         Expect::Above, 0.999},
    };
    l.preset = preset;
    l.measure = measure;
    return l;
}

}  // namespace towerlab
