// The long work the app starts beside training, through the TrainingSession the app drives: a
// task reports progress, can be cancelled, and a cancelled or superseded run never publishes; the
// ANN index is built for the paused step and the inspected user gets brute force vs ANN; the day
// replay publishes day by day and stops when cancelled; checkpoints round-trip through the session
// and a bad file changes nothing; exported embeddings import back as the same vectors.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include <unistd.h>

#include "session/session_task.h"
#include "session/training_session.h"
#include "setup_file.h"
#include "../engine/cli_runner.h"
#include "../engine/test_loader_fixtures.h"
#include "../session_fixtures.h"

using namespace towerlab;

namespace {

SessionSetup tiny_setup(uint64_t seed = 1, int days = 5) {
    SessionSetup s = test::tiny_setup();
    s.synthetic.num_days = days;
    s.synthetic.seed = seed;
    return s;
}

SessionOptions quick_options() {
    SessionOptions o = test::quick_options();
    o.serving_queries = 100;
    o.imported_queries = 100;
    return o;
}

const double kWait = 120;

using test::settled_at;
using test::temp_path;

// Loads the tiny setup and trains n steps.
SessionView trained(TrainingSession& session, long n, uint64_t seed = 1, int days = 5) {
    session.load(tiny_setup(seed, days));
    SessionView v = session.wait_until(test::loaded, kWait);
    REQUIRE(v.snapshot);
    session.run_steps(n);
    v = session.wait_until([n](const SessionView& x) { return settled_at(x, n); }, kWait);
    REQUIRE(settled_at(v, n));
    return v;
}

}  // namespace

