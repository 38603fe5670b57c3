// The training-speed benchmark behind `towerlab-cli bench` (issue 5): time whole training steps
// (batch sampling, feature gathering, masking, forward, backward, optimizer update) on the
// reference workload, beside an Eigen GEMM measured in the same run as the machine's practical
// peak; step time as the catalogue grows; brute-force evaluation of every test user; peak memory.
//
// Timings are figures to print, never to assert (the machines are noisy): every figure is the
// median of several repeats, with the spread beside it.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "bench/reference_workload.h"

namespace towerlab {

struct SpeedBenchConfig {
    int threads = 2;
    int warmup_steps = 20;
    int steps = 100;         // steps per timed repeat
    int repeats = 5;         // repeats per variant, interleaved between variants
    std::vector<int> catalogue_sizes{5000, 100000, 1000000};
    int catalogue_steps = 50;
    int catalogue_repeats = 3;
    int gemm_size = 1536;    // square sgemm for the peak
    bool evaluate = true;
    ReferenceWorkloadConfig workload;
};

// Milliseconds per step over `repeats` repeats: median and range.
struct TimingSummary {
    std::vector<double> ms_per_step;  // one per repeat
    double median_ms = 0, min_ms = 0, max_ms = 0;
    static TimingSummary of(std::vector<double> ms);
};

struct VariantSpeed {
    std::string name;            // "main" or "main+ssl"
    TimingSummary step;
    double examples_per_second = 0;  // n main pairs per second at the median
    double gflops = 0;               // GEMM FLOPs per step / median step time
    double flops_per_step = 0;
    double final_loss = 0;           // a sanity figure: training happened
};

struct CatalogueSpeed {
    int items = 0;
    TimingSummary step;
    double ratio_to_first = 0;  // median / the first (smallest) catalogue's median
    long peak_rss_kib = 0;       // process peak after this catalogue
};

struct SpeedBenchReport {
    int threads = 0;
    double gemm_gflops = 0;           // best of the repeats
    std::vector<double> gemm_gflops_runs;
    int gemm_size = 0;
    std::vector<VariantSpeed> variants;     // main, main+ssl
    std::vector<CatalogueSpeed> catalogues; // main+ssl per catalogue size
    int eval_users = 0, eval_items = 0;
    std::vector<double> eval_seconds;       // per repeat
    long peak_rss_kib_reference = 0;        // after the reference runs (before the big catalogues)
    long peak_rss_kib = 0;                  // at the end
};

// Best GFLOP/s of a square n x n float GEMM (Eigen, `threads` threads) over `repeats` runs.
std::vector<double> measure_gemm_gflops(int n, int threads, int repeats);

// Peak resident set of this process so far (getrusage), KiB.
long peak_rss_kib();

SpeedBenchReport run_speed_benchmark(const SpeedBenchConfig& config,
                                     const std::function<void(const std::string&)>& progress = {});

}  // namespace towerlab
