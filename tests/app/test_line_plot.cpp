// The line plot widget under a real ImGui context: long series are decimated to the pixel
// columns, legend entries toggle series, follow-latest fits the data, drag pans and the wheel zooms.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "imgui_fixture.h"
#include "render/line_plot.h"

namespace {

struct Data {
    std::vector<double> x;
    std::vector<float> y;
    explicit Data(std::size_t n, float scale = 1) : x(n), y(n) {
        for (std::size_t i = 0; i < n; ++i) {
            x[i] = static_cast<double>(i);
            y[i] = scale * (1.0f + std::sin(static_cast<float>(i) * 0.01f));
        }
    }
    plot::Series series(const char* label, ImU32 colour = IM_COL32(255, 255, 0, 255)) const {
        plot::Series s;
        s.label = label;
        s.color = colour;
        s.x = x.data();
        s.y = y.data();
        s.n = x.size();
        return s;
    }
};

}  // namespace

TEST_CASE("a million-point series draws about as many vertices as a thousand-point one", "[plot][ui]") {
    ImGuiFixture ui;
    plot::LinePlotState small_state, big_state;
    const Data small(1000), big(1000000);
    const int v_small = ImGuiFixture::vertices(ui.window_frame([&] {
        plot::line_plot("p", small_state, {small.series("y")}, {}, ImVec2(600, 300));
    }));
    const int v_big = ImGuiFixture::vertices(ui.window_frame([&] {
        plot::line_plot("p", big_state, {big.series("y")}, {}, ImVec2(600, 300));
    }));
    // Decimated to about two points per pixel column of a 600 px plot: bounded, not a million.
    CHECK(v_big < 20000);
    CHECK(v_big < 4 * v_small);
}

TEST_CASE("a dense noisy series is drawn as one bar per pixel column, a dense smooth one as a line", "[plot][ui]") {
    ImGuiFixture ui;
    const std::size_t n = 200000;
    Data noisy(n), smooth(n);
    for (std::size_t i = 0; i < n; ++i) {
        noisy.y[i] = (i % 2 ? 1.0f : -1.0f) * (1.0f + 0.5f * std::sin(static_cast<float>(i)));
        smooth.y[i] = std::sin(static_cast<float>(i) * 2e-5f);  // a third of a wave over the plot
    }
    int columns = 0;
    // The vertices the series adds: the same plot (fixed view, same ticks and legend) with the
    // series shown less with it hidden.
    const auto vertices_of = [&](const plot::Series& series) {
        int v[2];
        for (int shown = 0; shown < 2; ++shown) {
            plot::LinePlotState state;
            state.follow_latest = false;
            state.x = {0, static_cast<double>(n - 1)};
            state.y = {-2, 2};
            state.hidden[series.label] = shown == 0;
            v[shown] = ImGuiFixture::vertices(ui.window_frame([&] {
                const plot::LinePlotHover h = plot::line_plot("p", state, {series}, {}, ImVec2(600, 300));
                columns = static_cast<int>(h.area_max.x - h.area_min.x);
            }));
        }
        return v[1] - v[0];
    };
    const int bars = vertices_of(noisy.series("noisy"));
    // Four vertices a bar, one bar a column (the line's zigzag would be about eight a column).
    CHECK(bars >= 4 * (columns - 2));
    CHECK(bars <= 4 * (columns + 2));
    // The smooth line: an anti-aliased polyline of four vertices a point, about two points a column.
    CHECK(vertices_of(smooth.series("smooth")) > 6 * columns);
}

TEST_CASE("follow-latest fits both axes to the data", "[plot][ui]") {
    ImGuiFixture ui;
    plot::LinePlotState state;
    const Data d(500, 3);
    ui.window_frame([&] { plot::line_plot("p", state, {d.series("y")}, {}, ImVec2(600, 300)); });
    CHECK(state.x.min == 0);
    CHECK(state.x.max == 499);
    CHECK(state.y.min < 0.01);
    CHECK(state.y.max > 5.99);
    CHECK(state.y.max < 7);
}

