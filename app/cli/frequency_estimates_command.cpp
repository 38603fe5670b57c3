// `towerlab-cli frequency-estimates`: the streaming frequency estimator's estimate / exact per-batch
// rate per bucket of training clicks, for Algorithm 2 as published and with the warm start
// (logq_warm_start), on the same batch stream, at each step count of --steps.
//   towerlab-cli frequency-estimates --steps 1000,4000,6000 --seed 1
#include <cstdio>
#include <memory>
#include <sstream>
#include <string>

#include "cli_options.h"
#include "commands.h"
#include "core/error.h"
#include "experiments/frequency_estimator_accuracy.h"

namespace towerlab::cli {
namespace {

struct FrequencyOptions {
    CommonOptions common;
    std::string steps = "1000,4000,6000";
};

std::vector<long> parse_steps(const std::string& s) {
    std::vector<long> out;
    std::stringstream ss(s);
    std::string part;
    while (std::getline(ss, part, ',')) {
        try {
            out.push_back(std::stol(part));
        } catch (...) {
            throw Error(ErrorContext{"", 0, "--steps"}, "expected comma-separated step counts, got '" + s + "'");
        }
    }
    return out;
}

void run_frequency_estimates(const CLI::App& sub, FrequencyOptions& o) {
    const TrainConfig config = resolve_config(sub, o.common);
    const LoadedData d = load_data(o.common, config, true);
    const auto results = measure_frequency_estimator(*d.split, config, parse_steps(o.steps), config.seed);
    std::printf("estimate / exact per-batch rate (batch %d, a = %g), median [mean] (share within 2x), per bucket of "
                "training clicks; items seen / in bucket\n",
                config.batch_size, config.logq_alpha);
    std::printf("%6s %-14s", "steps", "first sighting");
    for (const FrequencyBucket& b : results.front().buckets) {
        const std::string name = b.max_clicks < 0 ? std::to_string(b.min_clicks) + "+"
                                                  : std::to_string(b.min_clicks) + "-" + std::to_string(b.max_clicks);
        std::printf(" %26s", (name + " clicks").c_str());
    }
    std::printf("\n");
    for (const FrequencyAccuracy& a : results) {
        std::printf("%6ld %-14s", a.steps, a.first == FirstSighting::Paper ? "paper (B=a t)" : "warm (B=t)");
        for (const FrequencyBucket& b : a.buckets) {
            char cell[64];
            std::snprintf(cell, sizeof cell, "%.2f [%.2f] (%2.0f%%) %d/%d", b.median_ratio, b.mean_ratio, 100 * b.within_2x,
                          b.seen, b.items);
            std::printf(" %26s", cell);
        }
        std::printf("\n");
    }
}

}  // namespace

void register_frequency_estimates_command(CLI::App& app) {
    auto o = std::make_shared<FrequencyOptions>();
    CLI::App* sub = app.add_subcommand("frequency-estimates",
                                       "streaming frequency estimator vs exact counts per click bucket, with and without warm start");
    add_common_options(*sub, o->common);
    sub->add_option("--steps", o->steps, "comma-separated step counts to report at");
    sub->callback([sub, o] { run_frequency_estimates(*sub, *o); });
}

}  // namespace towerlab::cli
