// The small session every session test starts from: 600 users, 300 items, 9000 clicks, a narrow
// model on one thread, so a test trains dozens of steps in milliseconds; options that publish and
// evaluate often; and the states a test waits for.
#pragma once

#include "session/training_session.h"

namespace towerlab::test {

// An evaluation every 20 steps on 200 users, a projection every 20 ms with the geometry of 50
// items, a snapshot every 10 ms: a test sees every kind of snapshot within a few dozen steps.
inline SessionOptions quick_options() {
    SessionOptions o;
    o.eval_every = 20;
    o.eval_users = 200;
    o.projection_interval_s = 0.02;
    o.publish_interval_s = 0.01;
    o.geometry_items = 50;
    // Tasks at the window's priority: under ctest -j2 a niced task would wait behind the other
    // test's threads, and the tests wait for tasks (the app's default is to yield, task_nice 10).
    o.task_nice = 0;
    return o;
}

// The data is loaded and the first snapshot published.
inline bool loaded(const SessionView& v) { return v.snapshot && v.data && !v.loading; }

// Everything published matches step `n` and the worker is idle.
inline bool settled_at(const SessionView& v, long n) {
    const TrainingSnapshot* s = v.snapshot.get();
    return s && s->step == n && !s->running && s->projection && s->projection->step == n && !s->metrics.empty() &&
           s->metrics.back().step == n;
}

inline SessionSetup tiny_setup() {
    SessionSetup s;
    s.synthetic.num_users = 600;
    s.synthetic.num_items = 300;
    s.synthetic.num_clicks = 9000;
    s.synthetic.num_topics = 6;
    s.config.batch_size = 64;
    s.config.ssl_batch_size = 64;
    s.config.model.hidden_widths = {32};
    s.config.model.output_dim = 16;
    s.config.threads = 1;
    return s;
}

}  // namespace towerlab::test
