// The item embeddings on a plane, as TensorFlow's Embedding Projector shows them but live while
// training: PCA (recomputed by the training thread and aligned frame to frame), or UMAP / t-SNE
// (computed by the session's layout task from the latest item vectors and refreshed warm as the run
// goes, so points drift rather than jump), with how faithful the picture is to the 64-D cosine
// neighbours, per popularity group. Points are coloured by popularity group, ground-truth topic or
// any item field. Search an item by id or title, isolate it with its nearest neighbours, export the
// plane as TSV. Pan (drag), zoom (wheel), fit (double-click); hover shows an item's fields, click
// selects it for the item inspector.
//
// The points go to a scatter::Backend once per new layout or colouring; the OpenGL backend
// rasterises them into a texture only when points or view change, so a 100k-point map costs one
// textured quad per frame. Without a backend (tests), ImDrawList squares stand in.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include <imgui.h>
#include <imgui_stdlib.h>

#include "item_description.h"
#include "layout_tsv.h"
#include "panels/panels.h"
#include "panels/shared_widgets.h"
#include "render/colormap.h"
#include "ui_text.h"

namespace app {
namespace {

constexpr uint32_t kAlpha = 210;
constexpr int kDrawOrder[3] = {1, 0, 2};  // long tail (the many) first, then head, cold on top

uint32_t with_alpha(ImU32 c, uint32_t a) { return (c & ~IM_COL32_A_MASK) | (a << IM_COL32_A_SHIFT); }

}  // namespace

ProjectionPanel::Shown ProjectionPanel::shown(const FrameView& s) const {
    Shown out;
    const towerlab::TrainingSnapshot* snap = s.snapshot();
    const towerlab::ProjectedItems* p = snap ? snap->projection.get() : nullptr;
    const towerlab::ItemLayout* l = s.view.layout.get();
    const bool layout_of_run = l && l->subject == towerlab::MapSubject::Items && l->run == s.view.run && l->method == method_;
    if (method_ != towerlab::LayoutMethod::Pca && layout_of_run) {
        out.identity = l;
        out.items = &l->items;
        out.xy = &l->xy;
        out.layout = l;
        out.step = l->step;
    } else if (p) {
        out.identity = p;
        out.items = &p->items;
        out.xy = &p->xy;
        out.step = p->step;
        // PCA's figures, measured on a projection of this run (refreshed every few seconds).
        if (method_ == towerlab::LayoutMethod::Pca && layout_of_run && l->items == p->items) out.layout = l;
    }
    return out;
}

void ProjectionPanel::set_method(Intents& in, towerlab::LayoutMethod m) {
    if (m == method_) return;
    method_ = m;
    canvas_.auto_fit = true;  // another picture: fit it
    in.show_map(towerlab::MapSubject::Items, m);
}

void ProjectionPanel::upload(const FrameView& s, const Shown& shown) {
    const towerlab::SessionData* d = s.data();
    uploaded_for_ = shown.identity;
    uploaded_colouring_ = colouring_;
    uploaded_mask_ = show_group_[0] | show_group_[1] << 1 | show_group_[2] << 2;
    uploaded_isolation_ = isolate_ ? s.selection().item : -1;
    order_.clear();
    xy_.clear();
    rgba_.clear();
    if (!shown.items || !d) {
        if (s.scatter_backend) s.scatter_backend->set_points({});
        return;
    }
    const std::vector<int32_t>& items = *shown.items;
    const std::vector<float>& xy = *shown.xy;
    const towerlab::Split& split = *d->split;
    const towerlab::Dataset& ds = *d->dataset;
    // Isolation: the selected item and its nearest neighbours by cosine (the inspector's list).
    std::vector<int32_t> kept;
    if (isolate_ && s.selection().item >= 0) {
        kept.push_back(s.selection().item);
        if (const towerlab::ItemInspection* ins = s.view.item.get(); ins && ins->item == s.selection().item)
            kept.insert(kept.end(), ins->neighbours.begin(), ins->neighbours.end());
        std::sort(kept.begin(), kept.end());
    }
    for (int g : kDrawOrder)
        for (size_t k = 0; k < items.size(); ++k)
            if (static_cast<int>(split.item_group[static_cast<size_t>(items[k])]) == g)
                order_.push_back(static_cast<int32_t>(k));
    xy_.reserve(order_.size() * 2);
    rgba_.reserve(order_.size());
    const int field = colouring_ - 2;
    const bool by_field = field >= 0 && field < ds.items.num_fields();
    for (int32_t k : order_) {
        const int32_t item = items[static_cast<size_t>(k)];
        const towerlab::ItemGroup g = split.item_group[static_cast<size_t>(item)];
        xy_.push_back(xy[2 * static_cast<size_t>(k)]);
        xy_.push_back(xy[2 * static_cast<size_t>(k) + 1]);
        ImU32 c = group_colour(g);
        if (colouring_ == 1 && static_cast<size_t>(item) < ds.item_topic.size())
            c = colormap::category(ds.item_topic[static_cast<size_t>(item)], ds.num_topics);
        if (by_field) {
            const int32_t v = ds.items.value(item, field);
            c = v == towerlab::kMissingValue
                    ? IM_COL32(110, 110, 110, 255)
                    : colormap::category(v - 1, ds.items.fields()[static_cast<size_t>(field)].cardinality);
        }
        const bool isolated_away = !kept.empty() && !std::binary_search(kept.begin(), kept.end(), item);
        rgba_.push_back(show_group_[static_cast<int>(g)] && !isolated_away ? with_alpha(c, kAlpha) : 0u);
    }
    if (s.scatter_backend) s.scatter_backend->set_points({xy_, rgba_});
    canvas_.data_bounds = scatter::robust_bounds(xy_);
}

void ProjectionPanel::search(const FrameView& s, Intents& in) {
    const towerlab::SessionData* d = s.data();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
    const bool entered = ImGui::InputTextWithHint("##find", tr("find item: id or title"), &query_, ImGuiInputTextFlags_EnterReturnsTrue);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", tr("Enter an item's id, or part of its title, and press Enter: the item is selected,\n"
                                   "ringed on the map with its nearest neighbours by cosine, and shown in the inspector."));
    if (entered && d) {
        const std::vector<int> found = find_items(*d->dataset, query_, 2);
        if (found.empty()) {
            search_note_ = tr("no item matches");
        } else {
            in.select_item(found.front());
            search_note_ = found.size() > 1 ? tr("first of several matches") : "";
        }
    }
    if (!search_note_.empty()) {
        ImGui::SameLine();
        ImGui::TextDisabled("%s", search_note_.c_str());
    }
    ImGui::SameLine();
    ImGui::Checkbox(tr("isolate"), &isolate_);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", tr("Show only the selected item and its nearest neighbours by cosine in the 64-D space\n"
                                   "(the inspector's list): are they neighbours on this map too?"));
}

