// Where negatives come from: each source draws from the distribution it claims, never the
// positive itself, and reports the log-probability the sampled softmax corrects with, on one
// scale for every item of a row (negative_sampler.h), and impressions of test clicks never train.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <set>
#include <utility>

#include "data/split.h"
#include "data/synthetic_dataset.h"
#include "negatives/negative_sampler.h"
#include "synthetic_fixtures.h"

using namespace towerlab;

namespace {
struct Fixture {
    Dataset data;
    Split split;
    std::vector<int32_t> users, positives;
    Fixture() {
        data = make_synthetic_dataset(test::synthetic_sizes(800, 2000, 12000));
        split = make_split(data, SplitConfig{});
        for (int i = 0; i < 64; ++i) {
            users.push_back(split.train[static_cast<size_t>(i * 37)].user);
            positives.push_back(split.train[static_cast<size_t>(i * 37)].item);
        }
    }
};
}  // namespace

namespace {
// A stand-in for the logQ estimator: item j's expected count per batch.
double fake_rate(int32_t j) { return 0.2 + 0.01 * (j % 50); }
}  // namespace

TEST_CASE("in-batch + uniform negatives mix the two sources at the configured share", "[negatives]") {
    Fixture fx;
    TrainConfig c;
    c.negatives = NegativeSource::InBatchUniform;
    c.uniform_share = 0.5;
    NegativeSampler sampler(c, fx.data, fx.split);
    Rng rng(3);
    std::vector<int32_t> neg;
    std::vector<float> log_q;
    const int k = 20;
    sampler.sample(fx.users, fx.positives, fake_rate, k, rng, nullptr, nullptr, neg, log_q);
    REQUIRE(neg.size() == fx.users.size() * k);
    const std::set<int32_t> batch(fx.positives.begin(), fx.positives.end());
    long outside_batch = 0;
    for (size_t r = 0; r < neg.size(); ++r) {
        CHECK(neg[r] != fx.positives[r / k]);  // never the row's own positive
        if (batch.count(neg[r]) == 0) ++outside_batch;
    }
    // only uniform draws leave the batch, and they land in it with chance |batch| / N
    const double expected = 0.5 * (1.0 - static_cast<double>(batch.size()) / fx.data.num_items());
    CHECK(static_cast<double>(outside_batch) / static_cast<double>(neg.size()) == Approx(expected).margin(0.07));
}

// Yang et al.'s mixed negative sampling corrects with the mixture's probability. Per draw,
//   q_j = (1 - s) p_j / n + s / N
// for every item, whichever source drew it, and the same for the row's positive: on one scale.
// (The old code gave an in-batch draw log p_j, a uniform draw log 1/N and the positive log p_j,
// about log n = 5.5 nats apart.)
TEST_CASE("in-batch + uniform negatives and the positive carry the mixture's log q", "[negatives][logq]") {
    Fixture fx;
    TrainConfig c;
    c.negatives = NegativeSource::InBatchUniform;
    c.uniform_share = 0.3;
    NegativeSampler sampler(c, fx.data, fx.split);
    const double n = c.batch_size, N = fx.data.num_items(), s = c.uniform_share;
    auto mixture = [&](int32_t j) { return std::log((1 - s) * fake_rate(j) / n + s / N); };
    Rng rng(5);
    std::vector<int32_t> neg;
    std::vector<float> log_q;
    const int k = 20;
    sampler.sample(fx.users, fx.positives, fake_rate, k, rng, nullptr, nullptr, neg, log_q);
    for (size_t r = 0; r < neg.size(); ++r) {
        INFO("negative " << r << " item " << neg[r]);
        CHECK(log_q[r] == Approx(mixture(neg[r])).epsilon(1e-5));
    }
    // A negative that is another row's positive has exactly the log q that row's positive gets.
    int shared = 0;
    for (size_t r = 0; r < neg.size(); ++r)
        for (int32_t p : fx.positives)
            if (neg[r] == p) {
                CHECK(log_q[r] == sampler.log_draw_probability(p, fake_rate));
                ++shared;
            }
    CHECK(shared > 100);
    // An item the estimator has not seen (p = 0) keeps the uniform term, so log q stays finite.
    CHECK(sampler.log_draw_probability(3, [](int32_t) { return 0.0; }) == Approx(std::log(s / N)));
}

TEST_CASE("hard, mixed and impressions negatives carry one constant log q (no correction)", "[negatives][logq]") {
    Fixture fx;
    for (NegativeSource src : {NegativeSource::Hard, NegativeSource::Mixed, NegativeSource::Impressions}) {
        TrainConfig c;
        c.negatives = src;
        NegativeSampler sampler(c, fx.data, fx.split);
        INFO(to_string(src));
        const float lq = -std::log(static_cast<float>(fx.data.num_items()));
        for (int32_t j : {0, 17, 1999}) CHECK(sampler.log_draw_probability(j, fake_rate) == lq);
    }
}

// The generator emits a click's impressions with the click's user and timestamp. Impressions of a
// test click are the test period: none may become a training negative.
TEST_CASE("impressions negatives come only from training clicks' impressions", "[negatives]") {
    Fixture fx;
    REQUIRE(!fx.data.impressions.empty());
    TrainConfig c;
    c.negatives = NegativeSource::Impressions;
    NegativeSampler sampler(c, fx.data, fx.split);
    std::set<std::pair<int32_t, int64_t>> train_clicks, test_clicks;
    for (const Interaction& x : fx.split.train) train_clicks.insert({x.user, x.timestamp});
    for (const Interaction& x : fx.split.test) test_clicks.insert({x.user, x.timestamp});
    std::set<std::pair<int32_t, int32_t>> from_training;  // (user, item) shown at a training click
    long test_only = 0;
    for (const Interaction& x : fx.data.impressions)
        if (train_clicks.count({x.user, x.timestamp}) && !test_clicks.count({x.user, x.timestamp}))
            from_training.insert({x.user, x.item});
    for (const Interaction& x : fx.data.impressions)
        if (test_clicks.count({x.user, x.timestamp}) && !from_training.count({x.user, x.item}) && !fx.split.is_cold(x.item)) {
            ++test_only;
            const auto& shown = sampler.impressions_of(x.user);
            CHECK(std::find(shown.begin(), shown.end(), x.item) == shown.end());
        }
    CHECK(test_only > 50);  // the check above had something to find
    long kept = 0;
    for (int32_t u = 0; u < fx.data.num_users(); ++u)
        for (int32_t j : sampler.impressions_of(u)) {
            CHECK(from_training.count({u, j}) == 1);
            ++kept;
        }
    CHECK(kept > 1000);
}

TEST_CASE("in-batch negatives are other rows' positives; uniform ones cover the catalogue", "[negatives]") {
    Fixture fx;
    TrainConfig c;
    std::vector<int32_t> neg;
    std::vector<float> log_q;
    Rng rng(4);
    c.negatives = NegativeSource::InBatch;
    NegativeSampler(c, fx.data, fx.split).sample(fx.users, fx.positives, fake_rate, 10, rng, nullptr, nullptr, neg, log_q);
    for (int32_t j : neg) CHECK(std::find(fx.positives.begin(), fx.positives.end(), j) != fx.positives.end());
    c.negatives = NegativeSource::Uniform;
    NegativeSampler(c, fx.data, fx.split).sample(fx.users, fx.positives, fake_rate, 50, rng, nullptr, nullptr, neg, log_q);
    const std::set<int32_t> distinct(neg.begin(), neg.end());
    CHECK(distinct.size() > 1000);  // 3200 uniform draws over 2000 items reach most of them
}
