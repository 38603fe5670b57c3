// The item embeddings projected to 2-D by PCA (recomputed by the training thread as it learns and
// aligned frame to frame), drawn as points coloured by popularity group (head / long tail / cold),
// by ground-truth topic or by any item field. Pan (drag), zoom (wheel), fit (double-click); hover
// shows an item's fields, click selects it for the item inspector.
//
// The points go to a scatter::Backend once per new projection or colouring; the OpenGL backend
// rasterises them into a texture only when points or view change, so a 100k-point projection
// costs one textured quad per frame. Without a backend (tests), ImDrawList squares stand in.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "item_description.h"
#include "panels/panels.h"
#include "render/colormap.h"
#include "ui_text.h"

namespace app {
namespace {

constexpr uint32_t kAlpha = 210;
constexpr int kDrawOrder[3] = {1, 0, 2};  // long tail (the many) first, then head, cold on top

uint32_t with_alpha(ImU32 c, uint32_t a) { return (c & ~IM_COL32_A_MASK) | (a << IM_COL32_A_SHIFT); }

}  // namespace

void ProjectionPanel::upload(const AppState& s) {
    const towerlab::TrainingSnapshot* snap = s.snapshot();
    const towerlab::SessionData* d = s.data();
    const towerlab::ProjectedItems* p = snap ? snap->projection.get() : nullptr;
    uploaded_for_ = p;
    uploaded_colouring_ = colouring_;
    uploaded_mask_ = show_group_[0] | show_group_[1] << 1 | show_group_[2] << 2;
    order_.clear();
    xy_.clear();
    rgba_.clear();
    if (!p || !d) {
        if (s.scatter_backend) s.scatter_backend->set_points({});
        return;
    }
    const towerlab::Split& split = *d->split;
    const towerlab::Dataset& ds = *d->dataset;
    for (int g : kDrawOrder)
        for (size_t k = 0; k < p->items.size(); ++k)
            if (static_cast<int>(split.item_group[static_cast<size_t>(p->items[k])]) == g)
                order_.push_back(static_cast<int32_t>(k));
    xy_.reserve(order_.size() * 2);
    rgba_.reserve(order_.size());
    const int field = colouring_ - 2;
    const bool by_field = field >= 0 && field < ds.items.num_fields();
    for (int32_t k : order_) {
        const int32_t item = p->items[static_cast<size_t>(k)];
        const towerlab::ItemGroup g = split.item_group[static_cast<size_t>(item)];
        xy_.push_back(p->xy[2 * static_cast<size_t>(k)]);
        xy_.push_back(p->xy[2 * static_cast<size_t>(k) + 1]);
        ImU32 c = group_colour(g);
        if (colouring_ == 1 && static_cast<size_t>(item) < ds.item_topic.size())
            c = colormap::category(ds.item_topic[static_cast<size_t>(item)], ds.num_topics);
        if (by_field) {
            const int32_t v = ds.items.value(item, field);
            c = v == towerlab::kMissingValue
                    ? IM_COL32(110, 110, 110, 255)
                    : colormap::category(v - 1, ds.items.fields()[static_cast<size_t>(field)].cardinality);
        }
        rgba_.push_back(show_group_[static_cast<int>(g)] ? with_alpha(c, kAlpha) : 0u);
    }
    if (s.scatter_backend) s.scatter_backend->set_points({xy_, rgba_});
    canvas_.data_bounds = scatter::robust_bounds(xy_);
}

void ProjectionPanel::draw(AppState& s) {
    const towerlab::TrainingSnapshot* snap = s.snapshot();
    const towerlab::SessionData* d = s.data();
    const towerlab::ProjectedItems* p = snap ? snap->projection.get() : nullptr;

    // Controls: colouring, group toggles (the legend), point size.
    const int num_fields = d ? d->dataset->items.num_fields() : 0;
    const bool has_topics = d && !d->dataset->item_topic.empty();
    std::string current = colouring_ == 0 ? tr("popularity group") : colouring_ == 1 ? tr("ground-truth topic") : "";
    if (colouring_ >= 2 && colouring_ - 2 < num_fields)
        current = tr("field: ") + d->dataset->items.fields()[static_cast<size_t>(colouring_ - 2)].name;
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
    if (ImGui::BeginCombo(tr("colour"), current.c_str())) {
        if (ImGui::Selectable(tr("popularity group"), colouring_ == 0)) colouring_ = 0;
        if (has_topics && ImGui::Selectable(tr("ground-truth topic"), colouring_ == 1)) colouring_ = 1;
        for (int f = 0; f < num_fields; ++f) {
            const std::string label = tr("field: ") + d->dataset->items.fields()[static_cast<size_t>(f)].name;
            if (ImGui::Selectable(label.c_str(), colouring_ == f + 2)) colouring_ = f + 2;
        }
        ImGui::EndCombo();
    }
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", tr("Popularity: head = top share of items by training clicks, long tail = the rest\n"
                                   "with clicks, cold = no training clicks. Topic: the generator's hidden truth\n"
                                   "(synthetic data). Field: the item's first value of that field."));
    const towerlab::ItemGroup groups[3] = {towerlab::ItemGroup::Head, towerlab::ItemGroup::Tail, towerlab::ItemGroup::Cold};
    int shown_count[3] = {0, 0, 0};
    if (p && d)
        for (int32_t item : p->items) ++shown_count[static_cast<int>(d->split->item_group[static_cast<size_t>(item)])];
    for (int g = 0; g < 3; ++g) {
        ImGui::SameLine();
        ImGui::PushStyleColor(ImGuiCol_CheckMark, ImGui::ColorConvertU32ToFloat4(group_colour(groups[g])));
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(group_colour(groups[g])));
        ImGui::Checkbox(group_name(groups[g]), &show_group_[g]);
        ImGui::PopStyleColor(2);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip(tr("%d %s items shown; click to hide or show them"), shown_count[g], group_name(groups[g]));
    }
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 4);
    ImGui::SliderFloat(tr("size"), &point_size_, 1.0f, 8.0f, "%.1f");

    const int mask = show_group_[0] | show_group_[1] << 1 | show_group_[2] << 2;
    if (p != uploaded_for_ || colouring_ != uploaded_colouring_ || mask != uploaded_mask_) upload(s);

    // Canvas.
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float caption_h = ImGui::GetTextLineHeightWithSpacing();
    const scatter::CanvasResult c =
        scatter::canvas("canvas", canvas_, s.scatter_backend, xy_, rgba_, point_size_, ImVec2(avail.x, avail.y - caption_h));
    const ImVec2 p0 = c.min, p1 = c.max;
    s.note_rect("projection", p0, p1);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->PushClipRect(p0, p1, true);
    const auto item_at = [&](size_t i) { return p->items[static_cast<size_t>(order_[i])]; };
    // Rings: the selected item and its nearest neighbours (from the inspector), then the hovered one.
    if (p && s.selected_item >= 0) {
        const towerlab::ItemInspection* ins = s.view.item.get();
        for (size_t i = 0; i < order_.size(); ++i) {
            const int32_t item = item_at(i);
            bool neighbour = false;
            if (ins && ins->item == s.selected_item)
                neighbour = std::find(ins->neighbours.begin(), ins->neighbours.end(), item) != ins->neighbours.end();
            if (item == s.selected_item)
                dl->AddCircle(c.to_screen(xy_[2 * i], xy_[2 * i + 1]), 7, IM_COL32(255, 255, 255, 255), 16, 2.0f);
            else if (neighbour)
                dl->AddCircle(c.to_screen(xy_[2 * i], xy_[2 * i + 1]), 5, IM_COL32(255, 255, 255, 160), 12, 1.2f);
        }
    }
    if (p && d && c.hovered >= 0) {
        const size_t i = static_cast<size_t>(c.hovered);
        dl->AddCircle(c.to_screen(xy_[2 * i], xy_[2 * i + 1]), 6, IM_COL32(255, 255, 255, 220), 16, 1.5f);
        ImGui::BeginTooltip();
        item_tooltip_body(*d->dataset, *d->split, item_at(i));
        ImGui::TextDisabled("%s", tr("click to inspect"));
        ImGui::EndTooltip();
        if (c.clicked) s.select_item(item_at(i));
    }

    // Legend, top left.
    if (colouring_ == 0 && p) {
        const float lh = ImGui::GetTextLineHeight();
        ImVec2 at(p0.x + 8, p0.y + 6);
        const ImVec2 box0(at.x - 4, at.y - 3), box1(at.x + 150, at.y + 3 * (lh + 2) + 2);
        dl->AddRectFilled(box0, box1, IM_COL32(10, 12, 16, 190));
        s.note_rect("projection.legend", box0, box1);
        for (int g = 0; g < 3; ++g) {
            const ImU32 c = show_group_[g] ? group_colour(groups[g]) : IM_COL32(90, 90, 90, 255);
            dl->AddCircleFilled(ImVec2(at.x + 5, at.y + lh / 2), 4.5f, c);
            char text[64];
            std::snprintf(text, sizeof text, "%s  %d", group_name(groups[g]), shown_count[g]);
            dl->AddText(ImVec2(at.x + 15, at.y), ImGui::GetColorU32(ImGuiCol_Text), text);
            at.y += lh + 2;
        }
    }
    if (!p) {
        const char* msg = !d ? tr("Loading the dataset...") : tr("Press Train: the projection appears after the first steps.");
        const ImVec2 ts = ImGui::CalcTextSize(msg);
        dl->AddText(ImVec2((p0.x + p1.x - ts.x) / 2, (p0.y + p1.y - ts.y) / 2), ImGui::GetColorU32(ImGuiCol_TextDisabled), msg);
    }
    dl->PopClipRect();

    if (p && d) {
        ImGui::TextDisabled(tr("PCA of item embeddings at step %ld: %zu of %d items%s. Drag: pan, wheel: zoom, double-click: fit."),
                            p->step, p->items.size(), d->dataset->num_items(),
                            static_cast<int>(p->items.size()) < d->dataset->num_items() ? tr(" (sampled per popularity group)") : "");
    }
}

}  // namespace app
