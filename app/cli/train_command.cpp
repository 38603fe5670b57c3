// `towerlab-cli train`: train on a dataset, evaluate every N steps, print a final table beside
// MostPop (or JSON with --json).
#include <cmath>
#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include "cli_options.h"
#include "commands.h"
#include "core/config_json.h"
#include "core/error.h"
#include "data/dataset_source.h"
#include "data/split.h"
#include "eval/eval_report_format.h"
#include "eval/oracle_ranking.h"
#include "progress_bar.h"
#include "train/trainer.h"
#include "train/training_budget.h"

namespace towerlab::cli {
namespace {

struct TrainOptions {
    CommonOptions common;
    long steps = 0;           // 0: not given
    double epochs = 0;        // 0: not given
    long eval_every = 0;
    EarlyStopping stopping;
    bool json = false;
    bool quiet = false;
    std::string json_out;
};

void run_train(const CLI::App& sub, TrainOptions& o) {
    TrainConfig config = resolve_config(sub, o.common);
    if (!o.json_out.empty()) check_writable(o.json_out, "--json-out");  // before the run, not after it
    const bool given_steps = sub.count("--steps") > 0, given_epochs = sub.count("--epochs") > 0;
    if (given_steps && given_epochs) throw Error(ErrorContext{"", 0, "--epochs"}, "give --steps or --epochs, not both");
    if (given_steps && o.steps < 1) throw Error(ErrorContext{"", 0, "--steps"}, "must be at least 1");
    if (o.eval_every < 0) throw Error(ErrorContext{"", 0, "--eval-every"}, "must be 0 (only at the end) or a number of steps");
    // No budget given: train until the validation recall stops improving (early stopping).
    const bool converge = !given_steps && !given_epochs;
    if (converge) o.stopping.validate();
    const auto [data, split] = load_data(o.common, config, !o.quiet, converge);
    Trainer trainer(data, split, config);
    EvalOptions eo;
    eo.ks = config.eval_k;
    eo.max_users = config.eval_users;
    eo.seed = config.seed;
    eo.threads = config.threads;

    nlohmann::json history = nlohmann::json::array();
    nlohmann::json budget;
    auto check_now = [&](long s, double loss, bool last) {
        if (o.eval_every <= 0 || s % o.eval_every != 0 || last) return;
        const EvalReport r = trainer.evaluate(eo);
        const int q = std::max(0, r.k_index(50));
        if (!o.quiet)
            std::fprintf(stderr, "\n  eval @%ld: R@%d %.4f (head %.4f, tail %.4f, cold %.4f)\n", s, r.ks[static_cast<size_t>(q)],
                         r.overall.recall[static_cast<size_t>(q)], r.group(ItemGroup::Head).recall[static_cast<size_t>(q)],
                         r.group(ItemGroup::Tail).recall[static_cast<size_t>(q)],
                         r.group(ItemGroup::Cold).recall[static_cast<size_t>(q)]);
        history.push_back({{"step", s}, {"loss", loss}, {"eval", to_json(r)}});
    };
    double smoothed = 0;
    if (converge) {
        const long epoch = steps_per_epoch(*split, config);
        const long cap = steps_for_epochs(*split, config, o.stopping.max_epochs, "--max-epochs");
        if (!o.quiet)
            std::fprintf(stderr, "training until validation Recall@%d stops improving (%zu validation users; a check every %ld steps = %s; patience %d checks; cap %ld steps = %g epochs)\n",
                         o.stopping.k, split->validation.size(), o.stopping.eval_every > 0 ? o.stopping.eval_every : epoch,
                         o.stopping.eval_every > 0 ? "fixed" : "one epoch", o.stopping.patience, cap, o.stopping.max_epochs);
        ProgressBar bar(cap, !o.quiet);
        const ConvergenceReport r = train_to_convergence(
            trainer, o.stopping,
            [&](const StepStats& st) {
                smoothed = st.step == 1 ? st.loss_total : 0.98 * smoothed + 0.02 * st.loss_total;
                bar.update(st.step, smoothed);
                check_now(st.step, st.loss_total, false);
                return true;
            },
            [&](const ValidationPoint& p) {
                if (!o.quiet) std::fprintf(stderr, "\n  validation @%ld (epoch %.1f): R@%d %.4f\n", p.step, p.epoch, o.stopping.k, p.recall);
            });
        bar.finish();
        const std::string summary = r.summary(o.stopping.patience, o.stopping.k);
        std::fprintf(stderr, "%s\n", summary.c_str());
        nlohmann::json curve = nlohmann::json::array();
        for (const ValidationPoint& p : r.curve) curve.push_back({{"step", p.step}, {"epoch", p.epoch}, {"recall", p.recall}});
        budget = {{"kind", "early_stopping"}, {"k", o.stopping.k}, {"patience", o.stopping.patience},
                  {"eval_every", r.eval_every}, {"max_steps", r.max_steps}, {"best_step", r.best_step},
                  {"best_epoch", r.best_epoch}, {"best_validation_recall", r.best_recall}, {"stopped_step", r.stopped_step},
                  {"reason", to_string(r.reason)},
                  {"summary", summary}, {"validation_curve", curve}};
        o.steps = r.stopped_step;
    } else {
        if (given_epochs) o.steps = steps_for_epochs(*split, config, o.epochs, "--epochs");
        budget = {{"kind", given_epochs ? "epochs" : "steps"}, {"steps", o.steps},
                  {"epochs", static_cast<double>(o.steps) / static_cast<double>(steps_per_epoch(*split, config))}};
        ProgressBar bar(o.steps, !o.quiet);
        for (long s = 1; s <= o.steps; ++s) {
            const StepStats st = trainer.step();
            smoothed = s == 1 ? st.loss_total : 0.98 * smoothed + 0.02 * st.loss_total;
            bar.update(s, smoothed);
            check_now(s, st.loss_total, s == o.steps);
        }
        bar.finish();
    }
    const EvalReport model = trainer.evaluate(eo);
    const EvalReport pop = evaluate_most_popular(*split, eo);
    std::vector<std::pair<std::string, EvalReport>> rows{{"two-tower", model}, {"MostPop", pop}};
    if (has_oracle(*data)) {
        rows.push_back({"oracle (ground truth)", evaluate_oracle(*data, *split, eo)});
        EvalOptions within = eo;
        within.within_target_group = true;
        rows.push_back({"oracle within group", evaluate_oracle(*data, *split, within)});
    }
    const IdRowMovement movement = trainer.id_row_movement();
    nlohmann::json out;
    out["dataset"] = data->name;
    out["steps"] = o.steps;
    out["budget"] = budget;
    out["config"] = to_json(config);
    out["model"] = to_json(model);
    out["most_popular"] = to_json(pop);
    if (rows.size() > 2) out["oracle"] = to_json(rows[2].second);
    if (rows.size() > 3) out["oracle_within_group"] = to_json(rows[3].second);
    if (movement.to_step > 0)
        out["id_row_movement"] = {{"from_step", movement.from_step},
                                  {"to_step", movement.to_step},
                                  {"head_per_1000_steps", movement.per_1000_steps(ItemGroup::Head)},
                                  {"tail_per_1000_steps", movement.per_1000_steps(ItemGroup::Tail)}};
    out["history"] = history;
    out["groups"] = {{"head_items", split->num_head}, {"tail_items", split->num_tail}, {"cold_items", split->num_cold}};
    if (o.json) {
        std::cout << out.dump(2) << "\n";
    } else {
        for (int k : eo.ks) {
            print_report_table(std::cout, rows, k);
            std::cout << "\n";
        }
        print_bucket_table(std::cout, rows, eo.ks[std::max(0, model.k_index(50))]);
        std::cout << "\n'oracle within group' ranks each test case among its target's group only: each group's ceiling.\n";
        if (movement.to_step > 0)
            std::printf("item ID rows moved, steps %ld-%ld, per 1000 steps: head %.4f, long-tail %.4f\n", movement.from_step,
                        movement.to_step, movement.per_1000_steps(ItemGroup::Head), movement.per_1000_steps(ItemGroup::Tail));
    }
    std::cout.flush();
    if (!o.json_out.empty()) write_json_file(o.json_out, out);  // the results are printed first
}

}  // namespace

void register_train_command(CLI::App& app) {
    auto o = std::make_shared<TrainOptions>();
    CLI::App* sub = app.add_subcommand("train", "train a two-tower model and evaluate it beside MostPop");
    add_common_options(*sub, o->common);
    sub->add_option("--steps", o->steps, "training steps (default: until validation recall stops improving)");
    sub->add_option("--epochs", o->epochs, "passes over the training clicks, e.g. 20 (instead of --steps)");
    sub->add_option("--patience", o->stopping.patience, "early stopping: validation checks without a new best before stopping");
    sub->add_option("--max-epochs", o->stopping.max_epochs, "early stopping: the cap, in epochs");
    sub->add_option("--validate-every", o->stopping.eval_every, "early stopping: steps between validation checks (0 = one epoch)");
    sub->add_option("--eval-every", o->eval_every, "evaluate every N steps (0 = only at the end)");
    sub->add_flag("--json", o->json, "print machine-readable results on stdout");
    sub->add_option("--json-out", o->json_out, "also write the JSON results to this file");
    sub->add_flag("--quiet", o->quiet, "no progress output");
    sub->callback([sub, o] { run_train(*sub, *o); });
}

}  // namespace towerlab::cli
