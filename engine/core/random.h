// Seeded randomness. Every random choice in the engine draws from an Rng passed in explicitly,
// so the same seed and config always give the same loss curve.
#pragma once

#include <cstdint>
#include <random>
#include <vector>

namespace towerlab {

using Rng = std::mt19937_64;

inline double uniform01(Rng& rng) { return std::uniform_real_distribution<double>(0.0, 1.0)(rng); }
inline int uniform_int(Rng& rng, int lo, int hi_inclusive) {
    return std::uniform_int_distribution<int>(lo, hi_inclusive)(rng);
}

// Walker's alias method: O(n) build, O(1) draw from any discrete distribution. Used for
// popularity^0.75 negatives and for the synthetic generator's Zipf popularity.
class AliasTable {
public:
    AliasTable() = default;
    explicit AliasTable(const std::vector<double>& weights);
    int sample(Rng& rng) const;
    double probability(int i) const { return prob_of_[static_cast<size_t>(i)]; }
    int size() const { return static_cast<int>(prob_of_.size()); }

private:
    std::vector<double> accept_;
    std::vector<int> alias_;
    std::vector<double> prob_of_;
};

}  // namespace towerlab
