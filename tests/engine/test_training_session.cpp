// The training worker the app drives: intents in, immutable snapshots out. Snapshots appear as it
// trains; pause, step, reset and load work while a run is going; failures are reported and keep
// what was there; published values never change after publication.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "session/training_session.h"
#include "../session_fixtures.h"

using namespace towerlab;

namespace {

using test::loaded;
using test::quick_options;
using test::settled_at;
using test::tiny_setup;

const double kWait = 60;

// The map tests' session: small layouts, each started as soon as the last is done.
SessionOptions map_options() {
    SessionOptions o = quick_options();
    o.layout.neighbours = 10;
    o.layout.refresh_epochs = 5;
    o.layout_interval_s = 0.01;
    return o;
}

// The run settled at step n with the `subject` map laid out by `m` at that step, and no layout
// under way.
auto laid_out_at(long n, MapSubject subject, LayoutMethod m) {
    return [n, subject, m](const SessionView& v) {
        return settled_at(v, n) && v.layout && v.layout->subject == subject && v.layout->method == m &&
               v.layout->step == n && v.layout->run == v.run && !v.layout_task.running;
    };
}

}  // namespace

TEST_CASE("a loaded session publishes snapshots as it trains", "[session]") {
    TrainingSession session(quick_options());
    CHECK_FALSE(session.view().snapshot);
    session.load(tiny_setup());
    SessionView v = session.wait_until(loaded, kWait);
    REQUIRE(loaded(v));
    CHECK(v.data->generation == 1);
    CHECK(v.data->dataset->num_items() == 300);
    CHECK(v.data->setup.synthetic.num_items == 300);
    CHECK(v.data->mi->num_fields() == v.data->dataset->items.num_fields());
    CHECK(v.snapshot->step == 0);

    session.run_steps(50);
    v = session.wait_until([](const SessionView& x) { return settled_at(x, 50); }, kWait);
    REQUIRE(settled_at(v, 50));
    const TrainingSnapshot& s = *v.snapshot;
    REQUIRE(s.losses.size() == 50);
    for (size_t i = 0; i < s.losses.size(); ++i) {
        CHECK(s.losses[i].step == static_cast<long>(i) + 1);
        CHECK(std::isfinite(s.losses[i].total));
    }
    // Evaluations of the untrained model, every 20 steps, and when it stopped: 0, 20, 40, 50.
    REQUIRE(s.metrics.size() == 4);
    CHECK(s.metrics[0].step == 0);
    CHECK(s.metrics[1].step == 20);
    CHECK(s.metrics.back().step == 50);
    CHECK(s.metrics.back().report.overall.users == 200);
    // The projection covers the catalogue, every group, and the direction densities integrate to 1.
    const ProjectedItems& p = *s.projection;
    CHECK(p.items.size() == 300);
    CHECK(p.xy.size() == 600);
    for (int g = 0; g < 3; ++g) {
        const std::vector<float>& d = p.angle_density[static_cast<size_t>(g)];
        REQUIRE(d.size() == static_cast<size_t>(ProjectedItems::kAngleBins));
        const double integral = std::accumulate(d.begin(), d.end(), 0.0) * 2 * M_PI / ProjectedItems::kAngleBins;
        CHECK(integral == Approx(1.0).epsilon(1e-3));
    }
    REQUIRE_FALSE(s.geometry.empty());
    CHECK(s.geometry.back().step == 50);
    CHECK(s.geometry.back().head_uniformity < 0);  // log of a mean of exp(-...) < 1
}

TEST_CASE("pause stops a running session and step trains exactly one more", "[session]") {
    TrainingSession session(quick_options());
    session.load(tiny_setup());
    REQUIRE(loaded(session.wait_until(loaded, kWait)));
    session.start();
    SessionView v = session.wait_until([](const SessionView& x) { return x.snapshot && x.snapshot->step >= 30; }, kWait);
    REQUIRE(v.snapshot->step >= 30);
    CHECK(v.snapshot->running);
    session.pause();
    v = session.wait_until([](const SessionView& x) { return x.snapshot && !x.snapshot->running; }, kWait);
    REQUIRE_FALSE(v.snapshot->running);
    const long paused_at = v.snapshot->step;
    v = session.wait_until([paused_at](const SessionView& x) { return settled_at(x, paused_at); }, kWait);
    REQUIRE(settled_at(v, paused_at));
    CHECK(session.view().snapshot->step == paused_at);  // nothing trains while paused

    session.step_once();
    v = session.wait_until([paused_at](const SessionView& x) { return settled_at(x, paused_at + 1); }, kWait);
    CHECK(settled_at(v, paused_at + 1));
    CHECK(v.snapshot->losses.size() == static_cast<size_t>(paused_at + 1));
}

