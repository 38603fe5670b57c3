// `towerlab-cli bench-loader`: ML-1M-sized MovieLens files written to a scratch folder and zip,
// loaded from each, timed against a plain scan of the same file (engine/bench/loader_benchmark.h).
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <memory>

#include "bench/loader_benchmark.h"
#include "commands.h"
#include "core/error.h"

namespace towerlab::cli {

void register_bench_loader_command(CLI::App& app) {
    auto c = std::make_shared<LoaderBenchConfig>();
    auto keep = std::make_shared<std::string>();
    CLI::App* sub = app.add_subcommand("bench-loader", "time loading ML-1M-sized MovieLens files from a folder and a zip, with peak memory");
    sub->add_option("--ratings", c->ratings, "ratings to write (ML-1M: 1000209)")->check(CLI::Range(1L, 100000000L));
    sub->add_option("--repeats", c->repeats, "timed repeats per load (the median is printed)")->check(CLI::Range(1, 100));
    sub->add_option("--dir", *keep, "write the files here and keep them (default: a scratch folder, removed)");
    sub->callback([c, keep] {
        std::string dir = *keep;
        if (dir.empty()) {
            char name[] = "/tmp/towerlab-bench-loader-XXXXXX";
            if (!mkdtemp(name)) throw Error("cannot create a scratch folder under /tmp");
            dir = std::string(name) + "/ml-1m";
        }
        std::fprintf(stderr, "writing %ld ratings of %d users and %d movies to %s (and %s.zip)\n", c->ratings, c->users,
                     c->movies, dir.c_str(), dir.c_str());
        write_movielens_1m_shaped(dir, *c);
        const LoaderBenchResult r = run_loader_benchmark(dir, *c);
        std::printf("ratings.dat %.1f MB, zip %.1f MB; median of %d loads\n", r.file_bytes / 1e6, r.zip_bytes / 1e6, c->repeats);
        std::printf("%-44s %9s %12s %14s %10s\n", "", "seconds", "x the scan", "peak RSS MB", "positives");
        for (const LoaderBenchRow& row : r.rows)
            std::printf("%-44s %9.3f %12.2f %14.1f %10ld\n", row.what.c_str(), row.seconds, row.seconds / r.rows[0].seconds,
                        row.peak_rss_mb, row.positives);
        if (keep->empty()) std::filesystem::remove_all(std::filesystem::path(dir).parent_path());
    });
}

}  // namespace towerlab::cli
