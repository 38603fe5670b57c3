// logQ correction: the estimator tracks true frequencies, and the correction (a subtraction)
// lowers the share of popular items in the top-K compared with training without it.
#include <catch2/catch.hpp>

#include <cmath>
#include <memory>

#include "core/config_json.h"
#include "data/split.h"
#include "data/synthetic_dataset.h"
#include "losses/in_batch_softmax.h"
#include "losses/streaming_frequency_estimator.h"
#include "train/trainer.h"

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

TEST_CASE("logQ subtracts log p: the popular item is pushed down less as a negative", "[logq]") {
    // Two users, two items, all vectors equal (every cosine 1): item 1 is popular (p = 1), item 2
    // rare (p = 0.01). Row 0's positive is item 1, row 1's is item 2, so item 1 is row 1's negative.
    // With z = cos/tau - log p, row 1 gives the popular negative softmax weight 1/101 instead of 1/2,
    // and row 0 gives the popular positive 1/101 too, so the gradient on b_1 is
    //   dL/db_1 = (1/n) [ (P_00 - 1) a_0 + P_10 a_1 ] = (2/101 - 1)/2 e_1 ~ -0.49 e_1
    // (gradient descent pulls the popular item toward users). Without correction it is 0; with the
    // sign reversed (z = cos/tau + log p) it is +0.49 e_1: the popular item pushed away.
    Mat<double> a(2, 2), b(2, 2);
    a << 1, 0, 1, 0;
    b << 1, 0, 1, 0;
    const std::vector<int32_t> ids{1, 2};
    const auto plain = in_batch_softmax<double>(a, b, {}, 1.0, ids, false);
    const auto corrected = in_batch_softmax<double>(a, b, {std::log(1.0), std::log(0.01)}, 1.0, ids, false);
    CHECK(plain.d_items(0, 0) == Approx(0.0).margin(1e-12));
    CHECK(corrected.d_items(0, 0) == Approx((2.0 / 101.0 - 1.0) / 2.0).epsilon(1e-9));
    // and the rare item, a negative of row 0, is pushed away harder than without correction
    CHECK(corrected.d_items(1, 0) == Approx((2.0 * 100.0 / 101.0 - 1.0) / 2.0).epsilon(1e-9));
}

// Without correction, in-batch training learns cos ~ log P(j|user) - log p_j: popular items,
// over-represented among the negatives, are pushed down and the top-K is tilted toward the tail.
// Subtracting log p_j in training removes that tilt, so at serving (plain cosine) popular items
// regain their place: the head share of the top-K rises. Adding log p_j (the wrong sign) would
// push it further down; this test catches that.
TEST_CASE("training with logQ correction undoes the over-punishment of popular items", "[logq][train]") {
    SyntheticConfig sc;
    sc.num_users = 3000;
    sc.num_items = 1200;
    sc.num_clicks = 45000;
    auto data = std::make_shared<Dataset>(make_synthetic_dataset(sc));
    auto split = std::make_shared<Split>(make_split(*data, SplitConfig{}));
    auto head_share = [&](LogQMode mode) {
        TrainConfig c;
        c.logq = mode;
        Trainer t(data, split, c);
        for (int s = 0; s < 500; ++s) t.step();
        EvalOptions eo;
        const EvalReport r = t.evaluate(eo);
        return r.head_share_topk[static_cast<size_t>(r.k_index(50))];
    };
    const double off = head_share(LogQMode::Off);
    const double on = head_share(LogQMode::Streaming);
    const double exact = head_share(LogQMode::ExactCounts);
    INFO("head share of top-50: off " << off << ", streaming " << on << ", exact " << exact);
    CHECK(on > off + 0.05);
    CHECK(exact > off + 0.05);
}
