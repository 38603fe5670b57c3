// The oracle: the ranking the synthetic generator's own click probabilities give, i.e. the best
// any model could learn from this data. Reported beside the model and MostPop so that a figure
// like "long-tail Recall@50 = 0.08" can be read against what was possible at all.
//
//   P(i | u) = P(topic_i | u) * w_i exp(beta cos(u, z_i)) / Z(u, topic_i)
//   P(t | u) = affinity * [t in u's preferred topics] / 2 + (1 - affinity) * topic_weight(t)
//   Z(u, t)  = sum over items j of topic t of w_j exp(beta cos(u, z_j))
//
// log P(i | u) is a dot product of augmented vectors, so the ordinary evaluation scores it:
//   user: [beta * u, (log P(t|u) - log Z(u,t)) for each topic t, 1]
//   item: [z_i, one-hot(topic_i), log w_i]
// New items are scored with their last-day weights (most test clicks fall on the last day).
#pragma once

#include "data/dataset.h"
#include "data/split.h"
#include "eval/retrieval_metrics.h"

namespace towerlab {

bool has_oracle(const Dataset& data);  // synthetic data only
// Throws Error when the dataset has no ground truth.
EvalReport evaluate_oracle(const Dataset& data, const Split& split, const EvalOptions& options);

}  // namespace towerlab
