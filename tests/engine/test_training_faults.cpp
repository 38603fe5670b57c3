// Faults during training (issue 6): a NaN that reaches the parameters, an exception in the worker,
// closing mid-run, saving while training, and a disk that fills up during a save. Faults are
// injected through SessionOptions::before_step, which runs on the worker just before each step.
#include <catch2/catch.hpp>

#include <atomic>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <map>
#include <mutex>
#include <stdexcept>
#include <sys/resource.h>

#include "checkpoint/checkpoint.h"
#include "train/trainer.h"
#include "session/training_session.h"
#include "../session_fixtures.h"

using namespace towerlab;

namespace {

using test::loaded;
using test::tiny_setup;

SessionOptions quick_options() {
    SessionOptions o = test::quick_options();
    o.eval_every = 10;
    o.eval_users = 100;
    o.geometry_items = 30;
    return o;
}

const double kWait = 60;
bool idle_at(const SessionView& v, long n) { return v.snapshot && v.snapshot->step == n && !v.snapshot->running; }
bool all_finite(const std::vector<float>& p) {
    for (float x : p)
        if (!std::isfinite(x)) return false;
    return true;
}
std::string temp_path(const std::string& name) {
    return (std::filesystem::temp_directory_path() / ("towerlab_faults_" + name)).string();
}

}  // namespace

TEST_CASE("a NaN that reaches the parameters stops training, names the loss and restores the last good step",
          "[faults][session]") {
    SessionOptions o = quick_options();
    o.last_good_interval_s = 0;  // keep every step, so the last good one is exactly the one before the fault
    std::atomic<bool> poisoned{false}, finite_after{false};
    std::atomic<long> checked_at{-1};
    o.before_step = [&](Trainer& t) {
        if (t.steps_done() == 25 && !poisoned) {
            std::vector<float> p = t.parameters();
            for (size_t i = 0; i < p.size(); i += 7) p[i] = std::numeric_limits<float>::quiet_NaN();
            t.set_parameters(p);
            poisoned = true;
        } else if (poisoned) {
            finite_after = all_finite(t.parameters());
            checked_at = t.steps_done();
        }
    };
    TrainingSession session(o);
    session.load(tiny_setup());
    REQUIRE(loaded(session.wait_until(loaded, kWait)));
    const long serial = session.view().error_serial;
    session.start();
    SessionView v = session.wait_until([&](const SessionView& x) { return x.error_serial > serial; }, kWait);
    REQUIRE(v.error_serial > serial);
    CHECK(v.error_source == "training");
    CHECK_THAT(v.error, Catch::Contains("L_main"));
    CHECK_THAT(v.error, Catch::Contains("from step 25"));
    v = session.wait_until([](const SessionView& x) { return idle_at(x, 25); }, kWait);
    REQUIRE(idle_at(v, 25));  // paused, at the last good step
    for (const LossPoint& p : v.snapshot->losses) {
        CHECK(p.step <= 25);
        CHECK(std::isfinite(p.main));
    }
    // Training goes on from the restored parameters, and they are finite.
    session.run_steps(3);
    v = session.wait_until([](const SessionView& x) { return idle_at(x, 28); }, kWait);
    CHECK(idle_at(v, 28));
    CHECK(checked_at >= 25);
    CHECK(finite_after);
}

TEST_CASE("an exception in the worker reaches the front end as a message and the session keeps working",
          "[faults][session]") {
    SessionOptions o = quick_options();
    std::atomic<bool> thrown{false};
    o.before_step = [&](Trainer& t) {
        if (t.steps_done() == 12 && !thrown) {
            thrown = true;
            throw std::runtime_error("injected worker failure");
        }
    };
    TrainingSession session(o);
    session.load(tiny_setup());
    REQUIRE(loaded(session.wait_until(loaded, kWait)));
    const long serial = session.view().error_serial;
    session.start();
    SessionView v = session.wait_until([&](const SessionView& x) { return x.error_serial > serial; }, kWait);
    CHECK(v.error_source == "training");
    CHECK_THAT(v.error, Catch::Contains("injected worker failure"));
    v = session.wait_until([](const SessionView& x) { return idle_at(x, 12); }, kWait);
    CHECK(idle_at(v, 12));  // nothing lost: the 12 steps before the fault stand
    session.run_steps(4);
    v = session.wait_until([](const SessionView& x) { return idle_at(x, 16); }, kWait);
    CHECK(idle_at(v, 16));
}

