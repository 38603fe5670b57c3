#include "train/training_budget.h"

#include <cmath>
#include <cstdio>

#include "core/error.h"

namespace towerlab {

long steps_per_epoch(const Split& split, const TrainConfig& config) {
    const long clicks = static_cast<long>(split.train.size());
    const long batch = std::max(1, config.batch_size);
    return std::max(1L, (clicks + batch - 1) / batch);
}

long steps_for_epochs(const Split& split, const TrainConfig& config, double epochs, const std::string& field) {
    if (!(std::isfinite(epochs) && epochs > 0))
        throw Error(ErrorContext{"", 0, field}, "must be a number of passes over the training clicks above 0");
    const double steps = std::ceil(epochs * static_cast<double>(steps_per_epoch(split, config)));
    if (steps > 1e9) throw Error(ErrorContext{"", 0, field}, "asks for more than 10^9 steps");
    return std::max(1L, static_cast<long>(steps));
}

void EarlyStopping::validate() const {
    if (eval_every < 0) throw Error(ErrorContext{"", 0, "eval_every"}, "must be 0 (one epoch) or a number of steps");
    if (patience < 1) throw Error(ErrorContext{"", 0, "patience"}, "must be at least 1 check");
    if (!(std::isfinite(max_epochs) && max_epochs > 0))
        throw Error(ErrorContext{"", 0, "max_epochs"}, "must be a number of epochs above 0");
    if (k < 1) throw Error(ErrorContext{"", 0, "k"}, "must be at least 1");
    if (eval_users < 0) throw Error(ErrorContext{"", 0, "eval_users"}, "must be 0 (all) or a number of users");
}

const char* to_string(ConvergenceReport::Reason reason) {
    switch (reason) {
        case ConvergenceReport::Reason::NoImprovement: return "no_improvement";
        case ConvergenceReport::Reason::Cap: return "cap";
        case ConvergenceReport::Reason::Cancelled: return "cancelled";
    }
    return "?";
}

std::string ConvergenceReport::summary(int patience, int k) const {
    char buf[320];
    switch (reason) {
        case Reason::NoImprovement:
            std::snprintf(buf, sizeof buf,
                          "stopped at step %ld: validation Recall@%d did not improve in %d checks; kept step %ld "
                          "(epoch %.1f, validation Recall@%d %.4f)",
                          stopped_step, k, patience, best_step, best_epoch, k, best_recall);
            break;
        case Reason::Cap:
            std::snprintf(buf, sizeof buf,
                          "stopped at the cap of %ld steps, still improving; kept step %ld (epoch %.1f, validation "
                          "Recall@%d %.4f)",
                          max_steps, best_step, best_epoch, k, best_recall);
            break;
        case Reason::Cancelled:
            std::snprintf(buf, sizeof buf, "cancelled at step %ld; kept step %ld (validation Recall@%d %.4f)", stopped_step,
                          best_step, k, best_recall);
            break;
    }
    return buf;
}

EarlyStoppingRun::EarlyStoppingRun(const Trainer& trainer, const EarlyStopping& options) : options_(options) {
    options_.validate();
    const Split& split = trainer.split();
    if (split.validation.empty())
        throw Error(ErrorContext{"", 0, "validation"},
                    "the split holds no validation clicks: early stopping needs SplitConfig::validation and users "
                    "with at least three positives");
    epoch_steps_ = steps_per_epoch(split, trainer.config());
    report_.eval_every = options_.eval_every > 0 ? options_.eval_every : epoch_steps_;
    report_.max_steps = steps_for_epochs(split, trainer.config(), options_.max_epochs, "max_epochs");
    report_.best_recall = -1;
    report_.reason = ConvergenceReport::Reason::Cap;
    eval_.ks = {options_.k};
    eval_.target = EvalTarget::Validation;
    eval_.max_users = options_.eval_users;
    eval_.seed = trainer.config().seed;
    eval_.threads = trainer.config().threads;
    start_ = trainer.steps_done();
    report_.stopped_step = start_;
    best_ = trainer.parameters();
}

bool EarlyStoppingRun::after_step(const Trainer& trainer) {
    checked_ = false;
    if (stop_) return true;
    const long s = trainer.steps_done() - start_;
    report_.stopped_step = trainer.steps_done();
    if (s % report_.eval_every != 0 && s < report_.max_steps) return false;
    ValidationPoint p;
    p.step = trainer.steps_done();
    p.epoch = static_cast<double>(s) / static_cast<double>(epoch_steps_);
    p.recall = trainer.evaluate(eval_).overall.recall[0];
    report_.curve.push_back(p);
    checked_ = true;
    if (p.recall > report_.best_recall) {
        report_.best_recall = p.recall;
        report_.best_step = p.step;
        report_.best_epoch = p.epoch;
        best_ = trainer.parameters();
        since_best_ = 0;
    } else if (++since_best_ >= options_.patience) {
        report_.reason = ConvergenceReport::Reason::NoImprovement;
        stop_ = true;
    }
    if (s >= report_.max_steps) stop_ = true;  // Reason stays Cap unless patience ran out at the same check
    return stop_;
}

ConvergenceReport EarlyStoppingRun::finish(Trainer& trainer, bool cancelled) {
    if (cancelled && !stop_) report_.reason = ConvergenceReport::Reason::Cancelled;
    if (report_.best_recall < 0) {  // no check ran: the start's parameters
        report_.best_recall = 0;
        report_.best_step = start_;
    }
    trainer.set_parameters(best_);
    stop_ = true;
    return report_;
}

ConvergenceReport train_to_convergence(Trainer& trainer, const EarlyStopping& options,
                                       const std::function<bool(const StepStats&)>& on_step,
                                       const std::function<void(const ValidationPoint&)>& on_check) {
    EarlyStoppingRun run(trainer, options);
    for (;;) {
        const StepStats st = trainer.step();
        if (on_step && !on_step(st)) return run.finish(trainer, true);
        const bool stop = run.after_step(trainer);
        if (run.checked() && on_check) on_check(run.report().curve.back());
        if (stop) return run.finish(trainer, false);
    }
}

}  // namespace towerlab
