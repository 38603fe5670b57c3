// A dataset as the engine sees it: user and item feature tables, positive interactions (clicks)
// with timestamps, and for the synthetic data the hidden ground truth (item topics) and
// impressions (shown but not clicked), which the "wrong negative" lesson uses.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "data/feature_schema.h"

namespace towerlab {

struct Interaction {
    int32_t user = 0;       // row in Dataset::users
    int32_t item = 0;       // row in Dataset::items
    int64_t timestamp = 0;  // seconds
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

    int num_users() const { return users.num_rows(); }
    int num_items() const { return items.num_rows(); }
    std::string item_title(int item) const;
};

}  // namespace towerlab
