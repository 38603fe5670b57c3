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
//
// logQ on one scale. With correction on, the sampled softmax's logit of every item of a row, the
// positive included, is cos/tau - log q_j, where q_j is the chance that ONE draw of this source
// returns j (the expected count among k draws is k q_j; the k cancels in the softmax). The
// correction only works if every item of the row carries q on that same scale, whichever
// component of a mixture actually drew it, so log_draw_probability() gives the mixture's q_j and
// is used for the negatives and the positive alike:
//   in_batch          q_j = p_j / n          (a draw takes one of the batch's n clicks; p_j, the
//                                            logQ estimator's expected count of j per batch of n,
//                                            over n is the chance one click is j)
//   uniform           q_j = 1 / N
//   popularity        q_j = (c_j + 1)^0.75 / sum_i (c_i + 1)^0.75
//   in_batch_uniform  q_j = (1 - s) p_j / n + s / N      (s = uniform_share; Yang et al., WWW 2020,
//                                            mixed negative sampling: q_j = (B_in p_j + B_u/N)/(B_in + B_u))
//   hard, mixed       q_j = 1 / N for every item: a hard draw's probability depends on the model's
//                     current ranking of the user's top-N and has no closed form, so hard draws are
//                     treated like uniform ones; the correction is then one constant for the whole
//                     row and cancels (logQ on trains exactly as logQ off).
//   impressions       q_j = 1 / N likewise (constant, no correction): the per-user impression list
//                     gives the row's own positive probability 0, where log q is undefined.
//
// Impressions are those of training clicks only: the generator emits a click's impressions with
// the click's user and timestamp, and an impression of a test click would leak the test period
// into training.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "core/config.h"
#include "core/random.h"
#include "data/dataset.h"
#include "data/split.h"
#include "model/matrix.h"
#include "negatives/hard_negatives.h"

namespace towerlab {

// p_j for any item: the logQ estimator's expected count of j in a batch of batch_size clicks,
// 0 for an item it has never seen.
using BatchRate = std::function<double(int32_t)>;

class NegativeSampler {
public:
    NegativeSampler(const TrainConfig& config, const Dataset& data, const Split& split);

    // neg and log_q get n*k entries, row-major (row i = negatives of positive i); log_q[r] is
    // log_draw_probability(neg[r], rate), or 0 when rate is empty (no correction).
    // hard and user_vectors (n x d, the batch's user tower outputs) are needed by hard and mixed.
    void sample(const std::vector<int32_t>& users, const std::vector<int32_t>& positives, const BatchRate& rate,
                int k, Rng& rng, const HardNegatives* hard, const Mat<float>* user_vectors,
                std::vector<int32_t>& neg, std::vector<float>& log_q) const;

    // log q_j, the chance one draw of this source returns item j (formulas above). The positive
    // of a row is corrected with the same function, so both sides share one scale.
    float log_draw_probability(int32_t item, const BatchRate& rate) const;

    double popularity_probability(int32_t item) const { return popularity_.probability(item); }
    // The impressions a user's negatives come from (training clicks' impressions, cold items out).
    const std::vector<int32_t>& impressions_of(int32_t user) const { return impressions_by_user_[static_cast<size_t>(user)]; }

private:
    int32_t draw_uniform(Rng& rng) const;
    NegativeSource source_;
    double hard_share_, uniform_share_;
    int num_items_, batch_size_;
    AliasTable popularity_;
    std::vector<std::vector<int32_t>> impressions_by_user_;
};

}  // namespace towerlab
