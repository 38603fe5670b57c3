// Datasets read from a folder or from the zip archive GroupLens ships (ml-100k.zip holds
// ml-100k/u.data, ...), and the format told from the files when the source names only a path.
// The fixture zips tests/data/ml-*-mini.zip have GroupLens' layout: a top-level folder entry, the
// data files inside it, and README / u.genre beside them.
#include <catch2/catch.hpp>
#include <zip.h>

#include <utility>
#include <vector>

#include "data/data_files.h"
#include "data/dataset_source.h"
#include "data/movielens_loader.h"
#include "test_loader_fixtures.h"

using namespace towerlab;
using namespace towerlab::test;

namespace {

// Writes a zip archive with these (entry name, bytes) pairs, deflated.
void write_zip(const std::string& path, const std::vector<std::pair<std::string, std::string>>& entries) {
    int code = 0;
    zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code);
    REQUIRE(z != nullptr);
    for (const auto& [name, bytes] : entries) {
        zip_source_t* src = zip_source_buffer(z, bytes.data(), bytes.size(), 0);
        REQUIRE(src != nullptr);
        REQUIRE(zip_file_add(z, name.c_str(), src, ZIP_FL_ENC_UTF_8) >= 0);
    }
    REQUIRE(zip_close(z) == 0);  // the buffers are read here, while `entries` is alive
}

void check_same(const Dataset& a, const Dataset& b) {
    REQUIRE(a.num_items() == b.num_items());
    REQUIRE(a.num_users() == b.num_users());
    REQUIRE(a.clicks.size() == b.clicks.size());
    for (size_t k = 0; k < a.clicks.size(); ++k) {
        CHECK(a.clicks[k].user == b.clicks[k].user);
        CHECK(a.clicks[k].item == b.clicks[k].item);
        CHECK(a.clicks[k].timestamp == b.clicks[k].timestamp);
    }
    for (int i = 0; i < a.num_items(); ++i) CHECK(a.item_id(i) == b.item_id(i));
    CHECK(a.item_titles == b.item_titles);
    CHECK(a.item_is_new == b.item_is_new);
}

}  // namespace

TEST_CASE("GroupLens' zips load as their folders do, by loader, by prefix and by detection", "[loader][zip]") {
    const Dataset folder100k = load_movielens_100k(fixture("ml-100k-mini"));
    check_same(load_movielens_100k(fixture("ml-100k-mini.zip")), folder100k);
    check_same(load_dataset("ml-100k:" + fixture("ml-100k-mini.zip")), folder100k);
    check_same(load_dataset(fixture("ml-100k-mini.zip")), folder100k);
    check_same(load_dataset(fixture("ml-100k-mini")), folder100k);

    const Dataset folder1m = load_movielens_1m(fixture("ml-1m-mini"));
    check_same(load_dataset(fixture("ml-1m-mini.zip")), folder1m);
    check_same(load_dataset(fixture("ml-1m-mini")), folder1m);

    CHECK(detect_dataset_format(fixture("ml-100k-mini.zip")) == "ml-100k");
    CHECK(detect_dataset_format(fixture("ml-1m-mini")) == "ml-1m");
    CHECK(detect_dataset_format(fixture("csv_example")) == "csv");
    CHECK(detect_dataset_format(fixture("ml-latest-mini.zip")) == "ml-latest");
    const Dataset latest = load_movielens_latest(fixture("ml-latest-mini"));
    check_same(load_dataset(fixture("ml-latest-mini.zip")), latest);
    check_same(load_dataset("ml-latest:" + fixture("ml-latest-mini")), latest);
    CHECK(load_dataset(fixture("csv_example")).num_items() == load_dataset("csv:" + fixture("csv_example")).num_items());
}

TEST_CASE("a zip at the root, a CSV dataset zipped, and the entries a zip may carry beside the data", "[loader][zip]") {
    ScratchFolder dir;
    // Files at the archive's root, plus macOS's resource-fork copies that must be ignored.
    const std::string u_data = read_bytes(fixture("ml-100k-mini/u.data"));
    write_zip(dir.file("root.zip"), {{"u.data", u_data},
                                     {"u.item", read_bytes(fixture("ml-100k-mini/u.item"))},
                                     {"u.user", read_bytes(fixture("ml-100k-mini/u.user"))},
                                     {"__MACOSX/._u.data", "\x00\x05\x16\x07 not data"}});
    CHECK(load_dataset(dir.file("root.zip")).clicks.size() == load_movielens_100k(fixture("ml-100k-mini")).clicks.size());

    std::vector<std::pair<std::string, std::string>> csv;
    for (const char* f : {"schema.json", "items.csv", "users.csv", "interactions.csv"})
        csv.emplace_back(std::string("csv_example/") + f, read_bytes(fixture(std::string("csv_example/") + f)));
    write_zip(dir.file("csv.ZIP"), csv);
    const Dataset zipped = load_dataset(dir.file("csv.ZIP"));
    const Dataset plain = load_dataset("csv:" + fixture("csv_example"));
    CHECK(zipped.num_items() == plain.num_items());
    CHECK(zipped.clicks.size() == plain.clicks.size());
    CHECK(zipped.item_id(2) == plain.item_id(2));
}

