// Where negatives come from: each source draws from the distribution it claims, never the
// positive itself, and reports the log-probability the sampled softmax corrects with.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <set>

#include "data/split.h"
#include "data/synthetic_dataset.h"
#include "negatives/negative_sampler.h"

using namespace towerlab;

namespace {
struct Fixture {
    Dataset data;
    Split split;
    std::vector<int32_t> users, positives;
    std::vector<float> log_p;
    Fixture() {
        SyntheticConfig sc;
        sc.num_users = 800;
        sc.num_items = 2000;
        sc.num_clicks = 12000;
        data = make_synthetic_dataset(sc);
        split = make_split(data, SplitConfig{});
        for (int i = 0; i < 64; ++i) {
            users.push_back(split.train[static_cast<size_t>(i * 37)].user);
            positives.push_back(split.train[static_cast<size_t>(i * 37)].item);
            log_p.push_back(-1.0f - 0.01f * static_cast<float>(i));
        }
    }
};
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
    sampler.sample(fx.users, fx.positives, fx.log_p, k, rng, nullptr, nullptr, neg, log_q);
    REQUIRE(neg.size() == fx.users.size() * k);
    const std::set<int32_t> batch(fx.positives.begin(), fx.positives.end());
    const float log_uniform = -std::log(static_cast<float>(fx.data.num_items()));
    long from_batch_correction = 0, uniform_correction = 0;
    for (size_t r = 0; r < neg.size(); ++r) {
        CHECK(neg[r] != fx.positives[r / k]);  // never the row's own positive
        if (log_q[r] == log_uniform) ++uniform_correction;
        else {
            // an in-batch draw carries the log p of the batch row it came from
            CHECK(batch.count(neg[r]) == 1);
            ++from_batch_correction;
        }
    }
    const double share = static_cast<double>(uniform_correction) / static_cast<double>(neg.size());
    CHECK(share == Approx(0.5).margin(0.07));
    CHECK(from_batch_correction > 0);
}

TEST_CASE("in-batch negatives are other rows' positives; uniform ones cover the catalogue", "[negatives]") {
    Fixture fx;
    TrainConfig c;
    std::vector<int32_t> neg;
    std::vector<float> log_q;
    Rng rng(4);
    c.negatives = NegativeSource::InBatch;
    NegativeSampler(c, fx.data, fx.split).sample(fx.users, fx.positives, fx.log_p, 10, rng, nullptr, nullptr, neg, log_q);
    for (int32_t j : neg) CHECK(std::find(fx.positives.begin(), fx.positives.end(), j) != fx.positives.end());
    c.negatives = NegativeSource::Uniform;
    NegativeSampler(c, fx.data, fx.split).sample(fx.users, fx.positives, fx.log_p, 50, rng, nullptr, nullptr, neg, log_q);
    const std::set<int32_t> distinct(neg.begin(), neg.end());
    CHECK(distinct.size() > 1000);  // 3200 uniform draws over 2000 items reach most of them
}
