// The window's state for one frame, in three parts with one writer each:
//   FrameView       what panels read (the session's view taken once per frame, past runs, the
//                   selection and draft as they stand); written by the window only (frame_view.h)
//   Selection,      what the user picked and the run being prepared; written only through the
//   RunDraft        intents, read through the frame view (selection.h, run_draft.h)
//   Intents         the sink every panel's change goes through: session commands, selection,
//                   draft sending, window requests (intents.h)
// A panel's draw is draw(const FrameView&, Intents&) (panel_registry.h): it cannot change what
// it reads except by saying so.
#pragma once

#include <string>

#include "frame_view.h"
#include "intents.h"

namespace app {

struct AppState {
    AppState(towerlab::TrainingSession& s, scatter::Backend* b, scatter::Backend* imported = nullptr,
             scatter::Backend* users = nullptr)
        : session(s), frame(selection, draft), intents(s, frame, selection, draft, requests) {
        frame.scatter_backend = b;
        frame.imported_scatter_backend = imported;
        frame.user_scatter_backend = users;
    }
    AppState(const AppState&) = delete;
    AppState& operator=(const AppState&) = delete;

    towerlab::TrainingSession& session;
    Selection selection;
    RunDraft draft;
    WindowRequests requests;
    FrameView frame;
    Intents intents;

    // Whether the window `slot` holds the panel pointed at, while its outline lasts.
    bool highlighted(const std::string& slot) const {
        if (requests.pointed.empty() || !frame.panels || ImGui::GetTime() >= requests.highlight_until) return false;
        const PanelEntry* p = frame.panels->find(requests.pointed);
        return p && p->slot == slot;
    }
};

}  // namespace app
