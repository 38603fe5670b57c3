// The cosine kNN graph behind the layouts (eval/neighbour_graph.h): exact on small data, close to
// exact with NN-Descent or HNSW on large data, never a row's own neighbour; and the warm start's
// placement of points that have no coordinate yet.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>

#include "bench/layout_benchmark.h"
#include "core/error.h"
#include "core/random.h"
#include "eval/neighbour_graph.h"

using namespace towerlab;

namespace {

// The k best other rows of row i by cosine, in double, ties to the smaller index: the definition.
std::vector<int32_t> naive_neighbours(const Mat<float>& v, int i, int k) {
    std::vector<double> cosine(static_cast<size_t>(v.rows()));
    const double ni = v.row(i).cast<double>().norm();
    for (Eigen::Index j = 0; j < v.rows(); ++j) {
        const double nj = v.row(j).cast<double>().norm();
        cosine[static_cast<size_t>(j)] = (ni > 0 && nj > 0) ? v.row(i).cast<double>().dot(v.row(j).cast<double>()) / (ni * nj) : 0.0;
    }
    std::vector<int32_t> order;
    for (int32_t j = 0; j < v.rows(); ++j)
        if (j != i) order.push_back(j);
    std::stable_sort(order.begin(), order.end(),
                     [&](int32_t a, int32_t b) { return cosine[static_cast<size_t>(a)] > cosine[static_cast<size_t>(b)]; });
    order.resize(static_cast<size_t>(k));
    return order;
}

}  // namespace

TEST_CASE("the exact graph lists each row's k most cosine-similar other rows, best first", "[layout]") {
    Rng rng(3);
    std::normal_distribution<float> g(0, 1);
    Mat<float> v(300, 16);
    for (Eigen::Index e = 0; e < v.size(); ++e) v.data()[e] = g(rng);
    for (int i = 0; i < 300; ++i) v.row(i) *= 0.1f + static_cast<float>(i % 7);  // norms do not matter
    v.row(11).setZero();                // a zero row: cosine 0 with everything
    v.row(5) = v.row(7);                // a duplicate: each is the other's best neighbour (cosine 1), and
                                        // the two tie in every other row's list (5, the smaller, first)
    NeighbourGraphConfig c;
    c.k = 10;
    const NeighbourGraph graph = build_neighbour_graph(v, c);
    REQUIRE(graph.exact);
    REQUIRE(graph.n == 300);
    REQUIRE(graph.k == 10);
    for (int i = 0; i < 300; ++i) {
        const std::vector<int32_t> want = naive_neighbours(v, i, 10);
        for (int r = 0; r < 10; ++r) {
            INFO("row " << i << " rank " << r);
            CHECK(graph.neighbour(i, r) == want[static_cast<size_t>(r)]);
            CHECK(graph.neighbour(i, r) != i);
            if (r > 0) CHECK(graph.cosine(i, r) <= graph.cosine(i, r - 1));
        }
    }
    CHECK(graph.neighbour(5, 0) == 7);
    CHECK(graph.cosine(5, 0) == Approx(1.0f).margin(1e-5));
    CHECK(graph.neighbour(7, 0) == 5);
    // The zero row's cosines are all 0, so its neighbours are the smallest other indices.
    for (int r = 0; r < 10; ++r) {
        CHECK(graph.neighbour(11, r) == r);
        CHECK(graph.cosine(11, r) == 0.0f);
    }
}

TEST_CASE("the HNSW graph finds at least 95% of the exact neighbours of 10,000 clustered points", "[layout]") {
    const TopicVectors data = clustered_unit_vectors(10000, 32, 20, 1.0f, 8, 5);
    NeighbourGraphConfig c;
    c.k = 15;
    c.exact_max_rows = 20000;
    const NeighbourGraph exact = build_neighbour_graph(data.vectors, c);
    c.method = NeighbourMethod::Hnsw;  // the same rows through HNSW
    const NeighbourGraph approx = build_neighbour_graph(data.vectors, c);
    REQUIRE(exact.exact);
    REQUIRE_FALSE(approx.exact);
    long found = 0;
    for (int i = 0; i < 10000; ++i) {
        std::set<int32_t> truth;
        for (int r = 0; r < 15; ++r) truth.insert(exact.neighbour(i, r));
        for (int r = 0; r < 15; ++r) {
            REQUIRE(approx.neighbour(i, r) != i);
            if (r > 0) REQUIRE(approx.cosine(i, r) <= approx.cosine(i, r - 1) + 1e-6f);
            found += truth.count(approx.neighbour(i, r));
        }
    }
    const double recall = static_cast<double>(found) / (10000.0 * 15);
    INFO("HNSW recall against exact: " << recall);
    CHECK(recall >= 0.95);
}

