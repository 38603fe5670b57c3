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
    for (int k : config.ks) {
        std::vector<double> us;
        for (int q = 0; q < timed && !cancelled(); ++q) {
            t0 = Clock::now();
            const ScoredList r = exact.search(queries.row(q).data(), k);
            us.push_back(micros_since(t0));
        }
        rep.brute_force.push_back(summarise_latency(us));
    }

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
                AnnOperatingPoint p;
                p.ef_search = ef;
                p.k = k;
                p.routed = routed;
                p.min_recall = 1;
                std::vector<double> us;
                us.reserve(static_cast<size_t>(rep.queries));
                double sum = 0;
                for (int q = 0; q < rep.queries; ++q) {
                    const float* query = queries.row(q).data();
                    t0 = Clock::now();
                    const ScoredList r = routed ? ann.search_from(query, k, router->entry_items(query)) : ann.search(query, k);
                    us.push_back(micros_since(t0));
                    const double rec = ann_recall_at_k(truth[static_cast<size_t>(q)], r, k, config.tie_tolerance);
                    sum += rec;
                    p.min_recall = std::min(p.min_recall, rec);
                }
                p.recall = sum / rep.queries;
                p.latency = summarise_latency(std::move(us));
                rep.points.push_back(p);
            }
        }
    }
    return rep;
}

}  // namespace towerlab