TEST_CASE("a task reports progress, can be cancelled, and only the current run publishes", "[app][task]") {
    std::atomic<int> changes{0};
    SessionTask task("test", [&] { ++changes; });
    std::atomic<bool> first_may_publish{false};
    int published = 0;
    task.start([&](TaskContext& ctx) {
        task.progress(ctx, 0.5, "half way");
        while (!first_may_publish.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        task.publish_if_current(ctx, [&] { published = 1; });
    });
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (task.status().stage != "half way" && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    CHECK(task.status().running);
    CHECK(task.status().fraction == Approx(0.5));
    // A second run supersedes the first, which is still going: the first must not publish.
    task.start([&](TaskContext& ctx) { task.publish_if_current(ctx, [&] { published = 2; }); });
    first_may_publish = true;
    REQUIRE(task.wait(10));
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    CHECK(published == 2);
    CHECK(task.status().finished);
    CHECK(task.status().serial == 2);
    CHECK(changes.load() > 0);

    // Cancel: the job sees the flag, the status says so; an error becomes the status's error.
    task.start([&](TaskContext& ctx) {
        while (!ctx.cancelled()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    });
    task.cancel();
    REQUIRE(task.wait(10));
    CHECK(task.status().cancelled);
    CHECK_FALSE(task.status().finished);
    task.start([](TaskContext&) { throw std::runtime_error("boom"); });
    REQUIRE(task.wait(10));
    CHECK(task.status().error == "boom");
}

TEST_CASE("serving builds an ANN index of the paused step and compares it with brute force per user", "[app][serving]") {
    TrainingSession session(quick_options());
    SessionView v = trained(session, 40);
    session.inspect_user(5);
    AnnIndexConfig index;
    index.M = 8;
    index.ef_construction = 50;
    index.ef_search = 40;
    session.set_serving(true, index);
    v = session.wait_until(
        [](const SessionView& x) {
            return x.serving && x.serving->step == 40 && x.user && x.user->user == 5 && x.user->ann && x.user->ann_index_step == 40;
        },
        kWait);
    REQUIRE(v.serving);
    const ServingBenchReport& r = v.serving->report;
    CHECK(r.items == 300);
    CHECK(r.queries > 0);
    CHECK(r.index.M == 8);
    CHECK(r.build_seconds > 0);
    REQUIRE(r.points.size() == v.snapshot->config.eval_k.size());
    for (const AnnOperatingPoint& p : r.points) {
        CHECK(p.recall >= 0);
        CHECK(p.recall <= 1);
        CHECK(p.latency.queries == r.queries);
    }
    REQUIRE(v.user->ann);
    // The index holds this step's vectors: its exact list is the user view's brute-force list.
    const RetrievalDifference& d = *v.user->ann;
    REQUIRE(d.exact.size() == v.user->top_items.size());
    for (size_t i = 0; i < d.exact.size(); ++i) CHECK(d.exact[i].item == v.user->top_items[i]);
    CHECK(d.approximate.size() == d.exact.size());

    // Training on: the index stays at step 40 until training pauses, then follows.
    session.run_steps(10);
    v = session.wait_until([](const SessionView& x) { return x.serving && x.serving->step == 50 && !x.serving_task.running; }, kWait);
    CHECK(v.serving->step == 50);
    // Off: the user view carries no comparison.
    session.set_serving(false, index);
    session.inspect_user(5);
    v = session.wait_until([](const SessionView& x) { return x.user && !x.user->ann; }, kWait);
    CHECK_FALSE(v.user->ann);
}

TEST_CASE("the day replay runs beside training, publishes day by day and can be cancelled", "[app][updates]") {
    TrainingSession session(quick_options());
    trained(session, 10, 1, 12);
    DayReplayConfig rc;
    rc.warmup_days = 2;
    rc.warmup_epochs = 1;
    rc.slices_per_day = 2;
    rc.eval_clicks_per_day = 300;
    session.start_update_replay(rc);
    SessionView v = session.wait_until(
        [](const SessionView& x) { return x.replay_task.serial == 1 && !x.replay_task.running && x.timeline; }, kWait * 2);
    REQUIRE(v.timeline);
    CHECK(v.replay_task.finished);
    CHECK(v.replay_task.error.empty());
    CHECK(v.timeline->num_days == 12);
    CHECK(v.timeline->days.size() == 10);
    for (const DayResult& d : v.timeline->days)
        for (UpdatePolicy p : all_update_policies()) CHECK(d.policy(p).report.overall.users > 0);

    // A new replay starts from an empty timeline; cancelled after its first day, it stops there
    // (the engine checks between days) and says so.
    session.start_update_replay(rc);
    v = session.wait_until([](const SessionView& x) { return x.replay_task.serial == 2 && !x.timeline; }, kWait);
    CHECK_FALSE(v.timeline);
    v = session.wait_until(
        [](const SessionView& x) { return x.replay_task.serial == 2 && (x.timeline || !x.replay_task.running); }, kWait * 2);
    REQUIRE(v.replay_task.running);
    session.cancel_update_replay();
    v = session.wait_until([](const SessionView& x) { return x.replay_task.serial == 2 && !x.replay_task.running; }, kWait * 2);
    CHECK(v.replay_task.cancelled);
    CHECK_FALSE(v.replay_task.finished);
    REQUIRE(v.timeline);
    CHECK(v.timeline->days.size() < 10);

    // A bad setting is an error of the intent; the session keeps running.
    rc.warmup_days = 0;
    session.start_update_replay(rc);
    v = session.wait_until([](const SessionView& x) { return x.error_source == "update replay"; }, kWait);
    CHECK(v.error.find("warmup_days") != std::string::npos);
    CHECK(v.snapshot);
}

TEST_CASE("checkpoints save and resume through the session; a bad file changes nothing", "[app][checkpoint]") {
    TrainingSession session(quick_options());
    SessionView v = trained(session, 30);
    const std::string path = temp_path("model.tlck");
    const nlohmann::json source = {{"dataset", "synthetic"}};
    session.save_checkpoint(path, source);
    v = session.wait_until([](const SessionView& x) { return x.notice_serial == 1; }, kWait);
    REQUIRE(v.notice.find("saved checkpoint") != std::string::npos);
    const std::vector<float> saved_vectors(v.snapshot->item_vectors->data(),
                                           v.snapshot->item_vectors->data() + v.snapshot->item_vectors->size());
    session.run_steps(15);
    v = session.wait_until([](const SessionView& x) { return settled_at(x, 45); }, kWait);
    const long run = v.run, generation = v.data->generation;

    // Resumed on the same data: step 30 again, the same item vectors, the selection kept.
    session.load_checkpoint(path, {});
    v = session.wait_until([run](const SessionView& x) { return x.run == run + 1 && settled_at(x, 30); }, kWait);
    REQUIRE(settled_at(v, 30));
    CHECK(v.run_origin == "checkpoint");
    CHECK(v.data->generation == generation);
    const Eigen::MatrixXf& e = *v.snapshot->item_vectors;
    REQUIRE(static_cast<size_t>(e.size()) == saved_vectors.size());
    for (Eigen::Index i = 0; i < e.size(); ++i) REQUIRE(e.data()[i] == saved_vectors[static_cast<size_t>(i)]);

    // A truncated file: an error naming it, nothing replaced.
    const std::string bad = temp_path("truncated.tlck");
    {
        std::ifstream in(path, std::ios::binary);
        std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        std::ofstream out(bad, std::ios::binary);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size() / 2));
    }
    const long serial = v.error_serial;
    session.load_checkpoint(bad, {});
    v = session.wait_until([serial](const SessionView& x) { return x.error_serial > serial; }, kWait);
    CHECK(v.error_source == "checkpoint");
    CHECK(v.error.find(bad) != std::string::npos);
    CHECK(v.run == run + 1);
    CHECK(v.snapshot->step == 30);

    // Trained on other data: the decoder names the data, which is loaded first.
    session.load(tiny_setup(8));
    v = session.wait_until([generation](const SessionView& x) { return x.data && x.data->generation == generation + 1 && x.snapshot; },
                           kWait);
    session.load_checkpoint(path, [](const nlohmann::json&) { return tiny_setup(1); });
    v = session.wait_until([](const SessionView& x) { return x.run_origin == "checkpoint" && settled_at(x, 30); }, kWait);
    REQUIRE(settled_at(v, 30));
    CHECK(v.data->generation == generation + 2);
    CHECK(v.data->setup.synthetic.seed == 1);
    std::remove(path.c_str());
    std::remove(bad.c_str());
}

TEST_CASE("exported embeddings import back as the same vectors, with popularity and neighbours", "[app][import]") {
    TrainingSession session(quick_options());
    SessionView v = trained(session, 30);
    const std::string dir = temp_path("export");
    session.export_embeddings(dir);
    v = session.wait_until([](const SessionView& x) { return x.notice_serial == 1 || !x.error.empty(); }, kWait);
    REQUIRE(v.error.empty());
    CHECK(std::filesystem::exists(dir + "/items.npy"));
    CHECK(std::filesystem::exists(dir + "/users_metadata.tsv"));

    AnnIndexConfig index;
    index.M = 8;
    index.ef_construction = 50;
    session.import_embeddings(dir + "/items.npy", dir + "/items_metadata.tsv", index);
    v = session.wait_until([](const SessionView& x) { return x.imported && x.imported->ann && !x.import_task.running; }, kWait);
    REQUIRE(v.imported);
    const ImportedCatalogue& cat = *v.imported->catalogue;
    REQUIRE(cat.size() == 300);
    CHECK(cat.has_popularity());
    CHECK(cat.num_cold > 0);
    const Eigen::MatrixXf& e = *v.snapshot->item_vectors;
    for (int i = 0; i < cat.size(); i += 37) {
        const int row = cat.find(std::to_string(i));
        REQUIRE(row >= 0);
        CHECK(cat.embeddings().vectors.row(row).dot(e.row(i)) == Approx(1).epsilon(1e-4));
    }
    CHECK(v.imported->projection->items.size() == 300);
    CHECK_FALSE(v.imported->ann->points.empty());
    session.inspect_imported_item(3);
    v = session.wait_until([](const SessionView& x) { return x.imported_item && x.imported_item->item == 3; }, kWait);
    CHECK(v.imported_item->neighbours.size() == static_cast<size_t>(session.options().neighbours));

    // A bad file: the task's error names it; what was imported stays.
    session.import_embeddings(dir + "/missing.npy", dir + "/items_metadata.tsv", index);
    v = session.wait_until([](const SessionView& x) { return x.import_task.serial == 2 && !x.import_task.running; }, kWait);
    CHECK(v.import_task.error.find("missing.npy") != std::string::npos);
    REQUIRE(v.imported);
    CHECK(v.imported->catalogue.get() == &cat);
    session.close_imported();
    v = session.wait_until([](const SessionView& x) { return !x.imported; }, kWait);
    CHECK_FALSE(v.imported);
    std::filesystem::remove_all(dir);
}


// issue 16 / 15: one data setup and codec (data/data_setup.h) for the app, the CLI and every
// checkpoint. The setup here is not the default (600 users, 300 items, 9000 clicks, 6 topics, 3
// days, generator seed 4): the old CLI codec rebuilt other data from such a checkpoint.
TEST_CASE("a checkpoint saved by the app resumes in the CLI from another folder, and the reverse", "[app][checkpoint]") {
    const std::string folder = temp_path("elsewhere");
    std::filesystem::create_directories(folder);
    TrainingSession session(quick_options());
    SessionView v = trained(session, 30, 4, 3);
    const std::string path = temp_path("app.tlck");
    session.save_checkpoint(path, app::checkpoint_dataset_source(v.data->setup));
    v = session.wait_until([](const SessionView& x) { return x.notice_serial == 1; }, kWait);
    REQUIRE(v.notice.find("saved checkpoint") != std::string::npos);

    const test::CliResult resumed = test::run_cli("checkpoint resume --in '" + path + "' --steps 3 --out cli.tlck", folder);
    INFO(resumed.output);
    CHECK(resumed.status == 0);
    CHECK(resumed.output.find("saved cli.tlck at step 33") != std::string::npos);

    // The reverse: saved by the CLI with the same non-default data, resumed in the app.
    const test::CliResult saved = test::run_cli("checkpoint save --dataset synthetic:users=600,items=300,clicks=9000,topics=6,days=3,seed=4 "
                                                "--batch-size 64 --hidden 32 --output-dim 16 --threads 1 --steps 7 --quiet --out from-cli.tlck",
                                                folder);
    INFO(saved.output);
    REQUIRE(saved.status == 0);
    const long run = v.run;
    session.load_checkpoint(folder + "/from-cli.tlck",
                            [&](const nlohmann::json& j) { return app::setup_from_checkpoint_source(j, folder + "/from-cli.tlck"); });
    v = session.wait_until([run](const SessionView& x) { return (x.run > run && settled_at(x, 7)) || x.error_source == "checkpoint"; },
                           kWait);
    INFO(v.error);
    CHECK(v.error_source != "checkpoint");
    CHECK(settled_at(v, 7));
    CHECK(v.data->setup.synthetic.seed == 4);
    CHECK(v.data->setup.synthetic.num_days == 3);
    std::filesystem::remove_all(folder);
    std::remove(path.c_str());
}
