// The streaming frequency estimator (losses/streaming_frequency_estimator.h; Yi et al. 2019,
// Algorithm 2) that gives the logQ correction its p: it converges to one over the mean gap, counts
// an item twice in a batch twice, and its warm start fixes the first sighting.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "core/config_json.h"
#include "losses/streaming_frequency_estimator.h"

using namespace towerlab;

TEST_CASE("streaming frequency estimator converges to one over the mean gap", "[logq]") {
    StreamingFrequencyEstimator est(1 << 10, 0.05);
    // item 1 every step, item 2 every 4th step, item 3 every 10th step
    for (long t = 1; t <= 2000; ++t) {
        std::vector<int32_t> batch{1};
        if (t % 4 == 0) batch.push_back(2);
        if (t % 10 == 0) batch.push_back(3);
        est.update(batch, t);
    }
    CHECK(est.probability(1) == Approx(1.0).epsilon(0.02));
    CHECK(est.probability(2) == Approx(0.25).epsilon(0.02));
    CHECK(est.probability(3) == Approx(0.1).epsilon(0.02));
    // Never seen (B = 0): the floor max(B, a) keeps p = 1/a finite, not a division by zero, and
    // seen() tells the caller the figure means nothing yet.
    CHECK(std::isfinite(est.probability(4)));
    CHECK(est.probability(4) == Approx(1.0 / 0.05));
    CHECK_FALSE(est.seen(4));
    CHECK(est.seen(3));
}

TEST_CASE("an item twice in a batch counts twice: the estimate tends to its expected count", "[logq]") {
    StreamingFrequencyEstimator est(1 << 10, 0.05);
    for (long t = 1; t <= 2000; ++t) est.update({7, 7, 7}, t);
    CHECK(est.probability(7) == Approx(3.0).epsilon(0.1));
}

// Algorithm 2 starts at B = 0, so a rare item's first sighting at step t sets B = a t and the
// (1 - a)^m weight of that start fades only after ~1/a sightings. Item 5 appears every 100 steps:
// after 30 sightings the paper's B is 0.74 a 100 + 0.26 100 ~ 27 (p ~ 3.7x too high); the warm
// start sets B = 100 at the first sighting and stays exact.
TEST_CASE("the estimator's warm start sets B from the elapsed steps at the first sighting", "[logq]") {
    StreamingFrequencyEstimator paper(1 << 10, 0.01), warm(1 << 10, 0.01, FirstSighting::ElapsedSteps);
    for (long t = 1; t <= 3000; ++t) {
        std::vector<int32_t> batch{1};
        if (t % 100 == 0) batch.push_back(5);
        paper.update(batch, t);
        warm.update(batch, t);
    }
    CHECK(warm.probability(5) == Approx(0.01).epsilon(0.02));
    CHECK(paper.probability(5) > 3 * 0.01);  // Algorithm 2 as published, still warming up
    CHECK(warm.probability(1) == Approx(1.0).epsilon(0.02));  // frequent items agree
    CHECK(paper.probability(1) == Approx(1.0).epsilon(0.02));
    // the option reaches the trainer's estimator through the config and its JSON key
    const TrainConfig c = train_config_from_json(nlohmann::json{{"logq_warm_start", true}});
    CHECK(c.logq_warm_start);
    CHECK(to_json(c)["logq_warm_start"] == true);
}
