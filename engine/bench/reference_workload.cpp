#include "bench/reference_workload.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/error.h"
#include "core/random.h"

namespace towerlab {

namespace {

std::vector<double> zipf_weights(int n, double s) {
    std::vector<double> w(static_cast<size_t>(n));
    for (int r = 0; r < n; ++r) w[static_cast<size_t>(r)] = 1.0 / std::pow(r + 1.0, s);
    return w;
}

}  // namespace

Dataset make_reference_dataset(const ReferenceWorkloadConfig& cfg) {
    if (cfg.num_users < 2) throw Error(ErrorContext{"", 0, "num_users"}, "must be at least 2");
    if (cfg.num_items < 2) throw Error(ErrorContext{"", 0, "num_items"}, "must be at least 2");
    if (cfg.num_clicks < 2 * static_cast<long>(cfg.num_users))
        throw Error(ErrorContext{"", 0, "num_clicks"}, "needs at least two clicks per user (one is held out for testing)");
    Rng rng(cfg.seed);
    Dataset d;
    d.name = "reference:items=" + std::to_string(cfg.num_items);

    constexpr int kGenres = 18, kMaxGenres = 6, kYears = 10, kAudience = 3;
    constexpr int kGenders = 2, kAges = 7, kOccupations = 21;

    // Users: MovieLens-1M's demographic fields, values drawn with its rough skew.
    d.users = FeatureTable({{"user_id", FieldKind::Id, cfg.num_users, 32, {}, {}},
                            {"gender", FieldKind::Categorical, kGenders, 8, {}, {}},
                            {"age", FieldKind::Bucketized, kAges, 8, {}, {}},
                            {"occupation", FieldKind::Categorical, kOccupations, 8, {}, {}}});
    d.users.reserve(cfg.num_users);
    const AliasTable age(zipf_weights(kAges, 0.7)), occupation(zipf_weights(kOccupations, 0.8));
    for (int u = 0; u < cfg.num_users; ++u)
        d.users.add_row({{u + 1}, {uniform01(rng) < 0.72 ? 1 : 2}, {age.sample(rng) + 1}, {occupation.sample(rng) + 1}});

    // Items: 1..6 genres (mean 1.7 as in MovieLens), a release-year bucket, an audience bucket.
    d.items = FeatureTable({{"item_id", FieldKind::Id, cfg.num_items, 32, {}, {}},
                            {"genres", FieldKind::MultiCategorical, kGenres, 16, {}, {}},
                            {"year", FieldKind::Bucketized, kYears, 8, {}, {}},
                            {"audience_gender", FieldKind::Bucketized, kAudience, 8, {}, {}}});
    d.items.reserve(cfg.num_items);
    const AliasTable genre(zipf_weights(kGenres, 0.9));
    const AliasTable genre_count({0.5, 0.3, 0.12, 0.05, 0.02, 0.01});
    const AliasTable year(zipf_weights(kYears, 0.5));
    std::vector<int32_t> genres;
    for (int i = 0; i < cfg.num_items; ++i) {
        const int k = std::min(kMaxGenres, genre_count.sample(rng) + 1);
        genres.clear();
        while (static_cast<int>(genres.size()) < k) {
            const int32_t g = genre.sample(rng) + 1;
            if (std::find(genres.begin(), genres.end(), g) == genres.end()) genres.push_back(g);
        }
        d.items.add_row({{i + 1}, genres, {kYears - year.sample(rng)}, {uniform_int(rng, 1, kAudience)}});
    }

    // Clicks: items by Zipf popularity over a random order of the catalogue; users uniformly, each
    // user at least twice so that leave-last-out keeps a training click for everyone.
    std::vector<int> order(static_cast<size_t>(cfg.num_items));
    std::iota(order.begin(), order.end(), 0);
    std::shuffle(order.begin(), order.end(), rng);
    const AliasTable popularity(zipf_weights(cfg.num_items, cfg.zipf_exponent));
    d.clicks.resize(static_cast<size_t>(cfg.num_clicks));
    for (long c = 0; c < cfg.num_clicks; ++c) {
        Interaction& x = d.clicks[static_cast<size_t>(c)];
        x.user = c < 2L * cfg.num_users ? static_cast<int32_t>(c % cfg.num_users) : uniform_int(rng, 0, cfg.num_users - 1);
        x.item = order[static_cast<size_t>(popularity.sample(rng))];
        x.timestamp = c;
    }
    return d;
}

TrainConfig reference_train_config(bool with_ssl) {
    TrainConfig c;
    c.model.hidden_widths = {128};
    c.model.output_dim = 64;
    c.model.activation = Activation::Relu;
    c.model.id_embedding_dim = 32;
    c.model.field_embedding_dim = 8;
    c.model.multi_field_embedding_dim = 16;
    c.objective = Objective::InBatchSoftmax;
    c.negatives = NegativeSource::InBatch;
    c.batch_size = 1024;
    c.tau = 0.05;
    c.logq = LogQMode::Streaming;
    c.augmentation = with_ssl ? Augmentation::Complementary : Augmentation::None;
    c.ssl_batch_size = 512;
    c.alpha = 0.1;
    c.optimizer = OptimizerKind::Adam;
    c.learning_rate = 1e-3;
    c.threads = 2;
    return c;
}

double step_gemm_flops(const TrainConfig& config, int user_input_dim, int item_input_dim) {
    // One tower on B rows: forward X W, backward X^T dZ and dZ W^T, each 2 B in out FLOPs per layer.
    auto tower = [&](int input_dim, double rows) {
        double macs = 0;
        int in = input_dim;
        std::vector<int> widths = config.model.hidden_widths;
        widths.push_back(config.model.output_dim);
        for (int out : widths) {
            macs += static_cast<double>(in) * out;
            in = out;
        }
        return 6.0 * rows * macs;
    };
    // Similarities S = A B^T and their gradients dS B, dS^T A.
    auto similarity = [&](double rows) { return 6.0 * rows * rows * config.model.output_dim; };
    const double n = config.batch_size, m = config.ssl_batch_size;
    double flops = tower(user_input_dim, n) + tower(item_input_dim, n) + similarity(n);
    if (config.augmentation != Augmentation::None && config.alpha > 0)
        flops += 2 * tower(item_input_dim, m) + similarity(m);
    return flops;
}

}  // namespace towerlab
