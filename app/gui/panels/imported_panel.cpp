// Item embeddings trained elsewhere (File > Import item embeddings), inspected without training:
// the PCA projection coloured by popularity (from the metadata's click counts) or by any metadata
// field, an item's nearest neighbours by cosine, the MI heatmap of the metadata fields (the same
// panel as the trained model's) and the ANN index's recall and latency on this catalogue. The
// work runs on the session's import task; this window only draws what it published.
#include <algorithm>
#include <cstdio>

#include <imgui.h>
#include <imgui_stdlib.h>

#include "item_description.h"
#include "panels/panels.h"
#include "panels/shared_widgets.h"
#include "render/colormap.h"
#include "ui_text.h"

namespace app {
namespace {

constexpr uint32_t kAlpha = 210;

uint32_t with_alpha(ImU32 c, uint32_t a) { return (c & ~IM_COL32_A_MASK) | (a << IM_COL32_A_SHIFT); }

std::string field_value(const towerlab::ImportedCatalogue& cat, int item, int field) {
    const towerlab::FeatureTable& f = cat.embeddings().fields;
    const towerlab::FieldSpec& spec = f.fields()[static_cast<size_t>(field)];
    std::string s;
    for (int32_t v : f.values(item, field)) s += (s.empty() ? "" : ", ") + spec.value_name(v);
    return s;
}

void item_tooltip(const towerlab::ImportedCatalogue& cat, int item) {
    const towerlab::ImportedEmbeddings& e = cat.embeddings();
    ImGui::Text("%s", e.item_ids[static_cast<size_t>(item)].c_str());
    if (cat.has_popularity()) {
        const towerlab::ItemGroup g = cat.group(item);
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(group_colour(g)), tr("%s item, %.0f clicks"), group_name(g),
                           e.clicks[static_cast<size_t>(item)]);
    }
    for (int f = 0; f < e.fields.num_fields(); ++f)
        ImGui::TextDisabled("%s: %s", e.fields.fields()[static_cast<size_t>(f)].name.c_str(), field_value(cat, item, f).c_str());
}

}  // namespace

void ImportedPanel::upload(const FrameView& s, const towerlab::ImportedView& v) {
    uploaded_for_ = v.projection.get();
    uploaded_colouring_ = colouring_;
    const towerlab::CatalogueProjection& p = *v.projection;
    const towerlab::ImportedCatalogue& cat = *v.catalogue;
    xy_ = p.xy;
    rgba_.clear();
    const int field = colouring_ - 1;
    const towerlab::FeatureTable& fields = cat.embeddings().fields;
    for (size_t k = 0; k < p.items.size(); ++k) {
        ImU32 c = IM_COL32(200, 200, 200, 255);
        if (colouring_ == 0 && !p.group.empty()) c = group_colour(p.group[k]);
        if (field >= 0 && field < fields.num_fields()) {
            const int32_t val = fields.value(p.items[k], field);
            c = val == towerlab::kMissingValue ? IM_COL32(110, 110, 110, 255)
                                              : colormap::category(val - 1, fields.fields()[static_cast<size_t>(field)].cardinality);
        }
        rgba_.push_back(with_alpha(c, kAlpha));
    }
    if (s.imported_scatter_backend) s.imported_scatter_backend->set_points({xy_, rgba_});
    canvas_.data_bounds = scatter::robust_bounds(xy_);
    canvas_.auto_fit = true;
}

