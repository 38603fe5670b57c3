// The loader benchmark (issue 16): MovieLens-1M-shaped files (6,040 users, 3,706 movies, 1,000,209
// ratings in GroupLens' "::" format) written to a folder and zipped, then loaded three ways:
//   scan    every line of ratings.dat read and split, nothing parsed: the peer the loads are
//           measured against, from the same run (a ratio survives a noisy machine, seconds do not)
//   folder  load_movielens_1m on the folder
//   zip     load_movielens_1m on the zip (inflated in memory)
// with the process's peak resident memory after each (VmHWM: a peak, so it only grows).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace towerlab {

struct LoaderBenchConfig {
    int users = 6040, movies = 3706;
    long ratings = 1000209;
    uint64_t seed = 1;
    int repeats = 3;       // each load timed this many times; the median is reported
};

struct LoaderBenchRow {
    std::string what;
    double seconds = 0;    // median over repeats
    double peak_rss_mb = 0;
    long positives = 0;    // clicks the load produced (0 for the scan)
};

struct LoaderBenchResult {
    long file_bytes = 0;   // ratings.dat
    long zip_bytes = 0;
    std::vector<LoaderBenchRow> rows;
};

// Writes ratings.dat, movies.dat and users.dat into `dir` (created), and `dir`.zip beside it.
void write_movielens_1m_shaped(const std::string& dir, const LoaderBenchConfig& config);
LoaderBenchResult run_loader_benchmark(const std::string& dir, const LoaderBenchConfig& config);

}  // namespace towerlab
