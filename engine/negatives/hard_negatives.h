// Hard negatives: for a user, items the current model scores high that the user did not click.
// Scoring the catalogue for every user every step would dominate training, so the item vectors
// are refreshed every hard_refresh_steps and a user's top-N list is computed on first use after
// each refresh (cost: one catalogue scan per distinct user per refresh period).
#pragma once

#include <cstdint>
#include <vector>

#include <Eigen/Dense>

#include "core/random.h"
#include "data/split.h"

namespace towerlab {

class HardNegatives {
public:
    HardNegatives(const Split& split, int pool_size);

    // New item vectors (items x d, unit rows); invalidates every user's list.
    void refresh(Eigen::MatrixXf item_vectors, long step);
    bool stale(long step, int refresh_steps) const { return item_vectors_.size() == 0 || step - refreshed_at_ >= refresh_steps; }

    // A hard negative for `user` (whose vector is user_vector), never one of their training positives
    // (a uniform item when the user's positives cover the whole catalogue).
    int32_t draw(int32_t user, const Eigen::VectorXf& user_vector, Rng& rng) const;
    const std::vector<int32_t>& top_for(int32_t user, const Eigen::VectorXf& user_vector) const;

private:
    const Split* split_;
    int pool_size_;
    Eigen::MatrixXf item_vectors_;
    long refreshed_at_ = -1;
    long generation_ = 0;                              // +1 per refresh
    mutable std::vector<std::vector<int32_t>> top_;   // per user
    mutable std::vector<long> computed_at_;           // per user: the generation its list is of (-1: none)
};

}  // namespace towerlab