TEST_CASE("a neighbour graph lowers k to n - 1, and rejects bad settings naming the field", "[layout]") {
    Mat<float> v(4, 3);
    v << 1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 0;
    NeighbourGraphConfig c;
    c.k = 15;
    const NeighbourGraph graph = build_neighbour_graph(v, c);
    CHECK(graph.k == 3);
    CHECK(graph.index.size() == 12);
    c.k = 0;
    CHECK_THROWS_WITH(build_neighbour_graph(v, c), Catch::Contains("'k'"));
    c = NeighbourGraphConfig{};
    c.threads = 0;
    CHECK_THROWS_WITH(build_neighbour_graph(v, c), Catch::Contains("'threads'"));
    CHECK_THROWS_WITH(build_neighbour_graph(Mat<float>(1, 3), NeighbourGraphConfig{}), Catch::Contains("'vectors'"));
}

TEST_CASE("a point without a previous place starts at the mean of its placed neighbours", "[layout]") {
    // Points 0..3 have places; 4 is new with neighbours 0, 1 and the new point 5; 5 is new with only
    // new neighbours (4, 6) and so waits a round; 6 and 7 are new and only each other's neighbours.
    NeighbourGraph graph;
    graph.n = 8;
    graph.k = 3;
    graph.index = {1, 2, 3,  0, 2, 3,  0, 1, 3,  0, 1, 2,  0, 1, 5,  4, 6, 4,  7, 7, 7,  6, 6, 6};
    graph.similarity.assign(24, 0.5f);
    const std::vector<float> previous = {0, 0,  4, 0,  0, 8,  4, 8,  99, 99,  99, 99,  99, 99,  99, 99};
    const std::vector<uint8_t> known = {1, 1, 1, 1, 0, 0, 0, 0};
    const std::vector<float> xy = place_at_neighbour_mean(graph, previous, known);
    REQUIRE(xy.size() == 16);
    for (int i = 0; i < 4; ++i) {  // placed points keep their place
        CHECK(xy[2 * i] == previous[2 * i]);
        CHECK(xy[2 * i + 1] == previous[2 * i + 1]);
    }
    CHECK(xy[8] == Approx(2.0f));   // 4: mean of 0 (0,0) and 1 (4,0)
    CHECK(xy[9] == Approx(0.0f));
    CHECK(xy[10] == Approx(2.0f));  // 5: from 4, placed the round before (6 is not placed yet)
    CHECK(xy[11] == Approx(0.0f));
    // 6 and 7 never reach a placed point: the mean of the previous places, (2, 4).
    CHECK(xy[12] == Approx(2.0f));
    CHECK(xy[13] == Approx(4.0f));
    CHECK(xy[14] == Approx(2.0f));
    CHECK(xy[15] == Approx(4.0f));
    CHECK_THROWS_WITH(place_at_neighbour_mean(graph, {0, 0}, known), Catch::Contains("'previous_xy'"));
}

TEST_CASE("a graph refined for unchanged vectors is the exact graph, on any number of threads", "[layout]") {
    Rng rng(8);
    std::normal_distribution<float> g(0, 1);
    Mat<float> v(400, 16);
    for (Eigen::Index e = 0; e < v.size(); ++e) v.data()[e] = g(rng);
    NeighbourGraphConfig c;
    c.k = 10;
    const NeighbourGraph exact = build_neighbour_graph(v, c);
    REQUIRE(exact.exact);
    for (int threads : {1, 2}) {
        c.threads = threads;
        const NeighbourGraph refined = refine_neighbour_graph(v, exact, c);
        INFO("threads " << threads);
        CHECK_FALSE(refined.exact);
        REQUIRE(refined.n == 400);
        REQUIRE(refined.k == 10);
        CHECK(refined.index == exact.index);
        for (size_t e = 0; e < exact.similarity.size(); ++e) CHECK(refined.similarity[e] == Approx(exact.similarity[e]).margin(1e-5));
    }
}

