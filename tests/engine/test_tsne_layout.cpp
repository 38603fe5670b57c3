// Barnes-Hut t-SNE (eval/tsne_layout.h): perplexity calibration, a symmetric P, the gradient
// against finite differences of the KL divergence (exact at theta 0, close at 0.5); separable
// clusters come out separated; the run is the same on one or two threads; it stops when told; a
// warm refresh of a converged picture moves it little.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include "bench/layout_benchmark.h"
#include "core/error.h"
#include "core/random.h"
#include "core/task_team.h"
#include "eval/neighbour_graph.h"
#include "eval/tsne_layout.h"

using namespace towerlab;

namespace {

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

struct Clusters {
    TopicVectors data;
    NeighbourGraph graph;  // k = 3 x perplexity 30
};
const Clusters& ten_clusters() {
    static const Clusters c = [] {
        Clusters out;
        out.data = clustered_unit_vectors(2000, 64, 10, 0.8f, 64, 11);
        NeighbourGraphConfig gc;
        gc.k = TsneConfig{}.neighbours_for(2000);
        out.graph = build_neighbour_graph(out.data.vectors, gc);
        return out;
    }();
    return c;
}

std::vector<double> random_points(int n, double scale, uint64_t seed) {
    Rng rng(seed);
    std::normal_distribution<double> g(0, scale);
    std::vector<double> xy(2 * static_cast<size_t>(n));
    for (double& v : xy) v = g(rng);
    return xy;
}

}  // namespace

TEST_CASE("a calibrated row has the asked perplexity, or is uniform when it cannot reach it", "[layout]") {
    Rng rng(4);
    std::uniform_real_distribution<double> u(0.0, 2.0);
    std::vector<double> d(90);
    for (double& v : d) v = u(rng);
    for (double perplexity : {5.0, 30.0}) {
        const std::vector<double> p = perplexity_calibrated_row(d, perplexity);
        double sum = 0, entropy = 0;
        for (double v : p) sum += v, entropy -= v > 0 ? v * std::log(v) : 0.0;
        CHECK(sum == Approx(1.0));
        CHECK(std::exp(entropy) == Approx(perplexity).epsilon(1e-4));
        // Nearer neighbours weigh more.
        const size_t nearest = static_cast<size_t>(std::min_element(d.begin(), d.end()) - d.begin());
        CHECK(p[nearest] == Approx(*std::max_element(p.begin(), p.end())));
    }
    const std::vector<double> few = perplexity_calibrated_row({0.1, 0.5, 1.0}, 30.0);
    for (double v : few) CHECK(v == Approx(1.0 / 3).epsilon(1e-3));
}

TEST_CASE("t-SNE's P is symmetric, sums to 1 and lives on the neighbour graph", "[layout]") {
    const Clusters& c = ten_clusters();
    const TsneAffinities p = tsne_affinities(c.graph, 30.0);
    REQUIRE(p.n == 2000);
    std::map<std::pair<int, int>, double> entry;
    double total = 0;
    for (int i = 0; i < p.n; ++i)
        for (int64_t e = p.row_start[static_cast<size_t>(i)]; e < p.row_start[static_cast<size_t>(i) + 1]; ++e) {
            entry[{i, p.column[static_cast<size_t>(e)]}] = p.p[static_cast<size_t>(e)];
            total += p.p[static_cast<size_t>(e)];
            REQUIRE(p.column[static_cast<size_t>(e)] != i);
        }
    CHECK(total == Approx(1.0));
    for (const auto& [ij, v] : entry) REQUIRE(entry.at({ij.second, ij.first}) == Approx(v));
}

TEST_CASE("the t-SNE gradient matches finite differences of the KL divergence", "[layout]") {
    const TopicVectors data = clustered_unit_vectors(40, 16, 3, 0.8f, 16, 7);
    NeighbourGraphConfig gc;
    gc.k = 12;
    const TsneAffinities p = tsne_affinities(build_neighbour_graph(data.vectors, gc), 4.0);
    const std::vector<double> xy = random_points(40, 2.0, 8);
    std::vector<double> gradient;
    tsne_gradient(p, xy, 0.0, 1.0, gradient);  // theta 0: exact
    std::vector<double> numeric(xy.size());
    const double h = 1e-5;
    for (size_t c = 0; c < xy.size(); ++c) {
        std::vector<double> plus = xy, minus = xy;
        plus[c] += h, minus[c] -= h;
        numeric[c] = (tsne_kl_divergence(p, plus) - tsne_kl_divergence(p, minus)) / (2 * h);
    }
    double diff = 0, sum = 0;
    for (size_t c = 0; c < xy.size(); ++c) diff += std::pow(gradient[c] - numeric[c], 2), sum += std::pow(gradient[c] + numeric[c], 2);
    INFO("|g - g_fd| / |g + g_fd| = " << std::sqrt(diff / sum));
    CHECK(std::sqrt(diff / sum) <= 1e-6);

    // Barnes-Hut at theta 0.5 on 1,000 points stays within a few percent of the exact gradient, on
    // one thread and on a team (the same numbers: Z is summed in block order).
    const TopicVectors big = clustered_unit_vectors(1000, 16, 5, 0.8f, 16, 9);
    gc.k = 90;
    const TsneAffinities pb = tsne_affinities(build_neighbour_graph(big.vectors, gc), 30.0);
    const std::vector<double> yb = random_points(1000, 5.0, 10);
    std::vector<double> exact, approx, team_approx;
    tsne_gradient(pb, yb, 0.0, 1.0, exact);
    tsne_gradient(pb, yb, 0.5, 1.0, approx);
    TaskTeam team(2);
    tsne_gradient(pb, yb, 0.5, 1.0, team_approx, &team);
    double err = 0, norm = 0;
    for (size_t c = 0; c < exact.size(); ++c) err += std::pow(approx[c] - exact[c], 2), norm += exact[c] * exact[c];
    INFO("Barnes-Hut relative error " << std::sqrt(err / norm));
    CHECK(std::sqrt(err / norm) < 0.05);
    CHECK(team_approx == approx);
}

