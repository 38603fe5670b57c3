#include "losses/streaming_frequency_estimator.h"

#include <algorithm>

#include "core/error.h"

namespace towerlab {

StreamingFrequencyEstimator::StreamingFrequencyEstimator(int hash_size, double learning_rate, FirstSighting first)
    : last_seen_(static_cast<size_t>(hash_size), 0.0),
      mean_gap_(static_cast<size_t>(hash_size), 0.0),
      a_(learning_rate),
      first_(first) {
    if (hash_size < 1) throw Error(ErrorContext{"", 0, "logq_hash_size"}, "must be positive");
}

size_t StreamingFrequencyEstimator::hash(int32_t item) const {
    // Fibonacci hashing: spreads consecutive ids over the table; ids below H map one-to-one
    // when H is a power of two larger than the catalogue.
    const uint64_t h = static_cast<uint64_t>(static_cast<uint32_t>(item)) * 11400714819323198485ull;
    return static_cast<size_t>(h % last_seen_.size());
}

void StreamingFrequencyEstimator::update(const std::vector<int32_t>& items, long step) {
    const double t = static_cast<double>(step);
    for (int32_t y : items) {
        const size_t h = hash(y);
        if (first_ == FirstSighting::ElapsedSteps && last_seen_[h] == 0 && t > 0) {
            mean_gap_[h] = t;  // the gap since step 0 is the first sample of the mean gap (header)
            last_seen_[h] = t;
            continue;
        }
        mean_gap_[h] = (1.0 - a_) * mean_gap_[h] + a_ * (t - last_seen_[h]);
        last_seen_[h] = t;
    }
}

double StreamingFrequencyEstimator::probability(int32_t item) const {
    // An item never seen has B = 0; its first sighting at step t sets B = a t. The floor keeps
    // log p finite for the unseen (their p is meaningless until they are seen a few times).
    return 1.0 / std::max(mean_gap_[hash(item)], a_);
}

}  // namespace towerlab