TEST_CASE("log scale maps the axis to log10 and drops values <= 0", "[plot][ui]") {
    ImGuiFixture ui;
    plot::LinePlotState state;
    state.y_scale = plot::YScale::Log10;
    std::vector<double> x{0, 1, 2};
    std::vector<float> y{0.0f, 10.0f, 1000.0f};
    plot::Series s;
    s.label = "y";
    s.x = x.data();
    s.y = y.data();
    s.n = 3;
    ui.window_frame([&] { plot::line_plot("p", state, {s}, {}, ImVec2(600, 300)); });
    CHECK(state.y.min < 1.0);
    CHECK(state.y.min > 0.8);
    CHECK(state.y.max > 3.0);
    CHECK(state.y.max < 3.2);
    CHECK(std::isnan(plot::to_axis(-1, plot::YScale::Log10)));
}

TEST_CASE("clicking a legend entry hides its series and its raw companion", "[plot][ui]") {
    ImGuiFixture ui;
    plot::LinePlotState state;
    const Data d(200);
    plot::Series smooth = d.series("loss");
    plot::Series raw = d.series("loss (raw)");
    raw.group = "loss";
    raw.in_legend = false;
    plot::LinePlotHover h;
    const auto draw = [&] { h = plot::line_plot("p", state, {raw, smooth}, {}, ImVec2(600, 300)); };
    ui.window_frame(draw);
    REQUIRE(h.legend_max.x > h.legend_min.x);
    const ImVec2 entry((h.legend_min.x + h.legend_max.x) / 2, h.legend_min.y + 8);
    const int before = ImGuiFixture::vertices(ui.window_frame(draw));
    ui.mouse(entry, true);
    ui.window_frame(draw);
    ui.mouse(entry, false);
    ui.window_frame(draw);
    CHECK(state.hidden["loss"]);
    ui.mouse(ImVec2(-100, -100));
    const int after = ImGuiFixture::vertices(ui.window_frame(draw));
    CHECK(after < before);  // both lines gone, the legend entry stays (greyed)
}

TEST_CASE("dragging pans and the wheel zooms, which stops following", "[plot][ui]") {
    ImGuiFixture ui;
    plot::LinePlotState state;
    const Data d(1000);
    plot::LinePlotHover h;
    const auto draw = [&] { h = plot::line_plot("p", state, {d.series("y")}, {}, ImVec2(600, 300)); };
    ui.window_frame(draw);
    const ImVec2 mid((h.area_min.x + h.area_max.x) / 2, (h.area_min.y + h.area_max.y) / 2);
    const plot::Range x0 = state.x;
    ui.mouse(mid, false, 1.0f);  // wheel up: zoom in about the mouse
    ui.window_frame(draw);
    CHECK_FALSE(state.follow_latest);
    CHECK(state.x.span() < x0.span());
    const plot::Range zoomed = state.x;
    ui.mouse(mid, true);
    ui.window_frame(draw);
    ui.mouse(ImVec2(mid.x - 60, mid.y), true);
    ui.window_frame(draw);
    ui.mouse(ImVec2(mid.x - 120, mid.y), true);
    ui.window_frame(draw);
    ui.mouse(ImVec2(mid.x - 120, mid.y), false);
    ui.window_frame(draw);
    CHECK(state.x.min > zoomed.min);  // dragged left: the view moved right
    CHECK(state.x.span() == Approx(zoomed.span()));
}

TEST_CASE("hovering shows a readout without changing the view", "[plot][ui]") {
    ImGuiFixture ui;
    plot::LinePlotState state;
    const Data d(100);
    plot::LinePlotHover h;
    const auto draw = [&] { h = plot::line_plot("p", state, {d.series("y")}, {}, ImVec2(600, 300)); };
    ui.window_frame(draw);
    ui.mouse(ImVec2((h.area_min.x + h.area_max.x) / 2, (h.area_min.y + h.area_max.y) / 2));
    ui.window_frame(draw);
    ui.window_frame(draw);
    CHECK(h.active);
    CHECK(h.x == Approx(49.5).margin(2));
    CHECK(state.follow_latest);
}