void ImportedPanel::projection(const FrameView& s, Intents& in, const towerlab::ImportedView& v) {
    const towerlab::ImportedCatalogue& cat = *v.catalogue;
    const towerlab::FeatureTable& fields = cat.embeddings().fields;
    std::string current = colouring_ == 0 ? tr("popularity group") : "";
    if (colouring_ >= 1 && colouring_ - 1 < fields.num_fields())
        current = tr("field: ") + fields.fields()[static_cast<size_t>(colouring_ - 1)].name;
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
    if (ImGui::BeginCombo(tr("colour"), current.c_str())) {
        if (ImGui::Selectable(tr("popularity group"), colouring_ == 0)) colouring_ = 0;
        for (int f = 0; f < fields.num_fields(); ++f) {
            const std::string label = tr("field: ") + fields.fields()[static_cast<size_t>(f)].name;
            if (ImGui::Selectable(label.c_str(), colouring_ == f + 1)) colouring_ = f + 1;
        }
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    if (cat.has_popularity())
        ImGui::TextDisabled(tr("%d head, %d long-tail, %d cold (from the metadata's clicks)"), cat.num_head, cat.num_tail,
                            cat.num_cold);
    else
        ImGui::TextDisabled("%s", tr("no click counts in the metadata: no popularity groups"));
    if (v.projection.get() != uploaded_for_ || colouring_ != uploaded_colouring_) upload(s, v);

    const towerlab::CatalogueProjection& p = *v.projection;
    const float list_w = std::min(ImGui::GetContentRegionAvail().x * 0.42f, ImGui::GetFontSize() * 22);
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float caption_h = ImGui::GetTextLineHeightWithSpacing();
    const scatter::CanvasResult c = scatter::canvas("imported canvas", canvas_, s.imported_scatter_backend, xy_, rgba_, 3.0f,
                                                    ImVec2(avail.x - list_w - ImGui::GetStyle().ItemSpacing.x, avail.y - caption_h));
    in.note_rect("imported.projection", c.min, c.max);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->PushClipRect(c.min, c.max, true);
    const towerlab::ImportedNeighbours* nb = s.view.imported_item.get();
    for (size_t i = 0; i < p.items.size() && s.selection().imported_item >= 0; ++i) {
        const int32_t item = p.items[i];
        const bool near = nb && nb->item == s.selection().imported_item &&
                          std::any_of(nb->neighbours.begin(), nb->neighbours.end(),
                                      [&](const towerlab::ScoredItem& x) { return x.item == item; });
        if (item == s.selection().imported_item) dl->AddCircle(c.to_screen(xy_[2 * i], xy_[2 * i + 1]), 7, IM_COL32(255, 255, 255, 255), 16, 2.0f);
        else if (near) dl->AddCircle(c.to_screen(xy_[2 * i], xy_[2 * i + 1]), 5, IM_COL32(255, 255, 255, 160), 12, 1.2f);
    }
    if (c.hovered >= 0) {
        const size_t i = static_cast<size_t>(c.hovered);
        dl->AddCircle(c.to_screen(xy_[2 * i], xy_[2 * i + 1]), 6, IM_COL32(255, 255, 255, 220), 16, 1.5f);
        ImGui::BeginTooltip();
        item_tooltip(cat, p.items[i]);
        ImGui::TextDisabled("%s", tr("click to inspect"));
        ImGui::EndTooltip();
        if (c.clicked) in.select_imported_item(p.items[i]);
    }
    dl->PopClipRect();
    ImGui::SameLine();
    ImGui::BeginChild("imported neighbours", ImVec2(0, avail.y - caption_h), true);
    neighbours(s, in, cat);
    ImGui::EndChild();
    ImGui::TextDisabled(tr("PCA of %zu of %d items; the axes explain %.1f%% and %.1f%% of the variance."), p.items.size(),
                        cat.size(), 100 * p.explained[0], 100 * p.explained[1]);
}

void ImportedPanel::neighbours(const FrameView& s, Intents& in, const towerlab::ImportedCatalogue& cat) {
    const towerlab::ImportedEmbeddings& e = cat.embeddings();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
    if (ImGui::InputText(tr("item id"), &id_input_, ImGuiInputTextFlags_EnterReturnsTrue)) {
        const int row = cat.find(id_input_);
        if (row >= 0) in.select_imported_item(row);
        id_error_ = row < 0 ? std::string(tr("no item with this id")) : "";
    }
    if (!id_error_.empty()) ImGui::TextColored(ImVec4(1, 0.45f, 0.4f, 1), "%s", id_error_.c_str());
    const int item = s.selection().imported_item;
    if (item < 0 || item >= cat.size()) {
        ImGui::TextDisabled("%s", tr("Click a point or type an id to see its nearest items."));
        return;
    }
    item_tooltip(cat, item);
    ImGui::Separator();
    const towerlab::ImportedNeighbours* nb = s.view.imported_item.get();
    if (!nb || nb->item != item) {
        ImGui::TextDisabled("%s", tr("finding nearest neighbours"));
        return;
    }
    ImGui::TextUnformatted(tr("Nearest items by cosine"));
    if (ImGui::BeginTable("imported nn", 3, ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_RowBg)) {
        for (size_t i = 0; i < nb->neighbours.size(); ++i) {
            const towerlab::ScoredItem& n = nb->neighbours[i];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::PushID(static_cast<int>(i));
            ImU32 colour = ImGui::GetColorU32(ImGuiCol_Text);
            if (cat.has_popularity()) colour = group_colour(cat.group(n.item));
            ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(colour));
            if (ImGui::Selectable(e.item_ids[static_cast<size_t>(n.item)].c_str(), false, ImGuiSelectableFlags_SpanAllColumns))
                in.select_imported_item(n.item);
            ImGui::PopStyleColor();
            if (ImGui::IsItemHovered()) {
                ImGui::BeginTooltip();
                item_tooltip(cat, n.item);
                ImGui::EndTooltip();
            }
            ImGui::PopID();
            ImGui::TableNextColumn();
            ImGui::Text("%.3f", n.score);
            ImGui::TableNextColumn();
            if (cat.has_popularity()) ImGui::Text(tr("%.0f clicks"), e.clicks[static_cast<size_t>(n.item)]);
        }
        ImGui::EndTable();
    }
}

