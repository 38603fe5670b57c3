// The full update: one epoch over a period's clicks in random order, every parameter trained.
#pragma once

#include <vector>

#include "core/random.h"
#include "data/dataset.h"

namespace towerlab {

class Trainer;

struct UpdateStats {
    long steps = 0;
    double mean_loss = 0;
    double seconds = 0;
};

// Shuffles `clicks` with rng and trains on consecutive batches of the trainer's batch_size (a last
// batch of fewer than 2 clicks is dropped: in-batch softmax needs a negative).
UpdateStats full_update(Trainer& trainer, std::vector<Interaction> clicks, Rng& rng);

}  // namespace towerlab
