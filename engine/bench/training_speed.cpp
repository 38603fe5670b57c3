#include "bench/training_speed.h"

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <memory>

#include <Eigen/Dense>

#include "core/error.h"
#include "core/random.h"
#include "data/split.h"
#include "model/matrix.h"
#include "train/trainer.h"

namespace towerlab {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// Milliseconds per step of `steps` consecutive steps.
double time_steps(Trainer& trainer, int steps) {
    const auto t0 = Clock::now();
    StepStats s;
    for (int i = 0; i < steps; ++i) s = trainer.step();
    return seconds_since(t0) * 1000.0 / steps;
}

struct Prepared {
    std::shared_ptr<const Dataset> data;
    std::shared_ptr<const Split> split;
};

Prepared prepare(const ReferenceWorkloadConfig& workload) {
    Prepared p;
    auto data = std::make_shared<Dataset>(make_reference_dataset(workload));
    SplitConfig sc;  // leave-last-out, 10% of items held out as cold, as for MovieLens
    p.split = std::make_shared<Split>(make_split(*data, sc));
    p.data = std::move(data);
    return p;
}

}  // namespace

TimingSummary TimingSummary::of(std::vector<double> ms) {
    TimingSummary t;
    t.ms_per_step = ms;
    if (ms.empty()) return t;
    std::sort(ms.begin(), ms.end());
    t.min_ms = ms.front();
    t.max_ms = ms.back();
    const size_t h = ms.size() / 2;
    t.median_ms = ms.size() % 2 ? ms[h] : 0.5 * (ms[h - 1] + ms[h]);
    return t;
}

std::vector<double> measure_gemm_gflops(int n, int threads, int repeats) {
    if (n < 1 || repeats < 1) throw Error(ErrorContext{"", 0, "gemm_size"}, "GEMM size and repeats must be positive");
    Eigen::setNbThreads(threads);
    Rng rng(3);
    std::uniform_real_distribution<float> u(-1.f, 1.f);
    Mat<float> a(n, n), b(n, n), c(n, n);
    for (Eigen::Index i = 0; i < a.size(); ++i) { a.data()[i] = u(rng); b.data()[i] = u(rng); }
    c.noalias() = a * b;  // warm-up: page in, spin up the thread team
    std::vector<double> out;
    for (int r = 0; r < repeats; ++r) {
        const auto t0 = Clock::now();
        c.noalias() = a * b;
        out.push_back(2.0 * n * n * static_cast<double>(n) / seconds_since(t0) * 1e-9);
    }
    return out;
}

long peak_rss_kib() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss;  // Linux: KiB
}

SpeedBenchReport run_speed_benchmark(const SpeedBenchConfig& config, const std::function<void(const std::string&)>& progress) {
    if (config.steps < 1 || config.repeats < 1 || config.catalogue_steps < 1 || config.catalogue_repeats < 1)
        throw Error(ErrorContext{"", 0, "steps"}, "steps and repeats must be at least 1");
    auto say = [&](const std::string& s) { if (progress) progress(s); };
    SpeedBenchReport rep;
    rep.threads = config.threads;
    rep.gemm_size = config.gemm_size;

    say("GEMM peak (" + std::to_string(config.gemm_size) + "^3 sgemm)");
    rep.gemm_gflops_runs = measure_gemm_gflops(config.gemm_size, config.threads, 5);
    rep.gemm_gflops = *std::max_element(rep.gemm_gflops_runs.begin(), rep.gemm_gflops_runs.end());

    // Main-only and main+SSL on the reference catalogue, repeats interleaved so that a burst of
    // load elsewhere on the machine hits both alike.
    say("reference dataset");
    const Prepared ref = prepare(config.workload);
    std::vector<std::unique_ptr<Trainer>> trainers;
    for (bool ssl : {false, true}) {
        TrainConfig tc = reference_train_config(ssl);
        tc.threads = config.threads;
        trainers.push_back(std::make_unique<Trainer>(ref.data, ref.split, tc));
        VariantSpeed v;
        v.name = ssl ? "main+ssl" : "main";
        v.flops_per_step = step_gemm_flops(tc, trainers.back()->user_input_dim(), trainers.back()->item_input_dim());
        rep.variants.push_back(v);
    }
    say("warm-up");
    for (auto& t : trainers) time_steps(*t, config.warmup_steps);
    std::vector<std::vector<double>> ms(trainers.size());
    for (int r = 0; r < config.repeats; ++r) {
        say("repeat " + std::to_string(r + 1) + "/" + std::to_string(config.repeats));
        for (size_t v = 0; v < trainers.size(); ++v) ms[v].push_back(time_steps(*trainers[v], config.steps));
    }
    for (size_t v = 0; v < trainers.size(); ++v) {
        VariantSpeed& s = rep.variants[v];
        s.step = TimingSummary::of(ms[v]);
        s.examples_per_second = trainers[v]->config().batch_size / (s.step.median_ms * 1e-3);
        s.gflops = s.flops_per_step / (s.step.median_ms * 1e-3) * 1e-9;
        s.final_loss = trainers[v]->step().loss_total;
    }
    if (config.evaluate) {
        say("brute-force evaluation of every test user");
        const Trainer& t = *trainers.back();
        EvalOptions eo;
        eo.ks = t.config().eval_k;
        eo.threads = config.threads;
        rep.eval_users = static_cast<int>(ref.split->test.size());
        rep.eval_items = ref.data->num_items();
        for (int r = 0; r < 3; ++r) {
            const auto t0 = Clock::now();
            t.evaluate(eo);
            rep.eval_seconds.push_back(seconds_since(t0));
        }
    }
    trainers.clear();
    rep.peak_rss_kib_reference = peak_rss_kib();

    // main+SSL as the catalogue grows: every cost but the embedding tables' memory should stay flat.
    for (int items : config.catalogue_sizes) {
        say("catalogue of " + std::to_string(items) + " items");
        ReferenceWorkloadConfig w = config.workload;
        w.num_items = items;
        const Prepared p = prepare(w);
        TrainConfig tc = reference_train_config(true);
        tc.threads = config.threads;
        Trainer trainer(p.data, p.split, tc);
        time_steps(trainer, config.warmup_steps);
        std::vector<double> cms;
        for (int r = 0; r < config.catalogue_repeats; ++r) cms.push_back(time_steps(trainer, config.catalogue_steps));
        CatalogueSpeed c;
        c.items = items;
        c.step = TimingSummary::of(cms);
        c.peak_rss_kib = peak_rss_kib();
        rep.catalogues.push_back(c);
    }
    for (auto& c : rep.catalogues) c.ratio_to_first = c.step.median_ms / rep.catalogues.front().step.median_ms;
    rep.peak_rss_kib = peak_rss_kib();
    return rep;
}

}  // namespace towerlab
