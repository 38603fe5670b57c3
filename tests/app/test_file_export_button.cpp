// The file export button the loss CSV and the two maps' TSVs share (panels/shared_widgets.h): the
// button opens a popup with the path; Save runs the save through Intents::attempt, whose notice
// names the path, and closes the popup; not ready, Save does nothing and the popup stays.
#include <catch2/catch.hpp>

#include <string>

#include <imgui_internal.h>

#include "app_state.h"
#include "imgui_fixture.h"
#include "panels/shared_widgets.h"

namespace {

// Clicks the middle of [min, max]: the mouse over it, pressed, released, a frame each.
void click(ImGuiFixture& ui, const std::function<void()>& body, ImVec2 min, ImVec2 max) {
    const ImVec2 at((min.x + max.x) / 2, (min.y + max.y) / 2);
    ui.mouse(at);
    ui.window_frame(body);
    ui.mouse(at, true);
    ui.window_frame(body);
    ui.mouse(at, false);
    ui.window_frame(body);
}

}  // namespace

TEST_CASE("the file export button saves through the intents and names the path", "[app][widgets]") {
    ImGuiFixture ui;
    towerlab::TrainingSession session;
    app::AppState s(session, nullptr);
    std::string path = "out.tsv";
    bool ready = false;
    int saves = 0;
    std::string saved_to;
    ImVec2 button_min, button_max, save_min, save_max;
    bool open = false;
    const auto body = [&] {
        app::file_export_button("TSV", "tooltip", "export test", path, ready, [&] { ++saves, saved_to = path; }, "saved to ",
                                s.intents);
        open = ImGui::IsPopupOpen("export test");
        if (!open) {
            button_min = ImGui::GetItemRectMin();
            button_max = ImGui::GetItemRectMax();
            return;
        }
        // Save is the popup's last row, a button at the row's start: from the popup's layout.
        const ImGuiWindow* w = ImGui::GetCurrentContext()->OpenPopupStack.back().Window;
        if (!w) return;
        const float h = ImGui::GetFrameHeight();
        save_min = ImVec2(w->DC.CursorStartPos.x, w->DC.CursorMaxPos.y - h);
        save_max = ImVec2(w->DC.CursorStartPos.x + ImGui::CalcTextSize("Save").x, w->DC.CursorMaxPos.y);
    };
    ui.window_frame(body);
    REQUIRE_FALSE(open);
    click(ui, body, button_min, button_max);
    REQUIRE(open);
    ui.window_frame(body);  // the popup laid out
    REQUIRE(save_max.y > button_max.y);

    // Not ready (no data yet): Save does nothing, and the popup stays.
    click(ui, body, save_min, save_max);
    CHECK(saves == 0);
    CHECK(open);

    // Ready: the save runs with the path, the notice names it, the popup closes.
    ready = true;
    path = "maps/users.tsv";
    click(ui, body, save_min, save_max);
    CHECK(saves == 1);
    CHECK(saved_to == "maps/users.tsv");
    CHECK(s.requests.notice == "saved to maps/users.tsv");
    CHECK_FALSE(open);
}
