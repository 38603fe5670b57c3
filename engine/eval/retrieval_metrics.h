// Full-corpus retrieval evaluation: every item is scored for every test user (brute force), the
// user's training positives are removed from the ranking, and the held-out item's rank gives
// Recall@K and NDCG@K. Ties are counted fairly: the target lands uniformly among the items that
// tie with it, so hit@K is the expected hit under random tie-breaking.
// Results are split by the target's group (head, long-tail, cold) and by the target's training
// clicks (click buckets 0, 1-2, 3-5, 6-20, 21+), with the test users of each.
#pragma once

#include <array>
#include <functional>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "data/split.h"

namespace towerlab {

struct GroupMetrics {
    int users = 0;               // test users whose target is in this group
    std::vector<double> recall;  // one per K
    std::vector<double> ndcg;    // one per K
};


struct EvalReport {
    std::vector<int> ks;
    GroupMetrics overall;
    std::array<GroupMetrics, 3> by_group;  // indexed by ItemGroup
    std::array<GroupMetrics, kNumClickBuckets> by_bucket;  // indexed by click_bucket()
    std::vector<double> coverage;          // per K: share of catalogue in anyone's top-K
    std::vector<double> head_share_topk;   // per K: share of top-K slots taken by head items
    double seconds = 0;

    const GroupMetrics& group(ItemGroup g) const { return by_group[static_cast<size_t>(g)]; }
    int k_index(int k) const;  // index of K in ks, -1 if absent
};

// Which held-out click of each user is the target: the test click, or the validation click that
// early stopping watches (Split::validation, empty unless the split made one).
enum class EvalTarget : uint8_t { Test, Validation };

struct EvalOptions {
    std::vector<int> ks{10, 50, 100};
    EvalTarget target = EvalTarget::Test;
    int max_users = 0;      // 0 = all test users, else a seeded sample of them
    uint64_t seed = 1;
    int threads = 2;
    // Rank each test case only against the items of its target's group (head, long-tail or
    // cold). For the oracle this gives each group's ceiling: the K most probable items of the
    // group maximise the expected hits on that group's targets, which the overall oracle does not.
    bool within_target_group = false;
};

// item_vectors: one row per item; user_vector(u, out) writes user u's vector. Score = dot product
// (vectors are L2-normalised, so it is the cosine).
EvalReport evaluate_retrieval(const Split& split, const Eigen::MatrixXf& item_vectors,
                              const std::function<Eigen::MatrixXf(const std::vector<int32_t>& users)>& user_vectors,
                              const EvalOptions& options);

// The clicks `options.target` names.
const std::vector<Interaction>& eval_targets(const Split& split, const EvalOptions& options);

// MostPop: every user gets the same ranking, by training clicks; same exclusions and tie rule.
EvalReport evaluate_most_popular(const Split& split, const EvalOptions& options);

// Expected hit@K and NDCG@K when `greater` items score strictly above the target and `ties`
// others score exactly the same.
double expected_hit_at_k(long greater, long ties, int k);
double expected_ndcg_at_k(long greater, long ties, int k);

}  // namespace towerlab
