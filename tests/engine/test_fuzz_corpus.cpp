// Every file of the fuzz corpus (the seeds, and the inputs that once crashed a loader) replayed
// through the same harness the fuzzer runs: the normal suite keeps every fixed finding fixed.
// A harness swallows towerlab::Error; any other exception, or a crash, fails this test.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "../fuzz/fuzz_harnesses.h"
#include "test_loader_fixtures.h"

using namespace towerlab;

namespace {

using Harness = int (*)(const uint8_t*, size_t);

void replay_corpus(const std::string& name, Harness harness) {
    const std::filesystem::path dir = std::filesystem::path(TOWERLAB_FUZZ_CORPUS) / name;
    REQUIRE(std::filesystem::is_directory(dir));
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(dir))
        if (e.is_regular_file()) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    REQUIRE(files.size() >= 2);
    for (const auto& f : files) {
        INFO(f.string());
        const std::string bytes = test::read_bytes(f.string());
        CHECK_NOTHROW(harness(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
    }
}

}  // namespace

TEST_CASE("the MovieLens 100K fuzz corpus loads or is refused with an Error", "[fuzz][movielens]") {
    replay_corpus("movielens_100k", fuzz::movielens_100k);
}

TEST_CASE("the MovieLens 1M fuzz corpus loads or is refused with an Error", "[fuzz][movielens]") {
    replay_corpus("movielens_1m", fuzz::movielens_1m);
}

TEST_CASE("the CSV fuzz corpus loads or is refused with an Error", "[fuzz][csv]") {
    replay_corpus("csv_dataset", fuzz::csv_dataset);
}

TEST_CASE("the embedding import fuzz corpus loads or is refused with an Error", "[fuzz][import]") {
    replay_corpus("embedding_import", fuzz::embedding_import);
}

TEST_CASE("the checkpoint fuzz corpus loads or is refused with an Error", "[fuzz][checkpoint]") {
    replay_corpus("checkpoint", fuzz::checkpoint);
}
