#include "session/inspections.h"

#include <limits>

#include "serving/brute_force_index.h"

namespace towerlab {
namespace {

// The k best of `scores` with the excluded entries out of the running (at most the entries left).
ScoredList top_k_except(Eigen::VectorXf scores, const std::vector<uint8_t>& excluded, int k) {
    long left = 0;
    for (Eigen::Index i = 0; i < scores.size(); ++i) {
        if (excluded[static_cast<size_t>(i)]) scores(i) = -std::numeric_limits<float>::infinity();
        else ++left;
    }
    std::vector<int32_t> scratch;
    return top_k_of_scores(scores.data(), static_cast<int>(scores.size()), static_cast<int>(std::min<long>(k, left)), scratch);
}

}  // namespace

std::shared_ptr<ItemInspection> inspect_item(const Eigen::MatrixXf& items, int32_t item, int k, long step,
                                             const Trainer& trainer) {
    auto r = std::make_shared<ItemInspection>();
    r->item = item;
    r->step = step;
    std::vector<uint8_t> excluded(static_cast<size_t>(items.rows()), 0);
    excluded[static_cast<size_t>(item)] = 1;
    for (const ScoredItem& s : top_k_except(items * items.row(item).transpose(), excluded, k)) {
        r->neighbours.push_back(s.item);
        r->cosines.push_back(s.score);
    }
    const auto f = trainer.frequency_estimates({item});
    if (!f.empty()) {
        r->estimated_frequency = f[0].estimated;
        r->true_frequency = f[0].true_rate;
    }
    return r;
}

std::shared_ptr<UserInspection> inspect_user(const Eigen::MatrixXf& items, const Eigen::RowVectorXf& user_vector,
                                             int32_t user, int32_t held_out, const Split& split, int k, long step) {
    auto r = std::make_shared<UserInspection>();
    r->user = user;
    r->step = step;
    const Eigen::VectorXf s = items * user_vector.transpose();
    std::vector<uint8_t> excluded(static_cast<size_t>(items.rows()), 0);
    for (int32_t i : split.user_train_items[static_cast<size_t>(user)]) excluded[static_cast<size_t>(i)] = 1;
    if (!split.validation_item.empty() && split.validation_item[static_cast<size_t>(user)] >= 0)
        excluded[static_cast<size_t>(split.validation_item[static_cast<size_t>(user)])] = 1;
    for (const ScoredItem& t : top_k_except(s, excluded, k)) {
        r->top_items.push_back(t.item);
        r->top_scores.push_back(t.score);
    }
    r->held_out = held_out;
    if (held_out >= 0) {
        r->held_out_score = s(held_out);
        long greater = 0, ties = 0;
        for (Eigen::Index i = 0; i < items.rows(); ++i) {
            if (excluded[static_cast<size_t>(i)] || i == held_out) continue;
            greater += s(i) > r->held_out_score;
            ties += s(i) == r->held_out_score;
        }
        r->held_out_rank = 1 + greater + ties / 2;
    }
    return r;
}

}  // namespace towerlab
