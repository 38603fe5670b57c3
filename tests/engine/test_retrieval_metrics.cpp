#include <catch2/catch.hpp>

#include <string>

#include "eval/retrieval_metrics.h"

using namespace towerlab;

TEST_CASE("ties count as the expected hit under random tie-breaking", "[eval]") {
    CHECK(expected_hit_at_k(0, 0, 1) == 1.0);
    CHECK(expected_hit_at_k(1, 0, 1) == 0.0);
    CHECK(expected_hit_at_k(5, 9, 10) == Approx(0.5));   // ranks 5..14 equally likely, 5 of 10 inside
    CHECK(expected_hit_at_k(0, 99, 10) == Approx(0.1));  // a cold item tied with 99 feature twins
    CHECK(expected_ndcg_at_k(0, 0, 10) == Approx(1.0));
    CHECK(expected_ndcg_at_k(1, 1, 10) == Approx(0.5 * (1 / std::log2(3.0) + 1 / std::log2(4.0))));
    CHECK(expected_ndcg_at_k(10, 0, 10) == 0.0);
}

TEST_CASE("evaluation removes training positives, splits by group, and scores MostPop", "[eval]") {
    Split s;
    // 4 items: 0 head (3 clicks), 1 tail (1 click), 2 tail (1 click), 3 cold
    s.train_clicks = {3, 1, 1, 0};
    s.item_group = {ItemGroup::Head, ItemGroup::Tail, ItemGroup::Tail, ItemGroup::Cold};
    s.user_train_items = {{0}, {0, 1}, {0, 2}};
    s.test = {{0, 1, 0}, {1, 2, 0}, {2, 3, 0}};
    // item vectors: 1-D scores; user vector 1 scores by the item's value
    Eigen::MatrixXf items(4, 1);
    items << 10, 3, 2, 1;
    auto users = [](const std::vector<int32_t>& u) { return Eigen::MatrixXf::Ones(static_cast<Eigen::Index>(u.size()), 1); };
    EvalOptions eo;
    eo.ks = {1, 2};
    const EvalReport r = evaluate_retrieval(s, items, users, eo);
    // user 0: positives {0} removed -> ranking 1,2,3: target 1 at rank 0 -> hit@1
    // user 1: {0,1} removed -> ranking 2,3: target 2 at rank 0 -> hit@1
    // user 2: {0,2} removed -> ranking 1,3: target 3 at rank 1 -> hit@2 only
    CHECK(r.overall.recall[0] == Approx(2.0 / 3));
    CHECK(r.overall.recall[1] == Approx(1.0));
    CHECK(r.group(ItemGroup::Tail).users == 2);
    CHECK(r.group(ItemGroup::Cold).users == 1);
    CHECK(r.group(ItemGroup::Cold).recall[0] == 0.0);
    CHECK(r.group(ItemGroup::Cold).recall[1] == 1.0);
    const EvalReport pop = evaluate_most_popular(s, eo);
    CHECK(pop.group(ItemGroup::Cold).recall[0] == 0.0);  // zero clicks: never ahead of a clicked item
    CHECK(pop.head_share_topk[0] == 0.0);                // the head item is everyone's positive
}

TEST_CASE("click buckets split the test users by their target's training clicks", "[eval]") {
    CHECK(click_bucket(0) == 0);
    CHECK(click_bucket(1) == 1);
    CHECK(click_bucket(2) == 1);
    CHECK(click_bucket(3) == 2);
    CHECK(click_bucket(5) == 2);
    CHECK(click_bucket(6) == 3);
    CHECK(click_bucket(20) == 3);
    CHECK(click_bucket(21) == 4);
    CHECK(std::string(click_bucket_name(2)) == "3-5");
    Split s;
    s.train_clicks = {30, 4, 1, 0};
    s.item_group = {ItemGroup::Head, ItemGroup::Tail, ItemGroup::Tail, ItemGroup::Cold};
    s.user_train_items = {{0}, {0}, {0}, {0}};
    s.test = {{0, 1, 0}, {1, 2, 0}, {2, 3, 0}, {3, 1, 0}};
    Eigen::MatrixXf items(4, 1);
    items << 10, 3, 2, 1;
    auto users = [](const std::vector<int32_t>& u) { return Eigen::MatrixXf::Ones(static_cast<Eigen::Index>(u.size()), 1); };
    EvalOptions eo;
    eo.ks = {1};
    const EvalReport r = evaluate_retrieval(s, items, users, eo);
    CHECK(r.by_bucket[0].users == 1);  // item 3, no clicks
    CHECK(r.by_bucket[1].users == 1);  // item 2, 1 click
    CHECK(r.by_bucket[2].users == 2);  // item 1, 4 clicks, twice
    CHECK(r.by_bucket[4].users == 0);
    CHECK(r.by_bucket[2].recall[0] == 1.0);  // item 1 ranks first once item 0 is removed
    CHECK(r.by_bucket[1].recall[0] == 0.0);  // item 2 is behind item 1
}

TEST_CASE("within_target_group ranks each target only among its own group's items", "[eval]") {
    Split s;
    s.train_clicks = {9, 8, 1, 1};
    s.item_group = {ItemGroup::Head, ItemGroup::Head, ItemGroup::Tail, ItemGroup::Tail};
    s.user_train_items = {{}};
    s.test = {{0, 3, 0}};
    Eigen::MatrixXf items(4, 1);
    items << 10, 9, 2, 1;  // the tail target is 4th overall, 2nd among the tail
    auto users = [](const std::vector<int32_t>& u) { return Eigen::MatrixXf::Ones(static_cast<Eigen::Index>(u.size()), 1); };
    EvalOptions eo;
    eo.ks = {2};
    CHECK(evaluate_retrieval(s, items, users, eo).group(ItemGroup::Tail).recall[0] == 0.0);
    eo.within_target_group = true;
    CHECK(evaluate_retrieval(s, items, users, eo).group(ItemGroup::Tail).recall[0] == 1.0);
}
