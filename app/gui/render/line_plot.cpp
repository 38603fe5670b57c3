#include "render/line_plot.h"
#include "ui_text.h"

#include <algorithm>
#include <cmath>

namespace plot {
namespace {

constexpr float kLeftMargin = 58, kBottomMargin = 36, kTopMargin = 22, kRightMargin = 10;

bool visible(const LinePlotState& s, const Series& series) {
    const std::string& key = series.group.empty() ? series.label : series.group;
    auto it = s.hidden.find(key);
    return it == s.hidden.end() || !it->second;
}

// The points of a series a frame reads for the x range [lo, hi], y in axis units (log10 on a log
// axis; min and max commute with it): the raw points in the range and one neighbour on each side,
// or the same range of the coarsest summary level that keeps two points per pixel column. The
// cost is bounded by the plot's width, not by the length of the series.
struct Window {
    std::vector<double> x;
    std::vector<float> y;
};

Window window_of(const Series& s, YScale scale, double lo, double hi, int columns) {
    const double* x = s.x;
    const float* y = s.y;
    std::size_t n = s.n;
    std::size_t begin = static_cast<std::size_t>(std::lower_bound(x, x + n, lo) - x);
    std::size_t end = static_cast<std::size_t>(std::upper_bound(x, x + n, hi) - x);
    if (s.pyramid && s.pyramid->size() == s.n) {
        if (const MinMaxPyramid::Level* level = s.pyramid->level_for(end - begin, columns)) {
            x = level->x.data();
            y = level->y.data();
            n = level->x.size();
            begin = static_cast<std::size_t>(std::lower_bound(x, x + n, lo) - x);
            end = static_cast<std::size_t>(std::upper_bound(x, x + n, hi) - x);
        }
    }
    if (begin > 0) --begin;
    if (end < n) ++end;
    Window w;
    w.x.assign(x + begin, x + end);
    w.y.resize(end - begin);
    for (std::size_t i = begin; i < end; ++i) w.y[i - begin] = static_cast<float>(to_axis(y[i], scale));
    return w;
}

// Draws the series as one bar per pixel column (column_envelope) when its bars are on average
// taller than kEnvelopeMinHeight pixels; returns false, drawing nothing, when the line is smooth
// enough that an anti-aliased polyline is both cheap and better looking. `sy` is the plot's own
// map from a y in axis units to the screen; column c starts at left_edge + c * column_w.
constexpr float kEnvelopeMinHeight = 3;

template <class ScreenY>
bool draw_envelope(ImDrawList* dl, const Window& win, const LinePlotState& state, float left_edge, float column_w,
                   int columns, const ScreenY& sy, ImU32 color, float thickness) {
    const std::vector<ColumnSpan> spans =
        column_envelope(win.x.data(), win.y.data(), win.x.size(), state.x.min, state.x.max, columns);
    if (spans.empty()) return false;
    double height = 0;
    for (const ColumnSpan& c : spans) height += static_cast<double>(sy(c.lo) - sy(c.hi));
    if (height / static_cast<double>(spans.size()) < kEnvelopeMinHeight) return false;
    for (const ColumnSpan& c : spans) {
        float top = sy(c.hi), bottom = sy(c.lo);
        if (bottom - top < thickness) {  // a flat stretch still shows as a line of the series' width
            const float mid = (top + bottom) / 2;
            top = mid - thickness / 2;
            bottom = mid + thickness / 2;
        }
        const float left = left_edge + static_cast<float>(c.column) * column_w;
        dl->AddRectFilled(ImVec2(left, top), ImVec2(left + column_w, bottom), color);
    }
    return true;
}

void fit_all(LinePlotState& state, const std::vector<Series>& series, int columns) {
    double x_lo = INFINITY, x_hi = -INFINITY;
    for (std::size_t k = 0; k < series.size(); ++k) {
        const Series& s = series[k];
        if (!visible(state, s) || s.n == 0) continue;
        x_lo = std::min(x_lo, s.x[0]);
        x_hi = std::max(x_hi, s.x[s.n - 1]);
    }
    if (!(x_lo <= x_hi)) return;
    if (x_hi == x_lo) x_hi = x_lo + 1;
    state.x = {x_lo, x_hi};
    Range y{INFINITY, -INFINITY};
    for (std::size_t k = 0; k < series.size(); ++k) {
        if (!visible(state, series[k])) continue;
        Range r;
        const Window win = window_of(series[k], state.y_scale, x_lo, x_hi, columns);
        if (fit_y(win.x.data(), win.y.data(), win.x.size(), x_lo, x_hi, 0.05, r)) {
            y.min = std::min(y.min, r.min);
            y.max = std::max(y.max, r.max);
        }
    }
    if (y.min <= y.max) state.y = y;
}

}  // namespace

double to_axis(double y, YScale scale) {
    if (scale == YScale::Linear) return y;
    return y > 0 ? std::log10(y) : NAN;
}

LinePlotHover line_plot(const char* id, LinePlotState& state, const std::vector<Series>& series,
                        const LinePlotLabels& labels, ImVec2 size) {
    LinePlotHover hover;
    ImGui::PushID(id);
    ImGui::BeginChild("plot", size, false, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const ImVec2 p0(origin.x + kLeftMargin, origin.y + kTopMargin);
    const ImVec2 p1(origin.x + avail.x - kRightMargin, origin.y + avail.y - kBottomMargin);
    const float w = std::max(1.0f, p1.x - p0.x), h = std::max(1.0f, p1.y - p0.y);

    if (state.follow_latest) fit_all(state, series, static_cast<int>(w));

    // Legend (top right, inside the plot): its buttons go first so that they, not the plot area
    // under them, get the mouse. Click toggles a series (and the raw companions of its group).
    struct LegendEntry {
        const Series* series;
        float x, y;
        bool on;
    };
    std::vector<LegendEntry> legend;
    bool over_legend = false;
    {
        float ly = p0.y + 4;
        float max_w = 0;
        for (const Series& s : series)
            if (s.in_legend) max_w = std::max(max_w, ImGui::CalcTextSize(s.label.c_str()).x);
        const float lx = p1.x - max_w - 30;
        for (const Series& s : series) {
            if (!s.in_legend) continue;
            const bool on = visible(state, s);
            ImGui::SetCursorScreenPos(ImVec2(lx, ly));
            ImGui::PushID(s.label.c_str());
            if (ImGui::InvisibleButton("legend", ImVec2(max_w + 24, ImGui::GetTextLineHeight())))
                state.hidden[s.group.empty() ? s.label : s.group] = on;
            if (ImGui::IsItemHovered()) {
                over_legend = true;
                ImGui::SetTooltip(on ? app::tr("Click to hide '%s'") : app::tr("Click to show '%s'"), s.label.c_str());
            }
            ImGui::PopID();
            legend.push_back({&s, lx, ly, on});
            ly += ImGui::GetTextLineHeight() + 2;
        }
        if (!legend.empty()) {
            hover.legend_min = ImVec2(lx - 4, p0.y + 3);
            hover.legend_max = ImVec2(lx + max_w + 26, ly + 1);
        }
    }

    // Interaction: an invisible button over the plot area takes the mouse.
    ImGui::SetCursorScreenPos(p0);
    ImGui::InvisibleButton("area", ImVec2(w, h));
    const bool hovered = ImGui::IsItemHovered() && !over_legend;
    ImGuiIO& io = ImGui::GetIO();
    if (ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left)) {
        const ImVec2 d = io.MouseDelta;
        const double dx = -d.x / w * state.x.span(), dy = d.y / h * state.y.span();
        state.x = {state.x.min + dx, state.x.max + dx};
        state.y = {state.y.min + dy, state.y.max + dy};
        state.follow_latest = false;
    }
    if (hovered && io.MouseWheel != 0) {
        const double factor = std::pow(0.85, io.MouseWheel);
        if (io.KeyShift) {
            const double ay = state.y.max - (io.MousePos.y - p0.y) / h * state.y.span();
            state.y = zoom_about(state.y, ay, factor);
        } else {
            const double ax = state.x.min + (io.MousePos.x - p0.x) / w * state.x.span();
            state.x = zoom_about(state.x, ax, factor);
        }
        state.follow_latest = false;
    }
    if (hovered && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) state.follow_latest = true;

    const auto sx = [&](double x) { return p0.x + static_cast<float>((x - state.x.min) / state.x.span() * w); };
    const auto sy = [&](double y) { return p1.y - static_cast<float>((y - state.y.min) / state.y.span() * h); };

    // Frame, grid and ticks.
    const ImU32 grid = IM_COL32(255, 255, 255, 28), text = ImGui::GetColorU32(ImGuiCol_Text),
                dim = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    dl->AddRectFilled(p0, p1, IM_COL32(18, 20, 26, 255));
    const int x_ticks = std::max(2, static_cast<int>(w / 90)), y_ticks = std::max(2, static_cast<int>(h / 40));
    const double xstep = nice_step(state.x.span(), x_ticks);
    for (double t : nice_ticks(state.x.min, state.x.max, x_ticks)) {
        const float px = sx(t);
        dl->AddLine(ImVec2(px, p0.y), ImVec2(px, p1.y), grid);
        const std::string s = format_tick(t, xstep);
        const float tw = ImGui::CalcTextSize(s.c_str()).x;
        // Centred under the tick, but kept inside the widget (the last label at the right edge).
        const float tx = std::min(px - tw / 2, origin.x + avail.x - tw - 1);
        dl->AddText(ImVec2(tx, p1.y + 3), dim, s.c_str());
    }
    if (state.y_scale == YScale::Log10) {
        for (double t : log_ticks(state.y.min, state.y.max, y_ticks)) {
            const float py = sy(t);
            dl->AddLine(ImVec2(p0.x, py), ImVec2(p1.x, py), grid);
            const double v = std::pow(10.0, t);
            const std::string s = format_tick(v, v / 10);
            dl->AddText(ImVec2(p0.x - 4 - ImGui::CalcTextSize(s.c_str()).x, py - 7), dim, s.c_str());
        }
    } else {
        const double ystep = nice_step(state.y.span(), y_ticks);
        for (double t : nice_ticks(state.y.min, state.y.max, y_ticks)) {
            const float py = sy(t);
            dl->AddLine(ImVec2(p0.x, py), ImVec2(p1.x, py), grid);
            const std::string s = format_tick(t, ystep);
            dl->AddText(ImVec2(p0.x - 4 - ImGui::CalcTextSize(s.c_str()).x, py - 7), dim, s.c_str());
        }
    }
    dl->AddRect(p0, p1, IM_COL32(255, 255, 255, 60));
    if (*labels.title) dl->AddText(ImVec2(p0.x, origin.y + 2), text, labels.title);
    if (*labels.x_label) {
        const float tw = ImGui::CalcTextSize(labels.x_label).x;
        dl->AddText(ImVec2(p0.x + w / 2 - tw / 2, p1.y + 18), dim, labels.x_label);
    }
    if (*labels.y_label) {
        const float tx = *labels.title ? ImGui::CalcTextSize(labels.title).x + 12 : 0;
        dl->AddText(ImVec2(p0.x + tx, origin.y + 2), dim, labels.y_label);
    }

    // Lines, decimated to the plot's pixel columns. A series with more points than columns whose
    // line spans more than a few pixels per column (raw, noisy losses) is drawn as its per-column
    // envelope, one bar per column: the same pixels as the line's zigzag, at a fraction of the
    // triangles (under llvmpipe the zigzag cost several milliseconds at each published step).
    dl->PushClipRect(p0, p1, true);
    std::vector<ImVec2> pts;
    const int columns = static_cast<int>(w);
    for (std::size_t k = 0; k < series.size(); ++k) {
        const Series& s = series[k];
        if (!visible(state, s) || s.n == 0) continue;
        const Window win = window_of(s, state.y_scale, state.x.min, state.x.max, columns);
        if (win.x.size() > static_cast<std::size_t>(columns) &&
            draw_envelope(dl, win, state, p0.x, w / static_cast<float>(columns), columns, sy, s.color, s.thickness))
            continue;
        const std::vector<Point> d = decimate_min_max(win.x.data(), win.y.data(), win.x.size(), state.x.min, state.x.max,
                                                      columns);
        pts.clear();
        for (const Point& p : d) pts.push_back(ImVec2(sx(p.x), sy(p.y)));
        if (pts.size() == 1) dl->AddCircleFilled(pts[0], 2.5f, s.color);
        // ImDrawList polylines are limited by 16-bit indices per command; draw in runs.
        for (std::size_t a = 0; a + 1 < pts.size(); a += 4000) {
            const std::size_t b = std::min(pts.size(), a + 4001);
            dl->AddPolyline(pts.data() + a, static_cast<int>(b - a), s.color, ImDrawFlags_None, s.thickness);
        }
    }
    for (const XMarker& m : labels.markers) {
        const float px = sx(m.x);
        for (float y = p0.y; y < p1.y; y += 8) dl->AddLine(ImVec2(px, y), ImVec2(px, std::min(y + 4, p1.y)), m.color, 1.5f);
    }
    dl->PopClipRect();

    hover.area_min = p0;
    hover.area_max = p1;
    // Legend visuals, over the lines (its buttons were submitted before the plot area's).
    if (!legend.empty()) {
        dl->AddRectFilled(hover.legend_min, hover.legend_max, IM_COL32(18, 20, 26, 210));
        for (const LegendEntry& e : legend) {
            const float cy = e.y + ImGui::GetTextLineHeight() / 2;
            dl->AddLine(ImVec2(e.x, cy), ImVec2(e.x + 16, cy), e.on ? e.series->color : IM_COL32(120, 120, 120, 120), 3);
            dl->AddText(ImVec2(e.x + 22, e.y), e.on ? text : dim, e.series->label.c_str());
        }
    }

    // Hover readout.
    if (hovered && !ImGui::IsMouseDragging(ImGuiMouseButton_Left)) {
        const double mx = state.x.min + (io.MousePos.x - p0.x) / w * state.x.span();
        hover.active = true;
        hover.x = mx;
        dl->AddLine(ImVec2(io.MousePos.x, p0.y), ImVec2(io.MousePos.x, p1.y), IM_COL32(255, 255, 255, 80));
        ImGui::BeginTooltip();
        bool header = false;
        for (const Series& s : series) {
            if (!visible(state, s) || s.n == 0) continue;
            const long i = nearest_index(s.x, s.n, mx);
            if (!header) {
                ImGui::Text("x = %s", format_value(s.x[i]).c_str());
                header = true;
            }
            ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(s.color), "%s: %s", s.label.c_str(),
                               format_value(s.y[i]).c_str());
        }
        if (!header) ImGui::TextUnformatted(app::tr("no data"));
        ImGui::TextDisabled("%s", app::tr("drag: pan  wheel: zoom x  shift+wheel: zoom y  double-click: fit"));
        ImGui::EndTooltip();
    }
    ImGui::EndChild();
    ImGui::PopID();
    return hover;
}

}  // namespace plot
