// One user: their training clicks, the top-K items the model retrieves for them now (training
// positives excluded, as evaluation does) with cosine scores, and where their held-out test item
// ranks among all the items.
#include <algorithm>
#include <cstdio>

#include "item_description.h"
#include "panels/panels.h"

namespace app {
namespace {

void item_row(AppState& s, const towerlab::Dataset& ds, const towerlab::Split& split, int32_t item, int id) {
    const towerlab::ItemGroup g = split.item_group[static_cast<size_t>(item)];
    ImGui::PushID(id);
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(group_colour(g)));
    if (ImGui::Selectable(item_label(ds, item).c_str(), false, ImGuiSelectableFlags_SpanAllColumns)) s.select_item(item);
    ImGui::PopStyleColor();
    if (ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        item_tooltip_body(ds, split, item);
        ImGui::EndTooltip();
    }
    ImGui::PopID();
}

}  // namespace

void UserPanel::draw(AppState& s) {
    const towerlab::SessionData* d = s.data();
    if (!d) {
        ImGui::TextDisabled("No dataset loaded.");
        return;
    }
    const towerlab::Dataset& ds = *d->dataset;
    const towerlab::Split& split = *d->split;
    if (s.selected_user >= 0) user_input_ = s.selected_user;
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
    if (ImGui::InputInt("user", &user_input_, 1, 100, ImGuiInputTextFlags_EnterReturnsTrue) && user_input_ >= 0 &&
        user_input_ < ds.num_users())
        s.select_user(user_input_);
    ImGui::SameLine();
    if (ImGui::Button("random test user") && !split.test.empty()) {
        // A deterministic walk through the test users (so a class sees the same sequence).
        const size_t i = static_cast<size_t>((pick_counter_++ * 2654435761ULL + 17) % split.test.size());
        s.select_user(split.test[i].user);
    }
    if (s.selected_user < 0 || s.selected_user >= ds.num_users()) {
        ImGui::TextDisabled("Pick a user (0..%d).", ds.num_users() - 1);
        return;
    }
    const int u = s.selected_user;
    const std::vector<int32_t>& clicks = split.user_train_items[static_cast<size_t>(u)];
    const towerlab::UserInspection* ins = s.view.user.get();
    const bool fresh = ins && ins->user == u;
    ImGui::Separator();
    if (fresh && ins->held_out >= 0) {
        const towerlab::ItemGroup g = split.item_group[static_cast<size_t>(ins->held_out)];
        ImGui::Text("held-out item: %s", item_label(ds, ins->held_out).c_str());
        ImGui::SameLine();
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(group_colour(g)), "(%s)", group_name(g));
        ImGui::Text("ranks %ld of %d (cosine %.3f) at step %ld", ins->held_out_rank,
                    ds.num_items() - static_cast<int>(clicks.size()), ins->held_out_score, ins->step);
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("Rank among all items except the user's training clicks; ties count half.");
    } else if (fresh) {
        ImGui::TextDisabled("This user has no held-out test item.");
    }

    const float h = ImGui::GetContentRegionAvail().y;
    const float w = ImGui::GetContentRegionAvail().x;
    ImGui::BeginChild("clicks", ImVec2(w * 0.42f, h), true);
    ImGui::Text("%zu training clicks", clicks.size());
    for (size_t i = 0; i < clicks.size(); ++i) item_row(s, ds, split, clicks[i], static_cast<int>(i));
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("retrieved", ImVec2(0, h), true);
    if (!fresh) {
        ImGui::TextDisabled("retrieving...");
    } else {
        ImGui::Text("top %zu retrieved", ins->top_items.size());
        if (ImGui::BeginTable("top", 3, ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_RowBg)) {
            for (size_t i = 0; i < ins->top_items.size(); ++i) {
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::Text("%zu", i + 1);
                ImGui::TableNextColumn();
                item_row(s, ds, split, ins->top_items[i], 100000 + static_cast<int>(i));
                ImGui::TableNextColumn();
                if (ins->top_items[i] == ins->held_out) ImGui::TextColored(ImVec4(0.5f, 1, 0.5f, 1), "%.3f hit", ins->top_scores[i]);
                else ImGui::Text("%.3f", ins->top_scores[i]);
            }
            ImGui::EndTable();
        }
    }
    ImGui::EndChild();
}

}  // namespace app
