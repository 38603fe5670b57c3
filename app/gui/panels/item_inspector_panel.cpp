// One item: its fields, popularity group and clicks, what the logQ frequency estimator believes
// beside the truth, and its nearest items by cosine (for the synthetic data, whether they share its
// hidden topic: a direct reading of whether the embedding learned the right neighbourhood).
#include <cstdio>

#include "item_description.h"
#include "panels/panels.h"
#include "ui_text.h"

namespace app {

void ItemInspectorPanel::draw(const FrameView& s, Intents& in) {
    const towerlab::SessionData* d = s.data();
    if (!d) {
        ImGui::TextDisabled("%s", tr("No dataset loaded."));
        return;
    }
    const towerlab::Dataset& ds = *d->dataset;
    const towerlab::Split& split = *d->split;
    int item = s.selection().item;
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
    if (ImGui::InputInt(tr("item"), &item, 1, 100, ImGuiInputTextFlags_EnterReturnsTrue) && item >= 0 && item < ds.num_items())
        in.select_item(item);
    ImGui::SameLine();
    ImGui::TextDisabled(tr("0..%d, or click a point"), ds.num_items() - 1);
    if (s.selection().item < 0 || s.selection().item >= ds.num_items()) {
        ImGui::TextDisabled("%s", tr("No item selected."));
        return;
    }
    const int it = s.selection().item;
    const towerlab::ItemGroup g = split.item_group[static_cast<size_t>(it)];
    ImGui::Separator();
    ImGui::Text("%s", item_label(ds, it).c_str());
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(group_colour(g)), tr("%s item, %d training clicks"), group_name(g),
                       split.train_clicks[static_cast<size_t>(it)]);
    const bool has_topic = static_cast<size_t>(it) < ds.item_topic.size();
    if (has_topic) {
        ImGui::SameLine();
        ImGui::TextDisabled(tr("ground-truth topic %d"), ds.item_topic[static_cast<size_t>(it)]);
    }
    if (ImGui::BeginTable("fields", 2, ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_RowBg)) {
        for (int f = 0; f < ds.items.num_fields(); ++f) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextDisabled("%s", ds.items.fields()[static_cast<size_t>(f)].name.c_str());
            ImGui::TableNextColumn();
            ImGui::TextWrapped("%s", field_text(ds, it, f).c_str());
        }
        ImGui::EndTable();
    }

    const towerlab::ItemInspection* ins = s.view.item.get();
    if (!ins || ins->item != it) {
        ImGui::TextDisabled("%s", tr("computing neighbours..."));
        return;
    }
    if (ins->true_frequency <= 0)
        ImGui::TextDisabled("%s", tr("logQ: no training clicks, so never in a batch: the correction never applies to it"));
    else
        ImGui::Text(tr("logQ: estimated p = %.3g per step, true rate %.3g"), ins->estimated_frequency, ins->true_frequency);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", tr("What the sampling-bias correction subtracts is log p. The streaming estimator\n"
                          "(Yi et al., Alg. 2) needs warm-up: early on it can be far from the truth."));
    const towerlab::TrainingSnapshot* snap = s.snapshot();
    if (snap && snap->config.logq == towerlab::LogQMode::Streaming && ins->true_frequency > 0 &&
        ins->estimated_frequency > 0) {
        const double ratio = ins->estimated_frequency / ins->true_frequency;
        if (ratio > 1.5 || ratio < 1 / 1.5)
            ImGui::TextColored(ImVec4(1, 0.8f, 0.3f, 1), tr("  off by x%.1f: the streaming estimate is still warming up (a = %.3g)"),
                               ratio > 1 ? ratio : 1 / ratio, snap->config.logq_alpha);
    }
    int same = 0;
    for (int32_t n : ins->neighbours)
        if (has_topic && static_cast<size_t>(n) < ds.item_topic.size() && ds.item_topic[static_cast<size_t>(n)] == ds.item_topic[static_cast<size_t>(it)])
            ++same;
    ImGui::Text(tr("Nearest items by cosine at step %ld"), ins->step);
    if (has_topic) {
        ImGui::SameLine();
        ImGui::TextDisabled(tr("(%d of %zu share its topic)"), same, ins->neighbours.size());
    }
    if (ImGui::BeginTable("neighbours", has_topic ? 5 : 4,
                          ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY)) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn(tr("item"));
        ImGui::TableSetupColumn(tr("cosine"));
        ImGui::TableSetupColumn(tr("group"));
        ImGui::TableSetupColumn(tr("clicks"));
        if (has_topic) ImGui::TableSetupColumn(tr("same topic"));
        ImGui::TableHeadersRow();
        for (size_t i = 0; i < ins->neighbours.size(); ++i) {
            const int32_t n = ins->neighbours[i];
            const towerlab::ItemGroup ng = split.item_group[static_cast<size_t>(n)];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::PushID(static_cast<int>(i));
            if (ImGui::Selectable(item_label(ds, n).c_str(), false, ImGuiSelectableFlags_SpanAllColumns)) in.select_item(n);
            if (ImGui::IsItemHovered()) {
                ImGui::BeginTooltip();
                item_tooltip_body(ds, split, n);
                ImGui::EndTooltip();
            }
            ImGui::PopID();
            ImGui::TableNextColumn();
            ImGui::Text("%.3f", ins->cosines[i]);
            ImGui::TableNextColumn();
            ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(group_colour(ng)), "%s", group_name(ng));
            ImGui::TableNextColumn();
            ImGui::Text("%d", split.train_clicks[static_cast<size_t>(n)]);
            if (has_topic) {
                ImGui::TableNextColumn();
                const bool ok = static_cast<size_t>(n) < ds.item_topic.size() &&
                                ds.item_topic[static_cast<size_t>(n)] == ds.item_topic[static_cast<size_t>(it)];
                ImGui::TextColored(ok ? ImVec4(0.5f, 0.9f, 0.5f, 1) : ImVec4(0.9f, 0.5f, 0.5f, 1), "%s", ok ? tr("yes") : tr("no"));
            }
        }
        ImGui::EndTable();
    }
}

}  // namespace app
