// The serving benchmark: build an HNSW index over a catalogue's item vectors, then for the same
// queries compare it with brute force: recall@K (ann_recall.h), per-query latency (p50 / p99, one
// query at a time on one thread, as a server answers one user), and the build time. Sweeping
// ef_search gives the recall/latency trade-off curve. Given training queries ("bridges"), every
// point is also measured with query routing (query_routing.h), router time included.
//
// The report is plain data: the CLI prints it (`towerlab-cli serve-bench`), a panel can plot it.
// Timings are measurements of this machine at this moment, never test assertions.
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "model/matrix.h"
#include "serving/ann_index.h"
#include "serving/query_routing.h"

namespace towerlab {

struct LatencySummary {
    int queries = 0;
    double p50_us = 0, p99_us = 0, mean_us = 0, max_us = 0;
};

// Nearest-rank percentiles of per-query times in microseconds.
LatencySummary summarise_latency(std::vector<double> micros);

struct ServingBenchConfig {
    std::vector<int> ks{10, 100};
    std::vector<int> ef_search{16, 32, 64, 128, 256};  // swept; empty = the index config's only
    int brute_force_latency_queries = 200;  // brute force is slow at 1M items: time a prefix only
    int threads = 2;                        // ground-truth GEMM and index build
    float tie_tolerance = 1e-5f;            // ann_recall.h
    QueryRoutingConfig routing;             // used when bridge queries are given
};

struct AnnOperatingPoint {
    int ef_search = 0;
    int k = 0;
    bool routed = false;        // entry points from query routing instead of the top layers
    double recall = 0;          // mean recall@k over the queries
    double min_recall = 0;      // worst query
    LatencySummary latency;
};

struct ServingBenchReport {
    int items = 0, dim = 0, queries = 0;
    AnnIndexConfig index;
    double build_seconds = 0;
    size_t index_bytes = 0;
    double ground_truth_seconds = 0;        // batched brute force over all queries, all threads
    std::vector<int> ks;
    std::vector<LatencySummary> brute_force;  // per K, single query, one thread
    std::vector<AnnOperatingPoint> points;    // ef_search x K (x plain / routed)
    int routing_bridges = 0;                  // 0 = routing not measured
    double routing_build_seconds = 0;
};

// bridge_queries: training queries for routing (none = plain HNSW only); they must not include
// the measured queries. progress(stage) names what is running ("building index", "brute force",
// "ef_search 64"); the run stops early (returning what it has) when cancel is set.
ServingBenchReport run_serving_benchmark(const Mat<float>& items, const Mat<float>& queries,
                                         const AnnIndexConfig& index, const ServingBenchConfig& config,
                                         const Mat<float>* bridge_queries = nullptr,
                                         const std::function<void(const std::string&)>& progress = {},
                                         const std::atomic<bool>* cancel = nullptr);

class BruteForceIndex;

// The same measurements for an index that already exists (the app keeps it to answer users):
// recall@K of `ann` at its own ef_search against `exact`, and both ones' single-query latency over
// every query, with the index's own build time and memory. K larger than the catalogue is left
// out. progress(f) gets the finished fraction, 0..1; cancel stops it early with what it has.
ServingBenchReport measure_built_index(const BruteForceIndex& exact, const AnnIndex& ann, const Mat<float>& queries,
                                       const std::vector<int>& ks, const std::function<void(double)>& progress = {},
                                       const std::atomic<bool>* cancel = nullptr);

}  // namespace towerlab
