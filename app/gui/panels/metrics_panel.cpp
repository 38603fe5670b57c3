// Recall@K (or NDCG@K) over steps for head, long-tail and cold items and overall, evaluated in the
// background on a seeded sample of test users, with the latest figures and the group sizes beside
// them (with a few hundred users in a group, one hit moves recall by a fraction of a percent).
#include <algorithm>
#include <cstdio>

#include "item_description.h"
#include "panels/panels.h"
#include "panels/shared_widgets.h"
#include "ui_text.h"

namespace app {

void MetricsPanel::draw(const FrameView& s, Intents& in) {
    const towerlab::TrainingSnapshot* snap = s.snapshot();
    if (!snap) {
        ImGui::TextDisabled("%s", tr("No run yet."));
        return;
    }
    const std::vector<int>& ks = snap->config.eval_k;
    if (ks.empty()) {
        ImGui::TextDisabled("%s", tr("No K to evaluate (set K values under Evaluation)."));
        return;
    }
    k_combo(ks, k_index_);
    ImGui::SameLine();
    ImGui::Checkbox(tr("NDCG"), &ndcg_);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", tr("Recall@K: share of test users whose held-out item is in their top K.\n"
                          "NDCG@K: the same, discounted by position, 1/log2(rank+1).\n"
                          "Training positives are removed from each user's ranking; ties count fairly."));
    ImGui::SameLine();
    ImGui::TextDisabled("(?)");
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip(tr("Groups by the held-out item: head = top %.0f%% of items by training clicks, long tail =\n"
                          "the rest with clicks, cold = items with no training clicks (launched later)."),
                          snap->config.head_share * 100);

    // K at or above the catalogue: every item is in everyone's top K, so recall is 1 for any model.
    if (const towerlab::SessionData* d = s.data()) {
        const int k = ks[static_cast<size_t>(std::clamp(k_index_, 0, static_cast<int>(ks.size()) - 1))];
        if (k >= d->dataset->num_items()) {
            ImGui::PushTextWrapPos(0);
            ImGui::TextColored(ImVec4(1, 0.75f, 0.3f, 1),
                               tr("K = %d is not smaller than the catalogue (%d items): every model reaches recall 1 here, "
                                  "so these figures mean nothing. Pick a smaller K."),
                               k, d->dataset->num_items());
            ImGui::PopTextWrapPos();
        }
    }

    // Series over steps: overall, head, tail, cold.
    const size_t n = snap->metrics.size();
    std::vector<double> x(n);
    std::vector<float> y[4];
    for (auto& v : y) v.resize(n);
    const size_t q = static_cast<size_t>(k_index_);
    for (size_t i = 0; i < n; ++i) {
        const towerlab::EvalReport& r = snap->metrics[i].report;
        x[i] = static_cast<double>(snap->metrics[i].step);
        const auto value = [&](const towerlab::GroupMetrics& g) {
            const std::vector<double>& v = ndcg_ ? g.ndcg : g.recall;
            return q < v.size() && g.users > 0 ? static_cast<float>(v[q]) : NAN;
        };
        y[0][i] = value(r.overall);
        y[1][i] = value(r.group(towerlab::ItemGroup::Head));
        y[2][i] = value(r.group(towerlab::ItemGroup::Tail));
        y[3][i] = value(r.group(towerlab::ItemGroup::Cold));
    }
    const char* names[4] = {tr("overall"), group_name(towerlab::ItemGroup::Head), group_name(towerlab::ItemGroup::Tail),
                            group_name(towerlab::ItemGroup::Cold)};
    const ImU32 colours[4] = {IM_COL32(235, 235, 235, 255), group_colour(towerlab::ItemGroup::Head),
                              group_colour(towerlab::ItemGroup::Tail), group_colour(towerlab::ItemGroup::Cold)};
    std::vector<plot::Series> series;
    for (int k = 0; k < 4; ++k) {
        plot::Series sr;
        sr.label = names[k];
        sr.color = colours[k];
        sr.x = x.data();
        sr.y = y[k].data();
        sr.n = n;
        sr.thickness = k == 0 ? 1.5f : 2.0f;
        series.push_back(sr);
    }
    // The validation curve of a train-to-convergence run: the signal early stopping watched, on
    // the users' validation clicks, beside the test figures it never looked at.
    const towerlab::ConvergenceProgress* conv = snap->convergence.get();
    const bool show_validation = conv && !conv->report.curve.empty() && !ndcg_ && ks[q] == conv->options.k;
    std::vector<double> vx;
    std::vector<float> vy;
    if (show_validation) {
        for (const towerlab::ValidationPoint& p : conv->report.curve) {
            vx.push_back(static_cast<double>(p.step));
            vy.push_back(static_cast<float>(p.recall));
        }
        plot::Series sr;
        sr.label = tr("validation");
        sr.color = IM_COL32(120, 200, 255, 255);
        sr.x = vx.data();
        sr.y = vy.data();
        sr.n = vx.size();
        sr.thickness = 2.5f;
        series.push_back(sr);
    }
    char title[48];
    std::snprintf(title, sizeof title, "%s@%d", ndcg_ ? "NDCG" : "Recall", ks[q]);  // metric names stay as written
    plot::LinePlotLabels labels;
    labels.title = title;
    labels.x_label = tr("step");
    if (show_validation) labels.markers.push_back({static_cast<double>(conv->report.best_step), IM_COL32(120, 200, 255, 200)});
    const float table_h = ImGui::GetTextLineHeightWithSpacing() * (conv ? 8.6f : 6.6f);
    const float plot_h = std::max(80.0f, ImGui::GetContentRegionAvail().y - table_h);
    const plot::LinePlotHover h = plot::line_plot("recall", plot_, series, labels, ImVec2(-1, plot_h));
    in.note_rect("recall.plot", h.area_min, h.area_max);
    if (h.legend_max.x > h.legend_min.x) in.note_rect("recall.legend", h.legend_min, h.legend_max);
    ImGui::PushTextWrapPos(0);
    if (conv && !conv->report.curve.empty() && !show_validation)
        ImGui::TextDisabled(tr("The validation curve is Recall@%d: choose K = %d (not NDCG) to see it."), conv->options.k,
                            conv->options.k);
    else if (show_validation)
        ImGui::TextDisabled(tr("validation: Recall@%d on each user's validation click; dashed line: the kept step %ld"),
                            conv->options.k, conv->report.best_step);
    ImGui::PopTextWrapPos();

    if (n == 0) {
        ImGui::TextDisabled(tr("First evaluation after %ld steps or when paused."), in.session().options().eval_every);
        return;
    }
    const towerlab::MetricsPoint& last = snap->metrics.back();
    const towerlab::EvalReport& r = last.report;
    if (ImGui::BeginTable("latest", 4, ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_RowBg)) {
        char at_step[32];
        std::snprintf(at_step, sizeof at_step, tr("at step %ld"), last.step);
        ImGui::TableSetupColumn(at_step);
        ImGui::TableSetupColumn(tr("test users"));
        ImGui::TableSetupColumn(ndcg_ ? "NDCG" : "Recall");
        ImGui::TableSetupColumn(ndcg_ ? "Recall" : "NDCG");
        ImGui::TableHeadersRow();
        const towerlab::GroupMetrics* groups[4] = {&r.overall, &r.group(towerlab::ItemGroup::Head),
                                                   &r.group(towerlab::ItemGroup::Tail), &r.group(towerlab::ItemGroup::Cold)};
        for (int k = 0; k < 4; ++k) {
            const towerlab::GroupMetrics& g = *groups[k];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colours[k]), "%s", names[k]);
            ImGui::TableNextColumn();
            ImGui::Text("%d", g.users);
            const std::vector<double>& a = ndcg_ ? g.ndcg : g.recall;
            const std::vector<double>& b = ndcg_ ? g.recall : g.ndcg;
            ImGui::TableNextColumn();
            if (q < a.size() && g.users > 0) ImGui::Text("%.4f", a[q]);
            else ImGui::TextDisabled("-");
            ImGui::TableNextColumn();
            if (q < b.size() && g.users > 0) ImGui::Text("%.4f", b[q]);
            else ImGui::TextDisabled("-");
        }
        ImGui::EndTable();
    }
    // The click-bucket table: the paper's tail is items with a handful of labels, which the
    // head / long-tail split hides inside "long-tail".
    if (ImGui::BeginTable("buckets", towerlab::kNumClickBuckets + 1, ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_RowBg)) {
        ImGui::TableSetupColumn(tr("training clicks"));
        for (int b = 0; b < towerlab::kNumClickBuckets; ++b) ImGui::TableSetupColumn(towerlab::click_bucket_name(b));
        ImGui::TableHeadersRow();
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(tr("test users"));
        for (const towerlab::GroupMetrics& g : r.by_bucket) {
            ImGui::TableNextColumn();
            ImGui::Text("%d", g.users);
        }
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(ndcg_ ? "NDCG" : "Recall");
        for (const towerlab::GroupMetrics& g : r.by_bucket) {
            ImGui::TableNextColumn();
            const std::vector<double>& a = ndcg_ ? g.ndcg : g.recall;
            if (q < a.size() && g.users > 0) ImGui::Text("%.4f", a[q]);
            else ImGui::TextDisabled("-");
        }
        ImGui::EndTable();
    }
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", tr("Test users grouped by their target item's training clicks: 0 (cold), 1-2, 3-5, 6-20, 21+.\n"
                          "Few test users in a bucket make its figure noisy: read the counts first."));
    if (q < r.coverage.size() && q < r.head_share_topk.size()) {
        ImGui::TextDisabled(tr("coverage@%d %.1f%%   head share of top-%d %.1f%%"), ks[q], 100 * r.coverage[q], ks[q],
                            100 * r.head_share_topk[q]);
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%s", tr("Coverage: share of the catalogue in anyone's top-K.\n"
                              "Head share: how much of the top-K goes to popular items (logQ lowers it)."));
    }
}

}  // namespace app
