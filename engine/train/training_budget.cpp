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

ConvergenceReport train_to_convergence(Trainer& trainer, const EarlyStopping& options,
                                       const std::function<bool(const StepStats&)>& on_step,
                                       const std::function<void(const ValidationPoint&)>& on_check) {
    options.validate();
    const Split& split = trainer.split();
    if (split.validation.empty())
        throw Error(ErrorContext{"", 0, "validation"},
                    "the split holds no validation clicks: early stopping needs SplitConfig::validation and users "
                    "with at least three positives");
    const long epoch = steps_per_epoch(split, trainer.config());
    ConvergenceReport r;
    r.eval_every = options.eval_every > 0 ? options.eval_every : epoch;
    r.max_steps = steps_for_epochs(split, trainer.config(), options.max_epochs, "max_epochs");
    EvalOptions eo;
    eo.ks = {options.k};
    eo.target = EvalTarget::Validation;
    eo.max_users = options.eval_users;
    eo.seed = trainer.config().seed;
    eo.threads = trainer.config().threads;

    std::vector<float> best = trainer.parameters();
    r.best_recall = -1;
    int since_best = 0;
    const long start = trainer.steps_done();
    r.reason = ConvergenceReport::Reason::Cap;
    for (long s = 1; s <= r.max_steps; ++s) {
        const StepStats st = trainer.step();
        r.stopped_step = start + s;
        if (on_step && !on_step(st)) {
            r.reason = ConvergenceReport::Reason::Cancelled;
            break;
        }
        if (s % r.eval_every != 0 && s != r.max_steps) continue;
        ValidationPoint p;
        p.step = start + s;
        p.epoch = static_cast<double>(s) / static_cast<double>(epoch);
        p.recall = trainer.evaluate(eo).overall.recall[0];
        r.curve.push_back(p);
        if (on_check) on_check(p);
        if (p.recall > r.best_recall) {
            r.best_recall = p.recall;
            r.best_step = p.step;
            r.best_epoch = p.epoch;
            best = trainer.parameters();
            since_best = 0;
        } else if (++since_best >= options.patience) {
            r.reason = ConvergenceReport::Reason::NoImprovement;
            break;
        }
    }
    if (r.best_recall < 0) r.best_recall = 0;  // cancelled before the first check: the start's parameters
    trainer.set_parameters(best);
    return r;
}

}  // namespace towerlab