TEST_CASE("zip and detection errors name the archive, the entry and the line", "[loader][zip][catalogue]") {
    ScratchFolder dir;
    // A bad line inside a zipped file is reported at "ARCHIVE:ENTRY:LINE".
    std::string u_data = read_bytes(fixture("ml-100k-mini/u.data"));
    u_data += "1\t2\tfive\t881250949\n";
    const long bad_line = static_cast<long>(std::count(u_data.begin(), u_data.end(), '\n'));
    write_zip(dir.file("ml-100k.zip"), {{"ml-100k/u.data", u_data},
                                        {"ml-100k/u.item", read_bytes(fixture("ml-100k-mini/u.item"))},
                                        {"ml-100k/u.user", read_bytes(fixture("ml-100k-mini/u.user"))}});
    CHECK(error_of([&] { load_dataset(dir.file("ml-100k.zip")); }) ==
          dir.file("ml-100k.zip") + ":ml-100k/u.data:" + std::to_string(bad_line) +
              ": field 'rating': expected an integer, found 'five'");

    // A file the loader needs that the archive lacks.
    write_zip(dir.file("no-users.zip"), {{"ml-100k/u.data", read_bytes(fixture("ml-100k-mini/u.data"))},
                                         {"ml-100k/u.item", read_bytes(fixture("ml-100k-mini/u.item"))}});
    CHECK(error_of([&] { load_dataset(dir.file("no-users.zip")); }) ==
          dir.file("no-users.zip") + ":u.user: file not found in the zip archive");

    // Two copies of one file: an error, never a silent pick.
    write_zip(dir.file("twice.zip"), {{"a/u.data", u_data}, {"b/u.data", u_data}});
    CHECK(error_of([&] { DataFiles files(dir.file("twice.zip")); }) ==
          dir.file("twice.zip") + ": holds 'u.data' twice ('a/u.data' and 'b/u.data'): keep one data set per archive");

    // Unknown contents list what was looked for.
    write_zip(dir.file("photos.zip"), {{"cat.jpg", "\xff\xd8\xff"}});
    CHECK_THAT(error_of([&] { load_dataset(dir.file("photos.zip")); }),
               Catch::StartsWith(dir.file("photos.zip") + ": cannot tell the format: expected u.data and u.item"));

    // Not a zip at all, a missing zip, an empty archive, a damaged one.
    dir.write("fake.zip", "this is not a zip archive\n");
    CHECK_THAT(error_of([&] { load_dataset(dir.file("fake.zip")); }),
               Catch::StartsWith(dir.file("fake.zip") + ": cannot read the zip archive: "));
    CHECK(error_of([&] { load_dataset("ml-1m:" + dir.file("missing.zip")); }) == dir.file("missing.zip") + ": zip file not found");
    write_zip(dir.file("empty.zip"), {{"ml-100k/", ""}});
    CHECK(error_of([&] { DataFiles files(dir.file("empty.zip")); }) == dir.file("empty.zip") + ": the zip archive holds no files");
    std::string bytes = read_bytes(fixture("ml-100k-mini.zip"));
    const size_t data_at = bytes.find("ml-100k/u.data") + 14 + 20;  // inside u.data's deflated bytes
    REQUIRE(data_at < bytes.size());
    bytes[data_at] = static_cast<char>(bytes[data_at] ^ 0x5a);
    dir.write("damaged.zip", bytes);
    const std::string damaged = error_of([&] { load_dataset(dir.file("damaged.zip")); });
    INFO(damaged);
    CHECK_THAT(damaged, Catch::StartsWith(dir.file("damaged.zip") + ":ml-100k/u.data"));

    // A bare path that does not exist is still "unknown source", with the forms listed.
    CHECK_THAT(error_of([&] { load_dataset("no-such-folder"); }),
               Catch::Contains("unknown dataset source 'no-such-folder'") && Catch::Contains("a .zip archive"));
}
