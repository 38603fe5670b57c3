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
    need(method >= NeighbourMethod::Automatic && method <= NeighbourMethod::Descent, "method",
         "must be automatic, exact, hnsw or descent");
    need(exact_max_rows >= 0, "exact_max_rows", "must be at least 0");
    need(hnsw_M >= 2 && hnsw_M <= 1024, "hnsw_M", "must be in 2..1024");
    need(hnsw_ef_construction >= 1 && hnsw_ef_construction <= 100000, "hnsw_ef_construction", "must be in 1..100000");
    need(hnsw_ef_search >= 1 && hnsw_ef_search <= 100000, "hnsw_ef_search", "must be in 1..100000");
    need(threads >= 1 && threads <= 1024, "threads", "must be in 1..1024");
    need(descent_trees >= 1 && descent_trees <= 1000, "descent_trees", "must be in 1..1000");
    need(descent_leaf_size >= 2 && descent_leaf_size <= 100000, "descent_leaf_size", "must be in 2..100000");
    need(descent_max_rounds >= 0 && descent_max_rounds <= 1000, "descent_max_rounds", "must be in 0..1000");
    need(descent_delta >= 0 && descent_delta <= 1, "descent_delta", "must be in 0..1");
    need(descent_join_max >= 1 && descent_join_max <= 10000, "descent_join_max", "must be in 1..10000");
    need(refine_rounds >= 0 && refine_rounds <= 100, "refine_rounds", "must be in 0..100");
    need(refine_reverse_max >= 0 && refine_reverse_max <= 10000, "refine_reverse_max", "must be in 0..10000");
}

const char* neighbour_method_name(NeighbourMethod method) {
    switch (method) {
        case NeighbourMethod::Automatic: return "automatic";
        case NeighbourMethod::Exact: return "exact";
        case NeighbourMethod::Hnsw: return "HNSW";
        case NeighbourMethod::Descent: return "NN-Descent";
    }
    return "?";
}

