#include "eval/umap_layout.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>

#include <Eigen/Dense>

#include "core/error.h"
#include "core/random.h"
#include "core/task_team.h"

namespace towerlab {

void UmapConfig::validate() const {
    auto need = [](bool ok, const char* field, const char* what) {
        if (!ok) throw Error(ErrorContext{"", 0, field}, what);
    };
    need(n_neighbors >= 2 && n_neighbors <= 1000, "n_neighbors", "must be in 2..1000");
    need(std::isfinite(min_dist) && min_dist >= 0, "min_dist", "must be finite and at least 0");
    need(std::isfinite(spread) && spread > 0, "spread", "must be finite and above 0");
    need(min_dist <= spread, "min_dist", "must not exceed spread (the curve fit then has no decreasing part)");
    need(negative_sample_rate >= 0 && negative_sample_rate <= 1000, "negative_sample_rate", "must be in 0..1000");
    need(std::isfinite(learning_rate) && learning_rate > 0 && learning_rate <= 100, "learning_rate", "must be in (0, 100]");
    need(std::isfinite(refresh_learning_rate) && refresh_learning_rate > 0 && refresh_learning_rate <= 100,
         "refresh_learning_rate", "must be in (0, 100]");
    need(epochs >= 0 && epochs <= 100000, "epochs", "must be in 0..100000 (0: by the number of points)");
    need(threads >= 1 && threads <= 1024, "threads", "must be in 1..1024");
}

// [SECTION] The curve fit ------------------------------------------------------------------------

UmapCurve fit_umap_curve(double min_dist, double spread) {
    // Least squares of 1 / (1 + a x^2b) against the target over 300 points of [0, 3 spread], by
    // Levenberg-Marquardt from (1, 1) (scipy's curve_fit, which umap-learn calls, does the same).
    constexpr int kPoints = 300;
    Eigen::VectorXd x(kPoints), y(kPoints);
    for (int i = 0; i < kPoints; ++i) {
        x(i) = 3.0 * spread * i / (kPoints - 1);
        y(i) = x(i) < min_dist ? 1.0 : std::exp(-(x(i) - min_dist) / spread);
    }
    auto residuals = [&](double a, double b, Eigen::VectorXd& r, Eigen::MatrixXd* jacobian) {
        for (int i = 0; i < kPoints; ++i) {
            const double p = x(i) > 0 ? std::pow(x(i), 2 * b) : 0.0;  // x^2b
            const double f = 1.0 / (1.0 + a * p);
            r(i) = f - y(i);
            if (jacobian) {
                (*jacobian)(i, 0) = -p * f * f;                                          // df/da
                (*jacobian)(i, 1) = x(i) > 0 ? -a * p * 2.0 * std::log(x(i)) * f * f : 0.0;  // df/db
            }
        }
        return r.squaredNorm();
    };
    double a = 1, b = 1, lambda = 1e-3;
    Eigen::VectorXd r(kPoints), r_try(kPoints);
    Eigen::MatrixXd J(kPoints, 2);
    double cost = residuals(a, b, r, &J);
    for (int it = 0; it < 500 && lambda < 1e12; ++it) {
        const Eigen::Matrix2d jtj = J.transpose() * J;
        const Eigen::Vector2d g = J.transpose() * r;
        Eigen::Matrix2d damped = jtj;
        damped.diagonal() *= 1 + lambda;
        const Eigen::Vector2d step = damped.ldlt().solve(-g);
        const double a_try = a + step(0), b_try = b + step(1);
        const double cost_try = (a_try > 0 && b_try > 0) ? residuals(a_try, b_try, r_try, nullptr) : INFINITY;
        if (cost_try < cost) {
            const bool converged = cost - cost_try <= 1e-15 * std::max(1.0, cost);
            a = a_try, b = b_try, lambda /= 10;
            cost = residuals(a, b, r, &J);
            if (converged) break;
        } else {
            lambda *= 10;
        }
    }
    return {a, b};
}

// [SECTION] The fuzzy neighbour graph -------------------------------------------------------------

SmoothKnnMemberships smooth_knn_memberships(const NeighbourGraph& graph, int n_neighbors) {
    if (graph.n < 2 || graph.k < 1) throw Error(ErrorContext{"", 0, "graph"}, "needs at least two points with a neighbour");
    SmoothKnnMemberships m;
    m.n = graph.n;
    m.k = std::min(graph.k, n_neighbors);
    m.rho.resize(static_cast<size_t>(m.n));
    m.sigma.resize(static_cast<size_t>(m.n));
    m.membership.resize(static_cast<size_t>(m.n) * m.k);
    const double target = std::log2(static_cast<double>(m.k));
    std::vector<double> d(static_cast<size_t>(m.k));
    for (int i = 0; i < m.n; ++i) {
        double rho = 0, mean = 0;
        bool found = false;
        for (int r = 0; r < m.k; ++r) {
            d[static_cast<size_t>(r)] = std::max(0.0, 1.0 - static_cast<double>(graph.cosine(i, r)));  // cosine distance
            mean += d[static_cast<size_t>(r)];
            if (!found && d[static_cast<size_t>(r)] > 0) rho = d[static_cast<size_t>(r)], found = true;
        }
        mean /= m.k;
        // Bisection on sigma: the sum of memberships grows with sigma, from (number at rho) to k.
        double lo = 0, hi = INFINITY, sigma = 1;
        for (int it = 0; it < 64; ++it) {
            double sum = 0;
            for (int r = 0; r < m.k; ++r) sum += std::exp(-std::max(0.0, d[static_cast<size_t>(r)] - rho) / sigma);
            if (std::abs(sum - target) < 1e-5) break;
            if (sum > target) {
                hi = sigma;
                sigma = 0.5 * (lo + hi);
            } else {
                lo = sigma;
                sigma = std::isinf(hi) ? 2 * sigma : 0.5 * (lo + hi);
            }
        }
        sigma = std::max({sigma, 1e-3 * mean, 1e-12});
        m.rho[static_cast<size_t>(i)] = static_cast<float>(rho);
        m.sigma[static_cast<size_t>(i)] = static_cast<float>(sigma);
        for (int r = 0; r < m.k; ++r)
            m.membership[static_cast<size_t>(i) * m.k + r] =
                static_cast<float>(std::exp(-std::max(0.0, d[static_cast<size_t>(r)] - rho) / sigma));
    }
    return m;
}

FuzzyGraph fuzzy_union(const NeighbourGraph& graph, const SmoothKnnMemberships& m) {
    // Every directed membership w_{j|i} is listed at (i, j) as "forward" and at (j, i) as
    // "backward"; sorted, the two halves of a pair meet and w = f + b - f b.
    struct Entry {
        int32_t row, col;
        float forward, backward;
    };
    std::vector<Entry> entries;
    entries.reserve(static_cast<size_t>(m.n) * m.k * 2);
    for (int i = 0; i < m.n; ++i)
        for (int r = 0; r < m.k; ++r) {
            const int32_t j = graph.neighbour(i, r);
            const float w = m.membership[static_cast<size_t>(i) * m.k + r];
            if (j == i || w <= 0) continue;
            entries.push_back({i, j, w, 0});
            entries.push_back({j, i, 0, w});
        }
    std::sort(entries.begin(), entries.end(),
              [](const Entry& x, const Entry& y) { return x.row < y.row || (x.row == y.row && x.col < y.col); });
    FuzzyGraph g;
    g.n = m.n;
    for (size_t s = 0; s < entries.size();) {
        // A row may list a neighbour twice (an HNSW row padded with its last answer): max, not sum.
        float f = 0, b = 0;
        size_t e = s;
        for (; e < entries.size() && entries[e].row == entries[s].row && entries[e].col == entries[s].col; ++e)
            f = std::max(f, entries[e].forward), b = std::max(b, entries[e].backward);
        g.head.push_back(entries[s].row);
        g.tail.push_back(entries[s].col);
        g.weight.push_back(f + b - f * b);
        s = e;
    }
    return g;
}

// [SECTION] Initial coordinates ------------------------------------------------------------------

std::vector<float> umap_initial_layout(const Mat<float>& vectors, uint64_t seed) {
    std::vector<float> xy = principal_plane(vectors);
    float lo[2] = {INFINITY, INFINITY}, hi[2] = {-INFINITY, -INFINITY};
    for (size_t i = 0; i < xy.size(); ++i) lo[i % 2] = std::min(lo[i % 2], xy[i]), hi[i % 2] = std::max(hi[i % 2], xy[i]);
    const float extent = std::max(hi[0] - lo[0], hi[1] - lo[1]);
    const float scale = extent > 0 ? 10.0f / extent : 1.0f;
    Rng rng(seed);
    std::normal_distribution<float> jitter(0.0f, 1e-3f);
    for (size_t i = 0; i < xy.size(); ++i) xy[i] = (xy[i] - 0.5f * (lo[i % 2] + hi[i % 2])) * scale + jitter(rng);
    return xy;
}

std::vector<float> random_initial_layout(int n, uint64_t seed) {
    Rng rng(seed);
    std::uniform_real_distribution<float> u(-10.0f, 10.0f);
    std::vector<float> xy(2 * static_cast<size_t>(std::max(0, n)));
    for (float& v : xy) v = u(rng);
    return xy;
}

// [SECTION] Optimisation --------------------------------------------------------------------------

namespace {

// Edges per block: the unit of work handed to a thread and of a random stream. Fixed, not per
// thread, so a block draws the same negatives whatever the number of threads.
constexpr size_t kBlockEdges = 8192;
constexpr float kClip = 4.0f;
constexpr int kLanes = 8;      // of a vector: a sample's attraction and seven of its negatives
constexpr int kAhead = 4;       // samples ahead whose negatives and points are requested

// The negatives' generator. Not Rng (mt19937_64): a block reseeds it every epoch (thousands of
// times a run) and draws about five numbers per edge sample; splitmix64 (Steele et al. 2014) seeds
// in one word and passes BigCrush.
struct SplitMix64 {
    uint64_t state;
    uint64_t next() {
        uint64_t z = (state += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
    }
    // The stream of one (seed, epoch, block): each part mixed in through a step of the generator.
    static SplitMix64 stream(uint64_t seed, uint64_t epoch, uint64_t block) {
        SplitMix64 g{seed};
        g.state = g.next() ^ epoch;
        g.state = g.next() ^ block;
        return g;
    }
    // Uniform in [0, n): the high 32 bits scaled (Lemire 2019; the bias, n / 2^32, is negligible).
    uint32_t below(uint32_t n) { return static_cast<uint32_t>(((next() >> 32) * static_cast<uint64_t>(n)) >> 32); }
};

// Coordinates are shared by the threads of a Hogwild epoch: relaxed atomic loads and stores make
// the race defined behaviour (a plain move on x86) without ordering anything.
inline float load(const float* p) {
    float v;
    __atomic_load(p, &v, __ATOMIC_RELAXED);
    return v;
}
inline void store(float* p, float v) { __atomic_store(p, &v, __ATOMIC_RELAXED); }

// Eight floats (or ints) operated on at once: GCC's vector extension, which compiles to one AVX
// instruction per operation (two SSE ones without AVX). A sample's attraction and negatives are
// computed as lanes. Before, a scalar loop spent a third of an epoch in glibc's powf, a call per
// gradient; a scalar series in its place was slower still (latency), and GCC does not vectorise
// the plain loop (float min, max and floor under the default -ftrapping-math stay branches and
// calls), hence the explicit vectors.
typedef float Lanes __attribute__((vector_size(32)));
typedef int32_t LaneInts __attribute__((vector_size(32)));
static_assert(sizeof(Lanes) / sizeof(float) == kLanes, "kLanes floats in a vector");
template <class To, class From>
inline To same_bits(const From& from) {  // std::bit_cast, which C++17 lacks
    static_assert(sizeof(To) == sizeof(From), "a reinterpretation keeps the size");
    To to;
    std::memcpy(&to, &from, sizeof to);
    return to;
}

// x^b as 2^(b log2 x), per lane. x = 2^e m with m in [sqrt(1/2), sqrt(2)); ln m = 2 atanh(t),
// t = (m - 1) / (m + 1), |t| <= 0.172, whose series to t^7 is off by under 2e-8; 2^y = 2^n 2^f with
// n the nearest integer, |f| <= 1/2, and 2^f by the Taylor series of e^(f ln 2) to the 6th power
// (off by under 1.2e-7). In float, off by at most 3.2e-6 relative over x in [e^-30, e^30] for b in
// [0.5, 1.3] against double pow (the rounding of b log2 x). x below FLT_MIN counts as FLT_MIN.
inline Lanes fast_pow(Lanes x, float b) {
    const Lanes tiny = Lanes{} + std::numeric_limits<float>::min();
    x = x > tiny ? x : tiny;  // a subnormal has no exponent field to read
    LaneInts bits = same_bits<LaneInts>(x);
    const LaneInts high = (bits & 0x007fffff) > 0x003504f3;  // -1 where m > sqrt(2): m / 2, e + 1
    const Lanes e = __builtin_convertvector((bits >> 23) - 127 - high, Lanes);
    bits = (bits & 0x007fffff) | (0x3f800000 + (high << 23));
    const Lanes m = same_bits<Lanes>(bits);
    const Lanes t = (m - 1.0f) / (m + 1.0f), t2 = t * t;
    const Lanes ln_m = 2.0f * t * (1.0f + t2 * (1.0f / 3 + t2 * (1.0f / 5 + t2 * (1.0f / 7))));
    Lanes y = b * (e + 1.44269504f * ln_m);
    y = y < 126.0f ? y : 126.0f;
    y = y > -126.0f ? y : -126.0f;
    const LaneInts n = __builtin_convertvector(y + 126.5f, LaneInts) - 126;  // truncation of a positive: floor
    const Lanes f = (y - __builtin_convertvector(n, Lanes)) * 0.693147181f;  // 2^(y - n) = e^f
    const Lanes ef = 1.0f + f * (1.0f + f * (1.0f / 2 + f * (1.0f / 6 + f * (1.0f / 24 + f * (1.0f / 120 + f * (1.0f / 720))))));
    return ef * same_bits<Lanes>((n + 127) << 23);
}
inline Lanes clip(Lanes g) {
    g = g < kClip ? g : kClip;
    return g > -kClip ? g : -kClip;
}

}  // namespace

float umap_pow(float x, float b) { return fast_pow(Lanes{} + x, b)[0]; }

UmapLayout::UmapLayout(const NeighbourGraph& graph, std::vector<float> xy, const UmapConfig& config)
    : config_(config), xy_(std::move(xy)) {
    config_.validate();
    if (graph.n < 2) throw Error(ErrorContext{"", 0, "graph"}, "a layout needs at least two points");
    if (xy_.size() != 2 * static_cast<size_t>(graph.n))
        throw Error(ErrorContext{"", 0, "xy"}, "needs 2 floats per point of the graph (" + std::to_string(2 * graph.n) +
                                                   "), got " + std::to_string(xy_.size()));
    for (float v : xy_)
        if (!std::isfinite(v)) throw Error(ErrorContext{"", 0, "xy"}, "initial coordinates must be finite");
    curve_ = fit_umap_curve(config_.min_dist, config_.spread);
    FuzzyGraph all = fuzzy_union(graph, smooth_knn_memberships(graph, config_.n_neighbors));
    const float max_w = all.weight.empty() ? 0.0f : *std::max_element(all.weight.begin(), all.weight.end());
    const float floor = max_w / static_cast<float>(config_.epochs_for(graph.n));
    // The kept edges in the order the epochs visit them: each head's first edge, then each head's
    // second, and so on (by rank within the head, then head). Sorted by head, a sample's update of
    // y_i was the next sample's input, a chain of dependent powers and divisions through memory;
    // interleaved, consecutive samples move different points and the processor overlaps them. A
    // small gain, measured at 100,000 points, 200 epochs: one thread 8.0-8.2 s -> 7.8 s, two threads
    // 5.1-6.3 s -> 4.6-4.9 s (a busy VM; the vector lanes and the due list gave the most).
    std::vector<size_t> kept, rank;
    for (size_t e = 0; e < all.edges(); ++e) {
        if (all.weight[e] < floor) continue;
        rank.push_back(!kept.empty() && all.head[kept.back()] == all.head[e] ? rank.back() + 1 : 0);
        kept.push_back(e);
    }
    std::vector<size_t> first(1, 0);  // counting sort by rank, stable: first[r] = where rank r starts
    for (size_t r : rank) {
        if (r + 2 > first.size()) first.resize(r + 2, 0);
        ++first[r + 1];
    }
    for (size_t r = 1; r < first.size(); ++r) first[r] += first[r - 1];
    std::vector<size_t> order(kept.size());
    for (size_t o = 0; o < kept.size(); ++o) order[first[rank[o]]++] = o;
    graph_.n = all.n;
    for (size_t o : order) {
        const size_t e = kept[o];
        graph_.head.push_back(all.head[e]);
        graph_.tail.push_back(all.tail[e]);
        graph_.weight.push_back(all.weight[e]);
        epochs_per_sample_.push_back(max_w / all.weight[e]);
    }
    next_sample_.resize(graph_.edges());
    next_negative_.resize(graph_.edges());
    if (config_.threads > 1) team_ = std::make_unique<TaskTeam>(config_.threads);
}

UmapLayout::~UmapLayout() = default;

int UmapLayout::run(const LayoutProgress& progress) {
    return optimise(config_.epochs_for(graph_.n), config_.learning_rate, progress);
}

int UmapLayout::refresh(int epochs, const LayoutProgress& progress) {
    if (epochs < 0) throw Error(ErrorContext{"", 0, "epochs"}, "a refresh needs 0 or more epochs");
    return optimise(epochs, config_.refresh_learning_rate, progress);
}

int UmapLayout::optimise(int epochs, float initial_alpha, const LayoutProgress& progress) {
    // Each run is its own schedule: every edge is first due after one period.
    const float rate = static_cast<float>(std::max(1, config_.negative_sample_rate));
    for (size_t e = 0; e < graph_.edges(); ++e) {
        next_sample_[e] = epochs_per_sample_[e];
        next_negative_[e] = epochs_per_sample_[e] / rate;
    }
    const int blocks = static_cast<int>((graph_.edges() + kBlockEdges - 1) / kBlockEdges);
    for (int epoch = 1; epoch <= epochs; ++epoch) {
        const float alpha = initial_alpha * (1.0f - static_cast<float>(epoch - 1) / static_cast<float>(epochs));
        if (team_)
            team_->run(blocks, [&](int b) { run_block(b, epoch, alpha); });
        else
            for (int b = 0; b < blocks; ++b) run_block(b, epoch, alpha);
        if (progress && !progress(epoch, epochs)) return epoch;
    }
    return epochs;
}

void UmapLayout::run_block(int block, int epoch, float alpha) {
    const float a = static_cast<float>(curve_.a), b = static_cast<float>(curve_.b);
    const uint32_t n = static_cast<uint32_t>(graph_.n);
    const int negatives_per_sample = config_.negative_sample_rate;
    SplitMix64 rng = SplitMix64::stream(config_.seed, static_cast<uint64_t>(epoch), static_cast<uint64_t>(block));
    float* y = xy_.data();
    const size_t e0 = static_cast<size_t>(block) * kBlockEdges, e1 = std::min(graph_.edges(), e0 + kBlockEdges);
    const float fepoch = static_cast<float>(epoch);
    // The edges due this epoch, listed first without a branch: tested in the loop, the due third
    // of the edges was an unpredictable branch whose mispredictions threw away the overlapped work
    // of the samples before it (100,000 points, one thread, attraction only: 200 epochs 3.5 s ->
    // 2.55 s).
    uint32_t due[kBlockEdges];
    size_t count = 0;
    for (size_t e = e0; e < e1; ++e) {
        due[count] = static_cast<uint32_t>(e);
        count += next_sample_[e] <= fepoch ? 1 : 0;
    }
    // Negatives owed since the last sample of an edge, at negative_sample_rate per sample, the first
    // seven of them drawn kAhead samples early and their coordinates (and the sample's own two
    // points) requested then: at 100,000 points the coordinates (800 KB) live in L2 or L3 beside
    // the edge arrays streaming through, and requested only at the sample itself they were waited
    // for (one thread, 200 epochs: 9.7 s -> 8.5 s; then the attraction in lane 0: 7.2 s).
    const float rate = static_cast<float>(negatives_per_sample > 0 ? negatives_per_sample : 1);
    struct Ahead {
        uint32_t negative[kLanes];
        int owed, drawn;
    };
    Ahead ahead[kAhead] = {};
    auto draw = [&](uint32_t* negative, int count) {
        for (int s = 0; s < count; ++s) {
            negative[s] = rng.below(n);
            __builtin_prefetch(y + 2 * negative[s]);
        }
        return count;
    };
    auto prepare = [&](size_t d) {
        const size_t e = due[d];
        Ahead& next = ahead[d % kAhead];
        next.owed = negatives_per_sample > 0 ? static_cast<int>((fepoch - next_negative_[e]) / (epochs_per_sample_[e] / rate)) : 0;
        next.drawn = draw(next.negative + 1, std::min(next.owed, kLanes - 1));  // lane 0: the attraction
        __builtin_prefetch(y + 2 * static_cast<uint32_t>(graph_.head[e]));
        __builtin_prefetch(y + 2 * static_cast<uint32_t>(graph_.tail[e]));
    };
    for (size_t d = 0; d < std::min<size_t>(count, kAhead); ++d) prepare(d);
    for (size_t d = 0; d < count; ++d) {
        const size_t e = due[d];
        Ahead now = ahead[d % kAhead];
        if (d + kAhead < count) prepare(d + kAhead);
        const uint32_t i = static_cast<uint32_t>(graph_.head[e]), j = static_cast<uint32_t>(graph_.tail[e]);
        float* yi = y + 2 * i;
        float* yj = y + 2 * j;
        // One SGD step on the sample's loss: the attraction and the negatives all at y_i (and y_j) as
        // they were (see the header: independent gradients, computed side by side), as lanes of one
        // vector: lane 0 the attraction to j, lanes 1-7 the first seven negatives, and a further
        // vector per seven more, its lane 0 idle. One power for the eight, where the attraction's own
        // power took as long as seven negatives'. Idle lanes, the point itself as a negative and a
        // coincident pair (no direction to be pushed along) weigh 0. The lanes are summed in order,
        // so the same seed gives the same picture. Each vector is built at once (lane by lane
        // through memory, it stalled on store forwarding).
        //   Attraction: d/dy_i of -log v_ij = -2ab D^(b-1) / (1 + a D^b) (y_i - y_j), D = |y_i - y_j|^2.
        //   Repulsion:  d/dy_i of -log(1 - v_ik) = 2b / ((0.001 + D)(1 + a D^b)) (y_i - y_k); the
        //               0.001 keeps it finite at D -> 0.
        const float xi = load(yi), vi = load(yi + 1);
        const LaneInts lane = {0, 1, 2, 3, 4, 5, 6, 7};
        const Lanes numerator = lane == 0 ? -2.0f * a * b : 2.0f * b;  // times D^b in lane 0
        const Lanes softening = lane == 0 ? 0.0f : 0.001f;
        float step_x = 0, step_y = 0, pull_x = 0, pull_y = 0;
        for (int done = 0, chunk = 0; chunk == 0 || done < now.owed;
             ++chunk, done += now.drawn, now.drawn = draw(now.negative + 1, std::min(now.owed - done, kLanes - 1))) {
            LaneInts k;
            std::memcpy(&k, now.negative, sizeof k);
            k[0] = static_cast<int32_t>(j);
            const LaneInts attraction = LaneInts{} + (chunk == 0 ? -1 : 0);
            const LaneInts live = lane == 0 ? attraction : (lane <= now.drawn) & (k != static_cast<int32_t>(i));
            k = live ? k : static_cast<int32_t>(i);
            const float* yk[kLanes];
            for (int s = 0; s < kLanes; ++s) yk[s] = y + 2 * static_cast<uint32_t>(k[s]);
            const Lanes kx = {load(yk[0]), load(yk[1]), load(yk[2]), load(yk[3]), load(yk[4]), load(yk[5]), load(yk[6]), load(yk[7])};
            const Lanes ky = {load(yk[0] + 1), load(yk[1] + 1), load(yk[2] + 1), load(yk[3] + 1),
                              load(yk[4] + 1), load(yk[5] + 1), load(yk[6] + 1), load(yk[7] + 1)};
            const Lanes ex = xi - kx, ey = vi - ky, e2 = ex * ex + ey * ey;
            const Lanes pb = fast_pow(e2, b);
            const Lanes top = lane == 0 ? numerator * pb : numerator;
            Lanes coeff = top / ((softening + e2) * (a * pb + 1.0f));
            coeff = (live & (e2 > 0.0f)) ? coeff : 0.0f;
            const Lanes gx = alpha * clip(coeff * ex), gy = alpha * clip(coeff * ey);
            if (chunk == 0) pull_x = gx[0], pull_y = gy[0];
            for (int s = 0; s < kLanes; ++s) step_x += gx[s], step_y += gy[s];
        }
        if (pull_x != 0 || pull_y != 0) store(yj, load(yj) - pull_x), store(yj + 1, load(yj + 1) - pull_y);
        next_sample_[e] += epochs_per_sample_[e];
        if (now.owed > 0) next_negative_[e] += static_cast<float>(now.owed) * (epochs_per_sample_[e] / rate);
        store(yi, xi + step_x), store(yi + 1, vi + step_y);
    }
}

}  // namespace towerlab
