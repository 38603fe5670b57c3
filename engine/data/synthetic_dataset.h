// The embedded default dataset: generated in memory from a seed, with a known ground truth.
//
// The generator, in the order it runs (docs/synthetic.md has the full account and the reasons):
//   1. Topics. Each topic t has a centre c_t on the unit sphere of a small "taste space" and a
//      popularity 1/(rank+1)^topic_zipf_exponent: a few topics are mainstream, the rest niche.
//   2. Content values. Every category, keyword and creator belongs to one topic and has its own
//      point near that topic's centre (creators and keywords scattered further than categories),
//      so the values carry fine-grained taste, not only the topic.
//   3. Items. An item draws its topic uniformly (niche topics have as many items as mainstream
//      ones), then its fields, mostly from its topic's values: category set, audience gender tied
//      to the first category, region, price bucket, keyword set, creator. Its hidden taste point is
//      the normalised mix of its values' points plus an item-specific offset of scale
//      item_residual that no field reveals (only the item's ID row can learn it). Each content field is missing
//      (value 0) with probability missing_share, as in real catalogues; the hidden point still
//      counts the value, so a missing field hides information the model cannot recover.
//   4. Popularity. Within its topic an item has Zipf weight 1/(rank+1)^zipf_exponent; a share of
//      items is new, launched on the last day (the cold-start group).
//   5. Users prefer one or two topics (drawn by topic popularity); their taste point is the mix of
//      those centres plus personal noise. Fields (gender, age, region) follow their main topic.
//   6. Clicks. A click picks a topic (a preferred one with probability topic_affinity, else one by
//      topic popularity), proposes items of that topic by popularity, and accepts one with
//      probability exp(taste_sharpness * (cos(user, item) - 1)): popular items are proposed more,
//      well-matched items are accepted more. Rejected proposals are the click's impressions (shown,
//      not clicked). Timestamps spread over num_days; new items only on the last day.
// Because the click probability is known, Dataset::truth lets the evaluation score an oracle: the
// best ranking any model could learn from this data (eval/oracle_ranking.h).
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
    double zipf_exponent = 1.1;        // item popularity within a topic ~ 1 / rank^s
    double topic_zipf_exponent = 0.8;  // topic popularity ~ 1 / rank^s: mainstream vs niche topics
    double taste_sharpness = 4.0;      // beta: how much a click follows fine-grained taste
    double missing_share = 0.1;        // chance each content field of an item is missing
    // Scale of each item's own taste offset, which no content field reveals: only its ID row can
    // learn it. Small: features say nearly all (SSL's premise); large: the ID carries the item.
    double item_residual = 0.3;
    double new_item_share = 0.1;       // items launched after training: the cold-start group
    double topic_affinity = 0.8;       // chance a click follows the user's topic preference
    int impressions_per_click = 2;     // shown-not-clicked records emitted per click (0 = none)
    uint64_t seed = 7;

    void validate() const;
};

Dataset make_synthetic_dataset(const SyntheticConfig& config);

}  // namespace towerlab
