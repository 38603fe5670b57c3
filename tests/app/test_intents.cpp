// The intents sink (app/gui/intents.h): the one way a panel changes anything. A new selection is
// kept and sent to the session in the same call; sending the draft reloads (and forgets the
// selection) only when its data part changed; the serving choice keeps its index parameters; and
// feedback lands in the window's requests. Driven with a real session and no ImGui frame.
#include <catch2/catch.hpp>

#include <algorithm>

#include "app_state.h"
#include "core/error.h"
#include "../session_fixtures.h"

using namespace towerlab;

namespace {

struct Loaded {
    TrainingSession session{test::quick_options()};
    app::AppState s{session, nullptr};

    Loaded() {
        s.draft.setup = test::tiny_setup();
        session.load(s.draft.setup);
        pull(test::loaded);
    }
    // What AppWindow::pull_view does at the start of a frame, once `done` holds.
    void pull(const std::function<bool(const SessionView&)>& done) {
        s.frame.view = session.wait_until(done, 120);
        REQUIRE(done(s.frame.view));
    }
};

}  // namespace

TEST_CASE("selecting keeps the selection and tells the session in the same call", "[app][intents]") {
    Loaded a;
    a.s.intents.select_item(5);
    CHECK(a.s.frame.selection().item == 5);
    CHECK(std::count(a.s.requests.focus.begin(), a.s.requests.focus.end(), "item") == 1);
    a.pull([](const SessionView& v) { return v.item && v.item->item == 5; });

    a.s.intents.select_user(3);
    CHECK(a.s.frame.selection().user == 3);
    a.pull([](const SessionView& v) { return v.user && v.user->user == 3; });

    a.s.requests.focus.clear();
    a.s.intents.select_item(-1);  // nothing to bring forward
    CHECK(a.s.frame.selection().item == -1);
    CHECK(a.s.requests.focus.empty());
}

TEST_CASE("sending the draft reloads and forgets the selection only when the data changed", "[app][intents]") {
    Loaded a;
    a.s.intents.select_item(7);
    a.s.intents.select_user(2);
    const long run = a.s.frame.view.run;
    const long generation = a.s.frame.data()->generation;

    a.s.intents.draft().setup.config.tau = 0.2;  // a hyper-parameter: a reset of the same data
    REQUIRE_FALSE(a.s.frame.setup_needs_reload());
    a.s.intents.apply_setup();
    CHECK(a.s.frame.selection().item == 7);
    CHECK(a.s.frame.selection().user == 2);
    a.pull([run](const SessionView& v) { return v.run == run + 1 && v.snapshot && v.snapshot->config.tau == 0.2; });
    CHECK(a.s.frame.data()->generation == generation);

    a.s.intents.draft().setup.synthetic.num_items = 250;  // other items: a reload
    REQUIRE(a.s.frame.setup_needs_reload());
    a.s.intents.apply_setup();
    CHECK(a.s.frame.selection().item == -1);
    CHECK(a.s.frame.selection().user == -1);
    a.pull([generation](const SessionView& v) { return test::loaded(v) && v.data->generation > generation; });
    CHECK(a.s.frame.data()->dataset->num_items() == 250);
}

TEST_CASE("the serving choice keeps its index parameters", "[app][intents]") {
    Loaded a;
    AnnIndexConfig index;
    index.M = 8;
    index.ef_construction = 40;
    a.s.intents.set_ann_retrieval(true, index);
    CHECK(a.s.frame.selection().ann_retrieval);
    CHECK(a.s.frame.selection().ann_index.M == 8);
    a.pull([](const SessionView& v) { return v.serving && !v.serving_task.running; });
    CHECK(a.s.frame.view.serving->index.M == 8);
    a.s.intents.set_ann_retrieval(false);  // brute force; the parameters stay for the next time
    CHECK_FALSE(a.s.frame.selection().ann_retrieval);
    CHECK(a.s.frame.selection().ann_index.ef_construction == 40);
}

TEST_CASE("feedback and drawn places go to the window's requests", "[app][intents]") {
    TrainingSession session;
    app::AppState s(session, nullptr);
    s.intents.notify("saved");
    s.intents.fail("bad file");
    CHECK(s.requests.notice == "saved");
    CHECK(s.requests.ui_error == "bad file");
    s.intents.clear_error();
    CHECK(s.requests.ui_error.empty());
    s.intents.note_rect("loss", ImVec2(10, 20), ImVec2(110, 70));
    REQUIRE(s.requests.layout.count("loss"));
    CHECK(s.requests.layout.at("loss").w == 100);
    CHECK(s.requests.layout.at("loss").h == 50);
    s.intents.show_imported(true);
    CHECK(s.requests.show_imported);

    // A front-end file action: a throw is the error shown; a success the notice, the error gone.
    s.intents.attempt([] { throw towerlab::Error("cannot write /x.csv"); }, "saved /x.csv");
    CHECK(s.requests.ui_error == "cannot write /x.csv");
    CHECK(s.requests.notice == "saved");
    s.intents.attempt([] {}, "saved /y.csv");
    CHECK(s.requests.notice == "saved /y.csv");
    CHECK(s.requests.ui_error.empty());
}
