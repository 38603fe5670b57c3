#include "bench/loader_benchmark.h"

#include <zip.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "core/error.h"
#include "core/random.h"
#include "data/line_reader.h"
#include "data/movielens_loader.h"

namespace towerlab {
namespace {

double peak_rss_mb() {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
    return 0;
}

template <typename F>
double median_seconds(int repeats, F&& f) {
    std::vector<double> t;
    for (int r = 0; r < std::max(1, repeats); ++r) {
        const auto t0 = std::chrono::steady_clock::now();
        f();
        t.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    std::sort(t.begin(), t.end());
    return t[t.size() / 2];
}

}  // namespace

void write_movielens_1m_shaped(const std::string& dir, const LoaderBenchConfig& c) {
    std::filesystem::create_directories(dir);
    Rng rng(c.seed);
    {
        std::ofstream out(dir + "/movies.dat", std::ios::binary);
        const char* genres[] = {"Action", "Comedy|Drama", "Drama|Romance", "Horror|Thriller", "Animation|Children's|Comedy"};
        for (int m = 1; m <= c.movies; ++m)
            out << m << "::Movie " << m << " (" << 1919 + m % 81 << ")::" << genres[m % 5] << "\n";
    }
    {
        std::ofstream out(dir + "/users.dat", std::ios::binary);
        const int ages[] = {1, 18, 25, 35, 45, 50, 56};
        for (int u = 1; u <= c.users; ++u)
            out << u << "::" << (u % 3 ? 'M' : 'F') << "::" << ages[u % 7] << "::" << u % 21 << "::" << 10000 + u % 89999 << "\n";
    }
    {
        // Movies by a Zipf-like law (a long tail, as in ML-1M), users uniform, ratings 1-5.
        std::ofstream out(dir + "/ratings.dat", std::ios::binary);
        long t = 956703932;
        for (long k = 0; k < c.ratings; ++k) {
            const int u = uniform_int(rng, 1, c.users);
            const int m = 1 + static_cast<int>(std::floor(std::pow(uniform01(rng), 2.5) * c.movies)) % c.movies;
            t += uniform_int(rng, 0, 40);
            out << u << "::" << m << "::" << uniform_int(rng, 1, 5) << "::" << t << "\n";
        }
    }
    int code = 0;
    const std::string zip_path = dir + ".zip";
    zip_t* z = zip_open(zip_path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code);
    if (!z) throw Error(ErrorContext{zip_path, 0, ""}, "cannot create the zip archive");
    const std::string top = std::filesystem::path(dir).filename().string();
    for (const char* f : {"ratings.dat", "movies.dat", "users.dat"}) {
        zip_source_t* src = zip_source_file(z, (dir + "/" + f).c_str(), 0, -1);
        if (!src || zip_file_add(z, (top + "/" + f).c_str(), src, ZIP_FL_OVERWRITE) < 0) {
            if (src) zip_source_free(src);
            zip_discard(z);
            throw Error(ErrorContext{zip_path, 0, f}, "cannot add the file to the zip archive");
        }
    }
    if (zip_close(z) != 0) throw Error(ErrorContext{zip_path, 0, ""}, "cannot write the zip archive");
}

LoaderBenchResult run_loader_benchmark(const std::string& dir, const LoaderBenchConfig& c) {
    LoaderBenchResult r;
    r.file_bytes = static_cast<long>(std::filesystem::file_size(dir + "/ratings.dat"));
    r.zip_bytes = static_cast<long>(std::filesystem::file_size(dir + ".zip"));
    long lines = 0;
    LoaderBenchRow scan{"scan ratings.dat (read + split, the peer)"};
    scan.seconds = median_seconds(c.repeats, [&] {
        LineReader reader(dir + "/ratings.dat");
        std::string_view line;
        std::vector<std::string_view> f;
        lines = 0;
        while (reader.next(line)) lines += static_cast<long>(split_fields(line, "::", f)) > 0;
    });
    scan.peak_rss_mb = peak_rss_mb();
    r.rows.push_back(scan);
    for (const bool zipped : {false, true}) {
        LoaderBenchRow row{zipped ? "load_movielens_1m, the zip" : "load_movielens_1m, the folder"};
        row.seconds = median_seconds(c.repeats, [&] { row.positives = static_cast<long>(load_movielens_1m(zipped ? dir + ".zip" : dir).clicks.size()); });
        row.peak_rss_mb = peak_rss_mb();
        r.rows.push_back(row);
    }
    if (lines != c.ratings) throw Error(ErrorContext{dir + "/ratings.dat", 0, ""}, "the scan read " + std::to_string(lines) + " lines");
    return r;
}

}  // namespace towerlab
