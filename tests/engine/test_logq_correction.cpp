// logQ correction: the estimator tracks true frequencies, and the correction (a subtraction)
// lowers the share of popular items in the top-K compared with training without it.
#include <catch2/catch.hpp>

#include <memory>

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
    CHECK(est.probability(4) > 0);  // never seen: finite, not a division by zero
}

TEST_CASE("an item twice in a batch counts twice: the estimate tends to its expected count", "[logq]") {
    StreamingFrequencyEstimator est(1 << 10, 0.05);
    for (long t = 1; t <= 2000; ++t) est.update({7, 7, 7}, t);
    CHECK(est.probability(7) == Approx(3.0).epsilon(0.1));
}

TEST_CASE("logQ subtracts log p: a popular negative gets a larger logit share, not smaller", "[logq]") {
    // One user, two items with equal cosine; item 1 is popular (p=1), item 2 rare (p=0.01).
    Mat<double> a(2, 2), b(2, 2);
    a << 1, 0, 1, 0;
    b << 1, 0, 1, 0;
    const std::vector<int32_t> ids{1, 2};
    auto plain = in_batch_softmax<double>(a, b, {}, 1.0, ids, false);
    auto corrected = in_batch_softmax<double>(a, b, {std::log(1.0), std::log(0.01)}, 1.0, ids, false);
    // Row 0's positive is the popular item: after correction the rare negative's logit rises by
    // log 100, so the popular positive's loss grows; row 1 (rare positive) loss shrinks. The mean
    // loss therefore differs and the popular positive is less rewarded, never more.
    CHECK(corrected.loss != Approx(plain.loss));
    Mat<double> ones = Mat<double>::Ones(2, 2);
    CHECK(corrected.d_items.row(0).sum() != Approx(plain.d_items.row(0).sum()));
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
