#include "eval/neighbour_graph.h"

#include <algorithm>
#include <array>
#include <limits>
#include <numeric>
#include <string>
#include <utility>

#include <omp.h>

#include "core/error.h"
#include "core/random.h"
#include "core/thread_count.h"
#include "eval/pca_projection.h"
#include "serving/ann_index.h"
#include "serving/brute_force_index.h"

namespace towerlab {

void NeighbourGraphConfig::validate() const {
    auto need = [](bool ok, const char* field, const char* what) {
        if (!ok) throw Error(ErrorContext{"", 0, field}, what);
    };
    need(k >= 1 && k <= 10000, "k", "must be in 1..10000");
    need(exact_max_rows >= 0, "exact_max_rows", "must be at least 0");
    need(hnsw_M >= 2 && hnsw_M <= 1024, "hnsw_M", "must be in 2..1024");
    need(hnsw_ef_construction >= 1 && hnsw_ef_construction <= 100000, "hnsw_ef_construction", "must be in 1..100000");
    need(hnsw_ef_search >= 1 && hnsw_ef_search <= 100000, "hnsw_ef_search", "must be in 1..100000");
    need(threads >= 1 && threads <= 1024, "threads", "must be in 1..1024");
    need(refine_rounds >= 0 && refine_rounds <= 100, "refine_rounds", "must be in 0..100");
    need(refine_reverse_max >= 0 && refine_reverse_max <= 10000, "refine_reverse_max", "must be in 0..10000");
}

Mat<float> unit_rows(const Mat<float>& vectors) {
    Mat<float> u = vectors;
    for (Eigen::Index i = 0; i < u.rows(); ++i) {
        const float norm = u.row(i).norm();
        if (norm > 0) u.row(i) /= norm;
    }
    return u;
}

namespace {

// Blocks of rows times all rows: the score matrix of a block stays block x n floats (64 x 8,000 =
// 2 MB), and each thread multiplies its own block, so Eigen's GEMM runs single-threaded inside.
void exact_neighbours(const Mat<float>& u, NeighbourGraph& g, int threads) {
    const int n = g.n, k = g.k;
    constexpr int kBlock = 64;
    const int blocks = (n + kBlock - 1) / kBlock;
#pragma omp parallel num_threads(omp_threads(threads))
    {
        Mat<float> scores;
        std::vector<int32_t> scratch;
#pragma omp for schedule(dynamic, 1)
        for (int b = 0; b < blocks; ++b) {
            const int r0 = b * kBlock, rows = std::min(kBlock, n - r0);
            scores.noalias() = u.middleRows(r0, rows) * u.transpose();
            for (int r = 0; r < rows; ++r) {
                const int i = r0 + r;
                float* s = scores.row(r).data();
                s[i] = -std::numeric_limits<float>::infinity();  // never its own neighbour
                const ScoredList top = top_k_of_scores(s, n, k, scratch);
                for (int j = 0; j < k; ++j) {
                    g.index[static_cast<size_t>(i) * k + j] = top[static_cast<size_t>(j)].item;
                    g.similarity[static_cast<size_t>(i) * k + j] = top[static_cast<size_t>(j)].score;
                }
            }
        }
    }
}

void hnsw_neighbours(const Mat<float>& u, NeighbourGraph& g, const NeighbourGraphConfig& c) {
    AnnIndexConfig ac;
    ac.M = c.hnsw_M;
    ac.ef_construction = c.hnsw_ef_construction;
    ac.ef_search = std::max(c.hnsw_ef_search, g.k + 1);
    ac.seed = c.seed;
    ac.threads = c.threads;
    const AnnIndex index(u, ac);
    const int n = g.n, k = g.k;
#pragma omp parallel for num_threads(omp_threads(c.threads)) schedule(dynamic, 256)
    for (int i = 0; i < n; ++i) {
        // k + 1 asked for because the row itself is usually the best answer; dropped wherever it is
        // (a duplicate of i may come first). If it is absent, the (k+1)-th answer is dropped.
        const ScoredList found = index.search(u.row(i).data(), k + 1);
        int kept = 0;
        for (const ScoredItem& s : found) {
            if (s.item == i || kept == k) continue;
            g.index[static_cast<size_t>(i) * k + kept] = s.item;
            g.similarity[static_cast<size_t>(i) * k + kept] = s.score;
            ++kept;
        }
        // HNSW returns fewer than asked only on a broken graph (fewer reachable nodes than k):
        // fill with the last found so the row still has k entries.
        for (int j = kept; j < k; ++j) {
            g.index[static_cast<size_t>(i) * k + j] = kept ? g.index[static_cast<size_t>(i) * k + kept - 1] : (i + 1) % n;
            g.similarity[static_cast<size_t>(i) * k + j] = kept ? g.similarity[static_cast<size_t>(i) * k + kept - 1] : 0.0f;
        }
    }
}

using ScoredRow = std::pair<float, int32_t>;  // cosine, row
// The order of a graph row: higher cosine first, ties to the smaller index.
bool better(const ScoredRow& a, const ScoredRow& b) { return a.first > b.first || (a.first == b.first && a.second < b.second); }

// One NN-Descent pass (refine_neighbour_graph in the header): `from` on the same rows as `u`, the
// k best of each row's candidates into `to` (sized like `from`).
void descend_once(const Mat<float>& u, const NeighbourGraph& from, NeighbourGraph& to, const NeighbourGraphConfig& c) {
    const int n = from.n, k = from.k;
    // Reverse neighbours, built in row order and each list sorted by (cosine desc, index asc), so
    // the cap keeps the same rows on any thread count.
    std::vector<std::vector<ScoredRow>> listed_by(static_cast<size_t>(n));
    if (c.refine_reverse_max > 0) {
        for (int i = 0; i < n; ++i)
            for (int r = 0; r < k; ++r) listed_by[static_cast<size_t>(from.neighbour(i, r))].push_back({from.cosine(i, r), i});
#pragma omp parallel for num_threads(omp_threads(c.threads)) schedule(dynamic, 1024)
        for (int j = 0; j < n; ++j) {
            auto& l = listed_by[static_cast<size_t>(j)];
            if (static_cast<int>(l.size()) > c.refine_reverse_max) {
                std::partial_sort(l.begin(), l.begin() + c.refine_reverse_max, l.end(), better);
                l.resize(static_cast<size_t>(c.refine_reverse_max));
            }
        }
    }
#pragma omp parallel num_threads(omp_threads(c.threads))
    {
        std::vector<int32_t> seen(static_cast<size_t>(n), -1);  // seen[j] == i: j already a candidate of i
        std::vector<ScoredRow> candidates;
#pragma omp for schedule(dynamic, 256)
        for (int i = 0; i < n; ++i) {
            candidates.clear();
            seen[static_cast<size_t>(i)] = i;  // never its own neighbour
            const auto consider = [&](int32_t j) {
                if (seen[static_cast<size_t>(j)] == i) return;
                seen[static_cast<size_t>(j)] = i;
                candidates.push_back({u.row(i).dot(u.row(j)), j});
            };
            for (int r = 0; r < k; ++r) {
                const int32_t j = from.neighbour(i, r);
                consider(j);
                for (int s = 0; s < k; ++s) consider(from.neighbour(j, s));
            }
            for (const ScoredRow& e : listed_by[static_cast<size_t>(i)]) {
                consider(e.second);
                for (int s = 0; s < k; ++s) consider(from.neighbour(e.second, s));
            }
            // Fewer than k distinct candidates only from a degenerate previous graph (rows listing
            // one row k times): the smallest unseen indices fill the row.
            for (int32_t j = 0; static_cast<int>(candidates.size()) < k && j < n; ++j) consider(j);
            std::partial_sort(candidates.begin(), candidates.begin() + k, candidates.end(), better);
            for (int r = 0; r < k; ++r) {
                to.index[static_cast<size_t>(i) * k + r] = candidates[static_cast<size_t>(r)].second;
                to.similarity[static_cast<size_t>(i) * k + r] = candidates[static_cast<size_t>(r)].first;
            }
        }
    }
}

}  // namespace

NeighbourGraph refine_neighbour_graph(const Mat<float>& vectors, const NeighbourGraph& previous, const NeighbourGraphConfig& config) {
    config.validate();
    const int n = static_cast<int>(vectors.rows());
    const size_t cells = static_cast<size_t>(previous.n) * static_cast<size_t>(std::max(previous.k, 0));
    if (previous.n != n || previous.k < 1 || previous.k > n - 1 || previous.index.size() != cells ||
        previous.similarity.size() != cells)
        throw Error(ErrorContext{"", 0, "previous"},
                    "the previous graph must be of the same rows: " + std::to_string(n) + " rows and 1.." +
                        std::to_string(n - 1) + " neighbours each, got " + std::to_string(previous.n) + " rows, k = " +
                        std::to_string(previous.k) + ", " + std::to_string(previous.index.size()) + " entries");
    for (int32_t j : previous.index)
        if (j < 0 || j >= n)
            throw Error(ErrorContext{"", 0, "previous"}, "lists row " + std::to_string(j) + ", outside 0.." + std::to_string(n - 1));
    const Mat<float> u = unit_rows(vectors);
    NeighbourGraph g;
    g.n = n;
    g.k = previous.k;
    g.exact = false;
    g.index.resize(cells);
    g.similarity.resize(cells);
    descend_once(u, previous, g, config);
    NeighbourGraph next = g;
    for (int round = 0; round < config.refine_rounds; ++round) {
        descend_once(u, g, next, config);
        std::swap(g, next);
    }
    return g;
}

NeighbourGraph build_neighbour_graph(const Mat<float>& vectors, const NeighbourGraphConfig& config) {
    config.validate();
    if (vectors.rows() < 2 || vectors.cols() == 0)
        throw Error(ErrorContext{"", 0, "vectors"}, "a neighbour graph needs at least two rows and one column, got " +
                                                        std::to_string(vectors.rows()) + " x " + std::to_string(vectors.cols()));
    NeighbourGraph g;
    g.n = static_cast<int>(vectors.rows());
    g.k = std::min(config.k, g.n - 1);
    g.index.resize(static_cast<size_t>(g.n) * g.k);
    g.similarity.resize(g.index.size());
    const Mat<float> u = unit_rows(vectors);
    g.exact = g.n <= config.exact_max_rows;
    if (g.exact)
        exact_neighbours(u, g, config.threads);
    else
        hnsw_neighbours(u, g, config);
    return g;
}

double neighbour_graph_recall(const Mat<float>& vectors, const NeighbourGraph& graph, int sample, uint64_t seed, int threads) {
    if (graph.n != vectors.rows() || graph.index.size() != static_cast<size_t>(graph.n) * static_cast<size_t>(graph.k))
        throw Error(ErrorContext{"", 0, "graph"}, "must be of the vectors' " + std::to_string(vectors.rows()) + " rows, got " +
                                                      std::to_string(graph.n));
    if (graph.exact || sample <= 0 || graph.k <= 0) return 1.0;
    const Mat<float> u = unit_rows(vectors);
    const int n = graph.n, k = graph.k;
    Rng rng(seed);
    std::vector<int> rows(static_cast<size_t>(sample));
    for (int& i : rows) i = uniform_int(rng, 0, n - 1);
    long found = 0;
#pragma omp parallel num_threads(omp_threads(threads)) reduction(+ : found)
    {
        std::vector<int32_t> order(static_cast<size_t>(n));
#pragma omp for schedule(dynamic, 1)
        for (int t = 0; t < sample; ++t) {
            const int i = rows[static_cast<size_t>(t)];
            Vec<float> s = u * u.row(i).transpose();
            s(i) = -std::numeric_limits<float>::infinity();
            std::iota(order.begin(), order.end(), 0);
            std::nth_element(order.begin(), order.begin() + k, order.end(),
                             [&](int32_t a, int32_t b) { return s(a) > s(b) || (s(a) == s(b) && a < b); });
            std::sort(order.begin(), order.begin() + k);
            for (int r = 0; r < k; ++r) found += std::binary_search(order.begin(), order.begin() + k, graph.neighbour(i, r));
        }
    }
    return static_cast<double>(found) / (static_cast<double>(sample) * k);
}

std::vector<float> principal_plane(const Mat<float>& vectors) {
    constexpr int kFrameRows = 20000;
    const int n = static_cast<int>(vectors.rows());
    std::vector<int32_t> rows(static_cast<size_t>(n));
    std::iota(rows.begin(), rows.end(), 0);
    std::vector<int32_t> sample;  // empty: every row
    if (n > kFrameRows) {
        Rng rng(0x9e3779b9u);
        sample = rows;
        for (int t = 0; t < kFrameRows; ++t) std::swap(sample[static_cast<size_t>(t)], sample[static_cast<size_t>(uniform_int(rng, t, n - 1))]);
        sample.resize(kFrameRows);
        std::sort(sample.begin(), sample.end());
    }
    return pca_project(vectors, rows, pca_frame(vectors, sample));
}

std::vector<float> place_at_neighbour_mean(const NeighbourGraph& graph, const std::vector<float>& previous_xy,
                                           const std::vector<uint8_t>& has_previous) {
    const size_t n = static_cast<size_t>(graph.n);
    if (previous_xy.size() != 2 * n)
        throw Error(ErrorContext{"", 0, "previous_xy"}, "needs 2 floats per point of the graph (" + std::to_string(2 * n) +
                                                            "), got " + std::to_string(previous_xy.size()));
    if (has_previous.size() != n)
        throw Error(ErrorContext{"", 0, "has_previous"}, "needs one flag per point of the graph (" + std::to_string(n) +
                                                             "), got " + std::to_string(has_previous.size()));
    std::vector<float> xy(2 * n, 0.0f);
    std::vector<uint8_t> placed(n, 0);
    double sx = 0, sy = 0;
    size_t known = 0;
    for (size_t i = 0; i < n; ++i) {
        if (!has_previous[i]) continue;
        xy[2 * i] = previous_xy[2 * i];
        xy[2 * i + 1] = previous_xy[2 * i + 1];
        placed[i] = 1;
        sx += xy[2 * i];
        sy += xy[2 * i + 1];
        ++known;
    }
    // Rounds: each places the points with a placed neighbour from the places of the round before,
    // so the result does not depend on the order of the points.
    std::vector<uint32_t> waiting;
    for (size_t i = 0; i < n; ++i)
        if (!placed[i]) waiting.push_back(static_cast<uint32_t>(i));
    std::vector<std::pair<uint32_t, std::array<float, 2>>> round;
    while (!waiting.empty() && known > 0) {
        round.clear();
        std::vector<uint32_t> still;
        for (uint32_t i : waiting) {
            double mx = 0, my = 0;
            int m = 0;
            for (int r = 0; r < graph.k; ++r) {
                const size_t j = static_cast<size_t>(graph.neighbour(static_cast<int>(i), r));
                if (!placed[j]) continue;
                mx += xy[2 * j];
                my += xy[2 * j + 1];
                ++m;
            }
            if (m == 0) {
                still.push_back(i);
                continue;
            }
            round.push_back({i, {static_cast<float>(mx / m), static_cast<float>(my / m)}});
        }
        if (round.empty()) break;  // the rest have no path to a placed point
        for (const auto& [i, p] : round) {
            xy[2 * i] = p[0];
            xy[2 * i + 1] = p[1];
            placed[i] = 1;
        }
        waiting.swap(still);
    }
    const float cx = known ? static_cast<float>(sx / static_cast<double>(known)) : 0.0f;
    const float cy = known ? static_cast<float>(sy / static_cast<double>(known)) : 0.0f;
    for (uint32_t i : waiting) {
        xy[2 * i] = cx;
        xy[2 * i + 1] = cy;
    }
    return xy;
}

}  // namespace towerlab
