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

namespace app {
namespace {

constexpr float kHoverRadius = 8.0f;
constexpr uint32_t kAlpha = 210;
constexpr int kDrawOrder[3] = {1, 0, 2};  // long tail (the many) first, then head, cold on top

uint32_t with_alpha(ImU32 c, uint32_t a) { return (c & ~IM_COL32_A_MASK) | (a << IM_COL32_A_SHIFT); }

// The q-quantile of v (copied), for a fit that ignores a few far outliers.
float quantile(std::vector<float> v, double q) {
    if (v.empty()) return 0;
    const size_t k = static_cast<size_t>(std::clamp(q, 0.0, 1.0) * static_cast<double>(v.size() - 1));
    std::nth_element(v.begin(), v.begin() + static_cast<long>(k), v.end());
    return v[k];
}

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

    // Bounds from the 0.5% and 99.5% quantiles, so a handful of outliers do not shrink the cloud.
    std::vector<float> xs, ys;
    for (size_t i = 0; i < order_.size(); ++i) {
        xs.push_back(xy_[2 * i]);
        ys.push_back(xy_[2 * i + 1]);
    }
    data_bounds_ = {quantile(xs, 0.005), quantile(ys, 0.005), quantile(xs, 0.995), quantile(ys, 0.995)};
}

void ProjectionPanel::fit_view(float aspect) {
    // Equal scale on both axes (distances mean the same in every direction), 8% margin.
    const float cx = (data_bounds_.x_min + data_bounds_.x_max) / 2, cy = (data_bounds_.y_min + data_bounds_.y_max) / 2;
    float w = std::max(1e-6f, data_bounds_.x_max - data_bounds_.x_min) * 1.16f;
    float h = std::max(1e-6f, data_bounds_.y_max - data_bounds_.y_min) * 1.16f;
    if (w / h < aspect) w = h * aspect;
    else h = w / aspect;
    view_ = {cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2};
}

void ProjectionPanel::draw(AppState& s) {
    const towerlab::TrainingSnapshot* snap = s.snapshot();
    const towerlab::SessionData* d = s.data();
    const towerlab::ProjectedItems* p = snap ? snap->projection.get() : nullptr;

    // Controls: colouring, group toggles (the legend), point size.
    const int num_fields = d ? d->dataset->items.num_fields() : 0;
    const bool has_topics = d && !d->dataset->item_topic.empty();
    std::string current = colouring_ == 0 ? "popularity group" : colouring_ == 1 ? "ground-truth topic" : "";
    if (colouring_ >= 2 && colouring_ - 2 < num_fields)
        current = "field: " + d->dataset->items.fields()[static_cast<size_t>(colouring_ - 2)].name;
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
    if (ImGui::BeginCombo("colour", current.c_str())) {
        if (ImGui::Selectable("popularity group", colouring_ == 0)) colouring_ = 0;
        if (has_topics && ImGui::Selectable("ground-truth topic", colouring_ == 1)) colouring_ = 1;
        for (int f = 0; f < num_fields; ++f) {
            const std::string label = "field: " + d->dataset->items.fields()[static_cast<size_t>(f)].name;
            if (ImGui::Selectable(label.c_str(), colouring_ == f + 2)) colouring_ = f + 2;
        }
        ImGui::EndCombo();
    }
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Popularity: head = top share of items by training clicks, long tail = the rest\n"
                          "with clicks, cold = no training clicks. Topic: the generator's hidden truth\n"
                          "(synthetic data). Field: the item's first value of that field.");
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
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%d %s items shown; click to hide or show them", shown_count[g], group_name(groups[g]));
    }
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 4);
    ImGui::SliderFloat("size", &point_size_, 1.0f, 8.0f, "%.1f");

    const int mask = show_group_[0] | show_group_[1] << 1 | show_group_[2] << 2;
    if (p != uploaded_for_ || colouring_ != uploaded_colouring_ || mask != uploaded_mask_) upload(s);

    // Canvas.
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float caption_h = ImGui::GetTextLineHeightWithSpacing();
    const ImVec2 size(std::max(50.0f, avail.x), std::max(50.0f, avail.y - caption_h));
    const ImVec2 p1(p0.x + size.x, p0.y + size.y);
    ImGui::InvisibleButton("canvas", size);
    const bool hovered = ImGui::IsItemHovered();
    ImGuiIO& io = ImGui::GetIO();
    if (auto_fit_ && !order_.empty()) fit_view(size.x / size.y);
    const auto to_screen = [&](float x, float y) {
        return ImVec2(p0.x + (x - view_.x_min) / (view_.x_max - view_.x_min) * size.x,
                      p1.y - (y - view_.y_min) / (view_.y_max - view_.y_min) * size.y);
    };
    const float mx = view_.x_min + (io.MousePos.x - p0.x) / size.x * (view_.x_max - view_.x_min);
    const float my = view_.y_min + (p1.y - io.MousePos.y) / size.y * (view_.y_max - view_.y_min);
    if (ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 2.0f)) {
        const float dx = -io.MouseDelta.x / size.x * (view_.x_max - view_.x_min);
        const float dy = io.MouseDelta.y / size.y * (view_.y_max - view_.y_min);
        view_ = {view_.x_min + dx, view_.y_min + dy, view_.x_max + dx, view_.y_max + dy};
        auto_fit_ = false;
    }
    if (hovered && io.MouseWheel != 0) {
        const float f = std::pow(0.85f, io.MouseWheel);
        view_ = {mx + (view_.x_min - mx) * f, my + (view_.y_min - my) * f, mx + (view_.x_max - mx) * f,
                 my + (view_.y_max - my) * f};
        auto_fit_ = false;
    }
    if (hovered && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) auto_fit_ = true;

    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->PushClipRect(p0, p1, true);
    ImTextureID tex = nullptr;
    if (s.scatter_backend && !order_.empty()) {
        const ImVec2 scale = io.DisplayFramebufferScale;
        tex = s.scatter_backend->image(view_, static_cast<int>(size.x * scale.x), static_cast<int>(size.y * scale.y),
                                       point_size_ * scale.x);
    }
    if (tex) {
        dl->AddImage(tex, p0, p1, ImVec2(0, 1), ImVec2(1, 0));
    } else {
        dl->AddRectFilled(p0, p1, IM_COL32(18, 20, 26, 255));
        const float r = point_size_ / 2;
        for (size_t i = 0; i < order_.size(); ++i) {
            if ((rgba_[i] & IM_COL32_A_MASK) == 0) continue;
            const ImVec2 c = to_screen(xy_[2 * i], xy_[2 * i + 1]);
            dl->AddRectFilled(ImVec2(c.x - r, c.y - r), ImVec2(c.x + r, c.y + r), rgba_[i]);
        }
    }
    s.note_rect("projection", p0, p1);

    // Hover: the nearest shown point within a few pixels.
    long hovered_point = -1;
    if (hovered && p && d && !ImGui::IsMouseDragging(ImGuiMouseButton_Left, 2.0f)) {
        float best = kHoverRadius * kHoverRadius;
        for (size_t i = 0; i < order_.size(); ++i) {
            if ((rgba_[i] & IM_COL32_A_MASK) == 0) continue;
            const ImVec2 c = to_screen(xy_[2 * i], xy_[2 * i + 1]);
            const float dd = (c.x - io.MousePos.x) * (c.x - io.MousePos.x) + (c.y - io.MousePos.y) * (c.y - io.MousePos.y);
            if (dd <= best) {
                best = dd;
                hovered_point = static_cast<long>(i);
            }
        }
    }
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
                dl->AddCircle(to_screen(xy_[2 * i], xy_[2 * i + 1]), 7, IM_COL32(255, 255, 255, 255), 16, 2.0f);
            else if (neighbour)
                dl->AddCircle(to_screen(xy_[2 * i], xy_[2 * i + 1]), 5, IM_COL32(255, 255, 255, 160), 12, 1.2f);
        }
    }
    if (hovered_point >= 0) {
        const size_t i = static_cast<size_t>(hovered_point);
        dl->AddCircle(to_screen(xy_[2 * i], xy_[2 * i + 1]), 6, IM_COL32(255, 255, 255, 220), 16, 1.5f);
        ImGui::BeginTooltip();
        item_tooltip_body(*d->dataset, *d->split, item_at(i));
        ImGui::TextDisabled("click to inspect");
        ImGui::EndTooltip();
        if (ImGui::IsMouseReleased(ImGuiMouseButton_Left) && io.MouseDragMaxDistanceSqr[0] < 16) s.select_item(item_at(i));
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
        const char* msg = !d ? "Loading the dataset..." : "Press Train: the projection appears after the first steps.";
        const ImVec2 ts = ImGui::CalcTextSize(msg);
        dl->AddText(ImVec2((p0.x + p1.x - ts.x) / 2, (p0.y + p1.y - ts.y) / 2), ImGui::GetColorU32(ImGuiCol_TextDisabled), msg);
    }
    dl->PopClipRect();

    if (p && d) {
        ImGui::TextDisabled("PCA of item embeddings at step %ld: %zu of %d items%s. Drag: pan, wheel: zoom, double-click: fit.",
                            p->step, p->items.size(), d->dataset->num_items(),
                            static_cast<int>(p->items.size()) < d->dataset->num_items() ? " (sampled per popularity group)" : "");
    }
}

}  // namespace app
