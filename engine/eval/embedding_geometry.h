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
#include <functional>
#include <vector>

#include <Eigen/Dense>

#include "core/config.h"
#include "core/random.h"
#include "data/feature_schema.h"
#include "model/feature_batch.h"
#include "model/matrix.h"
#include "ssl/mutual_information.h"

namespace towerlab {

// The item tower applied to a batch of item features (Trainer::embed_item_batch): eval/ sits below
// train/, so it gets the tower as a function rather than the trainer.
using ItemTowerFn = std::function<Mat<float>(const FeatureBatch&)>;

// Rows `items` of `item_vectors` (unit rows): log of the mean of exp(-2 ||f_i - f_j||^2) over
// pairs i < j. 0 for fewer than two items.
float uniformity(const Eigen::MatrixXf& item_vectors, const std::vector<int32_t>& items);

// Mean squared distance between the item tower's outputs for two augmented views of each item:
// the trainer's own augmentation, or random masking when self-supervision is off (so the figure
// still says how much the tower leans on single fields). 0 for no items.
// `config` says the augmentation; `mi` its correlated groups.
float alignment(const FeatureTable& item_features, const MutualInformation& mi, const TrainConfig& config,
                const ItemTowerFn& item_tower, const std::vector<int32_t>& items, Rng& rng);

}  // namespace towerlab
