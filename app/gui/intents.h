// Everything a panel may change, in one place: the intents sink. A panel draws from the frame view
// (frame_view.h) and says what the user asked for here: commands to the training session (queued
// to the worker, never run on the UI thread), a new selection (sent to the session together, so
// the inspector and the worker agree), edits to the run draft and its sending, and requests to the
// window (bring a panel forward, open a window, show a notice or an error, where content was drawn
// for the screenshot checks). The window reads those requests back (WindowRequests) each frame.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include <imgui.h>

#include "frame_view.h"
#include "run_draft.h"
#include "selection.h"
#include "session/training_session.h"

namespace app {

struct Rect {
    float x = 0, y = 0, w = 0, h = 0;
};

// What the panels asked of the window, read and cleared by AppWindow.
struct WindowRequests {
    std::vector<std::string> focus;  // panel ids to bring to the front this frame
    // A panel a lesson points at (its id): its slot is drawn with a highlighted frame until
    // highlight_until and brought above other windows on the next frame.
    std::string pointed;
    double highlight_until = 0;
    bool raise_pointed = false;
    bool show_lessons = false;       // the lessons window is open
    bool show_imported = false;      // the imported embeddings' window is open
    bool show_frame_stats = true;
    std::string notice;              // one-line feedback (saved file, exported CSV)
    std::string ui_error;            // a front-end failure (setup file, CSV) shown until dismissed
    std::map<std::string, Rect> layout;  // content rectangles by name, for screenshot checks
};

class Intents {
public:
    Intents(towerlab::TrainingSession& session, const FrameView& frame, Selection& selection, RunDraft& draft,
            WindowRequests& requests)
        : session_(session), frame_(frame), selection_(selection), draft_(draft), requests_(requests) {}

    // The session's commands (start, pause, load, export, ...): each is queued to the worker.
    towerlab::TrainingSession& session() { return session_; }

    // The run draft, edited in place by the controls; nothing is sent until one of these below.
    RunDraft& draft() { return draft_; }
    // Sends the draft: a new dataset load when the data part changed, else a reset with the
    // draft's hyper-parameters (either way a new run starts).
    void apply_setup();
    // Loads the draft's dataset and config, whatever changed; the item and user selected go.
    void load_draft();
    void train_to_convergence() { session_.train_to_convergence(draft_.stopping); }

    void select_item(int item);
    void select_user(int user);
    void select_imported_item(int item);
    // Brute force, or the ANN index built with `index` (the current one when omitted).
    void set_ann_retrieval(bool on);
    void set_ann_retrieval(bool on, const towerlab::AnnIndexConfig& index);
    // The map on screen asks for its layout: the session lays out one map at a time, the one shown.
    // Sent only when it differs from the current one, so a panel may say it every frame.
    void show_map(towerlab::MapSubject subject, towerlab::LayoutMethod method);
    // Imports embeddings trained elsewhere (served with the current ANN parameters) into a window
    // of their own; the imported item selected goes.
    void import_embeddings(const std::string& path, const std::string& metadata_path);
    // Drops the imported embeddings and closes their window.
    void close_imported();

    // Brings the panel `id` (panel_registry.h) to the front on this frame.
    void focus(const std::string& id) { requests_.focus.push_back(id); }
    // focus(), and raises its slot's window and outlines it for a few seconds (a lesson's "look at").
    void point_at(const std::string& id);
    void show_imported(bool open) { requests_.show_imported = open; }

    void notify(const std::string& message) { requests_.notice = message; }
    // Runs a file action of the front end (save a CSV, load a setup): on success `done` becomes
    // the notice and an earlier error goes; a throw becomes the error shown, and the app runs on.
    void attempt(const std::function<void()>& action, const std::string& done);
    // A front-end failure, shown until dismissed; a later success clears it.
    void fail(const std::string& message) { requests_.ui_error = message; }
    void clear_error() { requests_.ui_error.clear(); }

    // Where content named `name` was drawn this frame (the screenshot report's layout).
    void note_rect(const std::string& name, ImVec2 min, ImVec2 max) {
        requests_.layout[name] = {min.x, min.y, max.x - min.x, max.y - min.y};
    }

private:
    towerlab::TrainingSession& session_;
    const FrameView& frame_;
    Selection& selection_;
    RunDraft& draft_;
    WindowRequests& requests_;
};

}  // namespace app
