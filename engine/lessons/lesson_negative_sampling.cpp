// Lesson 3: where negatives come from: uniform over the catalogue, clicks^0.75, in-batch, and hard
// negatives mixed half and half with easy ones. The sampling distribution decides how hard popular
// items are pushed down, which shows in the head share of the top-K.
#include "lessons/lesson.h"
#include "lessons/lesson_support.h"

namespace towerlab {
namespace {

using namespace lesson_support;

constexpr int kK = 50;

LessonPreset preset() {
    LessonPreset p = course_preset();
    // No logQ anywhere: the lesson is about the raw effect of each sampling distribution.
    TrainConfig in_batch;
    in_batch.logq = LogQMode::Off;
    TrainConfig sampled = in_batch;
    sampled.objective = Objective::SampledSoftmax;
    TrainConfig uniform = sampled, popularity = sampled, mixed = sampled;
    uniform.negatives = NegativeSource::Uniform;
    popularity.negatives = NegativeSource::Popularity;
    mixed.negatives = NegativeSource::Mixed;
    mixed.hard_share = 0.5;
    p.variants = {{"in_batch", in_batch}, {"uniform", uniform}, {"popularity", popularity}, {"hard_mixed", mixed}};
    p.variant_names = {{"in-batch", "Batch内负样本"},
                       {"uniform", "均匀抽样"},
                       {"clicks^0.75", "点击次数^0.75 抽样"},
                       {"50% hard + 50% uniform", "50% 困难 + 50% 均匀"}};
    return p;
}

void measure(const LessonPreset& p, const LessonRunOptions& o, LessonResult& out) {
    const ComparisonResult r = compare(make_data(p), p, o);
    add_standard_figures(out, r, kK);
    const size_t in_batch = variant_index(p, "in_batch"), uniform = variant_index(p, "uniform"),
                 popularity = variant_index(p, "popularity"), mixed = variant_index(p, "hard_mixed");
    std::vector<double> loss_uniform, loss_mixed, gap;
    for (const RunResult& run : r.runs[uniform]) loss_uniform.push_back(final_main_loss(run));
    for (const RunResult& run : r.runs[mixed]) loss_mixed.push_back(final_main_loss(run));
    for (size_t i = 0; i < loss_mixed.size(); ++i) gap.push_back(loss_mixed[i] - loss_uniform[i]);
    out.figures.push_back(figure("final_loss/uniform", {"L_main, last 100 steps (uniform)", "最后 100 步 L_main（均匀抽样）"},
                                 loss_uniform));
    out.figures.push_back(figure("final_loss/hard_mixed",
                                 {"L_main, last 100 steps (50% hard)", "最后 100 步 L_main（50% 困难负样本）"}, loss_mixed));
    out.measured["uniform_favours_head"] = paired(r, uniform, popularity, head_share_at(kK));
    out.measured["in_batch_punishes_head"] = paired(r, popularity, in_batch, head_share_at(kK));
    out.measured["hard_negatives_are_hard"] = gap;
    out.comparison = r;
}

}  // namespace

Lesson lesson_negative_sampling() {
    Lesson l;
    l.number = 3;
    l.id = "negative_sampling";
    l.title = {"Negative sampling: uniform, clicks^0.75, in-batch, hard", "负样本的选择：均匀、点击次数^0.75、Batch内、困难负样本"};
    l.text = {
        "Clicks go mostly to popular items, so if negatives are drawn uniformly from the catalogue they are mostly "
        "tail items: the model learns to push the tail down and fills every top-K with popular items. Drawing "
        "negatives with probability proportional to clicks^0.75 pushes popular items down more; in-batch negatives, "
        "distributed like clicks themselves, push them down most. Hard negatives (items the current model ranks "
        "high that the user did not click), mixed half and half with easy ones, are harder to tell from the "
        "positive. On this data they do not raise recall, because many of them are items the user would have liked. "
        "logQ is off in all four runs so the sampling distributions act unmasked.",
        "点击主要集中在热门物品上。如果从全体物品中均匀抽取负样本，负样本大多是长尾物品：模型学会压低长尾，"
        "每个 top-K 都被热门物品占满。按点击次数^0.75 的概率抽样会更多地打压热门物品；Batch内负样本的分布与点击相同，"
        "打压得最厉害。困难负样本（当前模型排得靠前但用户没点的物品）与简单负样本各占一半，更难与正样本区分；在这份数据上"
        "它们并不能提高召回，因为其中很多其实是用户会喜欢的物品。四次训练都关闭了 logQ 纠偏，让抽样分布的作用直接显现。"};
    l.formula = "uniform: q_j = 1/N;   popularity: q_j ∝ clicks_j^0.75;   in-batch: q_j ∝ clicks_j";
    l.look_at = "recall";
    l.look_for = {"Head and long-tail Recall@50 of the four runs; the head share of the top-50 in the lesson's table.",
                  "四次训练的头部与长尾 Recall@50；课程表格里 top-50 的头部占比。"};
    l.claims = {
        {"uniform_favours_head",
         {"Uniform negatives are mostly tail items, so popular items fill the top-50 more than with clicks^0.75.",
          "均匀抽样的负样本多是长尾物品，因此 top-50 中的热门物品比按点击次数^0.75 抽样时更多。"},
         {"head share of the top-50, uniform minus clicks^0.75, paired by seed",
          "top-50 头部物品占比：均匀抽样减点击次数^0.75 抽样（同种子配对）"},
         Expect::Above, 0.15},
        {"in_batch_punishes_head",
         {"In-batch negatives follow clicks, so they push popular items down even more than clicks^0.75.",
          "Batch内负样本的分布与点击相同，比点击次数^0.75 更加打压热门物品。"},
         {"head share of the top-50, clicks^0.75 minus in-batch, paired by seed",
          "top-50 头部物品占比：点击次数^0.75 抽样减 Batch内负样本（同种子配对）"},
         Expect::Above, 0.05},
        {"hard_negatives_are_hard",
         {"Hard negatives are hard to tell from the clicked item: the loss stays higher than with easy negatives.",
          "困难负样本难以与正样本区分：损失比只用简单负样本时更高。"},
         {"L_main over the last 100 steps, 50% hard minus uniform, paired by seed",
          "最后 100 步 L_main：50% 困难负样本减均匀抽样（同种子配对）"},
         Expect::Above, 0.10},
    };
    l.preset = preset;
    l.measure = measure;
    return l;
}

}  // namespace towerlab
