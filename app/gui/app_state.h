// What the panels share during one frame: the session to send intents to, the view taken from it
// once at the start of the frame (no lock is held while drawing), the setup being edited, the
// selection, and where each panel put its content (read by the screenshot checker).
#pragma once

#include <map>
#include <string>
#include <vector>

#include <imgui.h>

#include "panel_registry.h"
#include "render/scatter_backend.h"
#include "session/training_session.h"

namespace app {

// The loss history of an earlier run, kept for overlay when a reset starts a new one.
struct PastRun {
    long run = 0;
    std::string label;  // "run 2: in_batch_softmax, logQ streaming, tau 0.05, ..."
    towerlab::LossHistory losses;
};

struct Rect {
    float x = 0, y = 0, w = 0, h = 0;
};

struct AppState {
    AppState(towerlab::TrainingSession& s, scatter::Backend* b, scatter::Backend* imported = nullptr)
        : session(s), scatter_backend(b), imported_scatter_backend(imported) {}

    towerlab::TrainingSession& session;
    scatter::Backend* scatter_backend;  // null: the projection falls back to ImDrawList points
    scatter::Backend* imported_scatter_backend;  // the imported embeddings' projection
    towerlab::SessionView view;         // this frame's published state
    towerlab::SessionSetup setup;       // the draft edited by the controls and dataset panels
    towerlab::EarlyStopping stopping;   // the "train to convergence" rule edited by the controls
    std::vector<PastRun> past_runs;     // oldest first, at most kMaxPastRuns
    int selected_item = -1;
    int selected_user = -1;
    // Serving in the user view: brute force, or the ANN index built with these parameters.
    bool ann_retrieval = false;
    towerlab::AnnIndexConfig ann_index;
    // Imported item embeddings: the window showing them and its selected item.
    bool show_imported = false;
    int imported_item = -1;
    // The panels of the window (panel_registry.h), set by the window: ids resolve to slots and titles.
    const PanelRegistry* panels = nullptr;
    // A panel a lesson points at (its id): its slot is drawn with a highlighted frame until
    // highlight_until and brought above other windows on the next frame.
    std::string pointed;
    double highlight_until = 0;
    bool raise_pointed = false;
    bool show_lessons = false;          // the lessons window is open
    bool show_frame_stats = true;
    bool chinese_available = false;     // a CJK font was found and merged (fonts.h)
    std::string font_note;              // why Chinese is unavailable, shown in the Language menu
    bool capture = false;               // screenshot mode: hide text that changes run to run
    std::string notice;                 // one-line feedback (saved file, exported CSV)
    std::string ui_error;               // a front-end failure (setup file, CSV) shown until dismissed
    std::vector<std::string> focus_requests;  // panel ids to bring to the front, handled by the window this frame
    std::map<std::string, Rect> layout; // content rectangles by name, for screenshot checks

    static constexpr size_t kMaxPastRuns = 4;

    // The snapshot and data of this frame, or null.
    const towerlab::TrainingSnapshot* snapshot() const { return view.snapshot.get(); }
    const towerlab::SessionData* data() const { return view.data.get(); }

    // Sends the draft: a new dataset load when the data part changed, else a reset with the
    // draft's hyper-parameters (either way a new run starts).
    void apply_setup();
    // Whether apply_setup() would reload the dataset rather than only reset the trainer.
    bool setup_needs_reload() const;

    void select_item(int item) {
        selected_item = item;
        session.inspect_item(item);
        if (item >= 0) focus_requests.push_back("item");
    }
    void select_user(int user) {
        selected_user = user;
        session.inspect_user(user);
        if (user >= 0) focus_requests.push_back("user");
    }
    void set_ann_retrieval(bool on) {
        ann_retrieval = on;
        session.set_serving(on, ann_index);
    }
    void select_imported_item(int item) {
        imported_item = item;
        session.inspect_imported_item(item);
    }
    // Brings the panel `id` to the front, raises its slot's window and outlines it for a few seconds.
    void point_at(const std::string& id) {
        focus_requests.push_back(id);
        pointed = id;
        raise_pointed = true;
        highlight_until = ImGui::GetTime() + 6.0;
    }
    // Whether the window `slot` holds the panel pointed at, while its outline lasts.
    bool highlighted(const std::string& slot) const;
    void note_rect(const std::string& name, ImVec2 min, ImVec2 max) {
        layout[name] = {min.x, min.y, max.x - min.x, max.y - min.y};
    }
};

// "run 3: in_batch_softmax, in_batch negatives, logQ streaming, tau 0.05, SSL cfm alpha 0.1".
std::string run_label(long run, const towerlab::TrainConfig& c);

}  // namespace app
