// A line plot drawn with ImDrawList: several series of (x, y), 1/2/5 x 10^k ticks, linear or log
// y, per-pixel min/max decimation (a dense noisy series drawn as its per-column envelope), pan
// (drag) and zoom (wheel; Shift+wheel for y), a "follow latest" auto-fit, a legend whose entries
// toggle series, and a hover readout of every visible series at the x under the mouse. It knows
// nothing of what it plots.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <imgui.h>

#include "render/plot_math.h"

namespace plot {

struct Series {
    std::string label;                 // legend text; also the key of its visibility toggle
    ImU32 color = IM_COL32(255, 255, 255, 255);
    const double* x = nullptr;         // ascending
    const float* y = nullptr;
    std::size_t n = 0;
    float thickness = 1.5f;
    bool in_legend = true;             // faint raw companions of a smoothed line stay out
    std::string group;                 // toggled together with the legend entry of this label
    // Min/max summaries of (x, y) kept by the caller as the series grows: with them a frame reads
    // about four points per pixel column of what is in view, not the whole series.
    const MinMaxPyramid* pyramid = nullptr;
};

enum class YScale { Linear, Log10 };

// Per-plot interaction state, kept by the caller between frames.
struct LinePlotState {
    bool follow_latest = true;         // auto-fit both axes to all data every frame
    YScale y_scale = YScale::Linear;
    Range x{0, 1}, y{0, 1};            // current view (y in log10 units on a log axis)
    std::map<std::string, bool> hidden;
};

// A dashed vertical line at x (an event on the x axis: the step whose parameters were kept).
struct XMarker {
    double x = 0;
    ImU32 color = IM_COL32(255, 255, 255, 200);
};

struct LinePlotLabels {
    const char* title = "";
    const char* x_label = "";
    const char* y_label = "";
    std::vector<XMarker> markers;
};

// What the hover readout found and where things were drawn, for callers that want to show more.
struct LinePlotHover {
    bool active = false;
    double x = 0;
    ImVec2 area_min, area_max;      // the plotting area on screen (inside the axes)
    ImVec2 legend_min, legend_max;  // the legend box (empty when no series is in the legend)
};

// Draws the plot into a child region of `size` (negative components stretch as ImGui does).
LinePlotHover line_plot(const char* id, LinePlotState& state, const std::vector<Series>& series,
                        const LinePlotLabels& labels, ImVec2 size);

// Maps a y value to the axis coordinate of `scale` (log10 for Log10; NaN for y <= 0 there).
double to_axis(double y, YScale scale);

}  // namespace plot