TEST_CASE("a refined graph finds a moved row's new neighbours among its neighbours' neighbours", "[layout]") {
    // 12 unit vectors around a circle, unevenly spaced so no two distances tie; k = 2: each row's
    // neighbours are the rows either side. Row 0 then moves to between rows 1 and 2, nearer 1: its
    // new neighbours are 1 (a previous neighbour) and 2 (a neighbour of 1); row 11 loses 0 and gains
    // 1 (a neighbour of its neighbour 0); row 2 gains 0 (a neighbour of its neighbour 1). Every new
    // neighbour is within two hops, so the first pass alone finds them all.
    const int n = 12;
    const double step = 2 * M_PI / n;
    auto angle = [&](int i) { return step * (i + 0.2 * std::sin(1.7 * i)); };
    Mat<float> before(n, 2), after(n, 2);
    for (int i = 0; i < n; ++i) before.row(i) << static_cast<float>(std::cos(angle(i))), static_cast<float>(std::sin(angle(i)));
    after = before;
    const double moved = 0.75 * angle(1) + 0.25 * angle(2);
    after.row(0) << static_cast<float>(std::cos(moved)), static_cast<float>(std::sin(moved));
    NeighbourGraphConfig c;
    c.k = 2;
    c.refine_rounds = 0;
    const NeighbourGraph previous = build_neighbour_graph(before, c);
    REQUIRE(std::set<int32_t>{previous.neighbour(0, 0), previous.neighbour(0, 1)} == std::set<int32_t>{1, 11});
    const NeighbourGraph truth = build_neighbour_graph(after, c);
    REQUIRE(std::set<int32_t>{truth.neighbour(0, 0), truth.neighbour(0, 1)} == std::set<int32_t>{1, 2});
    const NeighbourGraph refined = refine_neighbour_graph(after, previous, c);
    CHECK(refined.index == truth.index);
}

TEST_CASE("refining a graph of other rows is rejected, naming the previous graph", "[layout]") {
    Mat<float> v(20, 4), fewer(19, 4);
    v.setRandom();
    fewer.setRandom();
    NeighbourGraphConfig c;
    c.k = 5;
    const NeighbourGraph previous = build_neighbour_graph(v, c);
    CHECK_THROWS_WITH(refine_neighbour_graph(fewer, previous, c), Catch::Contains("'previous'") && Catch::Contains("19 rows"));
    NeighbourGraph broken = previous;
    broken.index[7] = 20;  // a row that does not exist
    CHECK_THROWS_WITH(refine_neighbour_graph(v, broken, c), Catch::Contains("'previous'"));
    c.refine_rounds = -1;
    CHECK_THROWS_WITH(refine_neighbour_graph(v, previous, c), Catch::Contains("'refine_rounds'"));
}

namespace {

// A graph a layout can use: k entries a row, never the row itself, no row twice, best first, and
// each similarity the cosine of the two rows.
void check_well_formed(const Mat<float>& v, const NeighbourGraph& graph, int n, int k) {
    REQUIRE(graph.n == n);
    REQUIRE(graph.k == k);
    REQUIRE(graph.index.size() == static_cast<size_t>(n) * static_cast<size_t>(k));
    REQUIRE(graph.similarity.size() == graph.index.size());
    const Mat<float> u = unit_rows(v);
    for (int i = 0; i < n; ++i) {
        INFO("row " << i);
        std::set<int32_t> listed;
        for (int r = 0; r < k; ++r) {
            const int32_t j = graph.neighbour(i, r);
            REQUIRE(j >= 0);
            REQUIRE(j < n);
            REQUIRE(j != i);
            REQUIRE(listed.insert(j).second);
            if (r > 0) REQUIRE(graph.cosine(i, r) <= graph.cosine(i, r - 1));
            REQUIRE(graph.cosine(i, r) == Approx(u.row(i).dot(u.row(j))).margin(1e-5));
        }
    }
}

}  // namespace

