// The streaming frequency estimator of Yi et al. (RecSys 2019, Algorithm 2), which gives the p_j
// of the logQ correction without a pass over the data:
//
//   arrays A (last step an item was seen) and B (mean steps between sightings), size H, index h(y)
//   at step t, for each item y of the batch:  B[h] <- (1 - a) B[h] + a (t - A[h]);  A[h] <- t
//   estimate p_y = 1 / B[h(y)]   (one over the mean gap: the chance y is in a batch)
//
// Warm-up. Algorithm 2 starts with A = B = 0, so an item first seen at step t gets
// B = (1 - a) 0 + a (t - 0) = a t, about a hundred times too small (p a hundred times too large)
// for a = 0.01, and after m sightings B is still weighted (1 - a)^m by that start: 0.74 after 30
// sightings. Tail items are seen 20-70 times in a default run, so their p stays overestimated
// several-fold throughout (measured per click bucket in docs/results.md, `towerlab-cli
// frequency-estimates`).
//   FirstSighting::Paper         Algorithm 2 as published (the default).
//   FirstSighting::ElapsedSteps  the first sighting at step t sets B = t, A = t: the item had t
//                                steps to appear, and for a per-batch rate p the first sighting
//                                comes after 1/p steps on average, so t is one unbiased draw of
//                                the gap; later sightings average from there as usual.
// An item never seen still has B = 0; seen() says so, and probability() floors B at a.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace towerlab {

enum class FirstSighting { Paper, ElapsedSteps };

class StreamingFrequencyEstimator {
public:
    StreamingFrequencyEstimator() = default;
    StreamingFrequencyEstimator(int hash_size, double learning_rate, FirstSighting first = FirstSighting::Paper);

    // Records one training step's items. An item twice in one batch sees a gap of 0 the second
    // time, so for a frequent item 1/B tends to its expected count per batch (it may exceed 1).
    void update(const std::vector<int32_t>& items, long step);
    // Estimated sampling rate p_y = 1 / B[h(y)] (expected appearances per batch).
    double probability(int32_t item) const;
    // Whether any item of this hash slot has been seen (steps start at 1, so A = 0 means never).
    bool seen(int32_t item) const { return last_seen_[hash(item)] > 0; }

    int hash_size() const { return static_cast<int>(last_seen_.size()); }
    size_t hash(int32_t item) const;

    // Raw state, for checkpoints.
    std::vector<double> last_seen_;
    std::vector<double> mean_gap_;

private:
    double a_ = 0.01;
    FirstSighting first_ = FirstSighting::Paper;
};

}  // namespace towerlab
