// The run being prepared: the setup the controls and dataset panels edit (dataset source,
// hyper-parameters, seeds) and the "train to convergence" rule. Nothing here reaches the worker
// until an intent sends it (Intents::apply_setup, load_draft, train_to_convergence); the frame
// view compares it with what is loaded to say whether applying it means a reload.
#pragma once

#include "session/training_session.h"

namespace app {

struct RunDraft {
    towerlab::SessionSetup setup;
    towerlab::EarlyStopping stopping;
};

}  // namespace app