TEST_CASE("a reset while training starts a new run with a fresh history", "[session]") {
    TrainingSession session(quick_options());
    session.load(tiny_setup());
    REQUIRE(loaded(session.wait_until(loaded, kWait)));
    session.start();
    SessionView v = session.wait_until([](const SessionView& x) { return x.snapshot && x.snapshot->step >= 20; }, kWait);
    const long run = v.run;
    const std::shared_ptr<const TrainingSnapshot> old = v.snapshot;
    const size_t old_losses = old->losses.size();

    TrainConfig c = tiny_setup().config;
    c.tau = 0.3;
    session.reset(c);  // while it trains
    v = session.wait_until([run](const SessionView& x) { return x.run == run + 1 && x.snapshot && !x.snapshot->running; }, kWait);
    REQUIRE(v.run == run + 1);
    CHECK(v.snapshot->config.tau == 0.3);
    CHECK(v.snapshot->step < 5);  // a new trainer, paused after the reset
    CHECK_FALSE(v.snapshot->running);
    CHECK(old->losses.size() == old_losses);  // a published snapshot never changes
    CHECK(v.error.empty());
}

TEST_CASE("a bad reset or a failed load reports the error and keeps the current run", "[session]") {
    TrainingSession session(quick_options());
    session.load(tiny_setup());
    REQUIRE(loaded(session.wait_until(loaded, kWait)));
    session.run_steps(10);
    SessionView v = session.wait_until([](const SessionView& x) { return settled_at(x, 10); }, kWait);
    const long run = v.run, serial = v.error_serial;

    TrainConfig bad = tiny_setup().config;
    bad.tau = -1;
    session.reset(bad);
    v = session.wait_until([serial](const SessionView& x) { return x.error_serial > serial; }, kWait);
    CHECK(v.error_source == "reset");
    CHECK(v.error.find("tau") != std::string::npos);
    CHECK(v.run == run);
    CHECK(v.snapshot->step == 10);

    SessionSetup missing = tiny_setup();
    missing.dataset = "csv:/nonexistent/folder";
    session.load(missing);
    v = session.wait_until([serial](const SessionView& x) { return x.error_serial > serial + 1 && !x.loading; }, kWait);
    CHECK(v.error_source == "load");
    CHECK_FALSE(v.error.empty());
    CHECK(v.data->generation == 1);
    CHECK(v.run == run);
    CHECK(v.snapshot->step == 10);

    // The session still trains afterwards.
    session.run_steps(5);
    v = session.wait_until([](const SessionView& x) { return settled_at(x, 15); }, kWait);
    CHECK(settled_at(v, 15));
}

TEST_CASE("inspections follow the selected item and user", "[session]") {
    TrainingSession session(quick_options());
    session.load(tiny_setup());
    REQUIRE(loaded(session.wait_until(loaded, kWait)));
    session.run_steps(30);
    REQUIRE(settled_at(session.wait_until([](const SessionView& x) { return settled_at(x, 30); }, kWait), 30));
    session.inspect_item(4);
    session.inspect_user(2);
    SessionView v = session.wait_until([](const SessionView& x) { return x.item && x.user; }, kWait);
    REQUIRE(v.item);
    CHECK(v.item->item == 4);
    CHECK(v.item->step == 30);
    CHECK(v.item->neighbours.size() == 10);
    for (size_t i = 0; i < v.item->neighbours.size(); ++i) {
        CHECK(v.item->neighbours[i] != 4);
        if (i) CHECK(v.item->cosines[i] <= v.item->cosines[i - 1]);
    }
    REQUIRE(v.user);
    CHECK(v.user->user == 2);
    CHECK(v.user->top_items.size() == 20);
    const std::vector<int32_t>& seen = v.data->split->user_train_items[2];
    for (int32_t i : v.user->top_items) CHECK(std::find(seen.begin(), seen.end(), i) == seen.end());
    if (v.user->held_out >= 0) CHECK(v.user->held_out_rank >= 1);

    // New steps refresh the inspection for the new model; -1 clears it.
    session.run_steps(5);
    v = session.wait_until([](const SessionView& x) { return x.item && x.item->step == 35; }, kWait);
    CHECK(v.item->step == 35);
    session.inspect_item(-1);
    v = session.wait_until([](const SessionView& x) { return !x.item; }, kWait);
    CHECK_FALSE(v.item);
}