NeighbourMethod neighbour_method_for(int n, const NeighbourGraphConfig& config) {
    if (config.method != NeighbourMethod::Automatic) return config.method;
    return n <= config.exact_max_rows ? NeighbourMethod::Exact : NeighbourMethod::Descent;
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

// One thread's search for one row's neighbours among candidates: each candidate scored once (its
// cosine with the row), the k best kept. Every way of the descent (the trees' leaves, a join)
// only says which rows are candidates; what a row keeps depends on nothing but its candidate set,
// so the graph is the same on any number of threads.
class CandidateSearch {
public:
    CandidateSearch(const Mat<float>& u, int n) : u_(u), seen_(static_cast<size_t>(n), -1) {}
    void start(int i) {
        i_ = i;
        scored_.clear();
        seen_[static_cast<size_t>(i)] = i;  // never its own neighbour
    }
    void consider(int32_t j) {
        if (seen_[static_cast<size_t>(j)] == i_) return;
        seen_[static_cast<size_t>(j)] = i_;
        scored_.push_back({u_.row(i_).dot(u_.row(j)), j});
    }
    // The k best into row i of g. Fewer than k candidates only from a degenerate start (a previous
    // graph listing one row k times, tiny leaves): `filler` rows fill it, in the order given.
    template <class Filler>
    void keep_best(NeighbourGraph& g, Filler&& filler) {
        const int k = g.k;
        if (static_cast<int>(scored_.size()) < k) filler(*this);
        std::partial_sort(scored_.begin(), scored_.begin() + k, scored_.end(), better);
        for (int r = 0; r < k; ++r) {
            g.index[static_cast<size_t>(i_) * k + r] = scored_[static_cast<size_t>(r)].second;
            g.similarity[static_cast<size_t>(i_) * k + r] = scored_[static_cast<size_t>(r)].first;
        }
    }
    int found() const { return static_cast<int>(scored_.size()); }

private:
    const Mat<float>& u_;
    std::vector<int32_t> seen_;  // seen_[j] == i_: j already a candidate of i_
    std::vector<ScoredRow> scored_;
    int i_ = -1;
};

// Which rows a local join compares with row i, in the manner of NN-Descent (Dong, Moses, Li, WWW
// 2011: a neighbour of a neighbour is likely a neighbour). Row j's join list is its best
// forward_max neighbours and the reverse_max most similar rows that list it; i is compared with
// its own neighbours, its join list, and, through each j on it, j's forward neighbours (refine) or
// j's whole join list (join_of_join: the paper's local join, which also pairs two rows that list
// the same row). From tree leaves on 100,000 trained item vectors the forward-only join settled at
// recall 0.964 and the full one at 0.987, in the same 5 rounds; on topic vectors 0.996 and 0.997
// (the full one 1.6x the time there).
struct JoinReach {
    int forward_max = 0;
    int reverse_max = 0;
    bool join_of_join = false;
};

// One local join over `from` (on the same rows as `u`), the k best of each row's candidates into
// `to` (sized like `from`). `fresh` (n k flags, or null: every entry fresh) marks the entries of
// `from` new since the join before; a pair i, c reached through j is skipped when neither link is
// fresh (i and c met through j last round already). to_fresh (n k) is set to the entries of `to`
// that `from` did not list. Returns how many those are.
long local_join(const Mat<float>& u, const NeighbourGraph& from, const std::vector<uint8_t>* fresh, NeighbourGraph& to,
                std::vector<uint8_t>& to_fresh, const JoinReach& reach, int threads) {
    const int n = from.n, k = from.k;
    const int forward = std::min(reach.forward_max, k);
    const auto is_fresh = [&](size_t e) { return fresh == nullptr || (*fresh)[e] != 0; };
    struct Link {
        float cosine;
        int32_t row;
        uint8_t fresh;
    };
    // Join lists, flat: each row's forward part, then its reverse neighbours listed in row order
    // and capped by (cosine desc, index asc), so the cap keeps the same rows on any thread count.
    std::vector<int32_t> reverse_count(static_cast<size_t>(n) + 1, 0);
    if (reach.reverse_max > 0)
        for (int32_t j : from.index) ++reverse_count[static_cast<size_t>(j) + 1];
    std::vector<size_t> reverse_start(static_cast<size_t>(n) + 1, 0);
    for (int j = 0; j < n; ++j) reverse_start[static_cast<size_t>(j) + 1] = reverse_start[static_cast<size_t>(j)] + reverse_count[static_cast<size_t>(j) + 1];
    std::vector<Link> reverse(reverse_start[static_cast<size_t>(n)]);
    if (reach.reverse_max > 0) {
        std::vector<size_t> fill(reverse_start.begin(), reverse_start.end() - 1);
        for (int i = 0; i < n; ++i)
            for (int r = 0; r < k; ++r) {
                const size_t e = static_cast<size_t>(i) * k + r;
                reverse[fill[static_cast<size_t>(from.index[e])]++] = {from.similarity[e], i, static_cast<uint8_t>(is_fresh(e))};
            }
    }
    std::vector<int32_t> join_start(static_cast<size_t>(n) + 1, 0);
    for (int j = 0; j < n; ++j)
        join_start[static_cast<size_t>(j) + 1] = join_start[static_cast<size_t>(j)] + forward +
                                                 std::min<int>(reach.reverse_max, reverse_count[static_cast<size_t>(j) + 1]);
    std::vector<int32_t> join_row(static_cast<size_t>(join_start[static_cast<size_t>(n)]));
    std::vector<uint8_t> join_fresh(join_row.size());
#pragma omp parallel for num_threads(omp_threads(threads)) schedule(dynamic, 1024)
    for (int j = 0; j < n; ++j) {
        size_t out = static_cast<size_t>(join_start[static_cast<size_t>(j)]);
        for (int r = 0; r < forward; ++r, ++out) {
            const size_t e = static_cast<size_t>(j) * k + r;
            join_row[out] = from.index[e];
            join_fresh[out] = is_fresh(e);
        }
        Link* first = reverse.data() + reverse_start[static_cast<size_t>(j)];
        Link* last = reverse.data() + reverse_start[static_cast<size_t>(j) + 1];
        const int keep = std::min<int>(reach.reverse_max, static_cast<int>(last - first));
        std::partial_sort(first, first + keep, last, [](const Link& a, const Link& b) {
            return better({a.cosine, a.row}, {b.cosine, b.row});
        });
        for (int r = 0; r < keep; ++r, ++out) {
            join_row[out] = first[r].row;
            join_fresh[out] = first[r].fresh;
        }
    }
    long changed = 0;
#pragma omp parallel num_threads(omp_threads(threads)) reduction(+ : changed)
    {
        CandidateSearch search(u, n);
        std::vector<int32_t> listed(static_cast<size_t>(n), -1);  // listed[j] == i: from lists j in row i
#pragma omp for schedule(dynamic, 256)
        for (int i = 0; i < n; ++i) {
            search.start(i);
            for (int r = 0; r < k; ++r) {
                const int32_t j = from.neighbour(i, r);
                listed[static_cast<size_t>(j)] = i;
                search.consider(j);
            }
            for (int32_t a = join_start[static_cast<size_t>(i)]; a < join_start[static_cast<size_t>(i) + 1]; ++a) {
                const int32_t j = join_row[static_cast<size_t>(a)];
                const bool link_fresh = join_fresh[static_cast<size_t>(a)] != 0;
                search.consider(j);
                if (reach.join_of_join) {
                    for (int32_t b = join_start[static_cast<size_t>(j)]; b < join_start[static_cast<size_t>(j) + 1]; ++b)
                        if (link_fresh || join_fresh[static_cast<size_t>(b)]) search.consider(join_row[static_cast<size_t>(b)]);
                } else {
                    for (int s = 0; s < k; ++s)
                        if (link_fresh || is_fresh(static_cast<size_t>(j) * k + s)) search.consider(from.neighbour(j, s));
                }
            }
            search.keep_best(to, [&](CandidateSearch& s) {
                for (int32_t j = 0; s.found() < k && j < n; ++j) s.consider(j);  // smallest unseen indices
            });
            for (int r = 0; r < k; ++r) {
                const size_t e = static_cast<size_t>(i) * k + r;
                to_fresh[e] = listed[static_cast<size_t>(to.index[e])] != i;
                changed += to_fresh[e];
            }
        }
    }
    return changed;
}

// Random-projection trees on the unit rows (angular: a node splits by which of two of its random
// rows a row is nearer in cosine, the sign of its projection on their difference), down to leaves of
// at most leaf_size rows. A tree is `order`, the rows leaf by leaf, and `leaf_of[i]`, the index in
// `leaf_start` of the leaf holding row i. Each tree draws from its own generator, seed and tree
// number, so the trees are the same on any number of threads.
struct ProjectionTree {
    std::vector<int32_t> order, leaf_start, leaf_of;
};

ProjectionTree projection_tree(const Mat<float>& u, int leaf_size, uint64_t seed) {
    const int n = static_cast<int>(u.rows());
    ProjectionTree t;
    t.order.resize(static_cast<size_t>(n));
    std::iota(t.order.begin(), t.order.end(), 0);
    t.leaf_of.resize(static_cast<size_t>(n));
    Rng rng(seed);
    std::vector<std::pair<int, int>> todo{{0, n}};  // [lo, hi) of order; last in, first out
    std::vector<float> side;
    while (!todo.empty()) {
        const auto [lo, hi] = todo.back();
        todo.pop_back();
        if (hi - lo <= leaf_size) {
            const int leaf = static_cast<int>(t.leaf_start.size());
            t.leaf_start.push_back(lo);
            for (int p = lo; p < hi; ++p) t.leaf_of[static_cast<size_t>(t.order[static_cast<size_t>(p)])] = leaf;
            continue;
        }
        const int a = t.order[static_cast<size_t>(uniform_int(rng, lo, hi - 1))];
        int b = t.order[static_cast<size_t>(uniform_int(rng, lo, hi - 2))];
        if (b == a) b = t.order[static_cast<size_t>(hi - 1)];
        const RowVec<float> normal = u.row(a) - u.row(b);
        // Rows exactly on the hyperplane (duplicates of a and b's midpoint direction, zero rows)
        // go to alternate sides, so a pile of equal rows still splits.
        int32_t* first = t.order.data() + lo;
        int32_t* mid = std::partition(first, t.order.data() + hi, [&, flip = false](int32_t i) mutable {
            const float s = u.row(i).dot(normal);
            if (s != 0.0f) return s > 0.0f;
            flip = !flip;
            return flip;
        });
        int m = static_cast<int>(mid - t.order.data());
        if (m == lo || m == hi) m = lo + (hi - lo) / 2;  // every row on one side: halve as listed
        todo.push_back({m, hi});
        todo.push_back({lo, m});
    }
    t.leaf_start.push_back(n);
    return t;
}

// NN-Descent from projection-tree leaves: each row's first candidates are the rows sharing a leaf
// with it in any tree, then local joins (join of join lists) until a round changes fewer than
// delta n k entries or after descent_max_rounds.
void descent_neighbours(const Mat<float>& u, NeighbourGraph& g, const NeighbourGraphConfig& c) {
    const int n = g.n, k = g.k;
    const int leaf_size = std::max(c.descent_leaf_size, k + 1);
    std::vector<ProjectionTree> trees(static_cast<size_t>(c.descent_trees));
#pragma omp parallel for num_threads(omp_threads(c.threads)) schedule(dynamic, 1)
    for (int t = 0; t < c.descent_trees; ++t)
        trees[static_cast<size_t>(t)] = projection_tree(u, leaf_size, c.seed * 0x9e3779b97f4a7c15ull + static_cast<uint64_t>(t));
#pragma omp parallel num_threads(omp_threads(c.threads))
    {
        CandidateSearch search(u, n);
#pragma omp for schedule(dynamic, 256)
        for (int i = 0; i < n; ++i) {
            search.start(i);
            for (const ProjectionTree& t : trees) {
                const int leaf = t.leaf_of[static_cast<size_t>(i)];
                for (int p = t.leaf_start[static_cast<size_t>(leaf)]; p < t.leaf_start[static_cast<size_t>(leaf) + 1]; ++p)
                    search.consider(t.order[static_cast<size_t>(p)]);
            }
            // A leaf is at least half a split's share, but a lopsided split can leave fewer than
            // k rows around i in every tree: random rows (its own generator) fill it.
            search.keep_best(g, [&](CandidateSearch& s) {
                Rng fill(c.seed ^ (0x632be59bd9b4e019ull * static_cast<uint64_t>(i + 1)));
                while (s.found() < k) s.consider(uniform_int(fill, 0, n - 1));
            });
        }
    }
    std::vector<uint8_t> fresh(g.index.size(), 1), next_fresh(g.index.size());
    NeighbourGraph next = g;
    JoinReach reach;
    reach.forward_max = c.descent_join_max;
    reach.reverse_max = c.refine_reverse_max;
    reach.join_of_join = true;
    for (int round = 0; round < c.descent_max_rounds; ++round) {
        const long changed = local_join(u, g, &fresh, next, next_fresh, reach, c.threads);
        std::swap(g, next);
        std::swap(fresh, next_fresh);
        if (static_cast<double>(changed) < c.descent_delta * static_cast<double>(n) * k) break;
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
    // The vectors moved, so no pair met before is settled: every round scores every pair again
    // (null freshness), and reaches only the join list's forward neighbours (the figures in the
    // header were measured so).
    JoinReach reach;
    reach.forward_max = previous.k;
    reach.reverse_max = config.refine_reverse_max;
    std::vector<uint8_t> unread(cells);  // which entries are new: only descent's rounds read it
    local_join(u, previous, nullptr, g, unread, reach, config.threads);
    NeighbourGraph next = g;
    for (int round = 0; round < config.refine_rounds; ++round) {
        local_join(u, g, nullptr, next, unread, reach, config.threads);
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
    const NeighbourMethod method = neighbour_method_for(g.n, config);
    g.exact = method == NeighbourMethod::Exact;
    switch (method) {
        case NeighbourMethod::Exact: exact_neighbours(u, g, config.threads); break;
        case NeighbourMethod::Hnsw: hnsw_neighbours(u, g, config); break;
        default: descent_neighbours(u, g, config); break;
    }
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
