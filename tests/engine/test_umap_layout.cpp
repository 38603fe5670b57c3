// UMAP (eval/umap_layout.h): the curve fit, the smooth-kNN calibration and the fuzzy union as the
// paper defines them; separable clusters come out separated; a seed gives one picture; a run stops
// when told; a warm refresh of a converged picture moves it little.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include "bench/layout_benchmark.h"
#include "core/error.h"
#include "eval/neighbour_graph.h"
#include "eval/umap_layout.h"

using namespace towerlab;

namespace {

// Share of each point's `k` nearest points in the picture that belong to its own cluster.
double same_cluster_share(const std::vector<float>& xy, const std::vector<int>& cluster, int k) {
    const int n = static_cast<int>(cluster.size());
    long same = 0;
    std::vector<int> order(static_cast<size_t>(n));
    std::vector<float> d2(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) {
        for (int j = 0; j < n; ++j) {
            const float dx = xy[2 * static_cast<size_t>(i)] - xy[2 * static_cast<size_t>(j)];
            const float dy = xy[2 * static_cast<size_t>(i) + 1] - xy[2 * static_cast<size_t>(j) + 1];
            d2[static_cast<size_t>(j)] = j == i ? INFINITY : dx * dx + dy * dy;
        }
        std::iota(order.begin(), order.end(), 0);
        std::partial_sort(order.begin(), order.begin() + k, order.end(),
                          [&](int a, int b) { return d2[static_cast<size_t>(a)] < d2[static_cast<size_t>(b)]; });
        for (int r = 0; r < k; ++r) same += cluster[static_cast<size_t>(order[static_cast<size_t>(r)])] == cluster[static_cast<size_t>(i)];
    }
    return static_cast<double>(same) / (static_cast<double>(n) * k);
}

double extent(const std::vector<float>& xy) {
    float lo[2] = {INFINITY, INFINITY}, hi[2] = {-INFINITY, -INFINITY};
    for (size_t i = 0; i < xy.size(); ++i) lo[i % 2] = std::min(lo[i % 2], xy[i]), hi[i % 2] = std::max(hi[i % 2], xy[i]);
    return std::max(hi[0] - lo[0], hi[1] - lo[1]);
}

// Ten well-separated clusters of 200 points on the 64-D sphere (isotropic within each: a cluster
// is a ball, so only the cluster structure is there to be kept), with their exact 15-NN graph.
struct Clusters {
    TopicVectors data;
    NeighbourGraph graph;
};
const Clusters& ten_clusters() {
    static const Clusters c = [] {
        Clusters out;
        out.data = clustered_unit_vectors(2000, 64, 10, 0.8f, 64, 11);
        out.graph = build_neighbour_graph(out.data.vectors, NeighbourGraphConfig{});
        return out;
    }();
    return c;
}

}  // namespace

TEST_CASE("the curve fit gives umap-learn's a and b for min_dist 0.1, spread 1", "[layout]") {
    const UmapCurve c = fit_umap_curve(0.1, 1.0);
    CHECK(c.a == Approx(1.577).margin(0.002));
    CHECK(c.b == Approx(0.895).margin(0.002));
    // A larger min_dist flattens the curve near 0: a smaller a.
    CHECK(fit_umap_curve(0.5, 1.0).a < c.a);
}

TEST_CASE("smooth kNN memberships sum to log2 k per point and the union is a + b - ab", "[layout]") {
    const Clusters& c = ten_clusters();
    const SmoothKnnMemberships m = smooth_knn_memberships(c.graph, 15);
    REQUIRE(m.k == 15);
    for (int i = 0; i < m.n; ++i) {
        double sum = 0;
        for (int r = 0; r < m.k; ++r) {
            const float w = m.membership[static_cast<size_t>(i) * 15 + static_cast<size_t>(r)];
            sum += w;
            if (r > 0) REQUIRE(w <= m.membership[static_cast<size_t>(i) * 15 + static_cast<size_t>(r) - 1]);
        }
        INFO("point " << i);
        REQUIRE(sum == Approx(std::log2(15.0)).margin(1e-4));
        REQUIRE(m.membership[static_cast<size_t>(i) * 15] == Approx(1.0f));  // the nearest: d = rho
        REQUIRE(m.rho[static_cast<size_t>(i)] == Approx(1.0f - c.graph.cosine(i, 0)).margin(1e-6));
    }
    // The union, checked against the directed memberships pair by pair.
    std::map<std::pair<int, int>, float> directed;
    for (int i = 0; i < m.n; ++i)
        for (int r = 0; r < m.k; ++r) directed[{i, c.graph.neighbour(i, r)}] = m.membership[static_cast<size_t>(i) * 15 + static_cast<size_t>(r)];
    const FuzzyGraph g = fuzzy_union(c.graph, m);
    std::map<std::pair<int, int>, float> weight;
    for (size_t e = 0; e < g.edges(); ++e) weight[{g.head[e], g.tail[e]}] = g.weight[e];
    for (const auto& [pair, w] : weight) {
        const auto ij = directed.find(pair), ji = directed.find({pair.second, pair.first});
        const float a = ij == directed.end() ? 0.0f : ij->second, b = ji == directed.end() ? 0.0f : ji->second;
        REQUIRE(w == Approx(a + b - a * b));
        REQUIRE(weight.at({pair.second, pair.first}) == w);  // symmetric
    }
    for (const auto& [pair, w] : directed)
        if (w > 0) REQUIRE(weight.count(pair) == 1);
}

