#include "app_window.h"

#include <algorithm>
#include <cstdio>

#include <imgui.h>
#include <imgui_stdlib.h>

#include "core/error.h"
#include "setup_file.h"

namespace app {

AppWindow::AppWindow(towerlab::TrainingSession& session, scatter::Backend* scatter) : state_(session, scatter) {}

void AppWindow::load(const towerlab::SessionSetup& setup) {
    state_.setup = setup;
    state_.session.load(setup);
}

void AppWindow::pull_view() {
    towerlab::SessionView v = state_.session.view();
    const towerlab::TrainingSnapshot* old = state_.view.snapshot.get();
    // A new run began (reset or load): keep the finished run's losses for overlay.
    if (old && v.run != state_.view.run && !old->losses.empty()) {
        state_.past_runs.push_back({state_.view.run, run_label(state_.view.run, old->config), old->losses});
        if (state_.past_runs.size() > AppState::kMaxPastRuns) state_.past_runs.erase(state_.past_runs.begin());
    }
    if (v.data && (!state_.view.data || v.data->generation != state_.view.data->generation)) {
        state_.selected_item = -1;
        state_.selected_user = -1;
    }
    if (v.error_serial != shown_error_serial_) {
        shown_error_serial_ = v.error_serial;
        error_dismissed_ = false;
    }
    state_.view = std::move(v);
}

void AppWindow::menu_bar() {
    if (!ImGui::BeginMainMenuBar()) return;
    if (ImGui::BeginMenu("File")) {
        if (ImGui::MenuItem("Save setup...")) open_save_popup_ = true;
        if (ImGui::MenuItem("Load setup...")) open_load_popup_ = true;
        ImGui::Separator();
        if (ImGui::MenuItem("Quit")) quit_ = true;
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("View")) {
        ImGui::MenuItem("Frame-time overlay", nullptr, &state_.show_frame_stats);
        if (ImGui::MenuItem("Reset layout")) layout_pending_ = true;
        ImGui::Separator();
        if (ImGui::MenuItem("Recall@K")) show(Tab::Recall);
        if (ImGui::MenuItem("Geometry of head vs tail")) show(Tab::Geometry);
        if (ImGui::MenuItem("MI heatmap")) show(Tab::Heatmap);
        if (ImGui::MenuItem("Item inspector")) show(Tab::Item);
        if (ImGui::MenuItem("User view")) show(Tab::User);
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("Help")) {
        ImGui::TextUnformatted("TowerLab trains a two-tower retrieval model and shows it learning.");
        ImGui::TextUnformatted("Hover any control's (?) for the concept and its formula.");
        ImGui::TextUnformatted("Plots: drag to pan, wheel to zoom (shift: y), double-click to fit.");
        ImGui::TextUnformatted("Projection: hover an item for its fields, click to inspect it.");
        ImGui::EndMenu();
    }
    // Status on the right of the menu bar: the current error, else the latest notice.
    const towerlab::SessionView& v = state_.view;
    std::string message;
    ImVec4 colour(0.6f, 0.85f, 0.6f, 1);
    if (!state_.ui_error.empty()) {
        message = "Error: " + state_.ui_error;
        colour = ImVec4(1, 0.45f, 0.4f, 1);
    } else if (!v.error.empty() && !error_dismissed_) {
        message = "Error (" + v.error_source + "): " + v.error;
        colour = ImVec4(1, 0.45f, 0.4f, 1);
    } else if (v.loading) {
        message = "loading dataset...";
    } else if (!state_.notice.empty()) {
        message = state_.notice;
    }
    if (!message.empty()) {
        ImGui::Separator();
        const float avail = ImGui::GetContentRegionAvail().x - 20;
        std::string shown = message;
        while (shown.size() > 4 && ImGui::CalcTextSize(shown.c_str()).x > avail) shown.resize(shown.size() - 5), shown += "...";
        ImGui::TextColored(colour, "%s", shown.c_str());
        if (ImGui::IsItemHovered()) {
            ImGui::BeginTooltip();
            ImGui::PushTextWrapPos(600);
            ImGui::TextUnformatted(message.c_str());
            ImGui::TextDisabled("click to dismiss");
            ImGui::PopTextWrapPos();
            ImGui::EndTooltip();
        }
        if (ImGui::IsItemClicked()) {
            if (!state_.ui_error.empty()) state_.ui_error.clear();
            else if (!v.error.empty()) error_dismissed_ = true;
            else state_.notice.clear();
        }
    }
    ImGui::EndMainMenuBar();
}

void AppWindow::setup_file_popups() {
    if (open_save_popup_) ImGui::OpenPopup("Save setup");
    if (open_load_popup_) ImGui::OpenPopup("Load setup");
    open_save_popup_ = open_load_popup_ = false;
    for (int which = 0; which < 2; ++which) {
        const char* name = which == 0 ? "Save setup" : "Load setup";
        if (!ImGui::BeginPopupModal(name, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) continue;
        ImGui::TextUnformatted(which == 0 ? "Dataset, split, hyper-parameters and seeds (the edited draft) go to:"
                                          : "Load a setup file and start a run from it:");
        ImGui::SetNextItemWidth(420);
        ImGui::InputText("path", &popup_path_);
        if (ImGui::Button(which == 0 ? "Save" : "Load", ImVec2(120, 0))) {
            try {
                if (which == 0) {
                    save_setup(state_.setup, popup_path_);
                    state_.notice = "saved setup to " + popup_path_;
                } else {
                    load(load_setup_for_app(popup_path_));
                    state_.notice = "loaded setup from " + popup_path_;
                }
                state_.ui_error.clear();
            } catch (const std::exception& e) {
                state_.ui_error = e.what();
            }
            ImGui::CloseCurrentPopup();
        }
        ImGui::SameLine();
        if (ImGui::Button("Cancel", ImVec2(120, 0))) ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
    }
}

bool AppWindow::begin_slot(const char* name, float x, float y, float w, float h) {
    const ImGuiCond cond = layout_pending_ ? ImGuiCond_Always : ImGuiCond_FirstUseEver;
    ImGui::SetNextWindowPos(ImVec2(x, y), cond);
    ImGui::SetNextWindowSize(ImVec2(w, h), cond);
    return ImGui::Begin(name, nullptr, ImGuiWindowFlags_NoCollapse);
}

void AppWindow::frame() {
    pull_view();
    state_.layout.clear();
    ImGuiIO& io = ImGui::GetIO();
    menu_bar();
    setup_file_popups();

    const ImVec2 display = io.DisplaySize;
    if (display.x != laid_out_for_.x || display.y != laid_out_for_.y) {
        layout_pending_ = true;
        laid_out_for_ = display;
    }
    const float top = ImGui::GetFrameHeight();
    const float H = std::max(200.0f, display.y - top), W = std::max(400.0f, display.x);
    const float left_w = std::clamp(W * 0.25f, 300.0f, 420.0f);
    const float right_w = std::floor((W - left_w) * 0.44f);
    const float centre_w = W - left_w - right_w;
    const float cx = left_w, rx = left_w + centre_w;

    bool want[5] = {false, false, false, false, false};
    for (Tab t : state_.focus_requests) want[static_cast<int>(t)] = true;
    state_.focus_requests.clear();
    const auto tab = [&](const char* label, Tab t) {
        return ImGui::BeginTabItem(label, nullptr, want[static_cast<int>(t)] ? ImGuiTabItemFlags_SetSelected : 0);
    };

    const float controls_h = std::floor(H * 0.63f);
    if (begin_slot("Training", 0, top, left_w, controls_h)) controls_.draw(state_);
    ImGui::End();
    if (begin_slot("Dataset", 0, top + controls_h, left_w, H - controls_h)) dataset_.draw(state_);
    ImGui::End();

    const float loss_h = std::floor(H * 0.42f);
    if (begin_slot("Loss curves", cx, top, centre_w, loss_h)) loss_.draw(state_);
    ImGui::End();
    if (begin_slot("Item embeddings (PCA projection)", cx, top + loss_h, centre_w, H - loss_h)) projection_.draw(state_);
    ImGui::End();

    const float metrics_h = std::floor(H * 0.5f);
    if (begin_slot("Evaluation", rx, top, right_w, metrics_h)) {
        if (ImGui::BeginTabBar("evaluation tabs")) {
            if (tab("Recall@K", Tab::Recall)) {
                metrics_.draw(state_);
                ImGui::EndTabItem();
            }
            if (tab("Geometry: head vs tail", Tab::Geometry)) {
                geometry_.draw(state_);
                ImGui::EndTabItem();
            }
            ImGui::EndTabBar();
        }
    }
    ImGui::End();
    if (begin_slot("Inspect", rx, top + metrics_h, right_w, H - metrics_h)) {
        if (ImGui::BeginTabBar("inspect tabs")) {
            if (tab("MI heatmap", Tab::Heatmap)) {
                heatmap_.draw(state_);
                ImGui::EndTabItem();
            }
            if (tab("Item", Tab::Item)) {
                item_.draw(state_);
                ImGui::EndTabItem();
            }
            if (tab("User", Tab::User)) {
                user_.draw(state_);
                ImGui::EndTabItem();
            }
            ImGui::EndTabBar();
        }
    }
    ImGui::End();

    if (state_.show_frame_stats && !state_.capture) frame_stats_.draw(state_);
    layout_pending_ = false;
}

}  // namespace app
