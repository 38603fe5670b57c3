// Lesson 1: in-batch negatives are popularity-biased, and logQ correction (纠偏) undoes the bias.
#include "lessons/lesson.h"
#include "lessons/lesson_support.h"

namespace towerlab {
namespace {

using namespace lesson_support;

constexpr int kK = 50;

LessonPreset preset() {
    LessonPreset p = course_preset();
    TrainConfig off;
    off.logq = LogQMode::Off;
    TrainConfig on;
    on.logq = LogQMode::Streaming;
    p.variants = {{"no_logq", off}, {"logq", on}};
    p.variant_names = {{"without logQ", "不纠偏"}, {"with logQ", "logQ 纠偏"}};
    return p;
}

void measure(const LessonPreset& p, const LessonRunOptions& o, LessonResult& out) {
    const ComparisonResult r = compare(make_data(p), p, o);
    add_standard_figures(out, r, kK);
    const size_t off = variant_index(p, "no_logq"), on = variant_index(p, "logq");
    out.measured["head_share_rises"] = paired(r, on, off, head_share_at(kK));
    out.measured["recall_rises"] = paired(r, on, off, overall_recall_at(kK));
    out.measured["tail_recall_falls"] = paired(r, on, off, recall_at(ItemGroup::Tail, kK));
    out.comparison = r;
}

}  // namespace

Lesson lesson_logq_popularity_bias() {
    Lesson l;
    l.number = 1;
    l.id = "logq_popularity_bias";
    l.title = {"In-batch negatives punish popular items; logQ correction undoes it",
               "Batch内负样本打压热门物品，logQ 纠偏"};
    l.text = {
        "With in-batch negatives, each user's negatives are the items the other users of the batch clicked, so an "
        "item shows up as a negative about as often as it is clicked. Popular items are pushed down far more than "
        "their relevance deserves, and the ranking tilts toward the tail. The correction subtracts log p_j, the "
        "item's chance of being in the batch, from its logit during training only; serving and evaluation still "
        "rank by the plain cosine. Train the same model without and with the correction and compare how many of the "
        "top-50 slots go to head items.",
        "使用 Batch内负样本时，每个用户的负样本就是同一 batch 里其他用户点击的物品，所以一个物品被当作负样本的次数和它的"
        "点击次数成正比。热门物品因此被过度打压，排序偏向长尾物品。纠偏的办法是在训练时把物品 j 的 logit 减去 log p_j"
        "（p_j 是它出现在 batch 中的概率），线上召回和评估仍然只用余弦相似度。用同一个双塔模型分别不纠偏和纠偏训练，"
        "比较 top-50 中头部物品占了多少位置。"};
    l.formula = "L_main[i] = −log( exp(cos(a_i,b_i)/τ − log p_i) / Σ_j exp(cos(a_i,b_j)/τ − log p_j) ),   p_j ∝ clicks_j";
    l.look_at = "recall";
    l.look_for = {"Head and long-tail Recall@50 of the two runs, and the head share of the top-50.",
                  "两次训练的头部与长尾 Recall@50，以及 top-50 中头部物品的占比。"};
    l.claims = {
        {"head_share_rises",
         {"Correcting by log p_j gives popular items their place back: the head share of the top-50 rises.",
          "纠偏后热门物品不再被过度打压：top-50 中头部物品的占比上升。"},
         {"head share of the top-50, with logQ minus without, paired by seed",
          "top-50 头部物品占比：纠偏减不纠偏（同种子配对）"},
         Expect::Above, 0.20},
        {"recall_rises",
         {"Without the correction the model under-ranks what users mostly click; with it, Recall@50 rises.",
          "不纠偏时模型低估了用户最常点击的物品；纠偏后整体 Recall@50 上升。"},
         {"Recall@50 over all test users, with logQ minus without, paired by seed",
          "全体测试用户 Recall@50：纠偏减不纠偏（同种子配对）"},
         Expect::Above, 0.10},
        {"tail_recall_falls",
         {"The price: the slots handed back to head items come from the tail, so long-tail Recall@50 falls.",
          "代价：还给头部物品的位置来自长尾，长尾物品的 Recall@50 下降。"},
         {"long-tail Recall@50, with logQ minus without, paired by seed",
          "长尾物品 Recall@50：纠偏减不纠偏（同种子配对）"},
         Expect::Below, -0.01},
    };
    l.preset = preset;
    l.measure = measure;
    return l;
}

}  // namespace towerlab
