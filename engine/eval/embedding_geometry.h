// Alignment and uniformity of item embeddings (Wang & Isola, ICML 2020): two numbers that say
// whether a group of items is learned well, without looking at any user.
//
//   alignment  = E ||f(x') - f(x'')||^2   over two augmented views of the same item
//                (low: the tower gives an item the same vector whatever field is hidden)
//   uniformity = log E exp(-2 ||f(x) - f(y)||^2)   over pairs of different items
//                (low: the items are spread over the sphere; high: they are crowded together)
//
// Measured per popularity group, they show the long tail's problem: rarely clicked items crowd
// together (higher uniformity) because the main loss rarely moves them apart.
#pragma once

#include <cstdint>
#include <vector>

#include <Eigen/Dense>

#include "core/random.h"

namespace towerlab {

class Trainer;

// Rows `items` of `item_vectors` (unit rows): log of the mean of exp(-2 ||f_i - f_j||^2) over
// pairs i < j. 0 for fewer than two items.
float uniformity(const Eigen::MatrixXf& item_vectors, const std::vector<int32_t>& items);

// Mean squared distance between the item tower's outputs for two augmented views of each item:
// the trainer's own augmentation, or random masking when self-supervision is off (so the figure
// still says how much the tower leans on single fields). 0 for no items.
float alignment(const Trainer& trainer, const std::vector<int32_t>& items, Rng& rng);

}  // namespace towerlab
