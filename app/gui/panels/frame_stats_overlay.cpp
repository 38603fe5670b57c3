// A small overlay in the bottom-right corner: frames per second and the median and 99th
// percentile of frame times over the last kWindow frames, the training rate beside them, and how
// often the scatter texture was redrawn (it should only be when points or view change).
#include <algorithm>
#include <cmath>
#include <vector>

#include "panels/panels.h"
#include "ui_text.h"

namespace app {

namespace {

double quantile(const std::deque<float>& d, double q) {
    if (d.empty()) return 0;
    std::vector<float> v(d.begin(), d.end());
    const size_t k = static_cast<size_t>(std::clamp(q, 0.0, 1.0) * static_cast<double>(v.size() - 1) + 0.5);
    std::nth_element(v.begin(), v.begin() + static_cast<long>(k), v.end());
    return v[k];
}

}  // namespace

void FrameStatsOverlay::record(float work_s, float interval_s) {
    if (interval_s >= 0) intervals_.push_back(interval_s);
    work_.push_back(work_s);
    if (intervals_.size() > kWindow) intervals_.pop_front();
    if (work_.size() > kWindow) work_.pop_front();
}

double FrameStatsOverlay::percentile(double q) const { return quantile(intervals_, q); }
double FrameStatsOverlay::work_percentile(double q) const { return quantile(work_, q); }

void FrameStatsOverlay::draw(const FrameView& s) {
    const ImGuiIO& io = ImGui::GetIO();
    ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x - 8, io.DisplaySize.y - 8), ImGuiCond_Always, ImVec2(1, 1));
    ImGui::SetNextWindowBgAlpha(0.7f);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize |
                                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing |
                                   ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoInputs;
    if (ImGui::Begin("frame stats", nullptr, flags)) {
        const double p50 = percentile(0.5), p99 = percentile(0.99);
        ImGui::Text(tr("%.0f FPS  frame interval p50 %.1f ms  p99 %.1f ms"), p50 > 0 ? 1.0 / p50 : 0.0, p50 * 1000, p99 * 1000);
            ImGui::TextDisabled(tr("UI work p50 %.1f ms  p99 %.1f ms"), work_percentile(0.5) * 1000, work_percentile(0.99) * 1000);
        if (const towerlab::TrainingSnapshot* snap = s.snapshot())
            ImGui::TextDisabled(tr("training %.0f steps/s%s"), snap->steps_per_second, snap->running ? "" : tr(" (paused)"));
        if (s.scatter_backend) ImGui::TextDisabled(tr("scatter redrawn %ld times"), s.scatter_backend->redraws());
    }
    ImGui::End();
}

}  // namespace app
