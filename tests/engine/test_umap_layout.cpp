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

TEST_CASE("the optimisation's power x^b is std::pow's to 4e-6 relative", "[layout]") {
    // The gradients' D^b (b = 0.895 for the default curve) over the distances a picture holds.
    double worst = 0;
    for (const float b : {0.5f, 0.79f, 0.895f, 1.0f, 1.3f})
        for (double log_x = -25; log_x <= 25; log_x += 0.0137) {
            const float x = static_cast<float>(std::exp(log_x));
            const double want = std::pow(static_cast<double>(x), static_cast<double>(b));
            worst = std::max(worst, std::abs(umap_pow(x, b) - want) / want);
        }
    INFO("worst relative error " << worst);
    CHECK(worst < 4e-6);
    // At D = 0 (a coincident pair) the power is tiny, finite and positive: the gradients stay finite.
    CHECK(umap_pow(0.0f, 0.895f) > 0.0f);
    CHECK(umap_pow(0.0f, 0.895f) < 1e-30f);
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

TEST_CASE("a UMAP layout optimises every fuzzy edge above max(w) / epochs once", "[layout]") {
    // The layout lists its edges in its own order (each head's first edge, then each head's second,
    // ...): the set must still be the fuzzy union's edges that would be sampled at least once.
    const Clusters& c = ten_clusters();
    UmapConfig config;
    config.epochs = 50;
    const FuzzyGraph all = fuzzy_union(c.graph, smooth_knn_memberships(c.graph, config.n_neighbors));
    const float floor = *std::max_element(all.weight.begin(), all.weight.end()) / static_cast<float>(config.epochs);
    std::map<std::pair<int, int>, float> want, got;
    for (size_t e = 0; e < all.edges(); ++e)
        if (all.weight[e] >= floor) want[{all.head[e], all.tail[e]}] = all.weight[e];
    UmapLayout umap(c.graph, umap_initial_layout(c.data.vectors, 1), config);
    const FuzzyGraph& kept = umap.graph();
    REQUIRE(kept.edges() == want.size());
    for (size_t e = 0; e < kept.edges(); ++e) got[{kept.head[e], kept.tail[e]}] = kept.weight[e];
    size_t differ = 0;
    for (const auto& [pair, w] : want) differ += got.count(pair) == 0 || got.at(pair) != w;
    CHECK(got.size() == want.size());
    CHECK(differ == 0);
}

TEST_CASE("UMAP with more negatives per sample than one vector holds pushes clusters further apart", "[layout]") {
    // 14 negatives a sample: the first seven share a vector with the attraction, the other seven take
    // a second. They must repel as the first seven do: the picture spreads wider than with 7.
    const Clusters& c = ten_clusters();
    UmapConfig config;
    config.epochs = 200;
    auto picture = [&](int negatives) {
        config.negative_sample_rate = negatives;
        UmapLayout umap(c.graph, umap_initial_layout(c.data.vectors, 1), config);
        umap.run();
        for (float v : umap.xy()) REQUIRE(std::isfinite(v));
        return umap.xy();
    };
    const std::vector<float> seven = picture(7), fourteen = picture(14);
    INFO("extent with 7 negatives " << extent(seven) << ", with 14 " << extent(fourteen));
    CHECK(extent(fourteen) > 1.05 * extent(seven));
    CHECK(same_cluster_share(fourteen, c.data.topic, 10) >= 0.95);
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
