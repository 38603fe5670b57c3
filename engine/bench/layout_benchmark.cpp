#include "bench/layout_benchmark.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "core/error.h"
#include "core/random.h"
#include "eval/layout_faithfulness.h"
#include "eval/neighbour_graph.h"
#include "eval/tsne_layout.h"
#include "eval/umap_layout.h"

namespace towerlab {

namespace {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

}  // namespace

TopicVectors clustered_unit_vectors(int n, int dim, int topics, float spread, int topic_dims, uint64_t seed) {
    if (n < 1 || dim < 1 || topics < 1) throw Error(ErrorContext{"", 0, "items"}, "needs at least one item, dimension and topic");
    if (topic_dims < 1 || topic_dims > dim) throw Error(ErrorContext{"", 0, "topic_dims"}, "must be in 1..dim");
    Rng rng(seed);
    std::normal_distribution<float> g(0.0f, 1.0f);
    Mat<float> centre(topics, dim);
    std::vector<Mat<float>> basis(static_cast<size_t>(topics));  // topic_dims x dim, orthonormal rows
    for (int t = 0; t < topics; ++t) {
        for (int d = 0; d < dim; ++d) centre(t, d) = g(rng);
        centre.row(t).normalize();
        Mat<float> b(dim, topic_dims);
        for (Eigen::Index e = 0; e < b.size(); ++e) b.data()[e] = g(rng);
        const Eigen::HouseholderQR<Mat<float>> qr(b);
        basis[static_cast<size_t>(t)] = (qr.householderQ() * Mat<float>::Identity(dim, topic_dims)).transpose();
    }
    TopicVectors out;
    out.vectors.resize(n, dim);
    out.topic.resize(static_cast<size_t>(n));
    RowVec<float> z(topic_dims);
    const float along = spread / std::sqrt(static_cast<float>(topic_dims));
    const float noise = 0.1f * spread / std::sqrt(static_cast<float>(dim));
    for (int i = 0; i < n; ++i) {
        const int t = i % topics;
        out.topic[static_cast<size_t>(i)] = t;
        for (int d = 0; d < topic_dims; ++d) z(d) = along * g(rng);
        out.vectors.row(i) = centre.row(t) + z * basis[static_cast<size_t>(t)];
        for (int d = 0; d < dim; ++d) out.vectors(i, d) += noise * g(rng);
        out.vectors.row(i).normalize();
    }
    return out;
}

std::vector<LayoutBenchRow> benchmark_layouts(const Mat<float>& vectors, const LayoutBenchConfig& c,
                                              const std::function<void(const std::string&)>& say, const Mat<float>* later) {
    auto tell = [&](const std::string& s) { if (say) say(s); };
    const int n = static_cast<int>(vectors.rows());
    std::vector<LayoutBenchRow> rows;
    FaithfulnessConfig fc;
    fc.k = c.k;
    fc.max_queries = c.faithfulness_queries;
    fc.seed = c.seed;
    fc.threads = c.threads;
    auto measure = [&](LayoutBenchRow row, const Mat<float>& v, const std::vector<float>& xy) {
        const LayoutFaithfulness f = layout_faithfulness(v, xy, {}, fc);
        row.knn_recall = f.overall.knn_recall;
        row.trustworthiness = f.overall.trustworthiness;
        rows.push_back(row);
    };

    tell(std::to_string(n) + " items: kNN graph");
    NeighbourGraphConfig gc;
    gc.k = c.k;
    gc.threads = c.threads;
    gc.seed = c.seed;
    if (c.refine_rounds >= 0) gc.refine_rounds = c.refine_rounds;
    const NeighbourMethod chosen = neighbour_method_for(n, gc);
    auto t0 = Clock::now();
    const NeighbourGraph graph = build_neighbour_graph(vectors, gc);
    LayoutBenchRow g{n, "kNN graph", std::string(neighbour_method_name(chosen)) + ", k=" + std::to_string(graph.k) + ", the layouts'",
                     seconds_since(t0)};
    g.knn_recall = neighbour_graph_recall(vectors, graph, 200, c.seed + 1, c.threads);
    rows.push_back(g);
    // The two approximate ways side by side on the same vectors, whichever the layouts use.
    for (const NeighbourMethod other : {NeighbourMethod::Hnsw, NeighbourMethod::Descent}) {
        if (other == chosen) continue;
        tell(std::to_string(n) + " items: kNN graph by " + neighbour_method_name(other));
        NeighbourGraphConfig oc = gc;
        oc.method = other;
        t0 = Clock::now();
        const NeighbourGraph og = build_neighbour_graph(vectors, oc);
        LayoutBenchRow o{n, "kNN graph", std::string(neighbour_method_name(other)) + ", k=" + std::to_string(og.k) + ", for comparison",
                         seconds_since(t0)};
        o.knn_recall = neighbour_graph_recall(vectors, og, 200, c.seed + 1, c.threads);
        rows.push_back(o);
    }

    tell(std::to_string(n) + " items: PCA plane");
    t0 = Clock::now();
    const std::vector<float> pca = principal_plane(vectors);
    measure({n, "PCA plane", "first two axes", seconds_since(t0)}, vectors, pca);

    tell(std::to_string(n) + " items: UMAP");
    UmapConfig uc;
    uc.n_neighbors = c.k;
    uc.seed = c.seed;
    uc.threads = c.threads;
    t0 = Clock::now();
    UmapLayout umap(graph, umap_initial_layout(vectors, c.seed), uc);
    const int epochs = umap.run();
    measure({n, "UMAP", std::to_string(epochs) + " epochs, PCA start", seconds_since(t0)}, vectors, umap.xy());

    tell(std::to_string(n) + " items: UMAP refresh");
    Rng rng(c.seed + 2);
    std::normal_distribution<float> gauss(0.0f, c.refresh_turn / std::sqrt(static_cast<float>(vectors.cols())));
    const auto turned = [&](const Mat<float>& from) {
        Mat<float> to = from;
        for (Eigen::Index i = 0; i < to.rows(); ++i) {
            for (Eigen::Index d = 0; d < to.cols(); ++d) to(i, d) += gauss(rng);
            to.row(i).normalize();
        }
        return to;
    };
    if (later && (later->rows() != vectors.rows() || later->cols() != vectors.cols()))
        throw Error(ErrorContext{"", 0, "later"}, "the later vectors must have the shape of the first");
    const Mat<float> moved = later ? *later : turned(vectors);
    t0 = Clock::now();
    const NeighbourGraph moved_graph = build_neighbour_graph(moved, gc);
    const double rebuild_s = seconds_since(t0);
    auto t1 = Clock::now();
    UmapLayout refreshed(moved_graph, umap.xy(), uc);
    refreshed.refresh(c.refresh_epochs);
    const double refresh_s = seconds_since(t1);
    char detail[160];
    std::snprintf(detail, sizeof detail, "graph rebuilt %.2f s (recall %.4f) + %d epochs %.2f s", rebuild_s,
                  neighbour_graph_recall(moved, moved_graph, 200, c.seed + 1, c.threads), c.refresh_epochs, refresh_s);
    measure({n, "UMAP refresh", detail, rebuild_s + refresh_s}, moved, refreshed.xy());

    // What the app does since: the previous graph refined for the moved vectors (NN-Descent).
    tell(std::to_string(n) + " items: UMAP refresh, graph refined");
    t0 = Clock::now();
    const NeighbourGraph refined_graph = refine_neighbour_graph(moved, graph, gc);
    const double refine_s = seconds_since(t0);
    LayoutBenchRow rg{n, "graph refine",
                      "from the previous graph, " + std::to_string(gc.refine_rounds) + (gc.refine_rounds == 1 ? " further round" : " further rounds"),
                      refine_s};
    rg.knn_recall = neighbour_graph_recall(moved, refined_graph, 200, c.seed + 1, c.threads);
    rows.push_back(rg);
    t1 = Clock::now();
    UmapLayout refined(refined_graph, umap.xy(), uc);
    refined.refresh(c.refresh_epochs);
    const double refined_refresh_s = seconds_since(t1);
    std::snprintf(detail, sizeof detail, "graph refined %.2f s + %d epochs %.2f s", refine_s, c.refresh_epochs, refined_refresh_s);
    measure({n, "UMAP refine", detail, refine_s + refined_refresh_s}, moved, refined.xy());

    // Drift: refresh_chain refreshes in a row, each refining the graph of the one before while the
    // vectors turn again (random turns; given vectors are turned on from the later ones).
    if (c.refine_chain > 0) {
        tell(std::to_string(n) + " items: " + std::to_string(c.refine_chain) + " refinements in a row");
        Mat<float> v = moved;
        NeighbourGraph chained = refined_graph;
        std::string recalls;
        double chain_s = 0;
        for (int t = 0; t < c.refine_chain; ++t) {
            v = turned(v);
            t0 = Clock::now();
            chained = refine_neighbour_graph(v, chained, gc);
            chain_s += seconds_since(t0);
            if (t + 1 == c.refine_chain || (t + 1) % std::max(1, c.refine_chain / 5) == 0) {
                char one[32];
                std::snprintf(one, sizeof one, "%s%d: %.4f", recalls.empty() ? "recall after " : ", ", t + 2,
                              neighbour_graph_recall(v, chained, 200, c.seed + 3 + static_cast<uint64_t>(t), c.threads));
                recalls += one;
            }
        }
        LayoutBenchRow rc{n, "graph drift", recalls, chain_s / c.refine_chain};
        rc.knn_recall = neighbour_graph_recall(v, chained, 200, c.seed + 1, c.threads);
        rows.push_back(rc);
    }

    const bool full_tsne = n <= c.tsne_full_max_items;
    const int tsne_iterations = full_tsne ? TsneConfig{}.iterations : c.tsne_large_iterations;
    if (tsne_iterations > 0) {
        tell(std::to_string(n) + " items: t-SNE");
        TsneConfig tc;
        tc.threads = c.threads;
        tc.iterations = tsne_iterations;
        t0 = Clock::now();
        NeighbourGraphConfig tgc = gc;
        tgc.k = tc.neighbours_for(n);
        const NeighbourGraph tsne_graph = build_neighbour_graph(vectors, tgc);
        const double tsne_graph_s = seconds_since(t0);
        TsneLayout tsne(tsne_graph, tsne_initial_layout(vectors), tc);
        const auto t2 = Clock::now();
        tsne.run();
        const double per_iteration = seconds_since(t2) / tsne_iterations;
        LayoutBenchRow row{n, "t-SNE", "", seconds_since(t0)};
        if (full_tsne) {
            std::snprintf(detail, sizeof detail, "%d iterations, k=%d graph %.2f s", tsne_iterations, tsne_graph.k, tsne_graph_s);
            row.detail = detail;
            measure(row, vectors, tsne.xy());
        } else {
            // A timing only: the picture of a few iterations is not a t-SNE picture, so no figures.
            std::snprintf(detail, sizeof detail, "first %d of %d iterations (%.2f s each), k=%d graph %.2f s", tsne_iterations,
                          TsneConfig{}.iterations, per_iteration, tsne_graph.k, tsne_graph_s);
            row.detail = detail;
            rows.push_back(row);
        }
    }
    return rows;
}

LayoutBenchReport run_layout_benchmark(const LayoutBenchConfig& c, const std::function<void(const std::string&)>& say) {
    if (c.items.empty()) throw Error(ErrorContext{"", 0, "items"}, "needs at least one catalogue size");
    for (int n : c.items)
        if (n <= 2 * c.k) throw Error(ErrorContext{"", 0, "items"}, "each size must exceed 2k = " + std::to_string(2 * c.k));
    LayoutBenchReport r;
    r.dim = c.dim, r.topics = c.topics, r.threads = c.threads, r.k = c.k, r.queries = c.faithfulness_queries;
    for (int n : c.items) {
        if (say) say(std::to_string(n) + " items: synthetic topic vectors");
        const TopicVectors data = clustered_unit_vectors(n, c.dim, c.topics, c.topic_spread, c.topic_dims, c.seed);
        for (LayoutBenchRow& row : benchmark_layouts(data.vectors, c, say)) r.rows.push_back(std::move(row));
    }
    return r;
}

}  // namespace towerlab
