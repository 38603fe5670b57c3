// L_main, alpha * L_self and their sum against the step, raw (faint) and smoothed with
// TensorBoard's debiased EMA; earlier runs' totals stay for comparison; CSV export.
#include <cmath>
#include <cstdio>

#include <imgui.h>

#include "loss_csv.h"
#include "panels/panels.h"
#include "panels/shared_widgets.h"
#include "ui_text.h"

namespace app {
namespace {

const ImU32 kColours[3] = {IM_COL32(86, 180, 233, 255), IM_COL32(204, 121, 167, 255), IM_COL32(240, 228, 66, 255)};
const char* const kNames[3] = {"L_main", "alpha*L_self", "total"};  // English; shown through tr()
const ImU32 kPastColours[4] = {IM_COL32(150, 150, 150, 255), IM_COL32(120, 190, 150, 255), IM_COL32(190, 150, 110, 255),
                               IM_COL32(150, 140, 200, 255)};

ImU32 faint(ImU32 c) { return (c & ~IM_COL32_A_MASK) | (static_cast<ImU32>(70) << IM_COL32_A_SHIFT); }

}  // namespace

void LossPanel::update(const FrameView& s) {
    const towerlab::TrainingSnapshot* snap = s.snapshot();
    std::vector<long> past;
    for (const PastRun& r : s.past_runs) past.push_back(r.run);
    if (built_smoothing_ != smoothing_ || past != built_past_) rebuild_past(s);
    if (snap == built_for_ && built_smoothing_ == smoothing_) return;
    // The snapshot extends what is built when it is the same run and agrees at the last built
    // point (a restore after a NaN cuts the history and regrows it with other values).
    const size_t n = x_.size();
    const bool extends = snap && s.view.run == built_run_ && built_smoothing_ == smoothing_ && snap->losses.size() >= n &&
                         (n == 0 || (snap->losses[n - 1].step == static_cast<long>(x_[n - 1]) &&
                                     snap->losses[n - 1].total == raw_[2][n - 1] && snap->losses[n - 1].main == raw_[0][n - 1]));
    if (!extends) rebuild_live(s);
    built_for_ = snap;
    built_run_ = s.view.run;
    built_smoothing_ = smoothing_;
    if (!snap) return;
    has_self_ = snap->config.augmentation != towerlab::Augmentation::None;
    for (size_t i = x_.size(); i < snap->losses.size(); ++i) {
        const towerlab::LossPoint& p = snap->losses[i];
        const double x = static_cast<double>(p.step);
        const float raw[3] = {p.main, p.self_weighted, p.total};
        x_.push_back(x);
        for (int k = 0; k < 3; ++k) {
            raw_[k].push_back(raw[k]);
            smooth_[k].push_back(ema_[static_cast<size_t>(k)].push(raw[k]));
            raw_lod_[k].append(x, raw[k]);
            smooth_lod_[k].append(x, smooth_[k].back());
        }
    }
}

void LossPanel::rebuild_live(const FrameView&) {
    ++rebuilds_;
    x_.clear();
    ema_.assign(3, plot::DebiasedEma(smoothing_));
    for (int k = 0; k < 3; ++k) {
        raw_[k].clear();
        smooth_[k].clear();
        raw_lod_[k].clear();
        smooth_lod_[k].clear();
    }
    has_self_ = false;
}

// Finished runs do not grow: built once per change of the list or of the smoothing.
void LossPanel::rebuild_past(const FrameView& s) {
    built_past_.clear();
    past_x_.clear();
    past_y_.clear();
    past_lod_.clear();
    for (const PastRun& r : s.past_runs) {
        built_past_.push_back(r.run);
        std::vector<double> x;
        std::vector<float> y;
        plot::DebiasedEma ema(smoothing_);
        plot::MinMaxPyramid lod;
        for (const towerlab::LossPoint& p : r.losses) {
            x.push_back(static_cast<double>(p.step));
            y.push_back(ema.push(p.total));
            lod.append(x.back(), y.back());
        }
        past_x_.push_back(std::move(x));
        past_y_.push_back(std::move(y));
        past_lod_.push_back(std::move(lod));
    }
}

void LossPanel::draw(const FrameView& s, Intents& in) {
    update(s);

    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
    ImGui::SliderFloat(tr("smoothing"), &smoothing_, 0.0f, 0.999f, "%.3f");
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", tr("Debiased exponential moving average, as TensorBoard:\n"
                          "  last = w*last + (1-w)*y;  shown = last / (1 - w^n)\n"
                          "The division removes the pull towards 0 at the start."));
    ImGui::SameLine();
    bool log_y = plot_.y_scale == plot::YScale::Log10;
    if (ImGui::Checkbox(tr("log y"), &log_y)) plot_.y_scale = log_y ? plot::YScale::Log10 : plot::YScale::Linear;
    ImGui::SameLine();
    ImGui::Checkbox(tr("follow"), &plot_.follow_latest);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("Fit both axes to all the data every frame (double-click the plot to turn on)."));
    ImGui::SameLine();
    ImGui::Checkbox(tr("past runs"), &overlay_past_);
    if (ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::TextUnformatted(tr("Overlay the smoothed total loss of earlier runs (kept when you reset):"));
        for (const PastRun& r : s.past_runs) ImGui::BulletText("%s", r.label.c_str());
        if (s.past_runs.empty()) ImGui::TextDisabled("%s", tr("none yet"));
        ImGui::EndTooltip();
    }
    ImGui::SameLine();
    file_export_button(
        tr("CSV"), tr("Save the raw losses of this and earlier runs as CSV."), "export loss csv", csv_path_, true,
        [&] {
            std::vector<LossCsvRun> runs;
            for (const PastRun& r : s.past_runs) runs.push_back({r.run, r.label, &r.losses});
            if (const towerlab::TrainingSnapshot* snap = s.snapshot())
                runs.push_back({s.view.run, run_label(s.view.run, snap->config), &snap->losses});
            save_loss_csv(csv_path_, runs);
        },
        tr("saved losses to "), in);

    std::vector<plot::Series> series;
    if (overlay_past_)
        for (size_t r = 0; r < past_x_.size(); ++r) {
            plot::Series p;
            p.label = tr("run ") + std::to_string(s.past_runs[r].run) + tr(" total");
            p.color = kPastColours[r % 4];
            p.x = past_x_[r].data();
            p.y = past_y_[r].data();
            p.n = past_x_[r].size();
            p.pyramid = &past_lod_[r];
            p.thickness = 1.5f;
            series.push_back(p);
        }
    for (int k = 0; k < 3; ++k) {
        if (k == 1 && !has_self_) continue;
        plot::Series raw;
        raw.label = std::string(tr(kNames[k])) + tr(" (raw)");
        raw.group = tr(kNames[k]);
        raw.color = faint(kColours[k]);
        raw.x = x_.data();
        raw.y = raw_[k].data();
        raw.n = x_.size();
        raw.thickness = 1.0f;
        raw.in_legend = false;
        raw.pyramid = &raw_lod_[k];
        if (smoothing_ > 0) series.push_back(raw);
        plot::Series sm = raw;
        sm.label = tr(kNames[k]);
        sm.color = kColours[k];
        sm.y = smooth_[k].data();
        sm.pyramid = &smooth_lod_[k];
        sm.thickness = 2.0f;
        sm.in_legend = true;
        series.push_back(sm);
    }
    plot::LinePlotLabels labels;
    labels.title = tr("loss");
    labels.x_label = tr("step");
    char caption[160] = "";
    if (!x_.empty())
        std::snprintf(caption, sizeof caption, tr("(smoothed) L_main %.4f  total %.4f"), smooth_[0].back(), smooth_[2].back());
    labels.y_label = caption;
    const plot::LinePlotHover h = plot::line_plot("loss", plot_, series, labels, ImVec2(-1, -1));
    in.note_rect("loss.plot", h.area_min, h.area_max);
    if (h.legend_max.x > h.legend_min.x) in.note_rect("loss.legend", h.legend_min, h.legend_max);
}

}  // namespace app
