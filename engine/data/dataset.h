// A dataset as the engine sees it: user and item feature tables, positive interactions (clicks)
// with timestamps, and for the synthetic data the hidden ground truth (item topics) and
// impressions (shown but not clicked), which the "wrong negative" lesson uses.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "data/feature_schema.h"

namespace towerlab {

struct Interaction {
    int32_t user = 0;       // row in Dataset::users
    int32_t item = 0;       // row in Dataset::items
    int64_t timestamp = 0;  // seconds
};

// The hidden variables of the synthetic generator (synthetic_dataset.h), from which a user's
// probability of clicking each item can be computed exactly: the oracle ranking.
struct SyntheticTruth {
    int dim = 0;                              // taste-space dimension
    std::vector<float> item_taste;            // items x dim, unit rows
    std::vector<float> user_taste;            // users x dim, unit rows
    std::vector<double> item_weight;          // popularity weight within the item's topic
    std::vector<double> topic_weight;         // topic popularity, sums to 1
    std::vector<std::array<int32_t, 2>> user_topics;  // preferred topics (may repeat)
    double topic_affinity = 0;
    double taste_sharpness = 0;
};

struct Dataset {
    std::string name;                        // "synthetic", "ml-1m:/path", ...
    FeatureTable users;
    FeatureTable items;
    std::vector<Interaction> clicks;         // positives, any order
    std::vector<Interaction> impressions;    // shown, not clicked (may be empty)
    std::vector<std::string> item_titles;    // display names (may be empty)
    std::vector<int32_t> item_topic;         // ground-truth topic per item, empty if unknown
    int num_topics = 0;
    std::vector<uint8_t> item_is_new;        // 1 for items launched after training (cold), may be empty
    std::shared_ptr<const SyntheticTruth> truth;  // synthetic data only

    int num_users() const { return users.num_rows(); }
    int num_items() const { return items.num_rows(); }
    // The dataset's own id of a row (MovieLens's movie id, a CSV's id column), which exports and
    // look-ups by id must use; the row number only where the data has no ids of its own (synthetic).
    std::string item_id(int item) const;
    std::string user_id(int user) const;
    std::string item_title(int item) const;  // the title, or "item <id>" when there is none
};

}  // namespace towerlab
