// What a drop onto the window does: a folder or zip is a dataset (its format told from its files),
// a .json a setup, any other file a checkpoint; more than one path, or a missing one, is refused
// with a message. The real GLFW callback path is the GL test gl_drop_dataset.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "app_state.h"
#include "file_drop.h"
#include "file_popups.h"
#include "../session_fixtures.h"

using namespace towerlab;

namespace {
std::string data_path(const std::string& name) { return std::string(TOWERLAB_TEST_DATA) + "/" + name; }
}  // namespace

TEST_CASE("a drop is classified by what the path is", "[app][drop]") {
    CHECK(app::classify_drop(data_path("ml-100k-mini")) == app::DropKind::Dataset);
    CHECK(app::classify_drop(data_path("ml-1m-mini.zip")) == app::DropKind::Dataset);
    CHECK(app::classify_drop(data_path("csv_example/schema.json")) == app::DropKind::Setup);
    CHECK(app::classify_drop(data_path("ml-100k-mini/u.data")) == app::DropKind::Checkpoint);
    CHECK(app::classify_drop(data_path("no-such-thing")) == app::DropKind::Missing);
}

TEST_CASE("a dropped zip loads as the dataset; two paths or a missing one are refused", "[app][drop]") {
    TrainingSession session;
    app::AppState s(session, nullptr);
    s.draft.setup = test::tiny_setup();
    s.draft.setup.config.batch_size = 4;
    bool setup_loaded = false;
    const auto load_setup = [&](const SessionSetup&) { setup_loaded = true; };

    app::apply_drop(s.frame, s.intents, {data_path("ml-100k-mini.zip"), data_path("ml-1m-mini.zip")}, load_setup);
    CHECK_THAT(s.requests.ui_error, Catch::Contains("one folder, zip, setup or checkpoint at a time"));
    s.requests.ui_error.clear();
    app::apply_drop(s.frame, s.intents, {data_path("gone.zip")}, load_setup);
    CHECK_THAT(s.requests.ui_error, Catch::Contains("gone.zip"));
    s.requests.ui_error.clear();

    app::apply_drop(s.frame, s.intents, {data_path("ml-100k-mini.zip")}, load_setup);
    CHECK(s.requests.ui_error.empty());
    CHECK(s.draft.setup.dataset == data_path("ml-100k-mini.zip"));
    const SessionView v = session.wait_until([](const SessionView& x) { return (x.data && !x.loading) || !x.error.empty(); }, 120);
    INFO(v.error);
    REQUIRE(v.data);
    CHECK(v.data->dataset->name == "ml-100k:" + data_path("ml-100k-mini.zip"));
    CHECK_FALSE(setup_loaded);
    CHECK_THAT(s.requests.notice, Catch::Contains("ml-100k-mini.zip"));
}

TEST_CASE("File > Open dataset loads a folder whose files say the format", "[app][drop]") {
    TrainingSession session;
    app::AppState s(session, nullptr);
    s.draft.setup = test::tiny_setup();
    s.draft.setup.config.batch_size = 4;
    app::FilePopups::act(s.frame, s.intents, app::FileAction::OpenDataset, data_path("ml-latest-mini"), {}, {});
    const SessionView v = session.wait_until([](const SessionView& x) { return (x.data && !x.loading) || !x.error.empty(); }, 120);
    INFO(v.error);
    REQUIRE(v.data);
    CHECK(v.data->dataset->name == "ml-latest:" + data_path("ml-latest-mini"));
}
