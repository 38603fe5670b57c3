#include "negatives/negative_sampler.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "core/error.h"

namespace towerlab {

NegativeSampler::NegativeSampler(const TrainConfig& config, const Dataset& data, const Split& split)
    : source_(config.negatives), hard_share_(config.hard_share), uniform_share_(config.uniform_share),
      num_items_(data.num_items()), batch_size_(config.batch_size) {
    // popularity^0.75 over training clicks; +1 smoothing keeps never-clicked items possible
    std::vector<double> w(static_cast<size_t>(num_items_));
    for (int i = 0; i < num_items_; ++i) w[static_cast<size_t>(i)] = std::pow(split.train_clicks[static_cast<size_t>(i)] + 1.0, 0.75);
    popularity_ = AliasTable(w);
    if (source_ == NegativeSource::Impressions) {
        if (data.impressions.empty())
            throw Error(ErrorContext{data.name, 0, "negatives"},
                        "this dataset has no impressions (shown but not clicked); only the synthetic data emits them");
        // An impression belongs to the click with its user and timestamp (the generator emits it
        // so); keep those of training clicks, never those of a test click.
        using Key = std::pair<int32_t, int64_t>;
        auto keys_of = [](const std::vector<Interaction>& clicks) {
            std::vector<Key> k;
            k.reserve(clicks.size());
            for (const Interaction& x : clicks) k.emplace_back(x.user, x.timestamp);
            std::sort(k.begin(), k.end());
            return k;
        };
        const std::vector<Key> train = keys_of(split.train), test = keys_of(split.test);
        auto has = [](const std::vector<Key>& k, const Interaction& x) {
            return std::binary_search(k.begin(), k.end(), Key{x.user, x.timestamp});
        };
        impressions_by_user_.resize(static_cast<size_t>(data.num_users()));
        for (const Interaction& x : data.impressions)
            if (!split.is_cold(x.item) && has(train, x) && !has(test, x))
                impressions_by_user_[static_cast<size_t>(x.user)].push_back(x.item);
    }
}

int32_t NegativeSampler::draw_uniform(Rng& rng) const { return uniform_int(rng, 0, num_items_ - 1); }

float NegativeSampler::log_draw_probability(int32_t item, const BatchRate& rate) const {
    const double uniform = 1.0 / num_items_;
    switch (source_) {
        case NegativeSource::InBatch: return static_cast<float>(std::log(rate(item) / batch_size_));
        case NegativeSource::InBatchUniform:
            // q_j = (1 - s) p_j / n + s / N: never below s / N, so an item the estimator has not
            // seen yet (p_j = 0) still gets a finite log q.
            return static_cast<float>(std::log((1.0 - uniform_share_) * rate(item) / batch_size_ + uniform_share_ * uniform));
        case NegativeSource::Popularity: return static_cast<float>(std::log(popularity_.probability(item)));
        case NegativeSource::Uniform:
        case NegativeSource::Hard:
        case NegativeSource::Mixed:
        case NegativeSource::Impressions: break;  // a constant, see the header
    }
    return -std::log(static_cast<float>(num_items_));
}

void NegativeSampler::sample(const std::vector<int32_t>& users, const std::vector<int32_t>& positives,
                             const BatchRate& rate, int k, Rng& rng, const HardNegatives* hard,
                             const Mat<float>* user_vectors, std::vector<int32_t>& neg,
                             std::vector<float>& log_q) const {
    const int n = static_cast<int>(users.size());
    neg.resize(static_cast<size_t>(n) * static_cast<size_t>(k));
    log_q.resize(neg.size());
    Eigen::VectorXf uvec;
    for (int i = 0; i < n; ++i) {
        const int32_t u = users[static_cast<size_t>(i)], pos = positives[static_cast<size_t>(i)];
        if ((source_ == NegativeSource::Hard || source_ == NegativeSource::Mixed) && user_vectors)
            uvec = user_vectors->row(i).transpose();
        for (int r = 0; r < k; ++r) {
            int32_t j = pos;
            for (int attempt = 0; attempt < 8 && j == pos; ++attempt) {
                switch (source_) {
                    case NegativeSource::InBatchUniform:
                        if (uniform01(rng) < uniform_share_) {
                            j = draw_uniform(rng);
                            break;
                        }
                        [[fallthrough]];
                    case NegativeSource::InBatch: {
                        int other = uniform_int(rng, 0, n - 2);
                        if (other >= i) ++other;
                        j = positives[static_cast<size_t>(other)];
                        break;
                    }
                    case NegativeSource::Uniform: j = draw_uniform(rng); break;
                    case NegativeSource::Popularity: j = popularity_.sample(rng); break;
                    case NegativeSource::Hard:
                        if (!hard) throw Error("hard negatives requested before the first refresh");
                        j = hard->draw(u, uvec, rng);
                        break;
                    case NegativeSource::Mixed:
                        if (hard && uniform01(rng) < hard_share_) j = hard->draw(u, uvec, rng);
                        else j = draw_uniform(rng);
                        break;
                    case NegativeSource::Impressions: {
                        const auto& shown = impressions_by_user_[static_cast<size_t>(u)];
                        j = shown.empty() ? draw_uniform(rng) : shown[static_cast<size_t>(uniform_int(rng, 0, static_cast<int>(shown.size()) - 1))];
                        break;
                    }
                }
            }
            neg[static_cast<size_t>(i * k + r)] = j;
            log_q[static_cast<size_t>(i * k + r)] = rate ? log_draw_probability(j, rate) : 0.f;
        }
    }
}

}  // namespace towerlab
