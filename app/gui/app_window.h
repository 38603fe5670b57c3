// The whole window of the app, one frame at a time: the menu bar, the error banner and the panels
// laid out for the display size (1280x800 and larger), some of them as tabs. It takes the session's
// published view once per frame and hands it to every panel; it never draws with GL itself, so the
// tier-2 tests run it under a bare ImGui context.
//
//   +------------+----------------------+-------------------------+
//   | Training   | Loss curves          | Recall@K | Geometry     |
//   |            |                      |                         |
//   +------------+----------------------+-------------------------+
//   | Dataset    | PCA projection |      | MI heatmap | Item | User |
//   |            | Update timeline      |                         |
//   +------------+----------------------+-------------------------+
//
// Imported embeddings and the lessons open in windows of their own over the centre and the right;
// a lesson's "look at" raises the slot it points at above them.
#pragma once

#include <map>
#include <string>

#include "app_state.h"
#include "file_popups.h"
#include "frame_profile.h"
#include "panel_registry.h"
#include "panels/panels.h"

namespace app {

class AppWindow {
public:
    AppWindow(towerlab::TrainingSession& session, scatter::Backend* scatter, scatter::Backend* imported_scatter = nullptr,
              scatter::Backend* user_scatter = nullptr);

    // Sets the draft setup and loads it (the first dataset, or a setup file given on the command line).
    void load(const towerlab::SessionSetup& setup);

    // Builds one frame's UI; call between ImGui::NewFrame() and ImGui::Render().
    void frame();

    AppState& state() { return state_; }
    const AppState& state() const { return state_; }
    FrameStatsOverlay& frame_stats() { return frame_stats_; }
    // Each frame's phases (pull_view, every panel by id); the caller adds its own and ends the frame.
    FrameProfile& profile() { return profile_; }
    const LossPanel& loss_panel() const { return loss_; }
    ProjectionPanel& projection_panel() { return projection_; }
    UserMapPanel& user_map_panel() { return user_map_; }
    MiHeatmapPanel& heatmap_panel() { return heatmap_; }
    LessonsPanel& lessons_panel() { return lessons_; }
    AugmentationViewerPanel& augmentation_panel() { return augmentations_; }
    FilePopups& file_popups() { return files_; }

    // Brings the panel `id` (panel_registry.h) to the front on the next frame.
    void show(const std::string& id) { state_.intents.focus(id); }
    const PanelRegistry& panels() const { return panels_; }
    // Lays the windows out again for the current display size on the next frame.
    void reset_layout() { layout_pending_ = true; }
    bool quit_requested() const { return quit_; }

private:
    void pull_view();
    void menu_bar();
    void lessons_menu();
    void status_message();
    bool begin_slot(const char* label, const char* id, float x, float y, float w, float h);
    void end_slot(const char* id);
    // Whether window `id` covered another shown window last frame (then it draws its background).
    bool overlaps_other_window(const std::string& id) const;
    // Records where the current window is, for the next frame's overlap test.
    void note_window(const std::string& id);

    AppState state_;
    ControlsPanel controls_;
    DatasetPanel dataset_;
    LossPanel loss_;
    MetricsPanel metrics_;
    ProjectionPanel projection_;
    UserMapPanel user_map_;
    GeometryPanel geometry_;
    MiHeatmapPanel heatmap_;
    ItemInspectorPanel item_;
    UserPanel user_;
    UpdateTimelinePanel timeline_;
    ImportedPanel imported_;
    AugmentationViewerPanel augmentations_;
    LessonsPanel lessons_;
    FrameStatsOverlay frame_stats_;
    FrameProfile profile_;
    FilePopups files_;
    PanelRegistry panels_;  // every panel above but the overlay and the imported window, by id

    std::map<std::string, Rect> window_rects_, next_window_rects_;  // last frame's, this frame's
    bool layout_pending_ = true;
    ImVec2 laid_out_for_{0, 0};
    bool quit_ = false;
    long shown_error_serial_ = 0;
    long shown_notice_serial_ = 0;
    bool error_dismissed_ = false;
};

}  // namespace app
