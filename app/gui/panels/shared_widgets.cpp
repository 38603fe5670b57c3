// Pieces several panels draw: a long task's status line, the serving figures of an ANN index.
#include "panels/shared_widgets.h"

#include <cstdio>
#include <string>

#include <imgui.h>

#include "ui_text.h"

namespace app {

void serving_figures(const towerlab::ServingBenchReport& r) {
    ImGui::PushTextWrapPos(0);
    std::string recall;
    for (const towerlab::AnnOperatingPoint& p : r.points) {
        char b[64];
        std::snprintf(b, sizeof b, "%s@%d %.3f", recall.empty() ? "" : "  ", p.k, p.recall);
        recall += b;
    }
    ImGui::Text(tr("ANN recall %s (%d queries)"), recall.c_str(), r.queries);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", tr("recall@K = share of the exact top-K that the index also returns (an item tied with\n"
                                   "the K-th exact score counts as found). Queries: the vectors of sampled test users\n"
                                   "(for imported embeddings: of sampled items)."));
    if (!r.points.empty() && !r.brute_force.empty()) {
        const towerlab::AnnOperatingPoint& p = r.points.back();
        const towerlab::LatencySummary& b = r.brute_force.back();
        ImGui::Text(tr("latency at K=%d: ANN p50 %.0f us, p99 %.0f us; brute force p50 %.0f us, p99 %.0f us"), p.k,
                    p.latency.p50_us, p.latency.p99_us, b.p50_us, b.p99_us);
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%s", tr("One query at a time on one thread, as a server answers one request.\n"
                                       "Measured on this machine now: other work on it moves these figures."));
    }
    ImGui::Text(tr("index of %d items x %d dims built in %.2f s, %.1f MB"), r.items, r.dim, r.build_seconds,
                static_cast<double>(r.index_bytes) / 1e6);
    ImGui::PopTextWrapPos();
}

bool task_status_line(const towerlab::TaskStatus& t, const char* id) {
    bool cancel = false;
    if (t.running) {
        ImGui::PushID(id);
        const float w = ImGui::GetFontSize() * 8;
        if (t.fraction >= 0) ImGui::ProgressBar(static_cast<float>(t.fraction), ImVec2(w, 0));
        else ImGui::ProgressBar(static_cast<float>(-0.3 * ImGui::GetTime()), ImVec2(w, 0), tr("working"));
        ImGui::SameLine();
        ImGui::TextDisabled("%s", tr(t.stage.c_str()));
        ImGui::SameLine();
        cancel = ImGui::SmallButton(tr("Cancel"));
        ImGui::PopID();
    } else if (!t.error.empty()) {
        ImGui::PushTextWrapPos(0);
        ImGui::TextColored(ImVec4(1, 0.45f, 0.4f, 1), tr("%s failed: %s"), tr(t.name.c_str()), t.error.c_str());
        ImGui::PopTextWrapPos();
    } else if (t.cancelled) {
        ImGui::TextDisabled(tr("%s cancelled"), tr(t.name.c_str()));
    }
    return cancel;
}

}  // namespace app
