#include "updates/incremental_update.h"

#include <algorithm>
#include <chrono>

#include "train/trainer.h"

namespace towerlab {

UpdateStats incremental_update(Trainer& trainer, const std::vector<Interaction>& clicks) {
    const auto t0 = std::chrono::steady_clock::now();
    const size_t b = static_cast<size_t>(trainer.config().batch_size);
    UpdateStats s;
    std::vector<Interaction> batch;
    for (size_t at = 0; at + 2 <= clicks.size(); at += b) {
        batch.assign(clicks.begin() + static_cast<long>(at), clicks.begin() + static_cast<long>(std::min(clicks.size(), at + b)));
        s.mean_loss += trainer.step_on(batch, /*ids_only=*/true).loss_total;
        ++s.steps;
    }
    if (s.steps) s.mean_loss /= static_cast<double>(s.steps);
    s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return s;
}

}  // namespace towerlab
