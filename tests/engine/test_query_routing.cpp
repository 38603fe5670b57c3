// Query routing (serving/query_routing.h) on unit vectors in the plane, placed at angles chosen so
// that every ranking below can be read off a protractor: the cosine of two unit vectors is the
// cosine of the angle between them, so "nearest" is "smallest angle". Last, routing on a trained
// model: user queries start among their answers, and the serving benchmark and the retriever keep
// their recall with it.
#include <catch2/catch.hpp>

#include <cmath>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/error.h"
#include "test_loader_fixtures.h"
#include "serving/brute_force_index.h"
#include "serving/item_retriever.h"
#include "serving/query_routing.h"
#include "serving/serving_benchmark.h"
#include "synthetic_fixtures.h"
#include "train/trainer.h"

using namespace towerlab;

namespace {

Mat<float> at_angles(const std::vector<double>& degrees) {
    Mat<float> m(static_cast<Eigen::Index>(degrees.size()), 2);
    for (size_t i = 0; i < degrees.size(); ++i) {
        const double a = degrees[i] * M_PI / 180.0;
        m(static_cast<Eigen::Index>(i), 0) = static_cast<float>(std::cos(a));
        m(static_cast<Eigen::Index>(i), 1) = static_cast<float>(std::sin(a));
    }
    return m;
}

std::vector<float> query_at(double degrees) {
    const Mat<float> q = at_angles({degrees});
    return {q(0, 0), q(0, 1)};
}

// Items at 0, 15, 40, 90, 120, 200 and 270 degrees; bridges at 5, 100 and 230. By angle:
//   bridge 0 (5):   item 0 (5 away), item 1 (10), item 2 (35), ...
//   bridge 1 (100): item 3 (10), item 4 (20), item 2 (60), ...
//   bridge 2 (230): item 5 (30), item 6 (40), item 4 (110), ...
BruteForceIndex plane_items() { return BruteForceIndex(at_angles({0, 15, 40, 90, 120, 200, 270})); }
Mat<float> plane_bridges() { return at_angles({5, 100, 230}); }

QueryRoutingConfig routing(int bridges, int neighbours, int entries_per_bridge) {
    QueryRoutingConfig c;
    c.bridges = bridges;
    c.neighbours = neighbours;
    c.entries_per_bridge = entries_per_bridge;
    return c;
}

std::string field_of_error(const std::function<void()>& f) { return test::where_of(f).field; }

}  // namespace

TEST_CASE("entry items are the exact top items of the nearest bridges, nearest bridge first", "[query_routing]") {
    const BruteForceIndex items = plane_items();
    const QueryRouter router(plane_bridges(), items, routing(10, 2, 2), 1);
    REQUIRE(router.size() == 3);

    // A query at 80 degrees: bridge 1 is 20 away, bridge 0 is 75, bridge 2 is 150.
    CHECK(router.entry_items(query_at(80).data()) == std::vector<int32_t>{3, 4, 0, 1});
    // At 10 degrees the order of the two bridges flips.
    CHECK(router.entry_items(query_at(10).data()) == std::vector<int32_t>{0, 1, 3, 4});
    // At 215 degrees bridge 2 (15 away) comes first, then bridge 1 (115); bridge 0 (150) is cut.
    CHECK(router.entry_items(query_at(215).data()) == std::vector<int32_t>{5, 6, 3, 4});
}

TEST_CASE("entry lists follow neighbours and entries_per_bridge, capped by what exists", "[query_routing]") {
    const BruteForceIndex items = plane_items();
    SECTION("one neighbour, three entries: the nearest bridge's top 3 in score order") {
        const QueryRouter router(plane_bridges(), items, routing(10, 1, 3), 1);
        CHECK(router.entry_items(query_at(95).data()) == std::vector<int32_t>{3, 4, 2});
    }
    SECTION("more neighbours than bridges: every bridge, nearest first") {
        const QueryRouter router(plane_bridges(), items, routing(10, 5, 1), 1);
        // At 180 degrees: bridge 2 is 50 away, bridge 1 80, bridge 0 175.
        CHECK(router.entry_items(query_at(180).data()) == std::vector<int32_t>{5, 3, 0});
    }
    SECTION("more entries per bridge than items: each bridge lists the whole catalogue once") {
        const QueryRouter router(plane_bridges(), items, routing(10, 2, 50), 1);
        const std::vector<int32_t> e = router.entry_items(query_at(0).data());
        REQUIRE(e.size() == 14);
        // Bridge 0 (5 degrees) ranks item 6 (270, i.e. 95 away) above item 4 (115 away).
        CHECK(std::vector<int32_t>(e.begin(), e.begin() + 7) == std::vector<int32_t>{0, 1, 2, 3, 6, 4, 5});
        CHECK(std::set<int32_t>(e.begin() + 7, e.end()).size() == 7);
    }
}

