// The serving benchmark: build an HNSW index over a catalogue's item vectors, then for the same
// queries compare it with brute force: recall@K (ann_recall.h), per-query latency (p50 / p99, one
// query at a time on one thread, as a server answers one user), and the build time. Sweeping
// ef_search gives the recall/latency trade-off curve.
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
};

struct AnnOperatingPoint {
    int ef_search = 0;
    int k = 0;
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
    std::vector<AnnOperatingPoint> points;    // ef_search x K
};

// progress(stage) names what is running ("building index", "brute force", "ef_search 64"); the
// run stops early (returning what it has) when cancel is set.
ServingBenchReport run_serving_benchmark(const Mat<float>& items, const Mat<float>& queries,
                                         const AnnIndexConfig& index, const ServingBenchConfig& config,
                                         const std::function<void(const std::string&)>& progress = {},
                                         const std::atomic<bool>* cancel = nullptr);

}  // namespace towerlab
