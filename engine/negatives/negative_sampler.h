// Where negatives come from, for the objectives that take k sampled negatives per positive
// (pointwise, triplet losses, sampled softmax). Each source is a few lines in its own function:
//   in-batch     the positives of other rows of the same batch (distributed like clicks)
//   uniform      every item equally likely (the tail appears as often as the head)
//   popularity   p(j) ~ clicks_j^0.75, between the two (word2vec's choice)
//   hard         items the current model ranks high for the user that are not positives
//                (hard_negatives.h), refreshed every hard_refresh_steps
//   mixed        hard_share hard, the rest uniform (easy)
//   in_batch_uniform  uniform_share uniform, the rest in-batch (Yang et al. 2020's mixed negative
//                sampling: in-batch alone never shows the model a never-clicked item)
//   impressions  items shown to the user and not clicked: the lecture's mistake for retrieval
//                (they are relevant items the ranker passed over, not irrelevant ones)
// Alongside each negative it reports log q(j), the source's sampling probability, which the
// sampled softmax subtracts when logQ correction is on (for a mixture, the probability of the
// source that drew the negative).
#pragma once

#include <cstdint>
#include <vector>

#include "core/config.h"
#include "core/random.h"
#include "data/dataset.h"
#include "data/split.h"
#include "model/matrix.h"
#include "negatives/hard_negatives.h"

namespace towerlab {

class NegativeSampler {
public:
    NegativeSampler(const TrainConfig& config, const Dataset& data, const Split& split);

    // neg and log_q get n*k entries, row-major (row i = negatives of positive i).
    // batch_log_p: log p_j of the batch's positives (used by the in-batch source's correction).
    // hard and user_vectors (n x d, the batch's user tower outputs) are needed by hard and mixed.
    void sample(const std::vector<int32_t>& users, const std::vector<int32_t>& positives,
                const std::vector<float>& batch_log_p, int k, Rng& rng, const HardNegatives* hard,
                const Mat<float>* user_vectors, std::vector<int32_t>& neg, std::vector<float>& log_q) const;

    double popularity_probability(int32_t item) const { return popularity_.probability(item); }

private:
    int32_t draw_uniform(Rng& rng) const;
    NegativeSource source_;
    double hard_share_, uniform_share_;
    int num_items_;
    AliasTable popularity_;
    std::vector<std::vector<int32_t>> impressions_by_user_;
};

}  // namespace towerlab
