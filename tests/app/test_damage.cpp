// What the frame cache repaints (render/damage.h): everything first, nothing when nothing changed,
// only the triangles that changed (a changed digit, not its window), the area a closed window
// uncovers, and everything again after a resize or when told. Real draw data from a bare ImGui.
#include <catch2/catch.hpp>

#include <string>

#include "imgui_fixture.h"
#include "render/damage.h"

namespace {

// Two fixed windows side by side; the right one shows `text`, the left one a fixed label. A third,
// small window is shown when `popup` is set.
ImDrawData* two_windows(ImGuiFixture& ui, const std::string& text, bool popup = false) {
    return ui.frame([&] {
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(ImVec2(400, 300));
        ImGui::Begin("left", nullptr, ImGuiWindowFlags_NoDecoration);
        ImGui::TextUnformatted("always the same");
        ImGui::End();
        ImGui::SetNextWindowPos(ImVec2(600, 100));
        ImGui::SetNextWindowSize(ImVec2(300, 200));
        ImGui::Begin("right", nullptr, ImGuiWindowFlags_NoDecoration);
        ImGui::TextUnformatted(text.c_str());
        ImGui::End();
        if (popup) {
            ImGui::SetNextWindowPos(ImVec2(100, 500));
            ImGui::SetNextWindowSize(ImVec2(150, 100));
            ImGui::Begin("extra", nullptr, ImGuiWindowFlags_NoDecoration);
            ImGui::TextUnformatted("here");
            ImGui::End();
        }
    });
}

// Within the window's rectangle and the pixel or two of its anti-aliased border around it.
bool inside(const render::DamageRect& r, float x0, float y0, float x1, float y1) {
    return r.x0 >= x0 - 2 && r.y0 >= y0 - 2 && r.x1 <= x1 + 2 && r.y1 <= y1 + 2;
}

}  // namespace

TEST_CASE("the damage is what changed: nothing, one window, an uncovered area, or everything", "[app][render]") {
    ImGuiFixture ui;
    render::DamageTracker t;
    two_windows(ui, "step 1");  // ImGui settles window sizes on its first frames
    two_windows(ui, "step 1");

    std::vector<render::DamageRect> d = t.update(*two_windows(ui, "step 1"));
    REQUIRE(d.size() == 1);  // the first frame: all of it
    CHECK(d[0].x0 == 0);
    CHECK(d[0].y0 == 0);
    CHECK(d[0].x1 == 1280);
    CHECK(d[0].y1 == 800);

    CHECK(t.update(*two_windows(ui, "step 1")).empty());  // the same frame again: nothing

    d = t.update(*two_windows(ui, "step 2"));  // only the right window's text changed
    REQUIRE(d.size() == 1);
    CHECK(inside(d[0], 600, 100, 900, 300));
    CHECK(d[0].area() > 0);
    CHECK(d[0].area() < 0.1f * 300 * 200);  // its last glyph, not the window
    CHECK(d[0].y1 - d[0].y0 < 20);

    d = t.update(*two_windows(ui, "step 2", true));  // a window opens: its own area
    REQUIRE(d.size() == 1);
    CHECK(inside(d[0], 100, 500, 250, 600));
    CHECK(t.update(*two_windows(ui, "step 2", true)).empty());
    d = t.update(*two_windows(ui, "step 2"));  // it closes: the area it covered is repainted
    REQUIRE(d.size() == 1);
    CHECK(inside(d[0], 100, 500, 250, 600));

    t.damage_all();
    d = t.update(*two_windows(ui, "step 2"));
    REQUIRE(d.size() == 1);
    CHECK(d[0].area() == 1280.0f * 800.0f);

    ImGui::GetIO().DisplaySize = ImVec2(1000, 700);  // a resize: everything, at the new size
    d = t.update(*two_windows(ui, "step 2"));
    REQUIRE(d.size() == 1);
    CHECK(d[0].area() == 1000.0f * 700.0f);
}
