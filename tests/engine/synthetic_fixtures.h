// Small synthetic worlds shared by the engine tests: a generated dataset of a given size (every other
// setting the generator's default) and its split, random unit vectors, a model trained for the
// serving tests, the items the self-supervision tests transform, and the world of the item-ID
// tests. Each test keeps its own sizes, since they are part of what it checks; only the way of
// building them is shared.
#pragma once

#include <memory>
#include <random>
#include <vector>

#include "core/config.h"
#include "core/random.h"
#include "data/split.h"
#include "data/synthetic_dataset.h"
#include "model/feature_batch.h"
#include "model/matrix.h"
#include "ssl/feature_augmentation.h"
#include "ssl/mutual_information.h"
#include "train/trainer.h"

namespace towerlab::test {

// The generator's defaults with the number of users, items and clicks set.
inline SyntheticConfig synthetic_sizes(int users, int items, long clicks) {
    SyntheticConfig sc;
    sc.num_users = users;
    sc.num_items = items;
    sc.num_clicks = clicks;
    return sc;
}

// A synthetic dataset of that size, shared the way a Trainer takes it.
inline std::shared_ptr<Dataset> synthetic_data(int users, int items, long clicks) {
    return std::make_shared<Dataset>(make_synthetic_dataset(synthetic_sizes(users, items, clicks)));
}

inline std::shared_ptr<Split> split_of(const Dataset& data, const SplitConfig& config = SplitConfig{}) {
    return std::make_shared<Split>(make_split(data, config));
}

// n rows of d standard normal draws, each scaled to unit length.
template <typename T = double>
Mat<T> random_unit_rows(int n, int d, Rng& rng) {
    std::normal_distribution<T> g(0, 1);
    Mat<T> m(n, d);
    for (int i = 0; i < n; ++i) {
        for (int j = 0; j < d; ++j) m(i, j) = g(rng);
        m.row(i).normalize();
    }
    return m;
}

// A model to serve (test_ann_index.cpp, test_query_routing.cpp): `users` users, 3,000 items and
// 30,000 synthetic clicks, trained 100 steps of batch 128 on one thread, so that ANN recall on its
// vectors measures a real embedding space.
inline Trainer trained_for_serving(int users) {
    const std::shared_ptr<Dataset> data = synthetic_data(users, 3000, 30000);
    TrainConfig c;
    c.batch_size = 128;
    c.threads = 1;  // parallel GEMM collapses when a loaded machine oversubscribes its cores
    Trainer t(data, split_of(*data), c);
    for (int s = 0; s < 100; ++s) t.step();
    return t;
}

// The items the feature transformations and the MI matrix are tested on (test_feature_augmentation.cpp,
// test_mutual_information.cpp): 2,000 synthetic items with every field present, their mutual
// information, and a batch of 64 of them (rows 0, 7, 14, ...).
struct SslItems {
    Dataset data;
    MutualInformation mi;
    FeatureBatch batch;
    SslItems() {
        SyntheticConfig sc = synthetic_sizes(200, 2000, 2000);
        sc.missing_share = 0;  // structural checks compare kept values with the data's
        data = make_synthetic_dataset(sc);
        mi = compute_mutual_information(data.items);
        std::vector<int32_t> rows(64);
        for (int i = 0; i < 64; ++i) rows[static_cast<size_t>(i)] = i * 7;
        batch.gather(data.items, rows.data(), 64);
    }
    AugmentationContext ctx() { return {&data.items.fields(), &mi, 0.5, 0.5}; }
    bool masked(const FeatureBatch& b, int r, int f) const { auto v = b.values(r, f); return v.size() == 1 && v[0] == kMissingValue; }
    std::vector<int32_t> vals(const FeatureBatch& b, int r, int f) const { auto v = b.values(r, f); return {v.begin(), v.end()}; }
};

// The world of the item-ID tests (test_id_dropout.cpp, test_ssl_id_policy.cpp): 600 users, 300
// items, 6,000 clicks, and a config that trains a step on one thread in milliseconds.
struct IdWorld {
    std::shared_ptr<Dataset> data;
    std::shared_ptr<Split> split;
    TrainConfig config;
    int id_field = -1;
    IdWorld() {
        data = synthetic_data(600, 300, 6000);
        split = split_of(*data);
        config.threads = 1;
        config.batch_size = 64;
        config.ssl_batch_size = 64;
        config.logq_hash_size = 1 << 10;
        id_field = data->items.id_field();
    }
};

}  // namespace towerlab::test
