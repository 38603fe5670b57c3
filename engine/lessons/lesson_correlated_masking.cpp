// Lesson 9: correlated feature masking. The mutual-information matrix of the item fields, a seed
// field, the partners it pulls in, and the two complementary views that result. Nothing is
// trained; the figures come from compute_mutual_information, correlated_mask_group and
// make_augmented_views, the code SSL training runs.
#include <algorithm>
#include <cmath>
#include <memory>

#include "lessons/lesson.h"
#include "lessons/lesson_support.h"
#include "model/feature_batch.h"
#include "ssl/feature_augmentation.h"

namespace towerlab {
namespace {

using namespace lesson_support;

LessonPreset preset() {
    LessonPreset p = course_preset();
    p.variants = {{"default", TrainConfig{}}};
    p.variant_names = {{"default settings", "默认设置"}};
    p.seeds = {1};
    p.steps = 0;  // nothing trains
    p.curve_every = 0;
    p.sample_items = 0;  // every item
    return p;
}

double mean_pair_mi(const MutualInformation& mi, const std::vector<int>& a, const std::vector<int>& b, bool within) {
    double sum = 0;
    long n = 0;
    for (size_t i = 0; i < a.size(); ++i)
        for (size_t j = within ? i + 1 : 0; j < b.size(); ++j) {
            sum += mi.mi[static_cast<size_t>(a[i])][static_cast<size_t>(b[j])];
            ++n;
        }
    return n > 0 ? sum / static_cast<double>(n) : 0;
}

bool is_missing(const FeatureTable::Values& v) { return v.size() == 1 && v[0] == kMissingValue; }

// Share of present content fields that correlated feature masking hides in exactly one view.
double cfm_exactly_one_view(const Dataset& data, const MutualInformation& mi, const TrainConfig& config, int sample) {
    const int n = sample > 0 ? std::min(sample, data.num_items()) : data.num_items();
    std::vector<int32_t> items(static_cast<size_t>(n));
    for (int32_t i = 0; i < n; ++i) items[static_cast<size_t>(i)] = i;
    FeatureBatch batch, v1, v2;
    batch.gather(data.items, items.data(), n);
    const AugmentationContext ctx = augmentation_context(data.items.fields(), mi, config);
    Rng rng(config.seed);
    make_augmented_views(Augmentation::CorrelatedMask, batch, ctx, rng, v1, v2);
    long present = 0, one = 0;
    for (int r = 0; r < n; ++r)
        for (int f : mi.content_fields) {
            if (is_missing(batch.values(r, f))) continue;
            ++present;
            one += is_missing(v1.values(r, f)) != is_missing(v2.values(r, f));
        }
    return present > 0 ? static_cast<double>(one) / static_cast<double>(present) : 0;
}

void measure(const LessonPreset& p, const LessonRunOptions& o, LessonResult& out) {
    const LessonData d = make_data(p);
    auto mi = std::make_shared<MutualInformation>(compute_mutual_information(d.data->items));
    out.mi = mi;
    TrainConfig config = p.variants.at(0).config;
    config.seed = p.seeds.empty() ? 1 : p.seeds[0];

    // The ID row: MI(ID, X) = H(X) for every field X, so the ID cannot be ranked with the others.
    const int id = d.data->items.id_field();
    double id_gap = 0;
    if (id >= 0)
        for (int f = 0; f < mi->num_fields(); ++f)
            id_gap = std::max(id_gap, std::abs(mi->mi[static_cast<size_t>(id)][static_cast<size_t>(f)] -
                                               mi->mi[static_cast<size_t>(f)][static_cast<size_t>(f)]));
    out.figures.push_back(figure("id_row_minus_entropy", {"largest |MI(ID, X) − H(X)| over fields X, nats", "各特征 X 上 |MI(ID, X) − H(X)| 的最大值（nats）"}, id_gap));

    std::vector<double> within_minus_across;
    for (int seed : mi->content_fields) {
        CorrelatedGroup g;
        g.seed_field = seed;
        g.masked = correlated_mask_group(*mi, seed);
        for (int f : mi->content_fields)
            if (std::find(g.masked.begin(), g.masked.end(), f) == g.masked.end()) g.kept.push_back(f);
        g.mi_within = mean_pair_mi(*mi, g.masked, g.masked, true);
        g.mi_across = mean_pair_mi(*mi, g.masked, g.kept, false);
        within_minus_across.push_back(g.mi_within - g.mi_across);
        const std::string& name = mi->field_names[static_cast<size_t>(seed)];
        out.figures.push_back(figure("mi_within/" + name, {"mean MI inside the group of seed " + name + ", nats", "以 " + name + " 为种子时组内平均互信息（nats）"}, g.mi_within));
        out.figures.push_back(figure("mi_across/" + name, {"mean MI across the two views, seed " + name + ", nats", "以 " + name + " 为种子时两个视图之间的平均互信息（nats）"}, g.mi_across));
        out.groups.push_back(std::move(g));
    }
    report(o, 0.5, "correlated groups");

    // The strongest pair among content fields.
    double best = -1;
    int bu = -1, bv = -1;
    for (size_t a = 0; a < mi->content_fields.size(); ++a)
        for (size_t b = a + 1; b < mi->content_fields.size(); ++b) {
            const int u = mi->content_fields[a], v = mi->content_fields[b];
            if (mi->mi[static_cast<size_t>(u)][static_cast<size_t>(v)] > best) {
                best = mi->mi[static_cast<size_t>(u)][static_cast<size_t>(v)];
                bu = u, bv = v;
            }
        }
    if (bu >= 0)
        out.figures.push_back(figure("strongest_pair/" + mi->field_names[static_cast<size_t>(bu)] + "+" + mi->field_names[static_cast<size_t>(bv)],
                                     {"strongest content pair: " + mi->field_names[static_cast<size_t>(bu)] + " and " + mi->field_names[static_cast<size_t>(bv)] + ", nats",
                                      "互信息最强的内容特征对：" + mi->field_names[static_cast<size_t>(bu)] + " 与 " + mi->field_names[static_cast<size_t>(bv)] + "（nats）"},
                                     best));

    // Example: the two CFM views of an item with every field present.
    Rng rng(config.seed);
    int32_t item = 0;
    for (int32_t i = 0; i < d.data->num_items(); ++i) {
        bool ok = true;
        for (int f = 0; f < d.data->items.num_fields() && ok; ++f) ok = !is_missing(d.data->items.values(i, f));
        if (ok) {
            item = i;
            break;
        }
    }
    out.views.push_back(describe_augmented_views(*d.data, *mi, item, Augmentation::CorrelatedMask, config, rng));
    check_cancel(o);
    const double one_view = cfm_exactly_one_view(*d.data, *mi, config, p.sample_items);
    out.figures.push_back(figure("cfm/in_exactly_one_view", {"CFM: share of content fields visible in exactly one view", "关联特征 mask：只出现在一个视图中的内容特征比例"}, one_view));

    out.measured["id_row_is_entropy"] = {id_gap};
    out.measured["partners_are_related"] = within_minus_across;
    out.measured["views_complementary"] = {one_view};
}

}  // namespace

Lesson lesson_correlated_masking() {
    Lesson l;
    l.number = 9;
    l.id = "correlated_masking";
    l.title = {"Correlated feature masking and mutual information", "关联特征 mask 与互信息"};
    l.text = {
        "If a masked field has a near-copy that stays visible (an item's keywords give away its category), the two "
        "views are easy to match and the tower learns little. Correlated feature masking measures, offline, the "
        "mutual information between every pair of item fields, picks a random seed field and masks it together with "
        "the half of the fields most related to it; the other view keeps exactly those and masks the rest. The item "
        "ID is left out of the ranking: knowing the ID tells you every field, so MI(ID, X) = H(X) and the ID would be "
        "every field's closest partner.",
        "如果被遮住的特征还有一个高度相关的特征留在视图里（物品的关键词会透露它的类目），两个视图就很容易对上，模型学不到多少。"
        "关联特征 mask 先离线计算物品特征两两之间的互信息，随机选一个特征作为种子，把它和与它最相关的一半特征一起遮住；另一个视图"
        "恰好保留这些特征、遮住其余的。物品 ID 不参与排序：知道 ID 就知道所有特征，MI(ID, X) = H(X)，ID 会成为每个特征最相关的伙伴。"};
    l.formula = "MI(U, V) = Σ_u Σ_v p(u, v) · log( p(u, v) / (p(u) · p(v)) )";
    l.look_at = "heatmap";
    l.look_for = {"The MI heatmap: pick a seed field, see the partners it pulls in and the two views they make.",
                  "互信息热力图：选一个种子特征，看它带上哪些相关特征，以及由此得到的两个视图。"};
    l.claims = {
        {"id_row_is_entropy",
         {"The ID determines every field, so its MI with a field equals that field's entropy.",
          "ID 决定了所有特征，所以它与某个特征的互信息等于该特征的熵。"},
         {"largest |MI(ID, X) − H(X)| over fields X, nats", "各特征 X 上 |MI(ID, X) − H(X)| 的最大值（nats）"},
         Expect::Below, 1e-6},
        {"partners_are_related",
         {"The fields masked together share more information than fields split across the two views.",
          "被一起遮住的特征之间共享的信息，比分在两个视图中的特征之间更多。"},
         {"mean MI inside the masked group minus mean MI across the views, one value per seed field, nats",
          "组内平均互信息减两个视图之间的平均互信息（每个种子特征一个值，nats）"},
         Expect::Above, 0.0,
         {"seed field", "种子特征"}},
        {"views_complementary",
         {"The two views are complementary: every content field is visible in exactly one of them.",
          "两个视图是互补的：每个内容特征恰好只出现在其中一个视图里。"},
         {"share of present content fields visible in exactly one view, over every item", "恰好只出现在一个视图中的内容特征比例（全部物品）"},
         Expect::Above, 0.999},
    };
    l.preset = preset;
    l.measure = measure;
    return l;
}

}  // namespace towerlab
