// The whole app window under a real ImGui context and a real TrainingSession, without GL (the
// projection falls back to ImDrawList points): every panel draws from published snapshots, a reset
// keeps the finished run for overlay, a failed load leaves the previous data, a click on an item
// brings its inspection.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <thread>

#include <imgui_internal.h>
#include <unistd.h>

#include "app_window.h"
#include "imgui_fixture.h"
#include "item_description.h"
#include "ui_text.h"
#include "../session_fixtures.h"

namespace {

using towerlab::test::quick_options;
using towerlab::test::tiny_setup;

struct App {
    ImGuiFixture ui;
    towerlab::TrainingSession session{quick_options()};
    app::AppWindow window{session, nullptr};
    ImDrawData* last = nullptr;

    ImDrawData* frame() { return last = ui.frame([&] { window.frame(); }); }

    // Draws frames until `done` holds (true) or 60 s pass (false).
    bool frames_until(const std::function<bool(const app::AppState&)>& done) {
        const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        while (std::chrono::steady_clock::now() < end) {
            frame();
            if (done(window.state())) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        return false;
    }

    // Loads the tiny setup and trains `steps`, until everything published matches the last step.
    void load_and_train(long steps) {
        window.load(tiny_setup());
        REQUIRE(frames_until([](const app::AppState& s) { return s.frame.snapshot() != nullptr; }));
        session.run_steps(steps);
        REQUIRE(frames_until([steps](const app::AppState& s) {
            const towerlab::TrainingSnapshot* t = s.frame.snapshot();
            return t && t->step == steps && !t->running && t->projection && t->projection->step == steps &&
                   !t->metrics.empty() && t->metrics.back().step == steps;
        }));
        frame();
        frame();
    }
};

int vertices_of_colour(const ImDrawData* d, ImU32 colour) {
    int n = 0;
    for (int l = 0; l < d->CmdListsCount; ++l)
        for (const ImDrawVert& v : d->CmdLists[l]->VtxBuffer) n += v.col == colour;
    return n;
}

ImU32 point_colour(towerlab::ItemGroup g) { return (app::group_colour(g) & ~IM_COL32_A_MASK) | (210u << IM_COL32_A_SHIFT); }

}  // namespace

TEST_CASE("every panel draws once a run has trained", "[app][ui]") {
    App a;
    a.load_and_train(40);
    const std::map<std::string, app::Rect>& layout = a.window.state().requests.layout;
    for (const char* name : {"loss.plot", "projection", "recall.plot", "heatmap"}) {
        INFO(name);
        REQUIRE(layout.count(name));
        CHECK(layout.at(name).w > 100);
        CHECK(layout.at(name).h > 60);
    }
    // The projection's points, in the popularity colours (fallback renderer: 4 vertices a point).
    CHECK(vertices_of_colour(a.last, point_colour(towerlab::ItemGroup::Head)) >= 4 * 20);
    CHECK(vertices_of_colour(a.last, point_colour(towerlab::ItemGroup::Tail)) >= 4 * 20);
    CHECK(vertices_of_colour(a.last, point_colour(towerlab::ItemGroup::Cold)) >= 4 * 10);

    a.window.show("geometry");
    a.frame();
    a.frame();
    CHECK(a.window.state().requests.layout.count("geometry.directions"));
    CHECK(a.window.state().requests.layout.count("geometry.uniformity"));
}

// The panel registry: each panel answers to one id; a lesson's "look at" (a plain string in the
// engine) and --show name registered panels; showing a panel draws it, pointing at it outlines the
// slot that holds it.
TEST_CASE("panels are registered once by id, and lessons point at registered panels", "[app][ui][panels]") {
    App a;
    const app::PanelRegistry& r = a.window.panels();
    std::set<std::string> ids, slots;
    for (const app::PanelEntry& p : r.panels()) {
        INFO(p.id);
        CHECK(ids.insert(p.id).second);
        CHECK(r.find(p.id) == &p);
        CHECK(p.draw);
        CHECK_FALSE(p.slot.empty());
        slots.insert(p.slot);
    }
    CHECK(slots == std::set<std::string>{"training", "dataset", "loss", "projection", "evaluation", "inspect", "lessons"});
    CHECK(r.find("no such panel") == nullptr);
    app::PanelRegistry twice;
    twice.add({"x", "X", nullptr, "s", [](const app::FrameView&, app::Intents&) {}});
    CHECK_THROWS(twice.add({"x", "X again", nullptr, "s", [](const app::FrameView&, app::Intents&) {}}));
    for (const towerlab::Lesson& l : towerlab::all_lessons()) {
        INFO(l.id << " looks at " << l.look_at);
        CHECK(r.find(l.look_at) != nullptr);
    }

    a.load_and_train(20);
    a.window.state().intents.point_at("geometry");
    a.frame();
    a.frame();
    CHECK(a.window.state().requests.layout.count("geometry.directions"));  // its tab was brought to the front
    CHECK(a.window.state().highlighted("evaluation"));
    CHECK_FALSE(a.window.state().highlighted("inspect"));
    CHECK(a.window.state().requests.layout.count("highlight"));
}

TEST_CASE("a reset keeps the finished run's losses for overlay", "[app][ui]") {
    App a;
    a.load_and_train(30);
    app::AppState& s = a.window.state();
    const long run = s.frame.view.run;
    s.draft.setup.config.tau = 0.2;
    REQUIRE_FALSE(s.frame.setup_needs_reload());  // a hyper-parameter: a reset is enough
    s.intents.apply_setup();
    REQUIRE(a.frames_until([run](const app::AppState& st) { return st.frame.view.run == run + 1 && st.frame.snapshot(); }));
    REQUIRE(s.frame.past_runs.size() == 1);
    CHECK(s.frame.past_runs[0].run == run);
    CHECK(s.frame.past_runs[0].losses.size() == 30);
    CHECK(s.frame.past_runs[0].label.find("tau 0.05") != std::string::npos);
    CHECK(s.frame.snapshot()->config.tau == 0.2);
    CHECK(s.frame.snapshot()->losses.empty());
    a.frame();  // the loss panel overlays the old run without trouble
}

// Frame cost must not grow with the run: a snapshot that extends the run adds its new points to
// the loss curves; only a new run (or a restore, or another smoothing) rebuilds them.
TEST_CASE("the loss curves extend with the run and are rebuilt only for a new one", "[app][ui]") {
    App a;
    a.load_and_train(30);
    const app::LossPanel& panel = a.window.loss_panel();
    const long rebuilt = panel.rebuilds();
    a.session.run_steps(25);
    REQUIRE(a.frames_until([](const app::AppState& s) { return s.frame.snapshot()->step == 55 && !s.frame.snapshot()->running; }));
    a.frame();
    const towerlab::LossHistory& losses = a.window.state().frame.snapshot()->losses;
    REQUIRE(losses.size() == 55);
    std::vector<float> total;
    for (const towerlab::LossPoint& p : losses) total.push_back(p.total);
    CHECK(panel.smoothed(2) == plot::debiased_ema(total.data(), total.size(), 0.9f));  // the panel's default weight
    CHECK(panel.rebuilds() == rebuilt);  // extended, never rebuilt

    app::AppState& s = a.window.state();
    const long run = s.frame.view.run;
    s.draft.setup.config.tau = 0.2;
    s.intents.apply_setup();
    REQUIRE(a.frames_until([run](const app::AppState& st) { return st.frame.view.run == run + 1 && st.frame.snapshot(); }));
    a.frame();
    CHECK(panel.rebuilds() > rebuilt);
    CHECK(panel.smoothed(2).empty());
}

// The embedding map: choosing UMAP sends the method to the session, whose task lays the items out;
// the panel then draws that layout with its faithfulness line. Search selects an item by id, and
// isolation hides every point but the selected item and its nearest neighbours.
TEST_CASE("the embedding map draws the UMAP layout, finds an item and isolates its neighbours", "[app][ui][layout]") {
    App a;
    a.load_and_train(40);
    app::AppState& s = a.window.state();
    a.window.projection_panel().set_method(s.intents, towerlab::LayoutMethod::Umap);
    REQUIRE(a.frames_until([](const app::AppState& st) {
        return st.frame.view.layout && st.frame.view.layout->method == towerlab::LayoutMethod::Umap && st.frame.view.layout->step == 40;
    }));
    a.frame();
    a.frame();
    CHECK(s.requests.layout.count("projection.faithfulness"));
    const int all_points = vertices_of_colour(a.last, point_colour(towerlab::ItemGroup::Head)) +
                           vertices_of_colour(a.last, point_colour(towerlab::ItemGroup::Tail)) +
                           vertices_of_colour(a.last, point_colour(towerlab::ItemGroup::Cold));
    CHECK(all_points / 4 == static_cast<int>(s.frame.view.layout->items.size()));

    const std::vector<int> found = app::find_items(*s.frame.data()->dataset, "17", 3);
    REQUIRE_FALSE(found.empty());
    CHECK(found.front() == 17);  // synthetic items are named by their row
    s.intents.select_item(found.front());
    a.window.projection_panel().set_isolate(true);
    REQUIRE(a.frames_until([](const app::AppState& st) { return st.frame.view.item && st.frame.view.item->item == 17; }));
    a.frame();
    a.frame();
    const int isolated = vertices_of_colour(a.last, point_colour(towerlab::ItemGroup::Head)) +
                         vertices_of_colour(a.last, point_colour(towerlab::ItemGroup::Tail)) +
                         vertices_of_colour(a.last, point_colour(towerlab::ItemGroup::Cold));
    CHECK(isolated / 4 == 1 + static_cast<int>(s.frame.view.item->neighbours.size()));
}

// The user map: drawing its tab asks the session for the users' layout; every sampled user is a
// point, the legend counts them by training clicks, the caption states the faithfulness; the item
// map's tab asks for the items again.
TEST_CASE("the user map draws every sampled user and hands the map back to the items", "[app][ui][layout]") {
    App a;
    a.load_and_train(40);
    app::AppState& s = a.window.state();
    a.window.show("usermap");
    REQUIRE(a.frames_until([](const app::AppState& st) {
        const towerlab::ItemLayout* l = st.frame.view.layout.get();
        return l && l->subject == towerlab::MapSubject::Users && l->step == 40 && !st.frame.view.layout_task.running;
    }));
    CHECK(s.selection.map_subject == towerlab::MapSubject::Users);
    a.frame();
    a.frame();
    const towerlab::ItemLayout& l = *s.frame.view.layout;
    CHECK(l.items.size() == static_cast<size_t>(std::min(a.session.options().max_mapped_users, s.frame.data()->dataset->num_users())));
    int points = 0;  // the stand-in renderer's squares in the map's window: 4 vertices of the points' alpha each
    for (int k = 0; k < a.last->CmdListsCount; ++k)
        if (std::string(a.last->CmdLists[k]->_OwnerName).find("###projection") != std::string::npos)
            for (const ImDrawVert& v : a.last->CmdLists[k]->VtxBuffer) points += (v.col >> IM_COL32_A_SHIFT) == 210;
    CHECK(points / 4 == static_cast<int>(l.items.size()));
    CHECK(s.requests.layout.count("usermap"));
    CHECK(s.requests.layout.count("usermap.legend"));
    CHECK(s.requests.layout.count("usermap.faithfulness"));

    a.window.show("pca");
    REQUIRE(a.frames_until([](const app::AppState& st) {
        const towerlab::ItemLayout* l = st.frame.view.layout.get();
        return l && l->subject == towerlab::MapSubject::Items && !st.frame.view.layout_task.running;
    }));
    CHECK(s.selection.map_subject == towerlab::MapSubject::Items);
}

TEST_CASE("changing the data reloads, changing a hyper-parameter only resets", "[app][ui]") {
    App a;
    a.load_and_train(5);
    app::AppState& s = a.window.state();
    CHECK_FALSE(s.frame.setup_needs_reload());
    s.draft.setup.config.learning_rate = 0.01;
    CHECK_FALSE(s.frame.setup_needs_reload());
    s.draft.setup.config.head_share = 0.3;  // the split's head group changes
    CHECK(s.frame.setup_needs_reload());
    s.draft.setup.config.head_share = tiny_setup().config.head_share;
    s.draft.setup.synthetic.num_items = 400;
    CHECK(s.frame.setup_needs_reload());
}

TEST_CASE("a failed load is shown and the previous dataset stays", "[app][ui]") {
    App a;
    a.load_and_train(5);
    app::AppState& s = a.window.state();
    const long generation = s.frame.data()->generation;
    s.draft.setup.dataset = "csv:/nonexistent/folder";
    s.intents.apply_setup();
    REQUIRE(a.frames_until([](const app::AppState& st) { return st.frame.view.error_source == "load"; }));
    CHECK_FALSE(s.frame.view.error.empty());
    REQUIRE(s.frame.data());
    CHECK(s.frame.data()->generation == generation);
    CHECK(s.frame.snapshot());
    a.frame();  // the window keeps drawing
    // A good load afterwards clears the error.
    s.draft.setup = tiny_setup();
    s.draft.setup.synthetic.seed = 8;
    s.intents.apply_setup();
    REQUIRE(a.frames_until([generation](const app::AppState& st) {
        return st.frame.data() && st.frame.data()->generation == generation + 1 && st.frame.view.error.empty();
    }));
}

TEST_CASE("a MovieLens or CSV folder loads from the dataset settings", "[app][ui]") {
    for (const std::string& source : {std::string("ml-100k:") + TOWERLAB_TEST_DATA + "/ml-100k-mini",
                                      std::string("csv:") + TOWERLAB_TEST_DATA + "/csv_example"}) {
        INFO(source);
        App a;
        towerlab::SessionSetup setup = tiny_setup();
        setup.dataset = source;
        setup.cold_item_share = 0.2;
        a.window.load(setup);
        REQUIRE(a.frames_until([](const app::AppState& st) { return st.frame.snapshot() && st.frame.data(); }));
        CHECK(a.window.state().frame.view.error.empty());
        CHECK(a.window.state().frame.data()->source == source);
        a.session.run_steps(10);
        REQUIRE(a.frames_until([](const app::AppState& st) {
            return st.frame.snapshot() && st.frame.snapshot()->step == 10 && st.frame.snapshot()->projection &&
                   st.frame.snapshot()->projection->step == 10;
        }));
        a.frame();
        CHECK(a.window.state().requests.layout.count("heatmap"));
        CHECK(a.window.state().requests.layout.count("projection"));
    }
}

TEST_CASE("selecting an item brings its nearest neighbours to the inspector", "[app][ui]") {
    App a;
    a.load_and_train(20);
    app::AppState& s = a.window.state();
    s.intents.select_item(7);
    REQUIRE(a.frames_until([](const app::AppState& st) { return st.frame.view.item && st.frame.view.item->item == 7; }));
    const towerlab::ItemInspection& ins = *s.frame.view.item;
    CHECK(ins.neighbours.size() == static_cast<size_t>(a.session.options().neighbours));
    for (int32_t n : ins.neighbours) CHECK(n != 7);
    for (size_t i = 1; i < ins.cosines.size(); ++i) CHECK(ins.cosines[i] <= ins.cosines[i - 1]);
    s.intents.select_user(3);
    REQUIRE(a.frames_until([](const app::AppState& st) { return st.frame.view.user && st.frame.view.user->user == 3; }));
    CHECK(s.frame.view.user->top_items.size() == static_cast<size_t>(a.session.options().top_k_user));
    a.frame();
}

TEST_CASE("the user view switches to ANN retrieval and lists where it differs from brute force", "[app][ui][serving]") {
    App a;
    a.load_and_train(30);
    app::AppState& s = a.window.state();
    s.selection.ann_index.M = 8;
    s.selection.ann_index.ef_construction = 40;
    s.selection.ann_index.ef_search = 20;
    s.intents.select_user(4);
    s.intents.set_ann_retrieval(true);
    REQUIRE(a.frames_until([](const app::AppState& st) {
        return st.frame.view.serving && st.frame.view.serving->step == 30 && st.frame.view.user && st.frame.view.user->user == 4 && st.frame.view.user->ann;
    }));
    a.frame();
    CHECK(s.requests.layout.count("user.retrieved"));
    const towerlab::RetrievalDifference& d = *s.frame.view.user->ann;
    CHECK(d.approximate.size() == static_cast<size_t>(a.session.options().top_k_user));
    CHECK(d.recall >= 0);
    CHECK(d.recall <= 1);
    s.intents.set_ann_retrieval(false);
    REQUIRE(a.frames_until([](const app::AppState& st) { return st.frame.view.user && !st.frame.view.user->ann; }));
    a.frame();
}

TEST_CASE("the update timeline runs the replay on a task and draws head, long-tail and cold per day", "[app][ui][updates]") {
    App a;
    towerlab::SessionSetup setup = tiny_setup();
    setup.synthetic.num_days = 4;
    a.window.load(setup);
    REQUIRE(a.frames_until([](const app::AppState& st) { return st.frame.snapshot() != nullptr; }));
    towerlab::DayReplayConfig rc;
    rc.warmup_epochs = 1;
    rc.eval_clicks_per_day = 300;
    a.session.start_update_replay(rc);
    a.window.show("updates");
    // Frames keep coming while it runs (the UI never waits for it).
    REQUIRE(a.frames_until([](const app::AppState& st) {
        return st.frame.view.replay_task.serial == 1 && !st.frame.view.replay_task.running && st.frame.view.timeline;
    }));
    a.frame();
    a.frame();
    const app::AppState& s = a.window.state();
    CHECK(s.frame.view.replay_task.finished);
    CHECK(s.frame.view.timeline->days.size() == 2);
    for (const char* name : {"timeline.head", "timeline.tail", "timeline.cold"}) {
        INFO(name);
        REQUIRE(s.requests.layout.count(name));
        CHECK(s.requests.layout.at(name).w > 30);
    }
}

TEST_CASE("File menu actions: a checkpoint round-trips, a bad one is reported and the run stays", "[app][ui][checkpoint]") {
    App a;
    a.load_and_train(20);
    app::AppState& s = a.window.state();
    const std::string path = "towerlab_app_test_" + std::to_string(::getpid()) + ".tlck";
    app::FilePopups::act(s.frame, s.intents, app::FileAction::SaveCheckpoint, path, "", {});
    REQUIRE(a.frames_until([](const app::AppState& st) { return st.requests.notice.find("saved checkpoint") != std::string::npos; }));
    const long run = s.frame.view.run;
    app::FilePopups::act(s.frame, s.intents, app::FileAction::LoadCheckpoint, path + ".missing", "", {});
    REQUIRE(a.frames_until([](const app::AppState& st) { return st.frame.view.error_source == "checkpoint"; }));
    CHECK(s.frame.view.run == run);
    CHECK(s.frame.snapshot()->step == 20);
    s.draft.setup.config.tau = 0.3;  // the draft follows the checkpoint's config on load
    app::FilePopups::act(s.frame, s.intents, app::FileAction::LoadCheckpoint, path, "", {});
    REQUIRE(a.frames_until([run](const app::AppState& st) { return st.frame.view.run == run + 1 && st.frame.snapshot(); }));
    CHECK(s.frame.view.run_origin == "checkpoint");
    CHECK(s.draft.setup.config.tau == tiny_setup().config.tau);
    CHECK(s.frame.snapshot()->step == 20);
    std::remove(path.c_str());
}

TEST_CASE("imported embeddings open in their own window with projection, neighbours, MI and ANN recall", "[app][ui][import]") {
    App a;
    a.load_and_train(20);
    app::AppState& s = a.window.state();
    const std::string dir = "towerlab_app_test_export_" + std::to_string(::getpid());
    app::FilePopups::act(s.frame, s.intents, app::FileAction::ExportEmbeddings, dir, "", {});
    REQUIRE(a.frames_until([](const app::AppState& st) { return st.requests.notice.find("exported") != std::string::npos; }));
    s.selection.ann_index.M = 8;
    s.selection.ann_index.ef_construction = 40;
    app::FilePopups::act(s.frame, s.intents, app::FileAction::ImportEmbeddings, dir + "/items.npy", dir + "/items_metadata.tsv", {});
    CHECK(s.requests.show_imported);
    REQUIRE(a.frames_until([](const app::AppState& st) { return st.frame.view.imported && st.frame.view.imported->ann; }));
    s.intents.select_imported_item(2);
    REQUIRE(a.frames_until([](const app::AppState& st) { return st.frame.view.imported_item && st.frame.view.imported_item->item == 2; }));
    a.frame();
    a.frame();
    REQUIRE(s.requests.layout.count("imported.projection"));
    CHECK(s.requests.layout.at("imported.projection").w > 100);
    // A bad import is reported in the window; the previous import stays.
    app::FilePopups::act(s.frame, s.intents, app::FileAction::ImportEmbeddings, dir + "/nope.npy", dir + "/items_metadata.tsv", {});
    REQUIRE(a.frames_until([](const app::AppState& st) {
        return st.frame.view.import_task.serial == 2 && !st.frame.view.import_task.running && !st.frame.view.import_task.error.empty();
    }));
    CHECK(s.frame.view.imported);
    a.frame();
    std::filesystem::remove_all(dir);
}

// Every text the window asks for, in Chinese, is in the table: tabs, popups, serving, timeline,
// imported embeddings, with a run, a selection and an import on screen.
TEST_CASE("the whole window in Chinese finds every text it shows in the table", "[app][ui][i18n]") {
    App a;
    a.load_and_train(20);
    app::AppState& s = a.window.state();
    const std::string dir =
        (std::filesystem::temp_directory_path() / ("towerlab_app_test_zh_" + std::to_string(::getpid()))).string();
    app::FilePopups::act(s.frame, s.intents, app::FileAction::ExportEmbeddings, dir, "", {});
    REQUIRE(a.frames_until([](const app::AppState& st) { return st.requests.notice.find("exported") != std::string::npos; }));
    s.selection.ann_index.M = 8;
    s.selection.ann_index.ef_construction = 40;
    app::FilePopups::act(s.frame, s.intents, app::FileAction::ImportEmbeddings, dir + "/items.npy", dir + "/items_metadata.tsv", {});
    s.intents.select_item(3);
    s.intents.select_user(4);
    s.intents.set_ann_retrieval(true);
    REQUIRE(a.frames_until([](const app::AppState& st) {
        return st.frame.view.imported && st.frame.view.imported->ann && st.frame.view.user && st.frame.view.user->ann && st.frame.view.item;
    }));
    s.intents.select_imported_item(1);
    a.window.heatmap_panel().set_seed_field(s.frame.data()->mi->content_fields.front());
    app::clear_missing_texts();
    app::set_language(app::Language::Chinese);
    for (const char* t : {"recall", "geometry", "updates", "heatmap", "item", "user"}) {
        a.window.show(t);
        a.frame();
        a.frame();
    }
    for (app::FileAction f : {app::FileAction::SaveSetup, app::FileAction::LoadSetup, app::FileAction::SaveCheckpoint,
                              app::FileAction::LoadCheckpoint, app::FileAction::ExportEmbeddings, app::FileAction::ImportEmbeddings}) {
        a.window.file_popups().open(f);
        a.frame();
        a.frame();
        ImGui::ClosePopupToLevel(0, false);
    }
    app::set_language(app::Language::English);
    const std::vector<std::string> missing = app::missing_texts();
    INFO([&] {
        std::string m;
        for (const auto& t : missing) m += "'" + t + "'\n";
        return m;
    }());
    CHECK(missing.empty());
    std::filesystem::remove_all(dir);
}
