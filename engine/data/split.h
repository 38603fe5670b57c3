// Train/test split and popularity groups, decided once and shared by training and evaluation.
//
// Leave-last-out: each user's latest click (in time) is their test target; the rest train. With
// a validation split, each user's previous click (the second latest, for users with at least three
// clicks) is held out too, as the target early stopping watches; the test target stays untouched.
// Cold items: every interaction with an item marked new (Dataset::item_is_new, or a seeded share
// of items for real data) is removed from training and from every statistic the model sees, so
// they have no training clicks. Head: the top head_share of items by training clicks; the rest
// with at least one training click are long-tail; cold is its own group.
#pragma once

#include <cstdint>
#include <vector>

#include "data/dataset.h"

namespace towerlab {

enum class ItemGroup : uint8_t { Head = 0, Tail = 1, Cold = 2 };
const char* to_string(ItemGroup g);

struct SplitConfig {
    double head_share = 0.2;          // top share of items by training clicks
    double cold_item_share = 0.1;     // used when the dataset marks no new items itself
    double label_fraction = 1.0;      // seeded share of training clicks kept (test clicks all stay)
    bool validation = false;          // hold out each user's previous click as a validation target
    uint64_t seed = 7;
};

struct Split {
    std::vector<Interaction> train;                   // sorted by timestamp
    std::vector<Interaction> test;                    // at most one per user
    std::vector<Interaction> validation;              // at most one per user (SplitConfig::validation)
    std::vector<int32_t> validation_item;             // per user: the validation target's item, or -1
    std::vector<int32_t> train_clicks;                // per item
    std::vector<ItemGroup> item_group;                // per item
    std::vector<std::vector<int32_t>> user_train_items;  // per user, sorted, unique
    int num_head = 0, num_tail = 0, num_cold = 0;

    bool is_cold(int item) const { return item_group[static_cast<size_t>(item)] == ItemGroup::Cold; }
};

Split make_split(const Dataset& data, const SplitConfig& config);

// Buckets of an item's training clicks, finer than head / long-tail: the paper's tail is items
// with a handful of labels, and "long-tail" (everything below the head) hides where they are.
constexpr int kNumClickBuckets = 5;
int click_bucket(int training_clicks);          // 0: none (cold), 1: 1-2, 2: 3-5, 3: 6-20, 4: 21+
const char* click_bucket_name(int bucket);      // "0", "1-2", "3-5", "6-20", "21+"

}  // namespace towerlab