TEST_CASE("closing a session in the middle of training stops the worker cleanly", "[faults][session]") {
    std::atomic<long> steps{0};
    {
        SessionOptions o = quick_options();
        o.before_step = [&](Trainer&) { ++steps; };
        TrainingSession session(o);
        session.load(tiny_setup());
        REQUIRE(loaded(session.wait_until(loaded, kWait)));
        session.start();
        session.wait_until([](const SessionView& x) { return x.snapshot && x.snapshot->step >= 5; }, kWait);
        // Destroyed here while running: the destructor must cancel and join, not hang or crash.
    }
    const long at_close = steps;
    CHECK(at_close >= 5);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    CHECK(steps == at_close);  // the worker is gone: nothing steps after the session is closed
}

TEST_CASE("a checkpoint saved while training holds one step's parameters, not a torn mix", "[faults][checkpoint]") {
    SessionOptions o = quick_options();
    std::mutex m;
    std::map<long, std::vector<float>> params_at;  // parameters as they were after each step
    o.before_step = [&](Trainer& t) {
        std::lock_guard<std::mutex> lk(m);
        params_at[t.steps_done()] = t.parameters();
    };
    TrainingSession session(o);
    session.load(tiny_setup());
    REQUIRE(loaded(session.wait_until(loaded, kWait)));
    const std::string path = temp_path("while_training.tlck");
    session.start();
    session.wait_until([](const SessionView& x) { return x.snapshot && x.snapshot->step >= 8; }, kWait);
    const long notices = session.view().notice_serial;
    session.save_checkpoint(path, nlohmann::json::object());
    SessionView v = session.wait_until([&](const SessionView& x) { return x.notice_serial > notices; }, kWait);
    REQUIRE(v.notice_serial > notices);
    session.pause();
    v = session.wait_until([](const SessionView& x) { return x.snapshot && !x.snapshot->running; }, kWait);

    const Checkpoint c = load_checkpoint(path);
    const long saved = static_cast<long>(c.state.step);
    CHECK(saved >= 8);
    const auto resumed = resume_trainer(v.data->dataset, v.data->split, c, 1);
    std::lock_guard<std::mutex> lk(m);
    REQUIRE(params_at.count(saved));  // the step after it ran, so its parameters were recorded
    CHECK(resumed->parameters() == params_at[saved]);
    std::remove(path.c_str());
}

TEST_CASE("a disk that fills up during a save leaves the previous checkpoint intact", "[faults][checkpoint]") {
    TrainingSession session(quick_options());
    session.load(tiny_setup());
    REQUIRE(loaded(session.wait_until(loaded, kWait)));
    session.run_steps(10);
    REQUIRE(idle_at(session.wait_until([](const SessionView& x) { return idle_at(x, 10); }, kWait), 10));
    const std::string path = temp_path("disk_full.tlck");
    long notices = session.view().notice_serial;
    session.save_checkpoint(path, nlohmann::json::object());
    session.wait_until([&](const SessionView& x) { return x.notice_serial > notices; }, kWait);
    REQUIRE(load_checkpoint(path).state.step == 10);

    session.run_steps(5);
    REQUIRE(idle_at(session.wait_until([](const SessionView& x) { return idle_at(x, 15); }, kWait), 15));
    // A file size limit makes write() fail part-way with EFBIG, as a full disk fails it with ENOSPC.
    rlimit old{};
    REQUIRE(getrlimit(RLIMIT_FSIZE, &old) == 0);
    const auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
    rlimit small = old;
    small.rlim_cur = 4096;
    REQUIRE(setrlimit(RLIMIT_FSIZE, &small) == 0);
    const long serial = session.view().error_serial;
    session.save_checkpoint(path, nlohmann::json::object());
    const SessionView v = session.wait_until([&](const SessionView& x) { return x.error_serial > serial; }, kWait);
    setrlimit(RLIMIT_FSIZE, &old);
    std::signal(SIGXFSZ, old_handler);
    CHECK(v.error_source == "checkpoint");
    CHECK_THAT(v.error, Catch::Contains(path));
    CHECK(load_checkpoint(path).state.step == 10);  // the previous checkpoint, whole
    CHECK(idle_at(v, 15));                          // and the run itself untouched
    std::remove(path.c_str());
}