void ImportedPanel::draw(const FrameView& s, Intents& in) {
    const towerlab::SessionView& v = s.view;
    if (task_status_line(v.import_task, "import")) in.session().cancel_import();
    const towerlab::ImportedView* iv = v.imported.get();
    if (!iv) {
        if (!v.import_task.running)
            ImGui::TextDisabled("%s", tr("File > Import item embeddings... loads vectors (.npy or TSV) and a metadata TSV."));
        return;
    }
    const towerlab::ImportedCatalogue& cat = *iv->catalogue;
    const towerlab::ImportedEmbeddings& e = cat.embeddings();
    ImGui::Text(tr("%d items x %d dims from %s"), cat.size(), static_cast<int>(e.vectors.cols()), iv->vectors_path.c_str());
    if (ImGui::IsItemHovered()) ImGui::SetTooltip(tr("metadata: %s"), iv->metadata_path.c_str());
    ImGui::SameLine();
    if (ImGui::SmallButton(tr("Close"))) {
        in.close_imported();
        return;
    }
    if (!e.dropped_columns.empty()) {
        std::string cols;
        for (const std::string& c : e.dropped_columns) cols += (cols.empty() ? "" : ", ") + c;
        ImGui::TextDisabled(tr("ID-like columns left out of the fields: %s"), cols.c_str());
    }
    if (!ImGui::BeginTabBar("imported tabs")) return;
    if (ImGui::BeginTabItem(tr_id("Projection", "imported.projection").c_str())) {
        projection(s, in, *iv);
        ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem(tr_id("MI heatmap", "imported.heatmap").c_str())) {
        if (cat.mutual_information().num_fields() > 0) heatmap_.draw(in, cat.mutual_information(), "imported.heatmap");
        else ImGui::TextDisabled("%s", tr("The metadata has no fields besides the id and the clicks."));
        ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem(tr_id("ANN recall", "imported.ann").c_str())) {
        if (iv->ann) {
            ImGui::TextDisabled(tr("HNSW M=%d, efConstruction=%d, efSearch=%d; queries: the vectors of sampled items"), iv->index.M,
                                iv->index.ef_construction, iv->index.ef_search);
            serving_figures(*iv->ann);
        } else {
            ImGui::TextDisabled("%s", tr("measuring ANN recall against brute force"));
        }
        ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
}

}  // namespace app
