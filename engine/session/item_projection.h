// The live picture of the item embeddings the app draws while training: a stratified sample of
// items placed on the first two principal axes of all item vectors (eval/pca_projection.h), each
// frame pinned to the previous one so the picture turns only as much as the embeddings do, and
// the density of the points' directions per popularity group.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include <Eigen/Dense>

#include "data/split.h"
#include "eval/pca_projection.h"
#include "session/training_snapshot.h"

namespace towerlab {

// At most `budget` items, every popularity group represented in proportion to its size but with at
// least a tenth of the budget when it has that many, so the small cold group stays visible.
std::vector<int32_t> stratified_sample(const Split& split, int num_items, int budget, uint64_t seed);

// Per popularity group: the histogram of the points' directions (kAngleBins bins from -pi),
// smoothed circularly by a binomial kernel (1 4 6 4 1)/16 applied twice (about +-10 degrees),
// divided by count x bin width: a density. Empty for a group without points.
std::array<std::vector<float>, 3> angle_densities(const std::vector<float>& angle, const std::vector<int32_t>& items,
                                                  const Split& split);

// `items` of the item vectors `e` on the PCA frame of all of `e`, pinned to `frame` (the previous
// picture's; empty for the first), which becomes the new frame.
std::shared_ptr<ProjectedItems> project_items(const Eigen::MatrixXf& e, const std::vector<int32_t>& items,
                                              const Split& split, long step, PcaFrame& frame);

}  // namespace towerlab
