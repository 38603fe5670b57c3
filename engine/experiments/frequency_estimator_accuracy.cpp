#include "experiments/frequency_estimator_accuracy.h"

#include <algorithm>

#include "core/error.h"
#include "core/random.h"

namespace towerlab {
namespace {

FrequencyBucket bucket_of(const Split& split, const StreamingFrequencyEstimator& est, double batch_size, int lo, int hi) {
    FrequencyBucket b;
    b.min_clicks = lo;
    b.max_clicks = hi;
    const double total = static_cast<double>(split.train.size());
    std::vector<double> ratios;
    for (size_t j = 0; j < split.train_clicks.size(); ++j) {
        const int c = split.train_clicks[j];
        if (c < lo || (hi >= 0 && c > hi)) continue;
        ++b.items;
        const int32_t item = static_cast<int32_t>(j);
        if (!est.seen(item)) continue;
        ratios.push_back(est.probability(item) / (c / total * batch_size));
    }
    b.seen = static_cast<int>(ratios.size());
    if (ratios.empty()) return b;
    std::sort(ratios.begin(), ratios.end());
    const size_t m = ratios.size();
    b.median_ratio = m % 2 ? ratios[m / 2] : 0.5 * (ratios[m / 2 - 1] + ratios[m / 2]);
    double sum = 0;
    int close = 0;
    for (double r : ratios) {
        sum += r;
        close += r >= 0.5 && r <= 2.0;
    }
    b.mean_ratio = sum / static_cast<double>(m);
    b.within_2x = static_cast<double>(close) / static_cast<double>(m);
    return b;
}

}  // namespace

std::vector<FrequencyAccuracy> measure_frequency_estimator(const Split& split, const TrainConfig& config,
                                                           const std::vector<long>& checkpoints, uint64_t seed) {
    if (split.train.empty()) throw Error("the split has no training clicks");
    if (checkpoints.empty() || !std::is_sorted(checkpoints.begin(), checkpoints.end()) || checkpoints.front() < 1)
        throw Error(ErrorContext{"", 0, "steps"}, "expected increasing step counts >= 1");
    const FirstSighting kinds[] = {FirstSighting::Paper, FirstSighting::ElapsedSteps};
    std::vector<StreamingFrequencyEstimator> est;
    for (FirstSighting f : kinds) est.emplace_back(config.logq_hash_size, config.logq_alpha, f);
    const std::pair<int, int> ranges[] = {{1, 2}, {3, 5}, {6, 20}, {21, 100}, {101, -1}};
    std::vector<FrequencyAccuracy> out;
    Rng rng(seed);
    std::vector<int32_t> items(static_cast<size_t>(config.batch_size));
    const int total = static_cast<int>(split.train.size());
    long step = 0;
    for (long until : checkpoints) {
        for (; step < until; ++step) {
            for (auto& j : items) j = split.train[static_cast<size_t>(uniform_int(rng, 0, total - 1))].item;
            for (auto& e : est) e.update(items, step + 1);
        }
        for (size_t k = 0; k < est.size(); ++k) {
            FrequencyAccuracy a;
            a.first = kinds[k];
            a.steps = until;
            for (const auto& [lo, hi] : ranges) a.buckets.push_back(bucket_of(split, est[k], config.batch_size, lo, hi));
            out.push_back(std::move(a));
        }
    }
    return out;
}

}  // namespace towerlab
