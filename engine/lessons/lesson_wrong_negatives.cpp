// Lesson 4: the wrong negative. Items shown to a user and not clicked ("impressions") were chosen
// by the earlier stages because they suit the user; as retrieval negatives they teach the model to
// push relevant items away. They belong to ranking, not retrieval.
#include "core/random.h"
#include "lessons/lesson.h"
#include "lessons/lesson_support.h"

namespace towerlab {
namespace {

using namespace lesson_support;

constexpr int kK = 50;

LessonPreset preset() {
    LessonPreset p = course_preset();
    TrainConfig easy;
    easy.objective = Objective::SampledSoftmax;
    easy.negatives = NegativeSource::Uniform;
    TrainConfig shown = easy;
    shown.negatives = NegativeSource::Impressions;
    p.variants = {{"easy", easy}, {"impressions", shown}};
    p.variant_names = {{"easy negatives (uniform)", "简单负样本（均匀抽样）"},
                       {"impressed, not clicked", "曝光未点击"}};
    return p;
}

// Mean cos(user, item) in the generator's hidden taste space over impressions, and over the same
// users paired with items drawn uniformly: how close "shown, not clicked" is to the user's taste.
std::pair<double, double> taste_closeness(const Dataset& data, const Split& split) {
    const SyntheticTruth& t = *data.truth;
    auto cosine = [&](int32_t u, int32_t i) {
        double s = 0;
        for (int d = 0; d < t.dim; ++d)
            s += static_cast<double>(t.user_taste[static_cast<size_t>(u) * t.dim + d]) *
                 t.item_taste[static_cast<size_t>(i) * t.dim + d];
        return s;
    };
    Rng rng(1);
    double shown = 0, random = 0;
    long n = 0;
    for (const Interaction& x : data.impressions) {
        if (split.is_cold(x.item)) continue;
        shown += cosine(x.user, x.item);
        random += cosine(x.user, uniform_int(rng, 0, data.num_items() - 1));
        ++n;
    }
    return {shown / static_cast<double>(n), random / static_cast<double>(n)};
}

void measure(const LessonPreset& p, const LessonRunOptions& o, LessonResult& out) {
    const LessonData d = make_data(p);
    const auto [shown, random] = taste_closeness(*d.data, *d.split);
    out.figures.push_back(figure("taste_cosine/impressions", {"mean taste cosine of user and impressed item",
                                                               "用户与曝光未点击物品的真实兴趣余弦均值"}, shown));
    out.figures.push_back(figure("taste_cosine/random", {"mean taste cosine of user and a random item",
                                                          "用户与随机物品的真实兴趣余弦均值"}, random));
    out.measured["impressions_are_relevant"] = {shown - random};
    const ComparisonResult r = compare(d, p, o);
    add_standard_figures(out, r, kK);
    out.measured["recall_collapses"] =
        paired(r, variant_index(p, "impressions"), variant_index(p, "easy"), overall_recall_at(kK));
    out.comparison = r;
}

}  // namespace

Lesson lesson_wrong_negatives() {
    Lesson l;
    l.number = 4;
    l.id = "wrong_negatives";
    l.title = {"The wrong negative: impressed but not clicked", "错误的负样本：曝光但未点击"};
    l.text = {
        "An item that was shown to a user and not clicked passed every earlier stage of the recommender, so it is "
        "close to what the user likes; the user merely preferred something else this time. Retrieval has to separate "
        "items a user might like from the many they never would, so its negatives should be easy ones drawn from the "
        "whole catalogue (or hard ones the ranker discarded). Using impressions as retrieval negatives teaches the "
        "towers to push relevant items away; that signal belongs to the ranking model. The synthetic data records "
        "impressions, and their hidden taste match with the user shows why.",
        "曝光给用户但没被点击的物品，已经通过了推荐系统前面的各个环节，它与用户的兴趣很接近，只是这一次用户选了别的。"
        "召回要做的是把用户可能喜欢的物品和大量用户根本不会喜欢的物品分开，所以负样本应该是从全体物品中抽取的简单负样本"
        "（或被排序淘汰的困难负样本）。把曝光未点击的物品当作召回的负样本，会让双塔模型把相关物品推远；这类数据应该留给排序模型。"
        "合成数据记录了曝光，它们与用户真实兴趣的匹配程度说明了原因。"};
    l.formula = "sampled softmax:  L = −log( e^{cos(a,b⁺)/τ} / (e^{cos(a,b⁺)/τ} + Σ_r e^{cos(a,b⁻_r)/τ}) ),  b⁻ ~ uniform | impressions";
    l.look_at = "recall";
    l.look_for = {"Recall@50 of the two runs: the impressions run stays near zero.",
                  "两次训练的 Recall@50：用曝光未点击做负样本的那次几乎为零。"};
    l.claims = {
        {"impressions_are_relevant",
         {"Impressed-but-not-clicked items are close to the user's taste, far closer than a random item.",
          "曝光未点击的物品与用户兴趣很接近，远比随机物品接近。"},
         {"mean cos(user taste, item taste) of impressions minus that of random items (generator's ground truth)",
          "曝光未点击物品与用户真实兴趣的余弦均值减去随机物品的（生成器的真实值）"},
         Expect::Above, 0.20},
        {"recall_collapses",
         {"Used as retrieval negatives, they teach the model to push relevant items away: Recall@50 collapses.",
          "把它们当作召回的负样本，模型学会把相关物品推远：Recall@50 大幅下降。"},
         {"Recall@50, impressions minus easy negatives, paired by seed", "Recall@50：曝光未点击减简单负样本（同种子配对）"},
         Expect::Below, -0.10},
    };
    l.preset = preset;
    l.measure = measure;
    return l;
}

}  // namespace towerlab
