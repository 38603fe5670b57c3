// Lesson 7: self-supervision (Yao et al., CIKM 2021) and the long tail: the same configuration
// trained without and with L_self, compared seed by seed on long-tail and cold Recall@50.
//
// What it shows on this data (measured by `towerlab-cli lesson self_supervision`, seeds 1-3): new
// items gain clearly (cold Recall@50 +0.06, every seed up), the long tail does not move beyond the
// seed spread (+0.001, one seed of three down). The tail claim keeps the lecture's expectation with a
// one-point margin, so the lesson reports it as not holding; docs/results.md has the longer runs.
#include "lessons/lesson.h"
#include "lessons/lesson_support.h"

namespace towerlab {
namespace {

using namespace lesson_support;

constexpr int kK = 50;

// ---- The preset of lesson 7: data, the two configurations, seeds and steps. ----
LessonPreset preset() {
    LessonPreset p = course_preset();
    TrainConfig without_ssl;
    without_ssl.augmentation = Augmentation::None;
    TrainConfig with_ssl = without_ssl;
    with_ssl.augmentation = Augmentation::CorrelatedMask;
    with_ssl.alpha = 0.1;
    with_ssl.ssl_tau = 0.1;
    with_ssl.ssl_id_masking = SslIdMasking::AsField;
    p.variants = {{"no_ssl", without_ssl}, {"ssl_cfm", with_ssl}};
    p.variant_names = {{"without self-supervision", "无自监督学习"}, {"with SSL (correlated feature masking)", "自监督学习（关联特征 mask）"}};
    return p;
}
// ---- end of the preset ----

void measure(const LessonPreset& p, const LessonRunOptions& o, LessonResult& out) {
    const ComparisonResult r = compare(make_data(p), p, o);
    add_standard_figures(out, r, kK);
    const size_t off = 0, on = 1;  // baseline first, SSL second
    out.figures.push_back(figure("head_recall_change", {"head Recall@50 change with SSL", "加入自监督后头部 Recall@50 的变化"},
                                 paired(r, on, off, recall_at(ItemGroup::Head, kK))));
    out.measured["tail_lift"] = paired(r, on, off, recall_at(ItemGroup::Tail, kK));
    out.measured["cold_lift"] = paired(r, on, off, recall_at(ItemGroup::Cold, kK));
    out.comparison = r;
}

}  // namespace

Lesson lesson_self_supervision() {
    Lesson l;
    l.number = 7;
    l.id = "self_supervision";
    l.title = {"Self-supervision and the long tail", "自监督学习与长尾物品"};
    l.text = {
        "Self-supervised learning gives the item tower a second task that needs no clicks: draw m items uniformly "
        "from the whole catalogue (cold items included), make two views of each by transforming its features, and "
        "ask the two views of one item to agree and the views of different items to differ. Because every item gets "
        "this training whether or not anyone clicked it, the hope is that tail and new items get better vectors. "
        "On this data it helps the new items clearly, but the long tail hardly moves: a new item has no ID row to "
        "train, so SSL improves exactly the content path it is served with, while a tail item's ID row already "
        "learns from clicks and SSL pulls it elsewhere about as much as it helps. The lecture's tail claim is "
        "shown with its measured value, and it does not hold here.",
        "自监督学习给物品塔增加了一个不需要点击的任务：从全体物品中均匀抽取 m 个物品（包括新物品），对每个物品做两次特征变换"
        "得到两个视图，要求同一物品的两个向量相似、不同物品的向量不相似。每个物品无论有没有被点击都会得到训练，所以期望长尾物品"
        "和新物品的向量学得更好。在这份数据上，新物品明显受益，长尾物品却几乎不变：新物品没有可训练的 ID 向量，自监督改进的正是"
        "它上线时所用的内容特征通路；而长尾物品的 ID 向量已经从点击中学习，自监督把它拉向别处的作用与帮助大致相当。"
        "课程关于长尾的结论在这里按实测值显示，并不成立。"};
    l.formula = "L = (1/n) Σ_i L_main[i] + α · (1/m) Σ_j L_self[j],   L_self[j] = −log( e^{cos(b′_j,b″_j)/τ′} / Σ_k e^{cos(b′_j,b″_k)/τ′} )";
    l.look_at = LessonPanel::Metrics;
    l.look_for = {"Long-tail and cold Recall@50 of the two runs, then the geometry panel's tail curves.",
                  "两次训练的长尾与新物品 Recall@50，再看几何面板中长尾物品的曲线。"};
    l.claims = {
        {"tail_lift",
         {"With self-supervision, long-tail items are retrieved better.", "加入自监督学习后，长尾物品召回得更准。"},
         {"long-tail Recall@50, with SSL minus without, paired by seed", "长尾物品 Recall@50：有自监督减无自监督（同种子配对）"},
         Expect::Above, 0.01},
        {"cold_lift",
         {"With self-supervision, new (cold) items are retrieved better.", "加入自监督学习后，新物品召回得更准。"},
         {"cold Recall@50, with SSL minus without, paired by seed", "新物品 Recall@50：有自监督减无自监督（同种子配对）"},
         Expect::Above, 0.01},
    };
    l.preset = preset;
    l.measure = measure;
    return l;
}

}  // namespace towerlab
