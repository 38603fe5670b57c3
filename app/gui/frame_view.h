// What a panel reads during one frame, and may not change: the session's view taken once at the
// start of the frame (no lock is held while drawing), earlier runs' losses for overlay, the
// selection and the draft as they stand, the panel list, and how the frame is drawn (screenshot
// mode, fonts, the GL scatter renderers). Every change a panel makes goes through Intents
// (intents.h); the window alone writes this view, in AppWindow::pull_view.
#pragma once

#include <string>
#include <vector>

#include "panel_registry.h"
#include "render/scatter_backend.h"
#include "run_draft.h"
#include "selection.h"
#include "session/training_session.h"

namespace app {

// The loss history of an earlier run, kept for overlay when a reset starts a new one.
struct PastRun {
    long run = 0;
    std::string label;  // "run 2: in_batch_softmax, logQ streaming, tau 0.05, ..."
    towerlab::LossHistory losses;
};

class FrameView {
public:
    FrameView(const Selection& selection, const RunDraft& draft) : selection_(&selection), draft_(&draft) {}

    towerlab::SessionView view;       // this frame's published state
    std::vector<PastRun> past_runs;   // oldest first, at most kMaxPastRuns
    const PanelRegistry* panels = nullptr;  // ids resolve to slots and titles
    // The GL renderers a panel draws its points into; null: ImDrawList points instead.
    scatter::Backend* scatter_backend = nullptr;           // the item map
    scatter::Backend* imported_scatter_backend = nullptr;  // the imported embeddings' map
    scatter::Backend* user_scatter_backend = nullptr;      // the user map
    bool capture = false;             // screenshot mode: hide text that changes run to run
    bool chinese_available = false;   // a CJK font was found and merged (fonts.h)
    std::string font_note;            // why Chinese is unavailable, shown in the Language menu

    static constexpr size_t kMaxPastRuns = 4;

    // The snapshot and data of this frame, or null.
    const towerlab::TrainingSnapshot* snapshot() const { return view.snapshot.get(); }
    const towerlab::SessionData* data() const { return view.data.get(); }
    const Selection& selection() const { return *selection_; }
    const RunDraft& draft() const { return *draft_; }

    // Whether applying the draft would reload the dataset rather than only reset the trainer.
    bool setup_needs_reload() const;

private:
    const Selection* selection_;
    const RunDraft* draft_;
};

// "run 3: in_batch_softmax, in_batch negatives, logQ streaming, tau 0.05, SSL cfm alpha 0.1".
std::string run_label(long run, const towerlab::TrainConfig& c);

}  // namespace app