TEST_CASE("the NN-Descent graph is well formed and finds at least 90% of the exact neighbours of clustered points", "[layout]") {
    const TopicVectors data = clustered_unit_vectors(6000, 32, 20, 1.0f, 8, 9);
    NeighbourGraphConfig c;
    c.k = 12;
    c.method = NeighbourMethod::Descent;
    const NeighbourGraph graph = build_neighbour_graph(data.vectors, c);
    CHECK_FALSE(graph.exact);
    check_well_formed(data.vectors, graph, 6000, 12);
    // Against exact neighbours on every row, and the sampled estimate the benchmark prints.
    c.method = NeighbourMethod::Exact;
    const NeighbourGraph exact = build_neighbour_graph(data.vectors, c);
    long found = 0;
    for (int i = 0; i < 6000; ++i) {
        std::set<int32_t> truth;
        for (int r = 0; r < 12; ++r) truth.insert(exact.neighbour(i, r));
        for (int r = 0; r < 12; ++r) found += truth.count(graph.neighbour(i, r));
    }
    const double recall = static_cast<double>(found) / (6000.0 * 12);
    const double sampled = neighbour_graph_recall(data.vectors, graph, 500, 4);
    INFO("NN-Descent recall against exact: " << recall << ", sampled " << sampled);
    CHECK(recall > 0.9);
    CHECK(sampled > 0.9);
    CHECK(sampled < 1.0 + 1e-12);
}

TEST_CASE("the NN-Descent graph is well formed on awkward rows: duplicates, a zero row, tiny leaves", "[layout]") {
    Rng rng(12);
    std::normal_distribution<float> g(0, 1);
    Mat<float> v(200, 8);
    for (Eigen::Index e = 0; e < v.size(); ++e) v.data()[e] = g(rng);
    for (int i = 100; i < 140; ++i) v.row(i) = v.row(100);  // 40 equal rows: no hyperplane splits them
    v.row(3).setZero();
    NeighbourGraphConfig c;
    c.k = 6;
    c.method = NeighbourMethod::Descent;
    c.descent_leaf_size = 2;  // raised to k + 1: every leaf is small
    c.descent_trees = 1;
    const NeighbourGraph graph = build_neighbour_graph(v, c);
    check_well_formed(v, graph, 200, 6);
}

TEST_CASE("the NN-Descent graph is the same for a seed on any number of threads", "[layout]") {
    const TopicVectors data = clustered_unit_vectors(5000, 16, 10, 1.0f, 6, 2);
    NeighbourGraphConfig c;
    c.k = 10;
    c.method = NeighbourMethod::Descent;
    c.seed = 7;
    c.threads = 1;
    const NeighbourGraph one = build_neighbour_graph(data.vectors, c);
    c.threads = 2;
    const NeighbourGraph two = build_neighbour_graph(data.vectors, c);
    const NeighbourGraph again = build_neighbour_graph(data.vectors, c);
    CHECK(one.index == two.index);
    CHECK(one.similarity == two.similarity);
    CHECK(two.index == again.index);
}

TEST_CASE("the way of building a graph follows the size, or the config; bad descent settings name their field", "[layout]") {
    NeighbourGraphConfig c;
    c.exact_max_rows = 100;
    CHECK(neighbour_method_for(100, c) == NeighbourMethod::Exact);
    CHECK(neighbour_method_for(101, c) == NeighbourMethod::Descent);
    c.method = NeighbourMethod::Hnsw;
    CHECK(neighbour_method_for(50, c) == NeighbourMethod::Hnsw);
    Mat<float> v(30, 3);
    v.setRandom();
    const auto rejects = [&](auto change, const char* field) {
        NeighbourGraphConfig bad;
        bad.method = NeighbourMethod::Descent;
        change(bad);
        INFO(field);
        CHECK_THROWS_WITH(build_neighbour_graph(v, bad), Catch::Contains(std::string("'") + field + "'"));
    };
    rejects([](NeighbourGraphConfig& b) { b.method = static_cast<NeighbourMethod>(7); }, "method");
    rejects([](NeighbourGraphConfig& b) { b.descent_trees = 0; }, "descent_trees");
    rejects([](NeighbourGraphConfig& b) { b.descent_leaf_size = 1; }, "descent_leaf_size");
    rejects([](NeighbourGraphConfig& b) { b.descent_max_rounds = -1; }, "descent_max_rounds");
    rejects([](NeighbourGraphConfig& b) { b.descent_delta = -0.5; }, "descent_delta");
    rejects([](NeighbourGraphConfig& b) { b.descent_join_max = 0; }, "descent_join_max");
}