void ProjectionPanel::export_popup(const FrameView& s, Intents& in, const Shown& shown) {
    const towerlab::SessionData* d = s.data();
    file_export_button(
        tr("TSV"), tr("Save this map as TSV: item id, title, group, topic, x, y."), "export layout tsv", tsv_path_,
        d && shown.items, [&] { save_layout_tsv(tsv_path_, *d->dataset, *d->split, *shown.items, *shown.xy); },
        tr("saved the map to "), in);
}

// What the picture is, how old, and how faithful to the 64-D neighbours.
void ProjectionPanel::caption(const FrameView& s, Intents& in, const Shown& shown) {
    const towerlab::TrainingSnapshot* snap = s.snapshot();
    const towerlab::SessionData* d = s.data();
    if (!shown.items || !d || !snap) return;
    const towerlab::TaskStatus& task = s.view.layout_task;
    const bool waiting = method_ != towerlab::LayoutMethod::Pca && (!shown.layout || shown.layout->method != method_);
    if (waiting) {
        char progress[160];
        std::snprintf(progress, sizeof progress, tr("computing %s: %s"), towerlab::to_string(method_), task.stage.c_str());
        ImGui::ProgressBar(task.fraction >= 0 ? static_cast<float>(task.fraction) : 0.0f, ImVec2(ImGui::GetFontSize() * 14, 0),
                           progress);
        ImGui::SameLine();
        ImGui::TextDisabled("%s", tr("PCA meanwhile"));
        return;
    }
    const long stale = snap->step - shown.step;
    const char* name = towerlab::to_string(method_);
    if (shown.layout && method_ != towerlab::LayoutMethod::Pca) {
        // UMAP counts epochs, t-SNE iterations: one line each, so each language words its own.
        const char* caption = shown.layout->method == towerlab::LayoutMethod::Tsne
                                  ? tr("%s of step %ld (%ld behind): %d %s iterations, %.1f s; %zu of %d items")
                                  : tr("%s of step %ld (%ld behind): %d %s epochs, %.1f s; %zu of %d items");
        ImGui::TextDisabled(caption, name, shown.step, stale, shown.layout->epochs, shown.layout->warm ? tr("warm") : tr("cold-start"), shown.layout->seconds,
                            shown.items->size(), d->dataset->num_items());
    } else {
        ImGui::TextDisabled(tr("PCA of step %ld: %zu of %d items%s. Drag: pan, wheel: zoom, double-click: fit."), shown.step,
                            shown.items->size(), d->dataset->num_items(),
                            static_cast<int>(shown.items->size()) < d->dataset->num_items() ? tr(" (sampled per popularity group)") : "");
    }
    const towerlab::LayoutFaithfulness* f = shown.layout ? &shown.layout->faithfulness : nullptr;
    if (f && f->overall.queries > 0) {
        char line[256];
        int at = std::snprintf(line, sizeof line, tr("kNN recall@%d %.2f:"), f->k, f->overall.knn_recall);
        static const towerlab::ItemGroup kGroups[3] = {towerlab::ItemGroup::Head, towerlab::ItemGroup::Tail, towerlab::ItemGroup::Cold};
        for (int g = 0; g < 3 && g < static_cast<int>(f->per_group.size()); ++g)
            if (f->per_group[static_cast<size_t>(g)].queries > 0 && at < static_cast<int>(sizeof line))
                at += std::snprintf(line + at, sizeof line - static_cast<size_t>(at), " %s %.2f", group_name(kGroups[g]),
                                    f->per_group[static_cast<size_t>(g)].knn_recall);
        if (at < static_cast<int>(sizeof line))
            at += std::snprintf(line + at, sizeof line - static_cast<size_t>(at), tr("; trust %.2f"), f->overall.trustworthiness);
        if (shown.layout->step != shown.step && at < static_cast<int>(sizeof line))
            std::snprintf(line + at, sizeof line - static_cast<size_t>(at), tr(" (at step %ld)"), shown.layout->step);
        ImGui::TextDisabled("%s", line);
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip(tr("How much of the model's neighbourhood this picture keeps, over %d sampled items:\n"
                                 "kNN recall@k: the share of an item's k nearest items by cosine in the embedding space\n"
                                 "that are among its k nearest points on the map.\n"
                                 "Trust = trustworthiness@k (Venna & Kaski): 1 when every map neighbour is a true neighbour;\n"
                                 "lower the farther the false ones really are.\n"
                                 "UMAP and t-SNE keep neighbours, not distances: the gaps between clusters and\n"
                                 "their sizes mean little (Wattenberg et al., How to use t-SNE effectively)."),
                              f->overall.queries);
        in.note_rect("projection.faithfulness", ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    }
}

void ProjectionPanel::draw(const FrameView& s, Intents& in) {
    in.show_map(towerlab::MapSubject::Items, method_);  // on screen again after the user map: lay the items out
    const towerlab::TrainingSnapshot* snap = s.snapshot();
    const towerlab::SessionData* d = s.data();
    const Shown now = shown(s);
    const bool has_points = now.items != nullptr;

    // Controls: layout method, colouring, group toggles (the legend), point size; search, isolate, export.
    set_method(in, layout_method_combo("##method", method_,
                                       tr("PCA: the two directions of largest variance; a linear view, honest about distances,\n"
                                          "but 20 clusters in 64 dimensions overlap on it.\n"
                                          "UMAP / t-SNE: each item placed near its nearest items by cosine; clusters separate,\n"
                                          "distances between them mean little. Computed beside training and refreshed as it learns.")));
    ImGui::SameLine();
    if (d)
        colouring_combo(colouring_, tr("popularity group"), !d->dataset->item_topic.empty(), d->dataset->items,
                        tr("Popularity: head = top share of items by training clicks, long tail = the rest\n"
                           "with clicks, cold = no training clicks. Topic: the generator's hidden truth\n"
                           "(synthetic data). Field: the item's first value of that field."));
    const towerlab::ItemGroup groups[3] = {towerlab::ItemGroup::Head, towerlab::ItemGroup::Tail, towerlab::ItemGroup::Cold};
    int shown_count[3] = {0, 0, 0};
    if (has_points && d)
        for (int32_t item : *now.items) ++shown_count[static_cast<int>(d->split->item_group[static_cast<size_t>(item)])];
    for (int g = 0; g < 3; ++g) {
        ImGui::SameLine();
        ImGui::PushStyleColor(ImGuiCol_CheckMark, ImGui::ColorConvertU32ToFloat4(group_colour(groups[g])));
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(group_colour(groups[g])));
        ImGui::Checkbox(group_name(groups[g]), &show_group_[g]);
        ImGui::PopStyleColor(2);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip(tr("%d %s items shown; click to hide or show them"), shown_count[g], group_name(groups[g]));
    }
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 3);
    ImGui::SliderFloat(tr("size"), &point_size_, 1.0f, 8.0f, "%.1f");
    ImGui::SameLine();
    search(s, in);
    ImGui::SameLine();
    export_popup(s, in, now);

    const int mask = show_group_[0] | show_group_[1] << 1 | show_group_[2] << 2;
    const long isolation = isolate_ ? s.selection().item : -1;
    // Isolation also follows the inspector's neighbours, which arrive a moment after the selection.
    const void* neighbours_for = isolate_ ? static_cast<const void*>(s.view.item.get()) : nullptr;
    if (now.identity != uploaded_for_ || colouring_ != uploaded_colouring_ || mask != uploaded_mask_ ||
        isolation != uploaded_isolation_ || neighbours_for != uploaded_neighbours_)
        upload(s, now);
    uploaded_neighbours_ = neighbours_for;

    // Canvas.
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float caption_h = ImGui::GetTextLineHeightWithSpacing() * 2;
    const scatter::CanvasResult c =
        scatter::canvas("canvas", canvas_, s.scatter_backend, xy_, rgba_, point_size_, ImVec2(avail.x, avail.y - caption_h));
    const ImVec2 p0 = c.min, p1 = c.max;
    in.note_rect("projection", p0, p1);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->PushClipRect(p0, p1, true);
    const auto item_at = [&](size_t i) { return (*now.items)[static_cast<size_t>(order_[i])]; };
    // Rings: the selected item and its nearest neighbours (from the inspector), then the hovered one.
    if (has_points && s.selection().item >= 0) {
        const towerlab::ItemInspection* ins = s.view.item.get();
        for (size_t i = 0; i < order_.size(); ++i) {
            const int32_t item = item_at(i);
            bool neighbour = false;
            if (ins && ins->item == s.selection().item)
                neighbour = std::find(ins->neighbours.begin(), ins->neighbours.end(), item) != ins->neighbours.end();
            if (item == s.selection().item)
                dl->AddCircle(c.to_screen(xy_[2 * i], xy_[2 * i + 1]), 7, IM_COL32(255, 255, 255, 255), 16, 2.0f);
            else if (neighbour)
                dl->AddCircle(c.to_screen(xy_[2 * i], xy_[2 * i + 1]), 5, IM_COL32(255, 255, 255, 160), 12, 1.2f);
        }
    }
    if (has_points && d && c.hovered >= 0) {
        const size_t i = static_cast<size_t>(c.hovered);
        dl->AddCircle(c.to_screen(xy_[2 * i], xy_[2 * i + 1]), 6, IM_COL32(255, 255, 255, 220), 16, 1.5f);
        ImGui::BeginTooltip();
        item_tooltip_body(*d->dataset, *d->split, item_at(i));
        ImGui::TextDisabled("%s", tr("click to inspect"));
        ImGui::EndTooltip();
        if (c.clicked) in.select_item(item_at(i));
    }

    // Legend, top left.
    if (colouring_ == 0 && has_points) {
        const float lh = ImGui::GetTextLineHeight();
        ImVec2 at(p0.x + 8, p0.y + 6);
        const ImVec2 box0(at.x - 4, at.y - 3), box1(at.x + 150, at.y + 3 * (lh + 2) + 2);
        dl->AddRectFilled(box0, box1, IM_COL32(10, 12, 16, 190));
        in.note_rect("projection.legend", box0, box1);
        for (int g = 0; g < 3; ++g) {
            const ImU32 col = show_group_[g] ? group_colour(groups[g]) : IM_COL32(90, 90, 90, 255);
            dl->AddCircleFilled(ImVec2(at.x + 5, at.y + lh / 2), 4.5f, col);
            char text[64];
            std::snprintf(text, sizeof text, "%s  %d", group_name(groups[g]), shown_count[g]);
            dl->AddText(ImVec2(at.x + 15, at.y), ImGui::GetColorU32(ImGuiCol_Text), text);
            at.y += lh + 2;
        }
    }
    if (!has_points) {
        const char* msg = !d ? tr("Loading the dataset...") : tr("Press Train: the projection appears after the first steps.");
        const ImVec2 ts = ImGui::CalcTextSize(msg);
        dl->AddText(ImVec2((p0.x + p1.x - ts.x) / 2, (p0.y + p1.y - ts.y) / 2), ImGui::GetColorU32(ImGuiCol_TextDisabled), msg);
    }
    dl->PopClipRect();
    (void)snap;
    caption(s, in, now);
}

}  // namespace app
