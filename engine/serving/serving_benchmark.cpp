#include "serving/serving_benchmark.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
#include <numeric>

#include "core/error.h"
#include "serving/ann_recall.h"
#include "serving/brute_force_index.h"

namespace towerlab {

LatencySummary summarise_latency(std::vector<double> micros) {
    LatencySummary s;
    s.queries = static_cast<int>(micros.size());
    if (micros.empty()) return s;
    std::sort(micros.begin(), micros.end());
    auto rank = [&](double p) {
        const size_t r = static_cast<size_t>(std::ceil(p * static_cast<double>(micros.size())));
        return micros[std::min(micros.size() - 1, r == 0 ? 0 : r - 1)];
    };
    s.p50_us = rank(0.50);
    s.p99_us = rank(0.99);
    s.max_us = micros.back();
    s.mean_us = std::accumulate(micros.begin(), micros.end(), 0.0) / static_cast<double>(micros.size());
    return s;
}

namespace {
using Clock = std::chrono::steady_clock;
double micros_since(Clock::time_point t0) { return std::chrono::duration<double, std::micro>(Clock::now() - t0).count(); }

// Brute force's single-query latency for each K over the first `timed` queries.
std::vector<LatencySummary> time_brute_force(const BruteForceIndex& exact, const Mat<float>& queries,
                                             const std::vector<int>& ks, int timed, const std::atomic<bool>* cancel) {
    std::vector<LatencySummary> out;
    for (int k : ks) {
        std::vector<double> us;
        for (int q = 0; q < timed && !(cancel && cancel->load()); ++q) {
            const auto t0 = Clock::now();
            const ScoredList r = exact.search(queries.row(q).data(), k);
            us.push_back(micros_since(t0));
        }
        out.push_back(summarise_latency(std::move(us)));
    }
    return out;
}

// One operating point: `search` answers every query at K, timed one at a time, and is scored
// against the exact lists. on_query(q) is called after each query (progress).
template <typename Search>
AnnOperatingPoint measure_point(const Mat<float>& queries, const std::vector<ScoredList>& truth, int k,
                                float tie_tolerance, const Search& search, const std::atomic<bool>* cancel,
                                const std::function<void(int)>& on_query = {}) {
    AnnOperatingPoint p;
    p.k = k;
    p.min_recall = 1;
    const int n = static_cast<int>(queries.rows());
    std::vector<double> us;
    us.reserve(static_cast<size_t>(n));
    double sum = 0;
    for (int q = 0; q < n && !(cancel && cancel->load()); ++q) {
        const float* query = queries.row(q).data();
        const auto t0 = Clock::now();
        const ScoredList r = search(query, k);
        us.push_back(micros_since(t0));
        const double rec = ann_recall_at_k(truth[static_cast<size_t>(q)], r, k, tie_tolerance);
        sum += rec;
        p.min_recall = std::min(p.min_recall, rec);
        if (on_query) on_query(q);
    }
    p.recall = n ? sum / n : 0;
    p.latency = summarise_latency(std::move(us));
    return p;
}
}  // namespace

ServingBenchReport run_serving_benchmark(const Mat<float>& items, const Mat<float>& queries, const AnnIndexConfig& index,
                                         const ServingBenchConfig& config, const Mat<float>* bridge_queries,
                                         const std::function<void(const std::string&)>& progress,
                                         const std::atomic<bool>* cancel) {
    if (config.ks.empty()) throw Error(ErrorContext{"", 0, "k"}, "needs at least one K");
    for (int k : config.ks)
        if (k < 1) throw Error(ErrorContext{"", 0, "k"}, "every K must be at least 1");
    if (queries.rows() == 0) throw Error(ErrorContext{"", 0, "queries"}, "needs at least one query");
    if (queries.cols() != items.cols())
        throw Error(ErrorContext{"", 0, "queries"}, "queries have " + std::to_string(queries.cols()) +
                                                       " dimensions, items " + std::to_string(items.cols()));
    auto say = [&](const std::string& s) { if (progress) progress(s); };
    auto cancelled = [&] { return cancel && cancel->load(); };

    ServingBenchReport rep;
    rep.items = static_cast<int>(items.rows());
    rep.dim = static_cast<int>(items.cols());
    rep.queries = static_cast<int>(queries.rows());
    rep.ks = config.ks;
    const int max_k = *std::max_element(config.ks.begin(), config.ks.end());

    say("building index");
    AnnIndexConfig ic = index;
    ic.threads = config.threads;
    AnnIndex ann(items, ic);
    rep.index = ann.config();
    rep.build_seconds = ann.build_seconds();
    rep.index_bytes = ann.memory_bytes();
    if (cancelled()) return rep;

    say("brute force");
    const BruteForceIndex exact(items);
    auto t0 = Clock::now();
    const std::vector<ScoredList> truth = exact.search_batch(queries, max_k, config.threads);
    rep.ground_truth_seconds = micros_since(t0) * 1e-6;
    const int timed = std::min(rep.queries, std::max(1, config.brute_force_latency_queries));
    rep.brute_force = time_brute_force(exact, queries, config.ks, timed, cancel);

    std::unique_ptr<QueryRouter> router;
    if (bridge_queries && bridge_queries->rows() > 0 && !cancelled()) {
        say("query routing");
        router = std::make_unique<QueryRouter>(*bridge_queries, exact, config.routing, config.threads);
        rep.routing_bridges = router->size();
        rep.routing_build_seconds = router->build_seconds();
    }

    std::vector<int> efs = config.ef_search.empty() ? std::vector<int>{index.ef_search} : config.ef_search;
    for (int ef : efs) {
        for (const bool routed : {false, true}) {
            if ((routed && !router) || cancelled()) continue;
            say(std::string(routed ? "routed " : "") + "ef_search " + std::to_string(ef));
            ann.set_ef_search(ef);
            for (int k : config.ks) {
                AnnOperatingPoint p = measure_point(
                    queries, truth, k, config.tie_tolerance,
                    [&](const float* query, int kk) {
                        return routed ? ann.search_from(query, kk, router->entry_items(query)) : ann.search(query, kk);
                    },
                    nullptr);
                p.ef_search = ef;
                p.routed = routed;
                rep.points.push_back(p);
            }
        }
    }
    return rep;
}

ServingBenchReport measure_built_index(const BruteForceIndex& exact, const AnnIndex& ann, const Mat<float>& queries,
                                       const std::vector<int>& ks, const std::function<void(double)>& progress,
                                       const std::atomic<bool>* cancel) {
    ServingBenchReport rep;
    rep.items = exact.size();
    rep.dim = exact.dim();
    rep.queries = static_cast<int>(queries.rows());
    rep.index = ann.config();
    rep.build_seconds = ann.build_seconds();
    rep.index_bytes = ann.memory_bytes();
    for (int k : ks)
        if (k <= rep.items) rep.ks.push_back(k);
    if (rep.ks.empty()) rep.ks.push_back(std::max(1, rep.items));
    if (rep.queries == 0) return rep;
    const int max_k = *std::max_element(rep.ks.begin(), rep.ks.end());
    const auto t0 = Clock::now();
    const std::vector<ScoredList> truth = exact.search_batch(queries, max_k, 1);
    rep.ground_truth_seconds = micros_since(t0) * 1e-6;
    rep.brute_force = time_brute_force(exact, queries, rep.ks, rep.queries, cancel);
    const double parts = static_cast<double>(rep.ks.size());
    for (size_t i = 0; i < rep.ks.size() && !(cancel && cancel->load()); ++i) {
        AnnOperatingPoint p = measure_point(
            queries, truth, rep.ks[i], kAnnTieTolerance,
            [&](const float* query, int k) { return ann.search(query, k); }, cancel, [&](int q) {
                if (progress && q % 64 == 0) progress((static_cast<double>(i) + static_cast<double>(q) / rep.queries) / parts);
            });
        p.ef_search = rep.index.ef_search;
        rep.points.push_back(p);
    }
    return rep;
}

}  // namespace towerlab
