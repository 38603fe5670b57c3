#include "negatives/hard_negatives.h"

#include <algorithm>
#include <numeric>

namespace towerlab {

HardNegatives::HardNegatives(const Split& split, int pool_size)
    : split_(&split), pool_size_(pool_size),
      top_(split.user_train_items.size()), computed_at_(split.user_train_items.size(), -1) {}

void HardNegatives::refresh(Eigen::MatrixXf item_vectors, long step) {
    item_vectors_ = std::move(item_vectors);
    refreshed_at_ = step;
    ++generation_;  // by count, not step: two refreshes at one step must both invalidate the lists
}

const std::vector<int32_t>& HardNegatives::top_for(int32_t user, const Eigen::VectorXf& user_vector) const {
    auto& top = top_[static_cast<size_t>(user)];
    if (computed_at_[static_cast<size_t>(user)] == generation_) return top;
    const Eigen::VectorXf scores = item_vectors_ * user_vector;
    const auto& positives = split_->user_train_items[static_cast<size_t>(user)];
    std::vector<int32_t> order;
    order.reserve(static_cast<size_t>(scores.size()));
    for (int32_t i = 0; i < scores.size(); ++i)
        if (!std::binary_search(positives.begin(), positives.end(), i)) order.push_back(i);
    const size_t n = std::min(order.size(), static_cast<size_t>(pool_size_));
    std::partial_sort(order.begin(), order.begin() + static_cast<long>(n), order.end(),
                      [&](int32_t a, int32_t b) { return scores(a) > scores(b); });
    order.resize(n);
    top = std::move(order);
    computed_at_[static_cast<size_t>(user)] = generation_;
    return top;
}

int32_t HardNegatives::draw(int32_t user, const Eigen::VectorXf& user_vector, Rng& rng) const {
    const auto& top = top_for(user, user_vector);
    // A user who clicked every item has no negative at all: any item is as wrong as another.
    if (top.empty()) return static_cast<int32_t>(uniform_int(rng, 0, static_cast<int>(item_vectors_.rows()) - 1));
    return top[static_cast<size_t>(uniform_int(rng, 0, static_cast<int>(top.size()) - 1))];
}

}  // namespace towerlab
