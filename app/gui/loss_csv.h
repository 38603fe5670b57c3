// The loss curves as CSV, for a spreadsheet or a notebook: one row per step and run,
//   run,step,main,alpha_self,total,label
// where main = L_main, alpha_self = alpha * L_self, total = L_main + alpha * L_self (raw, not
// smoothed) and label describes the run's configuration (quoted). No GUI dependency.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "session/training_snapshot.h"

namespace app {

struct LossCsvRun {
    long run = 0;
    std::string label;
    const towerlab::LossHistory* losses = nullptr;
};

void write_loss_csv(std::ostream& out, const std::vector<LossCsvRun>& runs);

// Throws towerlab::Error naming the path when it cannot be written.
void save_loss_csv(const std::string& path, const std::vector<LossCsvRun>& runs);

}  // namespace app
