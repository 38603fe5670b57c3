// The loss curve of a run: one point per training step, shared with the snapshots
// (shared_history.h).
#pragma once

#include "session/shared_history.h"

namespace towerlab {

struct LossPoint {
    long step = 0;
    float main = 0;           // L_main
    float self_weighted = 0;  // alpha * L_self
    float total = 0;
};

using LossHistory = SharedHistory<LossPoint>;

}  // namespace towerlab