TEST_CASE("UMAP puts each point's picture neighbours in its own cluster on separable clusters", "[layout]") {
    const Clusters& c = ten_clusters();
    UmapConfig config;
    config.epochs = 200;
    UmapLayout umap(c.graph, umap_initial_layout(c.data.vectors, 1), config);
    CHECK(umap.run() == 200);
    const double share = same_cluster_share(umap.xy(), c.data.topic, 10);
    INFO("share of 2-D 10-NN in the same cluster: " << share);
    CHECK(share >= 0.95);
    // Two threads (Hogwild) do the same job, if not the same picture.
    config.threads = 2;
    UmapLayout hogwild(c.graph, umap_initial_layout(c.data.vectors, 1), config);
    hogwild.run();
    CHECK(same_cluster_share(hogwild.xy(), c.data.topic, 10) >= 0.95);
}

TEST_CASE("UMAP with one thread gives the same picture for the same seed", "[layout]") {
    const Clusters& c = ten_clusters();
    UmapConfig config;
    config.epochs = 30;
    const std::vector<float> start = umap_initial_layout(c.data.vectors, 1);
    UmapLayout first(c.graph, start, config), second(c.graph, start, config);
    first.run();
    second.run();
    CHECK(first.xy() == second.xy());
    config.seed = 2;  // another seed draws other negatives
    UmapLayout other(c.graph, start, config);
    other.run();
    CHECK(other.xy() != first.xy());
}

TEST_CASE("a UMAP run stops after the epoch whose progress call returns false", "[layout]") {
    const Clusters& c = ten_clusters();
    UmapConfig config;
    config.epochs = 100;
    const std::vector<float> start = umap_initial_layout(c.data.vectors, 1);
    UmapLayout umap(c.graph, start, config);
    int calls = 0, total_seen = 0;
    const int done = umap.run([&](int d, int total) {
        ++calls;
        total_seen = total;
        return d < 2;
    });
    CHECK(done == 2);
    CHECK(calls == 2);
    CHECK(total_seen == 100);
    CHECK(umap.xy() != start);  // the two epochs ran
    CHECK(umap.refresh(10, [](int d, int) { return d < 3; }) == 3);
}

TEST_CASE("a warm refresh of a converged UMAP picture with the same graph moves points little", "[layout]") {
    const Clusters& c = ten_clusters();
    UmapConfig config;
    config.epochs = 200;
    UmapLayout converged(c.graph, umap_initial_layout(c.data.vectors, 1), config);
    converged.run();
    UmapLayout refreshed(c.graph, converged.xy(), config);
    CHECK(refreshed.refresh(20) == 20);
    std::vector<double> moved;
    for (size_t i = 0; i < converged.xy().size() / 2; ++i)
        moved.push_back(std::hypot(refreshed.xy()[2 * i] - converged.xy()[2 * i], refreshed.xy()[2 * i + 1] - converged.xy()[2 * i + 1]));
    std::nth_element(moved.begin(), moved.begin() + static_cast<long>(moved.size() / 2), moved.end());
    const double median = moved[moved.size() / 2], size = extent(converged.xy());
    INFO("median move " << median << " of an extent " << size);
    CHECK(median < 0.03 * size);
    CHECK(same_cluster_share(refreshed.xy(), c.data.topic, 10) >= 0.95);
}

TEST_CASE("UMAP settings are validated with the field named", "[layout]") {
    const Clusters& c = ten_clusters();
    const std::vector<float> start(2 * 2000, 0.0f);
    auto fails = [&](UmapConfig config, const char* field) {
        CHECK_THROWS_WITH(UmapLayout(c.graph, start, config), Catch::Contains(std::string("'") + field + "'"));
    };
    UmapConfig bad;
    bad.n_neighbors = 1;
    fails(bad, "n_neighbors");
    bad = UmapConfig{};
    bad.min_dist = -0.1f;
    fails(bad, "min_dist");
    bad = UmapConfig{};
    bad.spread = 0;
    fails(bad, "spread");
    bad = UmapConfig{};
    bad.learning_rate = 0;
    fails(bad, "learning_rate");
    bad = UmapConfig{};
    bad.negative_sample_rate = -1;
    fails(bad, "negative_sample_rate");
    bad = UmapConfig{};
    bad.threads = 0;
    fails(bad, "threads");
    CHECK_THROWS_WITH(UmapLayout(c.graph, std::vector<float>(10), UmapConfig{}), Catch::Contains("'xy'"));
    CHECK(UmapConfig{}.epochs_for(10000) == 500);
    CHECK(UmapConfig{}.epochs_for(10001) == 200);
}
