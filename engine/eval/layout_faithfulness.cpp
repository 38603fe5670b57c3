#include "eval/layout_faithfulness.h"

#include <algorithm>
#include <limits>
#include <numeric>
#include <string>

#include <omp.h>

#include "core/error.h"
#include "core/random.h"
#include "core/thread_count.h"
#include "eval/neighbour_graph.h"

namespace towerlab {

void FaithfulnessConfig::validate() const {
    auto need = [](bool ok, const char* field, const char* what) {
        if (!ok) throw Error(ErrorContext{"", 0, field}, what);
    };
    need(k >= 1, "k", "must be at least 1");
    need(max_queries >= 1, "max_queries", "must be at least 1");
    need(threads >= 1 && threads <= 1024, "threads", "must be in 1..1024");
}

namespace {

// The k best of n scores by `better`, best first, into out.
template <typename Better>
void best_k(int n, int k, Better better, std::vector<int32_t>& scratch, std::vector<int32_t>& out) {
    scratch.resize(static_cast<size_t>(n));
    std::iota(scratch.begin(), scratch.end(), 0);
    std::nth_element(scratch.begin(), scratch.begin() + k, scratch.end(), better);
    std::sort(scratch.begin(), scratch.begin() + k, better);
    out.assign(scratch.begin(), scratch.begin() + k);
}

struct QueryFigures {
    double recall = 0;
    double penalty = 0;  // sum of r(i, j) - k over the picture's false neighbours
};

}  // namespace

LayoutFaithfulness layout_faithfulness(const Mat<float>& vectors, const std::vector<float>& xy, const std::vector<int>& group,
                                       const FaithfulnessConfig& config) {
    config.validate();
    const int n = static_cast<int>(vectors.rows());
    const int k = config.k;
    if (xy.size() != 2 * static_cast<size_t>(n))
        throw Error(ErrorContext{"", 0, "xy"}, "needs 2 floats per row of the vectors (" + std::to_string(2 * n) + "), got " +
                                                   std::to_string(xy.size()));
    if (!group.empty() && group.size() != static_cast<size_t>(n))
        throw Error(ErrorContext{"", 0, "group"}, "needs one label per row (" + std::to_string(n) + ") or none, got " +
                                                      std::to_string(group.size()));
    if (2 * n - 3 * k - 1 <= 0 || 2 * k >= n)
        throw Error(ErrorContext{"", 0, "k"}, "trustworthiness@" + std::to_string(k) + " needs k < n / 2, and n is " + std::to_string(n));
    int groups = 1;
    for (int g : group) {
        if (g < 0) throw Error(ErrorContext{"", 0, "group"}, "labels must be 0 or more, got " + std::to_string(g));
        groups = std::max(groups, g + 1);
    }

    // The queries: every point, or a seeded sample without replacement, in index order.
    std::vector<int32_t> queries(static_cast<size_t>(n));
    std::iota(queries.begin(), queries.end(), 0);
    if (n > config.max_queries) {
        Rng rng(config.seed);
        for (int t = 0; t < config.max_queries; ++t)
            std::swap(queries[static_cast<size_t>(t)], queries[static_cast<size_t>(uniform_int(rng, t, n - 1))]);
        queries.resize(static_cast<size_t>(config.max_queries));
        std::sort(queries.begin(), queries.end());
    }
    const int m = static_cast<int>(queries.size());

    const Mat<float> u = unit_rows(vectors);
    std::vector<QueryFigures> figures(static_cast<size_t>(m));
    // Blocks of queries times all rows: one GEMM per block, 64 x n floats of cosines.
    constexpr int kBlock = 64;
    Mat<float> block_vectors, cosines;
    for (int q0 = 0; q0 < m; q0 += kBlock) {
        const int rows = std::min(kBlock, m - q0);
        block_vectors.resize(rows, u.cols());
        for (int r = 0; r < rows; ++r) block_vectors.row(r) = u.row(queries[static_cast<size_t>(q0 + r)]);
        cosines.noalias() = block_vectors * u.transpose();
#pragma omp parallel num_threads(omp_threads(config.threads))
        {
            std::vector<int32_t> scratch, high, low;
            std::vector<float> d2(static_cast<size_t>(n));
#pragma omp for schedule(dynamic, 1)
            for (int r = 0; r < rows; ++r) {
                const int i = queries[static_cast<size_t>(q0 + r)];
                float* s = cosines.row(r).data();
                s[i] = -std::numeric_limits<float>::infinity();  // never its own neighbour
                best_k(n, k, [s](int32_t a, int32_t b) { return s[a] > s[b] || (s[a] == s[b] && a < b); }, scratch, high);
                const float xi = xy[2 * static_cast<size_t>(i)], yi = xy[2 * static_cast<size_t>(i) + 1];
                for (int l = 0; l < n; ++l) {
                    const float dx = xy[2 * static_cast<size_t>(l)] - xi, dy = xy[2 * static_cast<size_t>(l) + 1] - yi;
                    d2[static_cast<size_t>(l)] = dx * dx + dy * dy;
                }
                d2[static_cast<size_t>(i)] = std::numeric_limits<float>::infinity();
                const float* d = d2.data();
                best_k(n, k, [d](int32_t a, int32_t b) { return d[a] < d[b] || (d[a] == d[b] && a < b); }, scratch, low);
                std::sort(high.begin(), high.end());
                QueryFigures f;
                int shared = 0;
                for (int32_t j : low) {
                    if (std::binary_search(high.begin(), high.end(), j)) {
                        ++shared;
                        continue;
                    }
                    // r(i, j): 1 + the others ahead of j by cosine (higher, or equal with a smaller index).
                    const float sj = s[j];
                    long ahead = 0;
                    for (int l = 0; l < n; ++l) ahead += (s[l] > sj) | ((s[l] == sj) & (l < j));
                    f.penalty += static_cast<double>(ahead + 1 - k);
                }
                f.recall = static_cast<double>(shared) / k;
                figures[static_cast<size_t>(q0 + r)] = f;
            }
        }
    }

    LayoutFaithfulness out;
    out.n = n;
    out.k = k;
    out.per_group.resize(static_cast<size_t>(groups));
    std::vector<double> penalty(static_cast<size_t>(groups), 0.0);
    double total_penalty = 0;
    for (int t = 0; t < m; ++t) {
        const int g = group.empty() ? 0 : group[static_cast<size_t>(queries[static_cast<size_t>(t)])];
        FaithfulnessFigures& fg = out.per_group[static_cast<size_t>(g)];
        ++fg.queries;
        fg.knn_recall += figures[static_cast<size_t>(t)].recall;
        penalty[static_cast<size_t>(g)] += figures[static_cast<size_t>(t)].penalty;
        out.overall.knn_recall += figures[static_cast<size_t>(t)].recall;
        total_penalty += figures[static_cast<size_t>(t)].penalty;
    }
    const double worst_per_query = 0.5 * k * (2.0 * n - 3.0 * k - 1.0);  // the most one query's penalties can sum to
    auto finish = [&](FaithfulnessFigures& f, double pen) {
        if (f.queries == 0) return;
        f.knn_recall /= f.queries;
        f.trustworthiness = 1.0 - pen / (f.queries * worst_per_query);
    };
    out.overall.queries = m;
    finish(out.overall, total_penalty);
    for (int g = 0; g < groups; ++g) finish(out.per_group[static_cast<size_t>(g)], penalty[static_cast<size_t>(g)]);
    return out;
}

}  // namespace towerlab
