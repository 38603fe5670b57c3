// How long to train: a fixed number of steps, a number of epochs, or until the validation
// Recall@K stops improving (early stopping). The budget must follow the data: a fixed 2000 steps
// is two epochs of ML-1M and twenty of a small dataset.
//
// Early stopping (train_to_convergence) watches each user's validation click (the previous
// positive before the test click, Split::validation, made with SplitConfig::validation): every
// `eval_every` steps it ranks the validation targets; a check that beats the best so far becomes
// the best and its parameters are kept; after `patience` checks without a new best, or at the cap,
// training stops and the best check's parameters are put back. The test click is never looked at.
// The optimiser's moments and the step counter stay those of the last step (they do not affect
// scoring).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "eval/retrieval_metrics.h"
#include "train/trainer.h"

namespace towerlab {

// Steps in one pass over the training clicks: ceil(train clicks / batch size).
long steps_per_epoch(const Split& split, const TrainConfig& config);
// Steps for `epochs` passes (at least 1). Throws Error naming `field` for epochs <= 0 or too many.
long steps_for_epochs(const Split& split, const TrainConfig& config, double epochs, const std::string& field);

struct EarlyStopping {
    long eval_every = 0;      // steps between validation checks; 0 = one epoch
    int patience = 3;         // checks without a new best before stopping
    double max_epochs = 50;   // the cap, in epochs
    int k = 50;               // Recall@k on the validation targets
    int eval_users = 0;       // a seeded sample of validation users (0 = all)

    void validate() const;    // throws Error naming the field
};

struct ValidationPoint {
    long step = 0;
    double epoch = 0;
    double recall = 0;        // validation Recall@k
};

struct ConvergenceReport {
    enum class Reason { NoImprovement, Cap, Cancelled };
    std::vector<ValidationPoint> curve;
    long best_step = 0;
    double best_epoch = 0;
    double best_recall = 0;
    long stopped_step = 0;
    long max_steps = 0;
    long eval_every = 0;
    Reason reason = Reason::Cap;
    // One sentence: where it stopped, why, and which step's parameters are kept.
    std::string summary(int patience, int k) const;
};

// One early-stopping run, driven by a loop that owns the stepping (train_to_convergence below, the
// app's training worker, which must also handle intents between steps). Call after_step() after
// every training step and finish() once: the trainer is passed each time, never kept.
class EarlyStoppingRun {
public:
    // Throws Error for bad options or a split without validation targets.
    EarlyStoppingRun(const Trainer& trainer, const EarlyStopping& options);

    // Runs a validation check when one is due (every eval_every steps since the start, and at the
    // cap); keeps the parameters of a new best. Returns true when training should stop: `patience`
    // checks without a new best, or the cap reached.
    bool after_step(const Trainer& trainer);
    // Whether the last after_step() ran a check (its point is report().curve.back()).
    bool checked() const { return checked_; }
    // Ends the run: puts the best check's parameters back (the start's when no check ran) and
    // returns the report; `cancelled` when the caller stopped before after_step() said so.
    ConvergenceReport finish(Trainer& trainer, bool cancelled);

    const ConvergenceReport& report() const { return report_; }
    const EarlyStopping& options() const { return options_; }

private:
    EarlyStopping options_;
    EvalOptions eval_;
    ConvergenceReport report_;
    std::vector<float> best_;
    long start_ = 0, epoch_steps_ = 1;
    int since_best_ = 0;
    bool checked_ = false, stop_ = false;
};

// "no_improvement", "cap" or "cancelled": the reason as reports write it.
const char* to_string(ConvergenceReport::Reason reason);

// Trains until validation Recall@k has not improved for `patience` checks or the cap is reached,
// then restores the best check's parameters. on_step sees every step (return false to cancel);
// on_check sees every validation point. Throws Error when the split has no validation targets.
ConvergenceReport train_to_convergence(Trainer& trainer, const EarlyStopping& options,
                                       const std::function<bool(const StepStats&)>& on_step = {},
                                       const std::function<void(const ValidationPoint&)>& on_check = {});

}  // namespace towerlab
