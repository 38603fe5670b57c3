// `towerlab-cli bench`: training speed on the reference workload (MovieLens-1M shapes, issue 5):
// ms per step and examples/s for main-only and main+SSL, achieved GFLOP/s beside a GEMM peak
// measured in the same run, step time for growing catalogues, brute-force evaluation time and
// peak memory. bench/compare_with_torch.py runs it beside the PyTorch reference.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>

#include <Eigen/Core>
#include <nlohmann/json.hpp>

#include "bench/training_speed.h"
#include "commands.h"
#include "core/error.h"

namespace towerlab::cli {
namespace {

struct BenchOptions {
    SpeedBenchConfig bench;
    std::string catalogues = "5000,100000,1000000";
    bool no_eval = false;
    bool json = false;
    bool quiet = false;
};

std::vector<int> parse_sizes(const std::string& s) {
    std::vector<int> out;
    if (s == "none" || s.empty()) return out;
    std::stringstream ss(s);
    std::string part;
    while (std::getline(ss, part, ',')) {
        size_t used = 0;
        int v = 0;
        try { v = std::stoi(part, &used); } catch (...) { used = 0; }
        if (used != part.size() || v < 2)
            throw Error(ErrorContext{"", 0, "--catalogues"}, "expected item counts >= 2 separated by commas (or 'none'), got '" + s + "'");
        out.push_back(v);
    }
    return out;
}

std::string cpu_model() {
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
    return "unknown";
}

std::string load_average() {
    std::ifstream in("/proc/loadavg");
    std::string a, b, c;
    in >> a >> b >> c;
    return a + " " + b + " " + c;
}

nlohmann::json timing_json(const TimingSummary& t) {
    return {{"median_ms", t.median_ms}, {"min_ms", t.min_ms}, {"max_ms", t.max_ms}, {"runs_ms", t.ms_per_step}};
}

void run_bench(BenchOptions& o) {
    o.bench.catalogue_sizes = parse_sizes(o.catalogues);
    o.bench.evaluate = !o.no_eval;
    const char* wait = std::getenv("OMP_WAIT_POLICY");
    const std::string load_before = load_average();
    auto say = [&](const std::string& s) { if (!o.quiet) std::cerr << "bench: " << s << "...\n"; };
    const SpeedBenchReport r = run_speed_benchmark(o.bench, say);
    const std::string load_after = load_average();

    if (o.json) {
        nlohmann::json j;
        j["machine"] = {{"cpu", cpu_model()}, {"hardware_threads", std::thread::hardware_concurrency()},
                        {"load_before", load_before}, {"load_after", load_after},
                        {"omp_wait_policy", wait ? wait : ""}, {"simd", Eigen::SimdInstructionSetsInUse()}};
        j["threads"] = r.threads;
        j["gemm"] = {{"size", r.gemm_size}, {"gflops", r.gemm_gflops}, {"runs_gflops", r.gemm_gflops_runs}};
        for (const auto& v : r.variants)
            j["variants"].push_back({{"name", v.name}, {"step", timing_json(v.step)}, {"examples_per_second", v.examples_per_second},
                                     {"gflops", v.gflops}, {"flops_per_step", v.flops_per_step}, {"final_loss", v.final_loss}});
        for (const auto& c : r.catalogues)
            j["catalogues"].push_back({{"items", c.items}, {"step", timing_json(c.step)}, {"ratio_to_first", c.ratio_to_first},
                                       {"peak_rss_kib", c.peak_rss_kib}});
        j["eval"] = {{"users", r.eval_users}, {"items", r.eval_items}, {"seconds", r.eval_seconds}};
        j["peak_rss_kib_reference"] = r.peak_rss_kib_reference;
        j["peak_rss_kib"] = r.peak_rss_kib;
        std::cout << j.dump(2) << "\n";
        return;
    }
    std::printf("machine: %s, %u hardware threads; load average %s (before) / %s (after); OMP_WAIT_POLICY=%s; %s\n",
                cpu_model().c_str(), std::thread::hardware_concurrency(), load_before.c_str(), load_after.c_str(),
                wait ? wait : "(unset)", Eigen::SimdInstructionSetsInUse());
    std::printf("threads: %d; GEMM peak (Eigen sgemm %d^3): %.1f GFLOP/s (best of", r.threads, r.gemm_size, r.gemm_gflops);
    for (double g : r.gemm_gflops_runs) std::printf(" %.1f", g);
    std::printf(")\n\nreference step (n=1024 clicks, m=512 SSL items; %d steps x %d repeats, median [min..max]):\n",
                o.bench.steps, o.bench.repeats);
    std::printf("%-10s %22s %14s %12s %10s %10s\n", "variant", "ms/step", "examples/s", "GFLOP/s", "% of peak", "loss");
    for (const auto& v : r.variants)
        std::printf("%-10s %8.2f [%5.2f..%5.2f] %14.0f %12.1f %9.1f%% %10.3f\n", v.name.c_str(), v.step.median_ms, v.step.min_ms,
                    v.step.max_ms, v.examples_per_second, v.gflops, 100.0 * v.gflops / r.gemm_gflops, v.final_loss);
    if (!r.catalogues.empty()) {
        std::printf("\nmain+ssl step by catalogue size (%d steps x %d repeats):\n", o.bench.catalogue_steps, o.bench.catalogue_repeats);
        std::printf("%10s %22s %12s %14s\n", "items", "ms/step", "vs first", "peak RSS MiB");
        for (const auto& c : r.catalogues)
            std::printf("%10d %8.2f [%5.2f..%5.2f] %11.2fx %14.1f\n", c.items, c.step.median_ms, c.step.min_ms, c.step.max_ms,
                        c.ratio_to_first, c.peak_rss_kib / 1024.0);
    }
    if (!r.eval_seconds.empty()) {
        std::printf("\nbrute-force evaluation, %d test users x %d items:", r.eval_users, r.eval_items);
        for (double s : r.eval_seconds) std::printf(" %.3f s", s);
        std::printf("\n");
    }
    std::printf("peak memory (getrusage): %.1f MiB after the reference runs, %.1f MiB at the end\n",
                r.peak_rss_kib_reference / 1024.0, r.peak_rss_kib / 1024.0);
}

}  // namespace

void register_bench_command(CLI::App& app) {
    auto o = std::make_shared<BenchOptions>();
    CLI::App* sub = app.add_subcommand("bench", "training speed on the reference workload: ms/step, examples/s, GFLOP/s vs GEMM peak, "
                                                "catalogue sweep, evaluation time, peak memory");
    sub->add_option("--threads", o->bench.threads, "threads for training and the GEMM peak")->check(CLI::Range(1, 256));
    sub->add_option("--steps", o->bench.steps, "steps per timed repeat")->check(CLI::Range(1, 100000000));
    sub->add_option("--repeats", o->bench.repeats, "timed repeats per variant (interleaved)");
    sub->add_option("--warmup", o->bench.warmup_steps, "untimed steps before timing");
    sub->add_option("--catalogues", o->catalogues, "catalogue sizes for the flat-cost sweep, e.g. 5000,100000,1000000, or 'none'");
    sub->add_option("--catalogue-steps", o->bench.catalogue_steps, "steps per timed repeat in the catalogue sweep");
    sub->add_option("--catalogue-repeats", o->bench.catalogue_repeats, "repeats per catalogue size");
    sub->add_option("--gemm-size", o->bench.gemm_size, "side of the square sgemm that measures the peak");
    sub->add_option("--seed", o->bench.workload.seed, "seed of the reference dataset");
    sub->add_flag("--no-eval", o->no_eval, "skip the brute-force evaluation timing");
    sub->add_flag("--json", o->json, "print machine-readable results on stdout");
    sub->add_flag("--quiet", o->quiet, "no progress output");
    sub->callback([o] { run_bench(*o); });
}

}  // namespace towerlab::cli
