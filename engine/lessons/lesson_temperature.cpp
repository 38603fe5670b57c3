// Lesson 2: the softmax temperature. Cosines live in [-1, 1]; without a small tau the softmax over
// them is nearly flat and the model learns little more than popularity.
#include <algorithm>

#include "lessons/lesson.h"
#include "lessons/lesson_support.h"

namespace towerlab {
namespace {

using namespace lesson_support;

constexpr int kK = 50;

LessonPreset preset() {
    LessonPreset p = course_preset();
    TrainConfig flat;
    flat.tau = 1.0;
    TrainConfig sharp;
    sharp.tau = 0.05;
    p.variants = {{"tau_1.0", flat}, {"tau_0.05", sharp}};
    p.variant_names = {{"tau = 1.0", "τ = 1.0"}, {"tau = 0.05", "τ = 0.05"}};
    return p;
}

// How much of its starting value the main loss lost: (first 100 steps - last 100) / first 100.
double loss_drop(const RunResult& run) {
    const size_t n = std::min<size_t>(100, run.losses.size());
    double first = 0;
    for (size_t i = 0; i < n; ++i) first += run.losses[i].loss_main;
    first /= static_cast<double>(n);
    return (first - final_main_loss(run, 100)) / first;
}

void measure(const LessonPreset& p, const LessonRunOptions& o, LessonResult& out) {
    const ComparisonResult r = compare(make_data(p), p, o);
    add_standard_figures(out, r, kK);
    const size_t flat = variant_index(p, "tau_1.0"), sharp = variant_index(p, "tau_0.05");
    std::vector<double> drop_flat, drop_sharp;
    for (const RunResult& run : r.runs[flat]) drop_flat.push_back(loss_drop(run));
    for (const RunResult& run : r.runs[sharp]) drop_sharp.push_back(loss_drop(run));
    out.figures.push_back(figure("loss_drop/tau_1.0", {"share of L_main lost in training (tau = 1.0)", "训练中 L_main 下降的比例（τ = 1.0）"}, drop_flat));
    out.figures.push_back(figure("loss_drop/tau_0.05", {"share of L_main lost in training (tau = 0.05)", "训练中 L_main 下降的比例（τ = 0.05）"}, drop_sharp));
    std::vector<double> drop_gap(drop_flat.size());
    for (size_t i = 0; i < drop_gap.size(); ++i) drop_gap[i] = drop_sharp[i] - drop_flat[i];
    out.measured["loss_barely_moves"] = drop_gap;
    out.measured["recall_rises"] = paired(r, sharp, flat, overall_recall_at(kK));
    out.measured["coverage_rises"] = paired(r, sharp, flat, coverage_at(kK));
    out.comparison = r;
}

}  // namespace

Lesson lesson_temperature() {
    Lesson l;
    l.number = 2;
    l.id = "temperature";
    l.title = {"Temperature: a flat softmax learns popularity and little else", "温度系数：过于平坦的 softmax 只学到热度"};
    l.text = {
        "A cosine lies between -1 and 1, so with tau = 1 the logits of the positive and of every negative differ by "
        "at most 2 and the softmax over a batch of 256 stays almost uniform: the loss hardly falls, and the gradient "
        "says little about which item suits which user. Dividing the cosine by a small temperature such as 0.05 "
        "stretches the logits twenty-fold, so the softmax can single out the clicked item. Train the same run with "
        "tau 1.0 and 0.05 and compare the loss curves and Recall@50.",
        "余弦相似度介于 -1 和 1 之间。τ = 1 时，正样本与任一负样本的 logit 最多相差 2，对 256 个物品做 softmax 几乎是均匀"
        "分布：损失几乎不降，梯度也分辨不出哪个物品适合哪个用户。把余弦除以 0.05 这样的小温度，logit 的差距放大 20 倍，"
        "softmax 才能突出被点击的物品。用 τ = 1.0 和 τ = 0.05 各训练一次，比较损失曲线和 Recall@50。"};
    l.formula = "p_ij = exp(cos(a_i,b_j)/τ − log p_j) / Σ_k exp(cos(a_i,b_k)/τ − log p_k)";
    l.look_at = "loss";
    l.look_for = {"The tau = 1.0 loss stays near log n while the tau = 0.05 loss falls; then Recall@50 in the metrics panel.",
                  "τ = 1.0 的损失停在 log n 附近，τ = 0.05 的损失明显下降；再看指标面板中的 Recall@50。"};
    l.claims = {
        {"loss_barely_moves",
         {"With tau = 1.0 the main loss hardly falls; with tau = 0.05 it falls much further.",
          "τ = 1.0 时主损失几乎不降；τ = 0.05 时下降得多得多。"},
         {"share of L_main lost between the first and last 100 steps, tau 0.05 minus tau 1.0, paired by seed",
          "前 100 步到最后 100 步 L_main 下降的比例：τ = 0.05 减 τ = 1.0（同种子配对）"},
         Expect::Above, 0.10},
        {"recall_rises",
         {"The sharp softmax retrieves better: Recall@50 is higher with tau = 0.05.",
          "更尖锐的 softmax 召回更准：τ = 0.05 时 Recall@50 更高。"},
         {"Recall@50, tau 0.05 minus tau 1.0, paired by seed", "Recall@50：τ = 0.05 减 τ = 1.0（同种子配对）"},
         Expect::Above, 0.02},
        {"coverage_rises",
         {"The flat softmax recommends nearly the same popular items to everyone; the sharp one covers much more of "
          "the catalogue.",
          "平坦的 softmax 几乎给每个人推荐同一批热门物品；尖锐的 softmax 覆盖的物品多得多。"},
         {"share of the catalogue in anyone's top-50, tau 0.05 minus tau 1.0, paired by seed",
          "出现在任一用户 top-50 中的物品比例：τ = 0.05 减 τ = 1.0（同种子配对）"},
         Expect::Above, 0.30},
    };
    l.preset = preset;
    l.measure = measure;
    return l;
}

}  // namespace towerlab