TEST_CASE("t-SNE puts each point's picture neighbours in its own cluster on separable clusters", "[layout]") {
    const Clusters& c = ten_clusters();
    TsneConfig config;
    config.iterations = 500;
    TsneLayout tsne(c.graph, tsne_initial_layout(c.data.vectors), config);
    CHECK(tsne.run() == 500);
    const double share = same_cluster_share(tsne.xy(), c.data.topic, 10);
    INFO("share of 2-D 10-NN in the same cluster: " << share);
    CHECK(share >= 0.95);
}

TEST_CASE("t-SNE gives the same picture on one thread and on two, and stops when told", "[layout]") {
    const Clusters& c = ten_clusters();
    TsneConfig config;
    config.iterations = 40;
    const std::vector<float> start = tsne_initial_layout(c.data.vectors);
    TsneLayout one(c.graph, start, config);
    one.run();
    config.threads = 2;
    TsneLayout two(c.graph, start, config);
    two.run();
    CHECK(one.xy() == two.xy());
    TsneLayout stopped(c.graph, start, config);
    int calls = 0;
    CHECK(stopped.run([&](int done, int total) {
        ++calls;
        CHECK(total == 40);
        return done < 2;
    }) == 2);
    CHECK(calls == 2);
    CHECK(stopped.refresh(10, 4, [](int done, int) { return done < 3; }) == 3);
}

TEST_CASE("a warm refresh of a converged t-SNE picture with the same graph moves points little", "[layout]") {
    const Clusters& c = ten_clusters();
    TsneConfig config;
    config.iterations = 500;
    config.threads = 2;
    TsneLayout converged(c.graph, tsne_initial_layout(c.data.vectors), config);
    converged.run();
    TsneLayout refreshed(c.graph, converged.xy(), config);
    CHECK(refreshed.refresh(30, 0) == 30);
    const std::vector<float> a = converged.xy(), b = refreshed.xy();
    std::vector<double> moved;
    float lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < a.size() / 2; ++i) {
        moved.push_back(std::hypot(b[2 * i] - a[2 * i], b[2 * i + 1] - a[2 * i + 1]));
        lo = std::min(lo, a[2 * i]), hi = std::max(hi, a[2 * i]);
    }
    std::nth_element(moved.begin(), moved.begin() + static_cast<long>(moved.size() / 2), moved.end());
    INFO("median move " << moved[moved.size() / 2] << " of an extent " << hi - lo);
    CHECK(moved[moved.size() / 2] < 0.03 * (hi - lo));
}

// The live map's refresh begins with an exaggerated phase so that points whose neighbours changed
// can regroup (eval/tsne_layout.h): the same schedule as a run's, on a shorter clock.
TEST_CASE("a t-SNE refresh exaggerates its first iterations as a run does", "[layout]") {
    const Clusters& c = ten_clusters();
    const std::vector<float> start = tsne_initial_layout(c.data.vectors);
    TsneConfig config;
    config.iterations = 20;
    config.exaggeration_iterations = 8;
    config.threads = 2;
    TsneLayout run(c.graph, start, config);
    run.run();
    TsneLayout refreshed(c.graph, start, config);
    CHECK(refreshed.refresh(20, 8) == 20);
    CHECK(refreshed.xy() == run.xy());
    TsneLayout plain(c.graph, start, config);
    plain.refresh(20, 0);
    CHECK(plain.xy() != run.xy());
    TsneLayout all(c.graph, start, config);
    CHECK(all.refresh(5, 50) == 5);  // more exaggerated iterations than iterations: all of them
    CHECK_THROWS_WITH(all.refresh(5, -1), Catch::Contains("'exaggerated'"));
}

TEST_CASE("t-SNE settings are validated with the field named", "[layout]") {
    const Clusters& c = ten_clusters();
    const std::vector<float> start(2 * 2000, 0.0f);
    auto fails = [&](TsneConfig config, const char* field) {
        CHECK_THROWS_WITH(TsneLayout(c.graph, start, config), Catch::Contains(std::string("'") + field + "'"));
    };
    TsneConfig bad;
    bad.perplexity = 0.5;
    fails(bad, "perplexity");
    bad = TsneConfig{};
    bad.theta = 1.0;
    fails(bad, "theta");
    bad = TsneConfig{};
    bad.momentum = 1.0;
    fails(bad, "momentum");
    bad = TsneConfig{};
    bad.early_exaggeration = 0.5;
    fails(bad, "early_exaggeration");
    CHECK_THROWS_WITH(TsneLayout(c.graph, std::vector<float>(3), TsneConfig{}), Catch::Contains("'xy'"));
    CHECK(TsneConfig{}.learning_rate_for(1200) == Approx(200.0));
    CHECK(TsneConfig{}.learning_rate_for(120000) == Approx(10000.0));
    CHECK(TsneConfig{}.neighbours_for(50) == 49);
    CHECK(TsneConfig{}.neighbours_for(5000) == 90);
}
