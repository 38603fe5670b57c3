// `towerlab-cli update-replay`: replay the clicks day by day and measure no update, full update
// and incremental update on each next day's clicks (Recall@K overall / head / long-tail / cold).
#include <cstdio>
#include <iostream>
#include <memory>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli_options.h"
#include "commands.h"
#include "core/error.h"
#include "data/dataset_source.h"
#include "eval/eval_report_format.h"
#include "updates/day_replay.h"

namespace towerlab::cli {
namespace {

struct ReplayOptions {
    CommonOptions common;
    DayReplayConfig replay;
    double period_hours = 24;
    std::string ks = "10,50,100";
    int print_k = 50;
    bool json = false;
    bool quiet = false;
};

std::vector<int> parse_ks(const std::string& s) {
    std::vector<int> out;
    std::stringstream ss(s);
    std::string part;
    while (std::getline(ss, part, ',')) {
        try {
            out.push_back(std::stoi(part));
        } catch (...) {
            throw Error(ErrorContext{"", 0, "--k"}, "expected comma-separated integers, got '" + s + "'");
        }
    }
    return out;
}

void print_timeline(const UpdateTimeline& tl, int k) {
    const int q = tl.days.empty() ? -1 : tl.days[0].policy(UpdatePolicy::Full).report.k_index(k);
    if (q < 0) throw Error(ErrorContext{"", 0, "--print-k"}, "K=" + std::to_string(k) + " is not among --k");
    const size_t qi = static_cast<size_t>(q);
    std::printf("first model: %d warm-up day(s), %d epochs, %ld steps in %.1f s; %d days with clicks\n\n", tl.config.warmup_days,
                tl.config.warmup_epochs, tl.warmup_steps, tl.warmup_seconds, tl.num_days);
    std::printf("Recall@%d on each day's clicks (users per group in brackets)\n", k);
    std::printf("%4s %7s %6s %5s  %-12s %8s %8s %9s %8s %7s\n", "day", "clicks", "eval", "new", "policy", "overall", "head",
                "long-tail", "cold", "steps");
    double sum[kNumUpdatePolicies][4] = {};
    for (const DayResult& d : tl.days) {
        const EvalReport& ref = d.policy(UpdatePolicy::Full).report;
        bool first = true;
        for (UpdatePolicy p : all_update_policies()) {
            const PolicyDay& pd = d.policy(p);
            const EvalReport& r = pd.report;
            auto rec = [&](const GroupMetrics& g) { return g.users ? g.recall[qi] : 0.0; };
            if (first)
                std::printf("%4d %7ld %6ld %5d  ", d.day, d.clicks, d.eval_clicks, d.new_items);
            else
                std::printf("%4s %7s %6s %5s  ", "", "", "", "");
            std::printf("%-12s %8.4f %8.4f %9.4f %8.4f %7ld\n", to_string(p), rec(r.overall), rec(r.group(ItemGroup::Head)),
                        rec(r.group(ItemGroup::Tail)), rec(r.group(ItemGroup::Cold)), pd.update_steps);
            const size_t pi = static_cast<size_t>(p);
            sum[pi][0] += rec(r.overall);
            sum[pi][1] += rec(r.group(ItemGroup::Head));
            sum[pi][2] += rec(r.group(ItemGroup::Tail));
            sum[pi][3] += rec(r.group(ItemGroup::Cold));
            first = false;
        }
        std::printf("%4s %7s %6s %5s  %-12s [%6d] [%6d] [%7d] [%6d]\n", "", "", "", "", "(users)", ref.overall.users,
                    ref.group(ItemGroup::Head).users, ref.group(ItemGroup::Tail).users, ref.group(ItemGroup::Cold).users);
    }
    if (tl.days.empty()) return;
    const double n = static_cast<double>(tl.days.size());
    std::printf("\nmean over %zu days:\n", tl.days.size());
    for (UpdatePolicy p : all_update_policies()) {
        const size_t pi = static_cast<size_t>(p);
        std::printf("  %-12s overall %.4f  head %.4f  long-tail %.4f  cold %.4f\n", to_string(p), sum[pi][0] / n,
                    sum[pi][1] / n, sum[pi][2] / n, sum[pi][3] / n);
    }
    std::printf("(cold is averaged over all days; days without cold test clicks count 0)\n");
    std::printf("replay took %.1f s\n", tl.seconds);
}

nlohmann::json timeline_json(const UpdateTimeline& tl) {
    nlohmann::json j;
    j["warmup_days"] = tl.config.warmup_days;
    j["warmup_epochs"] = tl.config.warmup_epochs;
    j["slices_per_day"] = tl.config.slices_per_day;
    j["warmup_steps"] = tl.warmup_steps;
    j["num_days"] = tl.num_days;
    j["seconds"] = tl.seconds;
    for (const DayResult& d : tl.days) {
        nlohmann::json day{{"day", d.day}, {"start", d.start}, {"clicks", d.clicks}, {"eval_clicks", d.eval_clicks},
                           {"new_items", d.new_items}};
        for (UpdatePolicy p : all_update_policies())
            day["policies"][to_string(p)] = {{"update_steps", d.policy(p).update_steps},
                                              {"update_seconds", d.policy(p).update_seconds},
                                              {"eval", to_json(d.policy(p).report)}};
        j["days"].push_back(day);
    }
    return j;
}

void run_replay(const CLI::App& sub, ReplayOptions& o) {
    const TrainConfig config = resolve_config(sub, o.common);
    o.replay.ks = parse_ks(o.ks);
    o.replay.head_share = config.head_share;
    o.replay.threads = config.threads;
    if (!(o.period_hours > 0)) throw Error(ErrorContext{"", 0, "--period-hours"}, "must be positive");
    o.replay.period_seconds = static_cast<int64_t>(o.period_hours * 3600);
    o.replay.validate();
    auto data = std::make_shared<Dataset>(load_dataset(o.common.dataset, o.common.synthetic));
    if (!o.quiet)
        std::cerr << data->name << ": " << data->num_users() << " users, " << data->num_items() << " items, " << data->clicks.size()
                  << " clicks\n";
    auto progress = [&](const UpdateTimeline& tl) {
        if (!o.quiet) std::cerr << "update-replay: day " << tl.days.back().day << " of " << tl.num_days - 1 << " done\n";
    };
    const UpdateTimeline tl = replay_days(data, config, o.replay, progress);
    if (o.json) std::cout << timeline_json(tl).dump(2) << "\n";
    else print_timeline(tl, o.print_k);
}

}  // namespace

void register_update_replay_command(CLI::App& app) {
    auto o = std::make_shared<ReplayOptions>();
    CLI::App* sub = app.add_subcommand("update-replay",
                                       "day-by-day replay: no update vs full update vs incremental update, Recall@K per day");
    add_common_options(*sub, o->common);
    sub->add_option("--warmup-days", o->replay.warmup_days, "days the first model trains on");
    sub->add_option("--warmup-epochs", o->replay.warmup_epochs, "shuffled epochs over the warm-up days");
    sub->add_option("--slices", o->replay.slices_per_day, "incremental: evaluate-then-update time slices per day");
    sub->add_option("--eval-clicks", o->replay.eval_clicks_per_day, "clicks measured per day (seeded sample; 0 = all)");
    sub->add_option("--period-hours", o->period_hours, "length of a replay 'day' in hours (real data: e.g. 168 for weeks)");
    sub->add_option("--replay-seed", o->replay.seed, "seed of the replay's shuffles and samples");
    sub->add_option("--k", o->ks, "K values evaluated, e.g. 10,50,100");
    sub->add_option("--print-k", o->print_k, "K shown in the table");
    sub->add_flag("--json", o->json, "print the timeline as JSON");
    sub->add_flag("--quiet", o->quiet, "no progress output");
    sub->callback([sub, o] { run_replay(*sub, *o); });
}

}  // namespace towerlab::cli
