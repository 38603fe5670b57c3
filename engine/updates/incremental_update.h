// The incremental update: a stream of clicks in time order, each batch updating only the ID
// embedding rows it touches (UpdateScope::IdsOnly); MLPs and other field embeddings stay frozen.
#pragma once

#include <vector>

#include "data/dataset.h"
#include "updates/full_update.h"

namespace towerlab {

class Trainer;

// Trains on consecutive batches of the trainer's batch_size, in the given (time) order.
UpdateStats incremental_update(Trainer& trainer, const std::vector<Interaction>& clicks_in_time_order);

}  // namespace towerlab