// The item map's layout runs on a task beside training: the chosen method's layout of the latest
// projection is published, refreshed warm as the run goes on, and PCA's is the projection itself.
TEST_CASE("the item layout follows the chosen method and the latest projection", "[session][layout]") {
    TrainingSession session(map_options());
    session.load(tiny_setup());
    REQUIRE(session.wait_until(loaded, kWait).snapshot);
    session.set_map_layout(MapSubject::Items, LayoutMethod::Umap);
    session.run_steps(30);
    SessionView v = session.wait_until(laid_out_at(30, MapSubject::Items, LayoutMethod::Umap), kWait);
    REQUIRE(v.layout);
    REQUIRE(v.layout->step == 30);
    CHECK(v.layout->items == v.snapshot->projection->items);
    CHECK(v.layout->xy.size() == v.layout->items.size() * 2);
    CHECK(v.layout->faithfulness.overall.queries > 0);
    const std::shared_ptr<const ItemLayout> first = v.layout;

    session.run_steps(20);
    v = session.wait_until(laid_out_at(50, MapSubject::Items, LayoutMethod::Umap), kWait);
    REQUIRE(v.layout);
    CHECK(v.layout->warm);  // refreshed from the layout of step 30 or later, not recomputed
    CHECK(first->step == 30);  // a published layout never changes

    session.set_map_layout(MapSubject::Items, LayoutMethod::Pca);
    v = session.wait_until(laid_out_at(50, MapSubject::Items, LayoutMethod::Pca), kWait);
    REQUIRE(v.layout);
    CHECK(v.layout->xy == v.snapshot->projection->xy);
}

// The user map: a seeded sample of users, their vectors from the user tower at the projection's
// step, grouped by how many clicks each trained on, refreshed like the item map.
TEST_CASE("the user map lays out sampled users' vectors, grouped by their training clicks", "[session][layout]") {
    SessionOptions o = map_options();
    o.max_mapped_users = 250;
    TrainingSession session(o);
    session.load(tiny_setup());
    REQUIRE(session.wait_until(loaded, kWait).snapshot);
    session.set_map_layout(MapSubject::Users, LayoutMethod::Umap);
    session.run_steps(30);
    SessionView v = session.wait_until(laid_out_at(30, MapSubject::Users, LayoutMethod::Umap), kWait);
    REQUIRE(v.layout);
    const std::vector<int32_t> users = v.layout->items;
    REQUIRE(users.size() == 250);  // of 600
    CHECK(std::is_sorted(users.begin(), users.end()));
    CHECK(std::adjacent_find(users.begin(), users.end()) == users.end());
    CHECK(users.back() < v.data->dataset->num_users());
    CHECK(v.layout->xy.size() == 2 * users.size());
    CHECK(v.layout->faithfulness.overall.queries > 0);
    // The groups are the click buckets; with fewer users than queries, every user is a query in one.
    CHECK(v.layout->faithfulness.per_group.size() <= static_cast<size_t>(kNumClickBuckets));
    int grouped = 0;
    for (const FaithfulnessFigures& g : v.layout->faithfulness.per_group) grouped += g.queries;
    CHECK(grouped == static_cast<int>(users.size()));

    session.run_steps(20);
    v = session.wait_until(laid_out_at(50, MapSubject::Users, LayoutMethod::Umap), kWait);
    REQUIRE(v.layout);
    CHECK(v.layout->warm);
    CHECK(v.layout->items == users);  // the same sample all run long

    session.set_map_layout(MapSubject::Users, LayoutMethod::Pca);  // the users' own principal plane
    v = session.wait_until(laid_out_at(50, MapSubject::Users, LayoutMethod::Pca), kWait);
    REQUIRE(v.layout);
    CHECK(v.layout->xy.size() == 2 * users.size());
}
