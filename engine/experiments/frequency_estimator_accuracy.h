// How close the streaming frequency estimator (losses/streaming_frequency_estimator.h) gets to the
// exact per-batch rate p_j = c_j / |train| * n, per bucket of training clicks c_j, after a number
// of steps of the batch stream training sees (n clicks drawn uniformly from the training clicks per
// step, as TrainerImpl::sample_clicks draws them). Every warm-up variant reads the same stream, so
// the buckets compare estimators, not streams. `towerlab-cli frequency-estimates` prints it.
#pragma once

#include <cstdint>
#include <vector>

#include "core/config.h"
#include "data/split.h"
#include "losses/streaming_frequency_estimator.h"

namespace towerlab {

struct FrequencyBucket {
    int min_clicks = 0, max_clicks = 0;  // training clicks c_j, inclusive (max < 0: no upper bound)
    int items = 0;                       // items of the catalogue in the bucket
    int seen = 0;                        // of which the estimator has seen (the ratios are over these)
    double median_ratio = 0;             // median of estimate / exact over seen items
    double mean_ratio = 0;
    double within_2x = 0;                // share of seen items with 1/2 <= estimate / exact <= 2
};

struct FrequencyAccuracy {
    FirstSighting first = FirstSighting::Paper;
    long steps = 0;
    std::vector<FrequencyBucket> buckets;
};

// One result per (first sighting, checkpoint step); config gives batch_size, logq_alpha and
// logq_hash_size. Buckets: 1-2, 3-5, 6-20, 21-100, 101+ training clicks (never-clicked items have
// no rate to estimate).
std::vector<FrequencyAccuracy> measure_frequency_estimator(const Split& split, const TrainConfig& config,
                                                           const std::vector<long>& checkpoints, uint64_t seed);

}  // namespace towerlab
