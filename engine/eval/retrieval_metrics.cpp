#include "eval/retrieval_metrics.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>

#include <omp.h>

#include "core/error.h"
#include "core/random.h"
#include "core/thread_count.h"

namespace towerlab {

int EvalReport::k_index(int k) const {
    for (size_t i = 0; i < ks.size(); ++i)
        if (ks[i] == k) return static_cast<int>(i);
    return -1;
}

// Rank r (0-based) is uniform over greater .. greater + ties.
double expected_hit_at_k(long greater, long ties, int k) {
    const double inside = static_cast<double>(k) - static_cast<double>(greater);
    if (inside <= 0) return 0;
    return std::min(1.0, inside / static_cast<double>(ties + 1));
}

double expected_ndcg_at_k(long greater, long ties, int k) {
    double sum = 0;
    const long last = std::min<long>(greater + ties, k - 1);
    for (long r = greater; r <= last; ++r) sum += 1.0 / std::log2(static_cast<double>(r) + 2.0);
    return sum / static_cast<double>(ties + 1);
}

const std::vector<Interaction>& eval_targets(const Split& split, const EvalOptions& options) {
    return options.target == EvalTarget::Validation ? split.validation : split.test;
}

namespace {

// When ranking a test click, the user's validation click is a known positive: excluded like the
// training positives, so test figures do not depend on whether the split made a validation set.
int32_t known_item(const Split& split, const EvalOptions& options, const Interaction& t) {
    if (options.target != EvalTarget::Test || split.validation_item.empty()) return -1;
    return split.validation_item[static_cast<size_t>(t.user)];
}

struct UserOutcome {
    long greater = 0, ties = 0;
};

std::vector<size_t> chosen_test_cases(const Split& split, const EvalOptions& options) {
    std::vector<size_t> idx(eval_targets(split, options).size());
    std::iota(idx.begin(), idx.end(), 0);
    if (options.max_users > 0 && static_cast<size_t>(options.max_users) < idx.size()) {
        Rng rng(options.seed);
        std::shuffle(idx.begin(), idx.end(), rng);
        idx.resize(static_cast<size_t>(options.max_users));
        std::sort(idx.begin(), idx.end());
    }
    return idx;
}

// Turns per-user outcomes into the report. topk: per user, the top max-K item ids.
EvalReport summarise(const Split& split, const EvalOptions& options, const std::vector<size_t>& cases,
                     const std::vector<UserOutcome>& outcome, const std::vector<std::vector<int32_t>>& topk) {
    EvalReport rep;
    rep.ks = options.ks;
    const size_t nk = options.ks.size();
    auto init = [&](GroupMetrics& g) { g.recall.assign(nk, 0); g.ndcg.assign(nk, 0); };
    init(rep.overall);
    for (auto& g : rep.by_group) init(g);
    for (auto& g : rep.by_bucket) init(g);
    const std::vector<Interaction>& targets = eval_targets(split, options);
    for (size_t c = 0; c < cases.size(); ++c) {
        const Interaction& t = targets[cases[c]];
        GroupMetrics& g = rep.by_group[static_cast<size_t>(split.item_group[static_cast<size_t>(t.item)])];
        GroupMetrics& b = rep.by_bucket[static_cast<size_t>(click_bucket(split.train_clicks[static_cast<size_t>(t.item)]))];
        for (GroupMetrics* m : {&g, &b, &rep.overall}) {
            ++m->users;
            for (size_t q = 0; q < nk; ++q) {
                m->recall[q] += expected_hit_at_k(outcome[c].greater, outcome[c].ties, options.ks[q]);
                m->ndcg[q] += expected_ndcg_at_k(outcome[c].greater, outcome[c].ties, options.ks[q]);
            }
        }
    }
    auto finish = [&](GroupMetrics& g) {
        if (g.users == 0) return;
        for (size_t q = 0; q < nk; ++q) { g.recall[q] /= g.users; g.ndcg[q] /= g.users; }
    };
    finish(rep.overall);
    for (auto& g : rep.by_group) finish(g);
    for (auto& g : rep.by_bucket) finish(g);
    const size_t n_items = split.item_group.size();
    for (size_t q = 0; q < nk; ++q) {
        std::vector<uint8_t> seen(n_items, 0);
        size_t head_slots = 0, slots = 0;
        for (const auto& list : topk) {
            const size_t k = std::min(list.size(), static_cast<size_t>(options.ks[q]));
            for (size_t r = 0; r < k; ++r) {
                seen[static_cast<size_t>(list[r])] = 1;
                head_slots += split.item_group[static_cast<size_t>(list[r])] == ItemGroup::Head;
            }
            slots += k;
        }
        rep.coverage.push_back(static_cast<double>(std::count(seen.begin(), seen.end(), 1)) / static_cast<double>(n_items));
        rep.head_share_topk.push_back(slots ? static_cast<double>(head_slots) / static_cast<double>(slots) : 0.0);
    }
    return rep;
}

// Scores one user's row: excludes training positives (and, within_target_group, the items of
// other groups), counts items above/tied with the target, and collects the top max_k items.
// Ranks held-out click `case_index` of eval_targets(); the user's known positives besides the training
// ones (known_item) are removed from the ranking like them.
void rank_one(const Split& split, const EvalOptions& options, size_t case_index, const float* scores, int n_items, int max_k,
              UserOutcome& out, std::vector<int32_t>& top, std::vector<int32_t>& scratch) {
    const Interaction& t = eval_targets(split, options)[case_index];
    const int32_t known = known_item(split, options, t);
    const bool within_target_group = options.within_target_group;
    const auto& positives = split.user_train_items[static_cast<size_t>(t.user)];
    const float target = scores[t.item];
    const ItemGroup target_group = split.item_group[static_cast<size_t>(t.item)];
    size_t p = 0;
    scratch.clear();
    for (int32_t i = 0; i < n_items; ++i) {
        if (p < positives.size() && positives[p] == i) { ++p; continue; }
        if (i == known && i != t.item) continue;
        if (within_target_group && split.item_group[static_cast<size_t>(i)] != target_group) continue;
        scratch.push_back(i);
        if (i == t.item) continue;
        out.greater += scores[i] > target;
        out.ties += scores[i] == target;
    }
    const size_t k = std::min(scratch.size(), static_cast<size_t>(max_k));
    std::partial_sort(scratch.begin(), scratch.begin() + static_cast<long>(k), scratch.end(),
                      [&](int32_t a, int32_t b) { return scores[a] > scores[b] || (scores[a] == scores[b] && a < b); });
    top.assign(scratch.begin(), scratch.begin() + static_cast<long>(k));
}

}  // namespace

EvalReport evaluate_retrieval(const Split& split, const Eigen::MatrixXf& item_vectors,
                              const std::function<Eigen::MatrixXf(const std::vector<int32_t>&)>& user_vectors,
                              const EvalOptions& options) {
    const auto t0 = std::chrono::steady_clock::now();
    if (options.ks.empty()) throw Error(ErrorContext{"", 0, "eval_k"}, "needs at least one K");
    const int n_items = static_cast<int>(item_vectors.rows());
    const int max_k = *std::max_element(options.ks.begin(), options.ks.end());
    const auto cases = chosen_test_cases(split, options);
    const std::vector<Interaction>& targets = eval_targets(split, options);
    std::vector<UserOutcome> outcome(cases.size());
    std::vector<std::vector<int32_t>> topk(cases.size());
    const size_t block = 256;
    for (size_t b0 = 0; b0 < cases.size(); b0 += block) {
        const size_t b1 = std::min(cases.size(), b0 + block);
        std::vector<int32_t> users;
        for (size_t c = b0; c < b1; ++c) users.push_back(targets[cases[c]].user);
        const Eigen::MatrixXf u = user_vectors(users);
        using RowMajor = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
        const RowMajor scores = u * item_vectors.transpose();
#pragma omp parallel num_threads(omp_threads(options.threads))
        {
            std::vector<int32_t> scratch;
#pragma omp for schedule(dynamic, 8)
            for (long c = static_cast<long>(b0); c < static_cast<long>(b1); ++c)
                rank_one(split, options, cases[static_cast<size_t>(c)], scores.row(c - static_cast<long>(b0)).data(), n_items,
                         max_k, outcome[static_cast<size_t>(c)], topk[static_cast<size_t>(c)], scratch);
        }
    }
    EvalReport rep = summarise(split, options, cases, outcome, topk);
    rep.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return rep;
}

EvalReport evaluate_most_popular(const Split& split, const EvalOptions& options) {
    const auto t0 = std::chrono::steady_clock::now();
    const int n_items = static_cast<int>(split.train_clicks.size());
    const int max_k = *std::max_element(options.ks.begin(), options.ks.end());
    std::vector<float> scores(split.train_clicks.begin(), split.train_clicks.end());
    const auto cases = chosen_test_cases(split, options);
    std::vector<UserOutcome> outcome(cases.size());
    std::vector<std::vector<int32_t>> topk(cases.size());
#pragma omp parallel num_threads(omp_threads(options.threads))
    {
        std::vector<int32_t> scratch;
#pragma omp for schedule(dynamic, 16)
        for (long c = 0; c < static_cast<long>(cases.size()); ++c)
            rank_one(split, options, cases[static_cast<size_t>(c)], scores.data(), n_items, max_k,
                     outcome[static_cast<size_t>(c)], topk[static_cast<size_t>(c)], scratch);
    }
    EvalReport rep = summarise(split, options, cases, outcome, topk);
    rep.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return rep;
}

}  // namespace towerlab
