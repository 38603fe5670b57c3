// The heatmap widget: cells coloured by value on viridis, the hovered cell reported, highlighted
// groups outlined. And the colour maps it uses.
#include <catch2/catch.hpp>

#include "imgui_fixture.h"
#include "render/colormap.h"
#include "render/heatmap.h"

namespace {

heatmap::Matrix three_by_three() {
    heatmap::Matrix m;
    m.labels = {"a", "b", "c"};
    m.values = {{1.0, 0.2, 0.0}, {0.2, 1.0, 0.5}, {0.0, 0.5, 1.0}};
    m.lo = 0;
    m.hi = 1;
    return m;
}

// Colours of the filled rectangles the frame drew, as counted from the vertex colours.
int vertices_of_colour(const ImDrawData* d, ImU32 colour) {
    int n = 0;
    for (int l = 0; l < d->CmdListsCount; ++l)
        for (const ImDrawVert& v : d->CmdLists[l]->VtxBuffer) n += v.col == colour;
    return n;
}

}  // namespace

TEST_CASE("viridis runs from dark purple to yellow and clamps", "[heatmap]") {
    float lo[3], hi[3];
    colormap::to_rgb(colormap::viridis(0), lo);
    colormap::to_rgb(colormap::viridis(1), hi);
    CHECK(lo[2] > lo[1]);  // purple: blue over green
    CHECK(hi[0] > 0.9f);   // yellow
    CHECK(hi[1] > 0.85f);
    CHECK(colormap::viridis(-3) == colormap::viridis(0));
    CHECK(colormap::viridis(7) == colormap::viridis(1));
}

TEST_CASE("twenty categories get twenty different colours", "[heatmap]") {
    for (int a = 0; a < 20; ++a)
        for (int b = a + 1; b < 20; ++b) CHECK(colormap::category(a, 20) != colormap::category(b, 20));
}

TEST_CASE("every cell is filled with the colour of its value", "[heatmap][ui]") {
    ImGuiFixture ui;
    const heatmap::Matrix m = three_by_three();
    const ImDrawData* d = ui.window_frame([&] { heatmap::draw("h", m, {}, 300); });
    CHECK(vertices_of_colour(d, colormap::viridis(1.0f)) >= 3 * 4);  // the diagonal
    CHECK(vertices_of_colour(d, colormap::viridis(0.5f)) >= 2 * 4);
    CHECK(vertices_of_colour(d, colormap::viridis(0.2f)) >= 2 * 4);
}

TEST_CASE("the hovered cell is reported and a highlighted group is outlined", "[heatmap][ui]") {
    ImGuiFixture ui;
    const heatmap::Matrix m = three_by_three();
    ImVec2 origin;
    heatmap::Hover h;
    heatmap::Options o;
    const auto draw = [&] {
        origin = ImGui::GetCursorScreenPos();
        h = heatmap::draw("h", m, o, 300);
    };
    const int plain = ImGuiFixture::vertices(ui.window_frame(draw));
    o.highlight = {true, false, true};
    const int outlined = ImGuiFixture::vertices(ui.window_frame(draw));
    CHECK(outlined > plain);  // four outlined cells: (a,a), (a,c), (c,a), (c,c)

    // Find cell (row 1, col 2) by scanning: the widget lays out label column then square cells.
    bool found = false;
    for (float y = origin.y; y < origin.y + 300 && !found; y += 10)
        for (float x = origin.x; x < origin.x + 1200 && !found; x += 10) {
            ui.mouse(ImVec2(x, y));
            ui.window_frame(draw);
            found = h.row == 1 && h.col == 2;
        }
    CHECK(found);
    ui.mouse(ImVec2(-50, -50));
    ui.window_frame(draw);
    CHECK(h.row == -1);
}
