// The geometry of head vs long-tail item embeddings as training runs: alignment and uniformity
// (Wang & Isola 2020) per group over steps, and the density of their directions on the unit circle
// (the 2-D projection's angle), the picture papers on contrastive recommenders draw by hand. With
// self-supervision the tail's directions should spread out (uniformity falls) instead of collapsing.
#include <algorithm>
#include <cmath>

#include "item_description.h"
#include "panels/panels.h"
#include "ui_text.h"

namespace app {
namespace {

// Densities as closed curves around a circle: radius = r0 * (1 + density / max_density).
void direction_density(ImDrawList* dl, ImVec2 centre, float r0, const towerlab::ProjectedItems& p, const bool shown[3]) {
    dl->AddCircle(centre, r0, IM_COL32(255, 255, 255, 70), 64, 1.0f);
    float peak = 1e-6f;
    for (int g = 0; g < 3; ++g)
        if (shown[g])
            for (float v : p.angle_density[static_cast<size_t>(g)]) peak = std::max(peak, v);
    const towerlab::ItemGroup groups[3] = {towerlab::ItemGroup::Head, towerlab::ItemGroup::Tail, towerlab::ItemGroup::Cold};
    for (int g = 0; g < 3; ++g) {
        const std::vector<float>& dens = p.angle_density[static_cast<size_t>(g)];
        if (!shown[g] || dens.empty()) continue;
        const int bins = static_cast<int>(dens.size());
        std::vector<ImVec2> pts;
        for (int b = 0; b < bins; ++b) {
            const float a = -3.14159265f + (static_cast<float>(b) + 0.5f) * 6.2831853f / static_cast<float>(bins);
            const float r = r0 * (1.0f + dens[static_cast<size_t>(b)] / peak);
            pts.push_back(ImVec2(centre.x + r * std::cos(a), centre.y - r * std::sin(a)));
        }
        dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), group_colour(groups[g]), ImDrawFlags_Closed, 2.0f);
    }
}

}  // namespace

void GeometryPanel::draw(const FrameView& s, Intents& in) {
    const towerlab::TrainingSnapshot* snap = s.snapshot();
    if (!snap) {
        ImGui::TextDisabled("%s", tr("No run yet."));
        return;
    }
    const size_t n = snap->geometry.size();
    std::vector<double> x(n);
    std::vector<float> ha(n), ta(n), hu(n), tu(n);
    for (size_t i = 0; i < n; ++i) {
        const towerlab::GeometryPoint& g = snap->geometry[i];
        x[i] = static_cast<double>(g.step);
        ha[i] = g.head_alignment;
        ta[i] = g.tail_alignment;
        hu[i] = g.head_uniformity;
        tu[i] = g.tail_uniformity;
    }
    const ImU32 head = group_colour(towerlab::ItemGroup::Head), tail = group_colour(towerlab::ItemGroup::Tail);
    const auto series = [&](const std::vector<float>& h, const std::vector<float>& t) {
        std::vector<plot::Series> out(2);
        out[0].label = group_name(towerlab::ItemGroup::Head);
        out[0].color = head;
        out[0].y = h.data();
        out[1].label = group_name(towerlab::ItemGroup::Tail);
        out[1].color = tail;
        out[1].y = t.data();
        for (plot::Series& sr : out) {
            sr.x = x.data();
            sr.n = n;
            sr.thickness = 2.0f;
        }
        return out;
    };

    // What shapes a rarely clicked item's ID row: with L_self reaching ID rows, tail rows move about
    // as far as head rows although their clicks are few (docs/results.md).
    const towerlab::IdRowMovement& mv = snap->id_movement;
    if (mv.to_step > 0) {
        ImGui::Text(tr("item ID rows moved per 1000 steps (steps %ld-%ld): head %.4f, long-tail %.4f"), mv.from_step, mv.to_step,
                    mv.per_1000_steps(towerlab::ItemGroup::Head), mv.per_1000_steps(towerlab::ItemGroup::Tail));
    } else {
        ImGui::TextDisabled(tr("item ID rows moved per 1000 steps: after the first %ld steps"), towerlab::Trainer::id_movement_window);
    }
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", tr("Mean L2 distance each item's ID embedding row travelled over the last 1000-step window,\n"
                          "per popularity group. Clicks move a head row often and a tail row rarely; if tail rows move\n"
                          "about as far as head rows, something other than clicks (L_self reaching the ID) shapes them."));

    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float density_w = std::min(avail.x * 0.42f, avail.y * 0.95f);
    const float plots_w = avail.x - density_w - ImGui::GetStyle().ItemSpacing.x;
    const float plot_h = (avail.y - ImGui::GetStyle().ItemSpacing.y) / 2;

    ImGui::BeginGroup();
    plot::LinePlotLabels la;
    la.title = tr("alignment");
    const plot::LinePlotHover h1 = plot::line_plot("alignment", alignment_plot_, series(ha, ta), la, ImVec2(plots_w, plot_h));
    plot::LinePlotLabels lu;
    lu.title = tr("uniformity");
    lu.x_label = tr("step");
    const plot::LinePlotHover h2 = plot::line_plot("uniformity", uniformity_plot_, series(hu, tu), lu, ImVec2(plots_w, plot_h));
    ImGui::EndGroup();
    in.note_rect("geometry.alignment", h1.area_min, h1.area_max);
    in.note_rect("geometry.uniformity", h2.area_min, h2.area_max);
    if (ImGui::IsItemHovered() && !h1.active && !h2.active)
        ImGui::SetTooltip("%s", tr("Wang & Isola 2020, per popularity group on a fixed sample of items:\n"
                          "  alignment  = E ||f(x') - f(x'')||^2 over two augmented views of an item\n"
                          "  uniformity = log E exp(-2 ||f(x) - f(y)||^2) over pairs of items\n"
                          "Good embeddings have both low: views agree, items spread over the sphere."));

    ImGui::SameLine();
    ImGui::BeginGroup();
    const ImVec2 c0 = ImGui::GetCursorScreenPos();
    const float side = std::max(60.0f, density_w);
    ImGui::InvisibleButton("directions", ImVec2(side, side));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(c0, ImVec2(c0.x + side, c0.y + side), IM_COL32(18, 20, 26, 255));
    dl->AddText(ImVec2(c0.x + 4, c0.y + 2), ImGui::GetColorU32(ImGuiCol_Text), tr("directions"));
    const bool shown[3] = {true, true, false};
    if (snap->projection) {
        direction_density(dl, ImVec2(c0.x + side / 2, c0.y + side / 2 + 6), side * 0.22f, *snap->projection, shown);
        char step[48];
        std::snprintf(step, sizeof step, tr("step %ld"), snap->projection->step);
        dl->AddText(ImVec2(c0.x + 4, c0.y + side - ImGui::GetTextLineHeight() - 2), ImGui::GetColorU32(ImGuiCol_TextDisabled), step);
    }
    in.note_rect("geometry.directions", c0, ImVec2(c0.x + side, c0.y + side));
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", tr("Density of directions atan2(y, x) of the items' 2-D projection, per group\n"
                          "(radius grows with density). A flat ring: directions spread evenly (uniform);\n"
                          "lobes: the group collapses onto a few directions."));
    ImGui::EndGroup();
}

}  // namespace app
