// logQ correction: the correction (a subtraction of log p) pushes a popular negative down less,
// and lowers the share of popular items in the top-K compared with training without it. The
// estimator that supplies p is tested in test_streaming_frequency_estimator.cpp.
#include <catch2/catch.hpp>

#include <cmath>
#include <memory>

#include "losses/in_batch_softmax.h"
#include "synthetic_fixtures.h"
#include "train/trainer.h"

using namespace towerlab;

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
    auto data = test::synthetic_data(3000, 1200, 45000);
    auto split = test::split_of(*data);
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
