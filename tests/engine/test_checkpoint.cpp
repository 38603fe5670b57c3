// Checkpoints: resume gives the same loss curve as an uninterrupted run; bad files are refused
// with a clear error and change nothing; writes are atomic.
#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <unistd.h>

#include "checkpoint/atomic_file.h"
#include "checkpoint/checkpoint.h"
#include "core/error.h"
#include "data/split.h"
#include "data/synthetic_dataset.h"
#include "synthetic_fixtures.h"
#include "test_loader_fixtures.h"
#include "train/trainer.h"

using namespace towerlab;

namespace {

struct SmallWorld {
    std::shared_ptr<Dataset> data;
    std::shared_ptr<Split> split;
    TrainConfig config;
    explicit SmallWorld(uint64_t data_seed = 7) {
        SyntheticConfig sc = test::synthetic_sizes(800, 400, 8000);
        sc.seed = data_seed;
        data = std::make_shared<Dataset>(make_synthetic_dataset(sc));
        split = test::split_of(*data);
        config.batch_size = 64;
        config.ssl_batch_size = 64;
        config.augmentation = Augmentation::CorrelatedMask;  // SSL draws from the rng too
        config.logq_hash_size = 1 << 12;
        config.threads = 1;  // parallel GEMM collapses when a loaded machine oversubscribes its cores
    }
};

using test::error_of;
using test::read_bytes;
using test::temp_path;

void write_bytes_to(const std::string& path, const std::string& bytes) {
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    f.write(bytes.data(), static_cast<long>(bytes.size()));
}

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("training resumed from a checkpoint follows the uninterrupted loss curve exactly", "[checkpoint]") {
    SmallWorld w;
    const std::string path = temp_path("resume.tlck");
    Trainer straight(w.data, w.split, w.config);
    std::vector<double> expected;
    for (int s = 0; s < 30; ++s) {
        const double loss = straight.step().loss_total;
        if (s >= 15) expected.push_back(loss);
    }

    Trainer first_half(w.data, w.split, w.config);
    for (int s = 0; s < 15; ++s) first_half.step();
    save_checkpoint(path, first_half, nlohmann::json{{"source", "synthetic"}});
    const Checkpoint c = load_checkpoint(path);
    CHECK(c.state.step == 15);
    CHECK(c.dataset_source.value("source", "") == "synthetic");
    auto resumed = resume_trainer(w.data, w.split, c);
    CHECK(resumed->steps_done() == 15);
    CHECK(resumed->parameters() == first_half.parameters());
    std::vector<double> got;
    for (int s = 0; s < 15; ++s) got.push_back(resumed->step().loss_total);
    CHECK(got == expected);
    CHECK(resumed->parameters() == straight.parameters());
    std::remove(path.c_str());
}

TEST_CASE("truncated, corrupted, foreign and newer checkpoint files are refused and change nothing", "[checkpoint]") {
    SmallWorld w;
    const std::string good = temp_path("good.tlck"), bad = temp_path("bad.tlck");
    Trainer saved(w.data, w.split, w.config);
    for (int s = 0; s < 3; ++s) saved.step();
    save_checkpoint(good, saved);
    const std::string bytes = read_bytes(good);
    REQUIRE(bytes.size() > 1000);

    Trainer victim(w.data, w.split, w.config);
    const std::vector<float> before = victim.parameters();
    auto try_load = [&](const std::string& content) {
        write_bytes_to(bad, content);
        return error_of([&] { restore_state(victim, load_checkpoint(bad).state); });
    };

    const std::string truncated_body = try_load(bytes.substr(0, bytes.size() / 2));
    CHECK(contains(truncated_body, "truncated"));
    CHECK(contains(truncated_body, bad));  // the error names the file
    CHECK(contains(try_load(bytes.substr(0, 20)), "truncated"));

    std::string flipped = bytes;
    flipped[flipped.size() - 100] ^= 0x40;
    CHECK(contains(try_load(flipped), "checksum"));

    CHECK(contains(try_load("item_id\tvector\n1\t0.5\n"), "not a TowerLab checkpoint"));
    CHECK(contains(try_load(""), "the file is empty"));  // like every other loader

    std::string newer = bytes;
    newer[8] = 99;  // format version
    CHECK(contains(try_load(newer), "version 99"));

    CHECK(contains(try_load(bytes + "extra"), "after the payload"));
    CHECK(contains(error_of([&] { load_checkpoint(temp_path("does_not_exist.tlck")); }), "file not found"));

    CHECK(victim.parameters() == before);
    CHECK(victim.steps_done() == 0);
    std::remove(good.c_str());
    std::remove(bad.c_str());
}

TEST_CASE("a checkpoint is not restored onto other data or another architecture", "[checkpoint]") {
    SmallWorld w;
    Trainer saved(w.data, w.split, w.config);
    saved.step();
    const TrainerState state = capture_state(saved);

    SmallWorld other(8);  // same sizes, other clicks
    Trainer elsewhere(other.data, other.split, other.config);
    const std::vector<float> before = elsewhere.parameters();
    try {
        restore_state(elsewhere, state);
        FAIL("restored onto other data");
    } catch (const Error& e) {
        CHECK(e.where().field == "dataset");
    }
    CHECK(elsewhere.parameters() == before);

    TrainConfig wider = w.config;
    wider.model.output_dim = 32;
    Trainer narrow(w.data, w.split, wider);
    try {
        restore_state(narrow, state);
        FAIL("restored onto another architecture");
    } catch (const Error& e) {
        CHECK(e.where().field == "model.output_dim");
    }
    CHECK(first_config_difference(w.config, w.config).empty());
    TrainConfig more_threads = w.config;
    more_threads.threads = 7;
    CHECK(first_config_difference(w.config, more_threads).empty());
}

TEST_CASE("atomic writes leave the old file in place when writing fails", "[checkpoint]") {
    const std::string path = temp_path("atomic.txt");
    write_file_atomically(path, [&](std::FILE* f) { write_bytes(f, "old", 3, path); });
    CHECK(read_bytes(path) == "old");
    CHECK_THROWS_AS(write_file_atomically(path, [&](std::FILE* f) {
                        write_bytes(f, "half", 4, path);
                        throw Error("disk full (simulated)");
                    }),
                    Error);
    CHECK(read_bytes(path) == "old");
    CHECK_FALSE(std::ifstream(path + ".tmp-" + std::to_string(::getpid())).good());  // temporary removed
    write_file_atomically(path, [&](std::FILE* f) { write_bytes(f, "new", 3, path); });
    CHECK(read_bytes(path) == "new");
    CHECK(contains(error_of([&] { write_file_atomically("/nonexistent_dir_towerlab/x.tlck", [](std::FILE*) {}); }),
                   "/nonexistent_dir_towerlab/x.tlck"));
    std::remove(path.c_str());
}
