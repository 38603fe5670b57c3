// What the app shows of one item or one user at a step: an item's nearest items by cosine, and a
// user's retrieved top-K with the rank of their held-out item. Both rank with serving's exact
// top-K (top_k_of_scores: ties broken by the smaller id), over unit item vectors, so the
// inspector agrees with evaluation and with the brute-force side of the ANN comparison.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include <Eigen/Dense>

#include "data/split.h"
#include "serving/item_retriever.h"
#include "train/trainer.h"

namespace towerlab {

struct ItemInspection {
    int32_t item = -1;
    long step = 0;
    std::vector<int32_t> neighbours;    // nearest other items by cosine, best first
    std::vector<float> cosines;
    double estimated_frequency = 0;     // what logQ uses (FrequencyEstimate::estimated)
    double true_frequency = 0;
};

struct UserInspection {
    int32_t user = -1;
    long step = 0;
    std::vector<int32_t> top_items;     // retrieved, training positives and a validation click excluded, best first
    std::vector<float> top_scores;      // cosines
    int32_t held_out = -1;              // the user's test item, -1 if none
    long held_out_rank = 0;             // 1-based among non-excluded items (ties count half)
    float held_out_score = 0;
    // With serving on: the same user's top-K from brute force and from the ANN index, over the
    // index's item vectors (built at ann_index_step; the user vector is this step's), training
    // clicks excluded. Null when no index exists yet.
    std::shared_ptr<const RetrievalDifference> ann;
    long ann_index_step = -1;
};
// The k nearest other items of `item` among the rows of `items` (unit vectors), best first, with
// what the logQ estimator believes of it.
std::shared_ptr<ItemInspection> inspect_item(const Eigen::MatrixXf& items, int32_t item, int k, long step,
                                             const Trainer& trainer);

// The user's top k by cosine with their training clicks and held-out validation click removed from
// the ranking (as evaluation removes them), and the rank and score of `held_out` (-1: none) among
// the items left. The ANN comparison is the session's (it needs the index).
std::shared_ptr<UserInspection> inspect_user(const Eigen::MatrixXf& items, const Eigen::RowVectorXf& user_vector,
                                             int32_t user, int32_t held_out, const Split& split, int k, long step);

}  // namespace towerlab
