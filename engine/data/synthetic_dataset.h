// The embedded default dataset: generated in memory from a seed, with a known ground truth.
//
// Items belong to hidden topics. Their fields are noisy functions of the topic and of each other
// (category set, audience gender tied to category, region, price bucket, keyword set), so that
// content features carry real signal and correlated feature masking has correlations to find.
// Item popularity is Zipf-like; users prefer a few topics; clicks spread over several days; a share
// of items is launched late ("new") and gets no training clicks (cold start). docs/synthetic.md
// describes the generator in full.
#pragma once

#include <cstdint>

#include "data/dataset.h"

namespace towerlab {

struct SyntheticConfig {
    int num_users = 20000;
    int num_items = 5000;
    long num_clicks = 300000;
    int num_topics = 20;
    int num_days = 8;
    double zipf_exponent = 1.1;        // item popularity ~ 1 / rank^s
    double new_item_share = 0.1;       // items launched after training: the cold-start group
    double topic_affinity = 0.8;       // chance a click follows the user's topic preference
    int impressions_per_click = 2;     // shown-not-clicked records emitted per click (0 = none)
    uint64_t seed = 7;

    void validate() const;
};

Dataset make_synthetic_dataset(const SyntheticConfig& config);

}  // namespace towerlab