// More training queries than config.bridges: a subset of them is kept, each with its own top list.
TEST_CASE("routing keeps config.bridges of the given bridges when more are given", "[query_routing]") {
    // Items sit exactly on the six bridges, so a bridge's top-1 entry names the bridge itself.
    const std::vector<double> angles = {0, 60, 120, 180, 240, 300};
    const BruteForceIndex items(at_angles(angles));
    const QueryRouter router(at_angles(angles), items, routing(3, 3, 1), 1);
    CHECK(router.size() == 3);

    const std::vector<float> q = query_at(100);
    const std::vector<int32_t> e = router.entry_items(q.data());
    REQUIRE(e.size() == 3);
    CHECK(std::set<int32_t>(e.begin(), e.end()).size() == 3);  // three different kept bridges
    for (size_t i = 0; i < e.size(); ++i) {
        REQUIRE(e[i] >= 0);
        REQUIRE(e[i] < 6);
        if (i > 0) {
            INFO("entries " << e[i - 1] << " then " << e[i]);
            const float before = items.vectors().row(e[i - 1]).dot(Eigen::Map<const RowVec<float>>(q.data(), 2));
            const float after = items.vectors().row(e[i]).dot(Eigen::Map<const RowVec<float>>(q.data(), 2));
            CHECK(before >= after);
        }
    }
}

TEST_CASE("QueryRoutingConfig::validate and the router name the bad field", "[query_routing]") {
    CHECK(field_of_error([] { routing(0, 1, 1).validate(); }) == "bridges");
    CHECK(field_of_error([] { routing(1, 0, 1).validate(); }) == "neighbours");
    CHECK(field_of_error([] { routing(1, 1, -3).validate(); }) == "entries_per_bridge");
    CHECK_NOTHROW(routing(1, 1, 1).validate());

    const BruteForceIndex items = plane_items();
    CHECK(field_of_error([&] { (void)QueryRouter(plane_bridges(), items, routing(5, 0, 1), 1); }) == "neighbours");
    CHECK(field_of_error([&] { (void)QueryRouter(Mat<float>(0, 2), items, routing(5, 1, 1), 1); }) == "bridge_queries");
    CHECK(field_of_error([&] { (void)QueryRouter(Mat<float>::Ones(2, 3), items, routing(5, 1, 1), 1); }) == "bridge_queries");
}

TEST_CASE("query routing starts user queries among their answers and keeps recall on a trained model", "[ann]") {
    Trainer t = test::trained_for_serving(3000);
    std::vector<int32_t> served, bridges;
    for (int u = 0; u < 3000; ++u) (u % 10 == 0 ? served : bridges).push_back(u);
    const Mat<float> items = t.item_embeddings();
    const Mat<float> bridge_vectors = t.user_embeddings(bridges);

    QueryRoutingConfig rc;
    rc.bridges = 1000;
    rc.entries_per_bridge = 20;
    const BruteForceIndex exact(items);
    const QueryRouter router(bridge_vectors, exact, rc);
    CHECK(router.size() == 1000);
    const Mat<float> q = t.user_embeddings({served[0]});
    const std::vector<int32_t> entries = router.entry_items(q.data());
    CHECK(entries.size() == 10u * 20u);  // neighbours x entries_per_bridge
    // the first 20 entries are one bridge's exact top 20
    const std::set<int32_t> first(entries.begin(), entries.begin() + 20);
    bool found = false;
    for (const ScoredList& top : exact.search_batch(bridge_vectors, 20, 2)) {
        std::set<int32_t> s;
        for (const auto& x : top) s.insert(x.item);
        found = found || s == first;
    }
    CHECK(found);

    ServingBenchConfig bc;
    bc.ks = {100};
    bc.ef_search = {128};
    bc.routing = rc;
    bc.brute_force_latency_queries = 10;
    bc.threads = 1;
    const ServingBenchReport r = run_serving_benchmark(items, t.user_embeddings(served), AnnIndexConfig{}, bc, &bridge_vectors);
    REQUIRE(r.points.size() == 2);
    CHECK_FALSE(r.points[0].routed);
    CHECK(r.points[1].routed);
    CHECK(r.routing_bridges == 1000);
    CHECK(r.points[1].recall >= 0.95);

    ItemRetriever retriever(items, AnnIndexConfig{});
    CHECK_THROWS_AS(retriever.retrieve(q.data(), 10, RetrievalMode::RoutedAnn), Error);
    retriever.enable_routing(bridge_vectors, rc);
    CHECK(retriever.compare(q.data(), 10, {}, RetrievalMode::RoutedAnn).recall >= 0.9);
}
