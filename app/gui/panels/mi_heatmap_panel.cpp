// The k x k mutual information between item fields that correlated feature masking (CFM) uses,
// with field names, a colour bar and hover values. Choosing a seed field outlines the group CFM
// would mask together with it (engine: correlated_mask_group); the ID row shows why the ID is
// left out of that choice (MI(ID, X) = H(X): it would be everyone's "most correlated" field).
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "panels/panels.h"
#include "render/heatmap.h"
#include "ui_text.h"

namespace app {

void MiHeatmapPanel::draw(const FrameView& s, Intents& in) {
    const towerlab::SessionData* d = s.data();
    if (!d || !d->mi) {
        ImGui::TextDisabled("%s", tr("No dataset loaded."));
        return;
    }
    draw(in, *d->mi, "heatmap");
}

void MiHeatmapPanel::draw(Intents& in, const towerlab::MutualInformation& mi, const char* rect_name) {
    const int k = mi.num_fields();
    if (seed_field_ >= k) seed_field_ = -1;

    ImGui::Checkbox(tr("normalised"), &normalized_);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", tr("MI(U,V) = sum p(u,v) log( p(u,v) / (p(u) p(v)) )  in nats; diagonal = entropy H(U).\n"
                                   "Normalised: MI / sqrt(H(U) H(V)) in [0, 1], comparable across fields with\n"
                                   "different numbers of values. Multi-valued fields spread an item's mass 1/s\n"
                                   "over its s values."));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
    const std::string current = seed_field_ < 0 ? tr("(none)") : mi.field_names[static_cast<size_t>(seed_field_)];
    if (ImGui::BeginCombo(tr("CFM seed field"), current.c_str())) {
        if (ImGui::Selectable(tr("(none)"), seed_field_ < 0)) seed_field_ = -1;
        for (int f : mi.content_fields)
            if (ImGui::Selectable(mi.field_names[static_cast<size_t>(f)].c_str(), f == seed_field_)) seed_field_ = f;
        ImGui::EndCombo();
    }
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", tr("Correlated feature masking (Yao et al. 2021): pick a seed field, mask it together with\n"
                                   "its most related fields by MI in one view and the rest in the other, so the two views\n"
                                   "cannot copy each other through a correlated field."));

    heatmap::Matrix m;
    m.labels = mi.field_names;
    m.values = normalized_ ? mi.normalized : mi.mi;
    m.unit = normalized_ ? tr("norm.") : tr("nats");
    m.lo = 0;
    m.hi = 1e-9;
    // Colour range over the off-diagonal content cells, so the diagonal entropies and the ID row
    // (which equal H(X)) do not wash the interesting part out.
    for (int i : mi.content_fields)
        for (int j : mi.content_fields)
            if (i != j) m.hi = std::max(m.hi, m.values[static_cast<size_t>(i)][static_cast<size_t>(j)]);
    heatmap::Options o;
    o.value_decimals = 2;
    std::vector<int> group;
    if (seed_field_ >= 0) {
        group = towerlab::correlated_mask_group(mi, seed_field_);
        o.highlight.assign(static_cast<size_t>(k), false);
        for (int f : group) o.highlight[static_cast<size_t>(f)] = true;
    }
    const float text_h = ImGui::GetTextLineHeightWithSpacing() * (seed_field_ >= 0 ? 4.6f : 2.4f);
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const float height = std::max(60.0f, ImGui::GetContentRegionAvail().y - text_h);
    const heatmap::Hover h = heatmap::draw("mi", m, o, height);
    in.note_rect(rect_name, at, ImVec2(at.x + ImGui::GetContentRegionAvail().x, at.y + height));
    if (h.row >= 0) {
        ImGui::BeginTooltip();
        ImGui::Text("%s x %s", mi.field_names[static_cast<size_t>(h.row)].c_str(), mi.field_names[static_cast<size_t>(h.col)].c_str());
        ImGui::Text(tr("MI %.4f nats, normalised %.3f"), mi.mi[static_cast<size_t>(h.row)][static_cast<size_t>(h.col)],
                    mi.normalized[static_cast<size_t>(h.row)][static_cast<size_t>(h.col)]);
        if (h.row == h.col) ImGui::TextDisabled(tr("diagonal: the entropy H(%s)"), mi.field_names[static_cast<size_t>(h.row)].c_str());
        ImGui::EndTooltip();
    }
    ImGui::PushTextWrapPos(0);
    if (seed_field_ >= 0) {
        std::string masked, rest, other;
        for (int f = 0; f < k; ++f) {
            const bool content = std::find(mi.content_fields.begin(), mi.content_fields.end(), f) != mi.content_fields.end();
            const bool in = std::find(group.begin(), group.end(), f) != group.end();
            std::string& dst = !content ? other : in ? masked : rest;
            dst += (dst.empty() ? "" : ", ") + mi.field_names[static_cast<size_t>(f)];
        }
        ImGui::TextColored(ImVec4(1, 0.5f, 0.5f, 1), tr("view 1 masks %s (seed + top partners by MI)"), masked.c_str());
        ImGui::TextDisabled(tr("view 2 masks %s; %s: masked in one view, chosen at random"), rest.c_str(),
                            other.empty() ? "-" : other.c_str());
    } else {
        ImGui::TextDisabled("%s", tr("The ID row equals each field's entropy, so CFM ranks content fields only. "
                                     "Pick a seed field to see its masking group."));
    }
    ImGui::PopTextWrapPos();
}

}  // namespace app
