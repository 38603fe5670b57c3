// Lesson 5: pointwise, pairwise and listwise training of the same two towers on the same data.
#include "lessons/lesson.h"
#include "lessons/lesson_support.h"

namespace towerlab {
namespace {

using namespace lesson_support;

constexpr int kK = 50;

LessonPreset preset() {
    LessonPreset p = course_preset();
    TrainConfig listwise;  // in-batch softmax: one positive against the batch's 255 other items
    TrainConfig pointwise;
    pointwise.objective = Objective::Pointwise;  // 1 positive : 3 uniform negatives
    pointwise.negatives = NegativeSource::Uniform;
    TrainConfig hinge = pointwise, logistic = pointwise;
    hinge.objective = Objective::TripletHinge;
    logistic.objective = Objective::TripletLogistic;
    p.variants = {{"listwise", listwise}, {"pointwise", pointwise}, {"triplet_hinge", hinge}, {"triplet_logistic", logistic}};
    p.variant_names = {{"listwise (in-batch softmax)", "Listwise（Batch内 softmax）"},
                       {"pointwise", "Pointwise"},
                       {"pairwise, triplet hinge", "Pairwise（triplet hinge）"},
                       {"pairwise, triplet logistic", "Pairwise（triplet logistic）"}};
    return p;
}

void measure(const LessonPreset& p, const LessonRunOptions& o, LessonResult& out) {
    const ComparisonResult r = compare(make_data(p), p, o);
    add_standard_figures(out, r, kK);
    add_variant_figures(out, r, "ndcg@50", {"NDCG@50", "NDCG@50"}, [](const EvalReport& e) {
        return e.overall.ndcg[static_cast<size_t>(e.k_index(kK))];
    });
    const size_t listwise = variant_index(p, "listwise"), pointwise = variant_index(p, "pointwise"),
                 hinge = variant_index(p, "triplet_hinge");
    out.measured["listwise_beats_pairwise"] = paired(r, listwise, hinge, overall_recall_at(kK));
    out.measured["listwise_lifts_tail"] = paired(r, listwise, pointwise, recall_at(ItemGroup::Tail, kK));
    out.comparison = r;
}

}  // namespace

Lesson lesson_objectives() {
    Lesson l;
    l.number = 5;
    l.id = "objectives";
    l.title = {"Pointwise, pairwise, listwise", "Pointwise、Pairwise、Listwise 三种训练方式"};
    l.text = {
        "Pointwise training treats retrieval as binary classification: push cos(a, b⁺) toward +1 and cos(a, b⁻) "
        "toward -1, with one to three negatives per click. Pairwise training only asks the positive to beat a "
        "negative by a margin (triplet hinge) or softly (triplet logistic). Listwise training puts the positive "
        "against many negatives at once in a softmax; with in-batch negatives and logQ correction it is what large "
        "systems use. Here all four train the same towers on the same clicks; the sampled objectives draw uniform "
        "negatives.",
        "Pointwise 把召回看作二分类：让 cos(a, b⁺) 接近 +1，cos(a, b⁻) 接近 -1，正负样本比例 1:2 或 1:3。Pairwise "
        "只要求正样本的余弦比负样本高出一个间隔（triplet hinge），或以平滑的方式高出（triplet logistic）。Listwise 把一个"
        "正样本和许多负样本放进同一个 softmax；配合 Batch内负样本和 logQ 纠偏，这是大型系统的做法。这里四种方式在同样的"
        "点击上训练同样的双塔模型，需要抽样负样本的方式从全体物品中均匀抽取。"};
    l.formula = "pointwise: cos(a,b⁺)→+1, cos(a,b⁻)→−1;   hinge: max(0, cos(a,b⁻) + m − cos(a,b⁺));   "
                "logistic: log(1 + exp(σ(cos(a,b⁻) − cos(a,b⁺))));   listwise: −log softmax_τ(cos(a,b⁺) | cos(a,b_j))";
    l.look_at = "recall";
    l.look_for = {"Overall and long-tail Recall@50 of the four runs.", "四次训练的整体与长尾 Recall@50。"};
    l.claims = {
        {"listwise_beats_pairwise",
         {"Listwise training with in-batch negatives retrieves better than pairwise training with a margin.",
          "使用 Batch内负样本的 Listwise 训练比带间隔的 Pairwise 训练召回更准。"},
         {"Recall@50, listwise minus triplet hinge, paired by seed", "Recall@50：Listwise 减 triplet hinge（同种子配对）"},
         Expect::Above, 0.01},
        {"listwise_lifts_tail",
         {"Many negatives in one softmax, corrected by logQ, leave room for the long tail; pointwise training with "
          "uniform negatives does not.",
          "一个 softmax 中有许多负样本并经过 logQ 纠偏，给长尾物品留出了位置；使用均匀负样本的 Pointwise 训练做不到。"},
         {"long-tail Recall@50, listwise minus pointwise, paired by seed", "长尾物品 Recall@50：Listwise 减 Pointwise（同种子配对）"},
         Expect::Above, 0.02},
    };
    l.preset = preset;
    l.measure = measure;
    return l;
}

}  // namespace towerlab
