// "Train to convergence" in the session (issue 16): the worker runs the same early-stopping rule as
// the CLI (train/training_budget.h) between its intents, publishes the validation curve as it
// grows, and pauses with the best check's parameters put back. Where it stops is the data's
// business; these tests check that the session's run is the engine's run, step for step.
#include <catch2/catch.hpp>

#include <algorithm>

#include "data/data_setup.h"
#include "session/training_session.h"
#include "train/training_budget.h"
#include "../session_fixtures.h"

using namespace towerlab;

namespace {

using test::loaded;

SessionOptions quick_options() {
    SessionOptions o = test::quick_options();
    o.eval_every = 25;
    return o;
}

SessionSetup validation_setup() {
    SessionSetup s = test::tiny_setup();
    s.validation = true;
    return s;
}

EarlyStopping quick_stopping() {
    EarlyStopping e;
    e.eval_every = 15;
    e.patience = 2;
    e.max_epochs = 8;
    e.k = 10;
    return e;
}

const double kWait = 120;

bool converged(const SessionView& v) {
    const TrainingSnapshot* s = v.snapshot.get();
    return s && s->convergence && !s->convergence->active && !s->running && s->projection &&
           s->projection->step == s->step && !s->metrics.empty() && s->metrics.back().step == s->step;
}

}  // namespace

TEST_CASE("the session trains to convergence exactly as train_to_convergence does, then pauses on the best check",
          "[session][budget]") {
    TrainingSession session(quick_options());
    session.load(validation_setup());
    SessionView v = session.wait_until(loaded, kWait);
    REQUIRE(loaded(v));
    REQUIRE_FALSE(v.data->split->validation.empty());
    const EarlyStopping e = quick_stopping();
    session.train_to_convergence(e);
    v = session.wait_until(converged, kWait);
    REQUIRE(converged(v));
    const TrainingSnapshot& s = *v.snapshot;
    const ConvergenceProgress& c = *s.convergence;

    // The same data, config and rule outside the session.
    const RunData run = load_run_data(validation_setup(), validation_setup().config);
    Trainer reference(run.dataset, run.split, validation_setup().config);
    const ConvergenceReport r = train_to_convergence(reference, e);

    REQUIRE(c.report.curve.size() == r.curve.size());
    for (size_t i = 0; i < r.curve.size(); ++i) {
        CHECK(c.report.curve[i].step == r.curve[i].step);
        CHECK(c.report.curve[i].recall == r.curve[i].recall);
    }
    CHECK(c.report.best_step == r.best_step);
    CHECK(c.report.reason == r.reason);
    CHECK(c.report.stopped_step == r.stopped_step);
    CHECK(s.step == r.stopped_step);
    CHECK(c.restored_at_step == s.step);
    CHECK(c.summary == r.summary(e.patience, e.k));
    CHECK(v.notice == c.summary);
    // The session's trainer holds the best check's parameters: its item vectors are the reference's.
    REQUIRE(s.item_vectors);
    const Eigen::MatrixXf expected = reference.item_embeddings();
    REQUIRE(s.item_vectors->rows() == expected.rows());
    CHECK((*s.item_vectors - expected).cwiseAbs().maxCoeff() < 1e-6f);
    // The test metrics at this step were recomputed from the restored parameters.
    EvalOptions eo;
    eo.ks = s.config.eval_k;
    eo.max_users = quick_options().eval_users;
    eo.seed = s.config.seed;
    eo.threads = s.config.threads;
    CHECK(s.metrics.back().report.overall.recall == reference.evaluate(eo).overall.recall);
    CHECK(std::count_if(s.metrics.begin(), s.metrics.end(), [&](const MetricsPoint& p) { return p.step == s.step; }) == 1);
}

TEST_CASE("a pause ends a convergence run early and keeps its best check so far", "[session][budget]") {
    TrainingSession session(quick_options());
    session.load(validation_setup());
    REQUIRE(loaded(session.wait_until(loaded, kWait)));
    EarlyStopping e = quick_stopping();
    e.eval_every = 5;
    e.patience = 1000;  // it never stops by itself within the test
    e.max_epochs = 1000;
    session.train_to_convergence(e);
    SessionView v = session.wait_until(
        [](const SessionView& x) { return x.snapshot && x.snapshot->convergence && x.snapshot->convergence->report.curve.size() >= 3; },
        kWait);
    REQUIRE(v.snapshot->convergence->active);
    CHECK(v.snapshot->running);
    session.pause();
    v = session.wait_until(converged, kWait);
    REQUIRE(converged(v));
    const ConvergenceProgress& c = *v.snapshot->convergence;
    CHECK(c.report.reason == ConvergenceReport::Reason::Cancelled);
    CHECK_THAT(c.summary, Catch::StartsWith("cancelled at step " + std::to_string(v.snapshot->step)));
    CHECK_THAT(c.summary, Catch::Contains("kept step " + std::to_string(c.report.best_step)));
    // A later start trains on from there; the finished run's curve stays until the next reset.
    const long restored_at = c.restored_at_step;
    session.run_steps(3);
    v = session.wait_until(
        [&](const SessionView& x) { return x.snapshot && x.snapshot->step == restored_at + 3 && !x.snapshot->running; }, kWait);
    CHECK(v.snapshot->step == restored_at + 3);
    REQUIRE(v.snapshot->convergence);
    CHECK_FALSE(v.snapshot->convergence->active);
}

TEST_CASE("training to convergence without validation clicks is refused with the setting to change", "[session][budget]") {
    TrainingSession session(quick_options());
    session.load(test::tiny_setup());  // validation off
    SessionView v = session.wait_until(loaded, kWait);
    REQUIRE(loaded(v));
    REQUIRE(v.data->split->validation.empty());
    const long serial = v.error_serial;
    session.train_to_convergence(quick_stopping());
    v = session.wait_until([serial](const SessionView& x) { return x.error_serial > serial; }, kWait);
    CHECK(v.error_source == "convergence");
    CHECK_THAT(v.error, Catch::Contains("validation"));
    CHECK_FALSE(v.snapshot->running);
    CHECK_FALSE(v.snapshot->convergence);

    EarlyStopping bad = quick_stopping();
    bad.patience = 0;
    SessionSetup with_validation = validation_setup();
    session.load(with_validation);
    v = session.wait_until([](const SessionView& x) { return loaded(x) && x.data->generation == 2; }, kWait);
    REQUIRE(v.data->generation == 2);
    const long serial2 = v.error_serial;
    session.train_to_convergence(bad);
    v = session.wait_until([serial2](const SessionView& x) { return x.error_serial > serial2; }, kWait);
    CHECK(v.error_source == "convergence");
    CHECK_THAT(v.error, Catch::Contains("patience"));
}
