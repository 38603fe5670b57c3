// The streaming frequency estimator of Yi et al. (RecSys 2019, Algorithm 2), which gives the p_j
// of the logQ correction without a pass over the data:
//
//   arrays A (last step an item was seen) and B (mean steps between sightings), size H, index h(y)
//   at step t, for each item y of the batch:  B[h] <- (1 - a) B[h] + a (t - A[h]);  A[h] <- t
//   estimate p_y = 1 / B[h(y)]   (one over the mean gap: the chance y is in a batch)
//
// Early on B is near 0 or near t (warm-up); the app shows the estimate beside the truth.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace towerlab {

class StreamingFrequencyEstimator {
public:
    StreamingFrequencyEstimator() = default;
    StreamingFrequencyEstimator(int hash_size, double learning_rate);

    // Records one training step's items. An item twice in one batch sees a gap of 0 the second
    // time, so for a frequent item 1/B tends to its expected count per batch (it may exceed 1).
    void update(const std::vector<int32_t>& items, long step);
    // Estimated sampling rate p_y = 1 / B[h(y)] (expected appearances per batch).
    double probability(int32_t item) const;

    int hash_size() const { return static_cast<int>(last_seen_.size()); }
    size_t hash(int32_t item) const;

    // Raw state, for checkpoints.
    std::vector<double> last_seen_;
    std::vector<double> mean_gap_;

private:
    double a_ = 0.01;
};

}  // namespace towerlab
