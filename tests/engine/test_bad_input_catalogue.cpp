// The bad-input catalogue: for every loader (MovieLens 100K and 1M, CSV + schema.json, embedding
// import, checkpoint) a table of malformed inputs and the exact error each gets: the message, and
// the file, line and field the Error names. Then absurd hyper-parameters, in the engine and the CLI.
// docs/reliability.md counts the rows. Each row damages one file of a good scratch copy, so the
// row alone explains the error.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "checkpoint/checkpoint.h"
#include "core/config.h"
#include "core/config_json.h"
#include "data/csv_loader.h"
#include "data/movielens_loader.h"
#include "export/embedding_import.h"
#include "export/npy_format.h"
#include "cli_runner.h"
#include "test_loader_fixtures.h"

using namespace towerlab;
using towerlab::test::CliResult;
using towerlab::test::run_cli;
using towerlab::test::fixture;
using towerlab::test::ScratchFolder;

namespace {

enum class Damage {
    Rewrite,         // the file's bytes replaced by rewrite(old bytes)
    HundredMegLine,  // one line of 100 MB, no newline (the loader must stop long before the end)
    Directory,       // a folder where the file should be
    Unreadable,      // mode 000 (skipped as root, who reads anything)
};

struct Row {
    std::string input;  // what is wrong, in words
    std::string file;   // the damaged file, in the scratch folder
    Damage damage;
    std::function<std::string(const std::string&)> rewrite;
    // The Error expected: a substring of message(), and where(): the file (in the scratch folder;
    // "" = none), the 1-based line (0 = the whole file) and the field.
    std::string message;
    std::string where_file;
    long line;
    std::string field;
};

using Rewrite = std::function<std::string(const std::string&)>;

Rewrite whole(std::string bytes) {
    return [bytes](const std::string&) { return bytes; };
}

// The text with its 1-based line `n` replaced by `line`.
Rewrite line_replaced(int n, std::string line) {
    return [n, line](const std::string& text) {
        std::string out;
        size_t start = 0;
        for (int k = 1; start < text.size(); ++k) {
            size_t end = text.find('\n', start);
            if (end == std::string::npos) end = text.size();
            out += (k == n ? line : text.substr(start, end - start)) + "\n";
            start = end + 1;
        }
        return out;
    };
}

Rewrite appended(std::string line) {
    return [line](const std::string& text) { return text + line + "\n"; };
}

Rewrite every(char from, char to) {
    return [from, to](std::string text) {
        for (char& c : text)
            if (c == from) c = to;
        return text;
    };
}

void write_hundred_meg_line(const std::string& path) {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    REQUIRE(f);
    const std::string chunk(size_t{1} << 20, 'x');
    for (int k = 0; k < 100; ++k) REQUIRE(std::fwrite(chunk.data(), 1, chunk.size(), f) == chunk.size());
    std::fclose(f);
}

bool permissions_apply() { return ::geteuid() != 0; }

// Damages one file of a fresh copy made by `setup`, runs `load` on the folder and checks the Error.
void check_catalogue(const std::vector<Row>& rows, const std::function<void(const ScratchFolder&)>& setup,
                     const std::function<void(const std::string& dir)>& load) {
    for (const Row& row : rows) {
        INFO("input: " << row.input << " (" << row.file << ")");
        ScratchFolder dir;
        setup(dir);
        const std::string path = dir.file(row.file);
        switch (row.damage) {
            case Damage::Rewrite: dir.write(row.file, row.rewrite(test::read_bytes(path))); break;
            case Damage::HundredMegLine: write_hundred_meg_line(path); break;
            case Damage::Directory:
                dir.remove(row.file);
                REQUIRE(::mkdir(path.c_str(), 0755) == 0);
                break;
            case Damage::Unreadable:
                if (!permissions_apply()) {
                    WARN("running as root, which reads any file: the no-permission row of " << row.file << " is skipped");
                    continue;
                }
                REQUIRE(::chmod(path.c_str(), 0) == 0);
                break;
        }
        bool thrown = false;
        try {
            load(dir.path());
        } catch (const Error& e) {
            thrown = true;
            INFO("error: " << e.what());
            CHECK_THAT(e.message(), Catch::Contains(row.message));
            CHECK(e.where().file == (row.where_file.empty() ? std::string() : dir.file(row.where_file)));
            CHECK(e.where().line == row.line);
            CHECK(e.where().field == row.field);
        }
        CHECK(thrown);
        if (row.damage == Damage::Unreadable) ::chmod(path.c_str(), 0644);
    }
}

void copy_fixture(const ScratchFolder& dir, const std::string& name) {
    for (const char* f : {"u.data", "u.item", "u.user", "ratings.dat", "movies.dat", "users.dat", "schema.json",
                          "items.csv", "interactions.csv", "users.csv"}) {
        const std::string from = test::fixture(name) + "/" + f;
        if (::access(from.c_str(), F_OK) == 0) dir.write(f, test::read_bytes(from));
    }
}

const std::string kLong = "line is longer than 1048576 bytes";

}  // namespace

TEST_CASE("catalogue: MovieLens 100K refuses each malformed input with file, line and field", "[catalogue][movielens]") {
    const std::vector<Row> rows = {
        {"empty file", "u.data", Damage::Rewrite, whole(""), "the file is empty", "u.data", 0, ""},
        {"truncated line", "u.data", Damage::Rewrite, line_replaced(2, "1\t2\t4"),
         "expected 4 fields separated by tab, found 3", "u.data", 2, "timestamp"},
        {"wrong separator", "u.data", Damage::Rewrite, every('\t', ','),
         "expected 4 fields separated by tab, found 1 (wrong separator?)", "u.data", 1, "item id"},
        {"Latin-1 in a field that is not a title", "u.user", Damage::Rewrite,
         line_replaced(1, "1|24|M|t\xe9\x63hnician|85711"), "unknown occupation", "u.user", 1, "occupation"},
        {"id out of range (0)", "u.data", Damage::Rewrite, line_replaced(3, "1\t0\t2\t881250003"),
         "value 0 is outside 1..2147483647", "u.data", 3, "item id"},
        {"id not in the item file", "u.data", Damage::Rewrite, line_replaced(3, "1\t999\t2\t881250003"),
         "item 999 is not in u.item", "u.data", 3, "item id"},
        {"rating out of range", "u.data", Damage::Rewrite, line_replaced(1, "1\t1\t6\t881250001"),
         "value 6 is outside 1..5", "u.data", 1, "rating"},
        {"duplicate id", "u.user", Damage::Rewrite, appended("1|30|F|writer|12345"),
         "duplicate id 1 (first on line 1)", "u.user", 7, "user id"},
        {"NaN rating", "u.data", Damage::Rewrite, line_replaced(1, "1\t1\tnan\t881250001"),
         "expected an integer, found 'nan'", "u.data", 1, "rating"},
        {"Inf timestamp", "u.data", Damage::Rewrite, line_replaced(1, "1\t1\t5\tinf"),
         "expected an integer, found 'inf'", "u.data", 1, "timestamp"},
        {"bad release date", "u.item", Damage::Rewrite,
         line_replaced(1, "1|Toy Story (1995)|1995-01-01||url|0|0|0|1|1|1|0|0|0|0|0|0|0|0|0|0|0|0|0"),
         "expected a date like 01-Jan-1995", "u.item", 1, "release date"},
        {"a line of 100 MB", "u.data", Damage::HundredMegLine, {}, kLong, "u.data", 1, ""},
        {"a directory instead of a file", "u.item", Damage::Directory, {}, "is a directory, expected a file", "u.item", 0, ""},
        {"no read permission", "u.data", Damage::Unreadable, {}, "cannot open: Permission denied", "u.data", 0, ""},
    };
    check_catalogue(rows, [](const ScratchFolder& d) { copy_fixture(d, "ml-100k-mini"); },
                    [](const std::string& dir) { load_movielens_100k(dir); });
}

TEST_CASE("catalogue: MovieLens 1M refuses each malformed input with file, line and field", "[catalogue][movielens]") {
    const std::vector<Row> rows = {
        {"empty file", "ratings.dat", Damage::Rewrite, whole(""), "the file is empty", "ratings.dat", 0, ""},
        {"truncated line", "ratings.dat", Damage::Rewrite, line_replaced(2, "1::1::4"),
         "expected 4 fields separated by '::', found 3", "ratings.dat", 2, "Timestamp"},
        {"wrong separator", "ratings.dat", Damage::Rewrite, line_replaced(1, "1\t1193\t5\t978300760"),
         "found 1 (wrong separator?)", "ratings.dat", 1, "MovieID"},
        {"Latin-1 in a field that is not a title", "users.dat", Damage::Rewrite, line_replaced(1, "1::\xc9::1::10::48067"),
         "expected M or F", "users.dat", 1, "Gender"},
        {"id out of range (occupation 21)", "users.dat", Damage::Rewrite, line_replaced(1, "1::F::1::21::48067"),
         "value 21 is outside 0..20", "users.dat", 1, "Occupation"},
        {"age not a group code", "users.dat", Damage::Rewrite, line_replaced(2, "2::M::30::16::70072"),
         "expected an age group code", "users.dat", 2, "Age"},
        {"user not in users.dat", "ratings.dat", Damage::Rewrite, line_replaced(3, "9999::73::3::978301968"),
         "user 9999 is not in users.dat", "ratings.dat", 3, "UserID"},
        {"unknown genre", "movies.dat", Damage::Rewrite, line_replaced(2, "2::Jumanji (1995)::Adventure|Cartoon"),
         "unknown genre 'Cartoon'", "movies.dat", 2, "Genres"},
        {"duplicate id", "movies.dat", Damage::Rewrite, appended("1::Toy Story Again (1999)::Comedy"),
         "duplicate id 1 (first on line 1)", "movies.dat", 7, "MovieID"},
        {"NaN rating", "ratings.dat", Damage::Rewrite, line_replaced(1, "1::1193::nan::978300760"),
         "expected an integer, found 'nan'", "ratings.dat", 1, "Rating"},
        {"Inf timestamp", "ratings.dat", Damage::Rewrite, line_replaced(1, "1::1193::5::-inf"),
         "expected an integer, found '-inf'", "ratings.dat", 1, "Timestamp"},
        {"a line of 100 MB", "movies.dat", Damage::HundredMegLine, {}, kLong, "movies.dat", 1, ""},
        {"a directory instead of a file", "users.dat", Damage::Directory, {}, "is a directory, expected a file", "users.dat", 0, ""},
        {"no read permission", "ratings.dat", Damage::Unreadable, {}, "cannot open: Permission denied", "ratings.dat", 0, ""},
    };
    check_catalogue(rows, [](const ScratchFolder& d) { copy_fixture(d, "ml-1m-mini"); },
                    [](const std::string& dir) { load_movielens_1m(dir); });
}

TEST_CASE("catalogue: CSV + schema.json refuses each malformed input with file, line and field", "[catalogue][csv]") {
    const std::vector<Row> rows = {
        {"empty file", "interactions.csv", Damage::Rewrite, whole(""), "the file is empty", "interactions.csv", 0, ""},
        {"empty schema", "schema.json", Damage::Rewrite, whole(""), "the file is empty", "schema.json", 0, ""},
        {"truncated line", "items.csv", Damage::Rewrite, line_replaced(3, "a2,Quiet Days,Drama"),
         "expected 6 fields separated by ',', found 3", "items.csv", 3, "studio"},
        {"truncated schema", "schema.json", Damage::Rewrite, whole("{\n  \"delimiter\": \",\",\n  \"interactions\": {"),
         "invalid JSON", "schema.json", 3, ""},
        {"wrong separator", "items.csv", Damage::Rewrite, every(',', ';'),
         "is the delimiter ',' right?", "items.csv", 1, "item_id"},
        {"Latin-1 where UTF-8 is expected", "items.csv", Damage::Rewrite,
         line_replaced(6, "a5,Caf\xe9 Society,Comedy|Romance,South,2016,12"), "is not valid UTF-8", "items.csv", 6, "title"},
        {"item id not in items.csv", "interactions.csv", Damage::Rewrite, line_replaced(2, "u1,zz,1000,5"),
         "item 'zz' is not in items.csv", "interactions.csv", 2, "item_id"},
        {"user id not in users.csv", "interactions.csv", Damage::Rewrite, line_replaced(3, "u9,a2,1010,3"),
         "user 'u9' is not in users.csv", "interactions.csv", 3, "user_id"},
        {"timestamp out of range", "interactions.csv", Damage::Rewrite, line_replaced(2, "u1,a1,99999999999999999999,5"),
         "is outside", "interactions.csv", 2, "timestamp"},
        {"duplicate id", "items.csv", Damage::Rewrite, appended("a1,Again,Drama,North,2000,1"),
         "duplicate id 'a1' (first on line 2)", "items.csv", 7, "item_id"},
        {"NaN value", "items.csv", Damage::Rewrite, line_replaced(3, "a2,Quiet Days,Drama,South,nan,4.5"),
         "expected a finite number, found 'nan'", "items.csv", 3, "year"},
        {"Inf value", "items.csv", Damage::Rewrite, line_replaced(3, "a2,Quiet Days,Drama,South,2004,inf"),
         "expected a finite number, found 'inf'", "items.csv", 3, "price"},
        {"a label that is not a number", "interactions.csv", Damage::Rewrite, line_replaced(2, "u1,a1,1000,five"),
         "expected a number, found 'five'", "interactions.csv", 2, "rating"},
        {"a schema number beyond double", "schema.json", Damage::Rewrite,
         [](std::string s) { return s.replace(s.find("1990"), 4, "1e400"); }, "invalid JSON", "schema.json", 0, ""},
        {"a misspelt schema key", "schema.json", Damage::Rewrite,
         [](std::string s) { return s.replace(s.find("\"items\""), 7, "\"itmes\""); }, "unknown key", "schema.json", 0, "itmes"},
        {"a line of 100 MB", "interactions.csv", Damage::HundredMegLine, {}, kLong, "interactions.csv", 1, ""},
        {"a directory instead of a file", "items.csv", Damage::Directory, {}, "is a directory, expected a file", "items.csv", 0, ""},
        {"no read permission", "users.csv", Damage::Unreadable, {}, "cannot open: Permission denied", "users.csv", 0, ""},
    };
    check_catalogue(rows, [](const ScratchFolder& d) { copy_fixture(d, "csv_example"); },
                    [](const std::string& dir) { load_csv_dataset(dir); });
}

TEST_CASE("catalogue: embedding import refuses each malformed input with file, line and field", "[catalogue][import]") {
    const auto setup = [](const ScratchFolder& d) {
        d.write("vectors.tsv", "1\t0\n0\t1\n0.6\t0.8\n");
        d.write("metadata.tsv", "item_id\tclicks\tgenre\na\t10\tx\nb\t0\ty|z\nc\t3\t\n");
        Mat<float> m(3, 2);
        m << 1, 0, 0, 1, 0.6f, 0.8f;
        write_npy(d.file("vectors.npy"), m);
    };
    const auto npy_header = [](const std::string& shape) {
        return [shape](std::string s) {
            const size_t at = s.find("(3, 2)");
            return s.replace(at, 6, shape);
        };
    };
    const std::vector<Row> tsv_rows = {
        {"empty file", "vectors.tsv", Damage::Rewrite, whole(""), "the file is empty", "vectors.tsv", 0, ""},
        {"empty metadata", "metadata.tsv", Damage::Rewrite, whole(""), "the file is empty", "metadata.tsv", 0, ""},
        {"truncated vector line", "vectors.tsv", Damage::Rewrite, line_replaced(2, "0"), "has 1 values, line 1 has 2",
         "vectors.tsv", 2, "column 2"},
        {"truncated metadata line", "metadata.tsv", Damage::Rewrite, line_replaced(3, "b\t0"),
         "has 2 columns, the header has 3", "metadata.tsv", 3, "genre"},
        {"wrong separator", "vectors.tsv", Damage::Rewrite, every('\t', ','), "'1,0' is not a number", "vectors.tsv", 1,
         "column 1"},
        {"Latin-1 where UTF-8 is expected", "metadata.tsv", Damage::Rewrite, line_replaced(2, "a\t10\tcaf\xe9"),
         "is not valid UTF-8", "metadata.tsv", 2, "genre"},
        {"a row missing (count out of range)", "metadata.tsv", Damage::Rewrite, whole("item_id\tclicks\na\t1\nb\t2\n"),
         "3 vectors", "metadata.tsv", 1, ""},
        {"negative click count", "metadata.tsv", Damage::Rewrite, line_replaced(3, "b\t-2\ty"),
         "'-2' is not a non-negative click count", "metadata.tsv", 3, "clicks"},
        {"duplicate id", "metadata.tsv", Damage::Rewrite, line_replaced(4, "a\t3\t"),
         "duplicate item id 'a' (first on line 2)", "metadata.tsv", 4, "item_id"},
        {"NaN in a vector", "vectors.tsv", Damage::Rewrite, line_replaced(2, "0\tnan"), "'nan' is not a finite float",
         "vectors.tsv", 2, "column 2"},
        {"Inf in a vector", "vectors.tsv", Damage::Rewrite, line_replaced(3, "-inf\t0.8"), "'-inf' is not a finite float",
         "vectors.tsv", 3, "column 1"},
        {"beyond float's range", "vectors.tsv", Damage::Rewrite, line_replaced(1, "1e39\t0"), "'1e39' is not a finite float",
         "vectors.tsv", 1, "column 1"},
        {"NaN click count", "metadata.tsv", Damage::Rewrite, line_replaced(2, "a\tnan\tx"),
         "'nan' is not a non-negative click count", "metadata.tsv", 2, "clicks"},
        {"an all-zero vector", "vectors.tsv", Damage::Rewrite, line_replaced(2, "0\t0"), "all-zero vector", "vectors.tsv", 2, ""},
        {"a line of 100 MB", "metadata.tsv", Damage::HundredMegLine, {}, kLong, "metadata.tsv", 1, ""},
        {"a directory instead of a file", "vectors.tsv", Damage::Directory, {}, "is a directory, expected a file",
         "vectors.tsv", 0, ""},
        {"no read permission", "metadata.tsv", Damage::Unreadable, {}, "cannot open: Permission denied", "metadata.tsv", 0, ""},
    };
    check_catalogue(tsv_rows, setup, [](const std::string& dir) {
        import_item_embeddings(dir + "/vectors.tsv", dir + "/metadata.tsv");
    });
    const std::vector<Row> npy_rows = {
        {"empty file", "vectors.npy", Damage::Rewrite, whole(""), "the file is empty", "vectors.npy", 0, ""},
        {"not a .npy file", "vectors.npy", Damage::Rewrite, whole("1\t0\n0\t1\n"), "not a .npy file", "vectors.npy", 0, ""},
        {"truncated data", "vectors.npy", Damage::Rewrite, [](const std::string& s) { return s.substr(0, s.size() - 4); },
         "truncated .npy data", "vectors.npy", 0, ""},
        {"a shape larger than the data", "vectors.npy", Damage::Rewrite, npy_header("(9, 2)"), "truncated .npy data",
         "vectors.npy", 0, ""},
        {"a dimension that would overflow", "vectors.npy", Damage::Rewrite, npy_header("(99999999999999999999, 2)"),
         "is too large", "vectors.npy", 0, "shape"},
        {"NaN in a vector", "vectors.npy", Damage::Rewrite,
         [](std::string s) {
             const float nan = std::numeric_limits<float>::quiet_NaN();
             std::memcpy(&s[s.size() - 4], &nan, 4);
             return s;
         },
         "NaN or infinite", "vectors.npy", 0, "row 2"},
        {"a directory instead of a file", "vectors.npy", Damage::Directory, {}, "is a directory, expected a file",
         "vectors.npy", 0, ""},
        {"no read permission", "vectors.npy", Damage::Unreadable, {}, "cannot open: Permission denied", "vectors.npy", 0, ""},
    };
    check_catalogue(npy_rows, setup, [](const std::string& dir) {
        import_item_embeddings(dir + "/vectors.npy", dir + "/metadata.tsv");
    });
}

namespace {

// A checkpoint file from raw sections, with a correct header and checksum (checkpoint.h's layout).
std::string checkpoint_file(const std::vector<std::pair<std::string, std::string>>& sections) {
    std::string payload;
    for (const auto& [tag, body] : sections) {
        const uint64_t n = body.size();
        payload += tag;
        payload.append(reinterpret_cast<const char*>(&n), 8);
        payload += body;
    }
    uint64_t h = 1469598103934665603ull;
    for (const char c : payload) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    std::string file = "TWRLCKPT";
    const uint32_t version = kCheckpointVersion, header_size = 32;
    const uint64_t size = payload.size();
    file.append(reinterpret_cast<const char*>(&version), 4);
    file.append(reinterpret_cast<const char*>(&header_size), 4);
    file.append(reinterpret_cast<const char*>(&size), 8);
    file.append(reinterpret_cast<const char*>(&h), 8);
    return file + payload;
}

std::string blocks_of(const std::vector<float>& values) {
    std::string b;
    const uint32_t count = 1;
    const uint64_t n = values.size();
    b.append(reinterpret_cast<const char*>(&count), 4);
    b.append(reinterpret_cast<const char*>(&n), 8);
    b.append(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(float));
    return b;
}

// A small valid checkpoint's sections; `conf` is the CONF section's JSON.
std::vector<std::pair<std::string, std::string>> sections(const std::string& conf = "{\"batch_size\": 64}",
                                                          const std::vector<float>& user_tower = {0.5f, -0.5f}) {
    const int64_t step = 3;
    const uint64_t zero = 0;
    const std::string step_bytes(reinterpret_cast<const char*>(&step), 8);
    return {{"META", R"({"format": "towerlab-checkpoint", "writer": "TowerLab"})"},
            {"CONF", conf},
            {"DATA", R"({"name": "s", "users": 2, "items": 2, "train_clicks": 3, "train_hash": 1,
                         "user_fields": "user_id", "item_fields": "item_id"})"},
            {"STEP", step_bytes},
            {"RNG_", "1 2 3"},
            {"UTWR", blocks_of(user_tower)},
            {"UOPT", step_bytes + blocks_of({0.f, 0.f})},
            {"ITWR", blocks_of({1.f})},
            {"IOPT", step_bytes + blocks_of({0.f})},
            {"FREQ", std::string(reinterpret_cast<const char*>(&zero), 8)}};
}

}  // namespace

TEST_CASE("catalogue: the checkpoint reader refuses each damaged file with file and section", "[catalogue][checkpoint]") {
    const auto setup = [](const ScratchFolder& d) { d.write("model.twrl", checkpoint_file(sections())); };
    ScratchFolder good;
    setup(good);
    REQUIRE_NOTHROW(load_checkpoint(good.file("model.twrl")));
    auto with = [](std::vector<std::pair<std::string, std::string>> s) { return whole(checkpoint_file(s)); };
    auto doubled = sections();
    doubled.push_back(doubled[1]);
    const std::vector<Row> rows = {
        {"empty file", "model.twrl", Damage::Rewrite, whole(""), "the file is empty", "model.twrl", 0, ""},
        {"truncated file", "model.twrl", Damage::Rewrite, [](const std::string& s) { return s.substr(0, s.size() / 2); },
         "truncated checkpoint", "model.twrl", 0, ""},
        {"another format (a text file)", "model.twrl", Damage::Rewrite, whole("user\titem\n1\t2\n"),
         "not a TowerLab checkpoint", "model.twrl", 0, ""},
        {"one byte changed", "model.twrl", Damage::Rewrite,
         [](std::string s) {
             s[s.size() - 3] ^= 0x20;
             return s;
         },
         "checksum mismatch", "model.twrl", 0, ""},
        {"a newer format version", "model.twrl", Damage::Rewrite,
         [](std::string s) {
             s[8] = 99;
             return s;
         },
         "format version 99 is not readable", "model.twrl", 0, ""},
        {"a section twice", "model.twrl", Damage::Rewrite, with(doubled), "the section appears twice", "model.twrl", 0, "CONF"},
        {"invalid UTF-8 in a JSON section", "model.twrl", Damage::Rewrite, with(sections("{\"batch_size\": \"\xe9\"}")),
         "is not valid JSON", "model.twrl", 0, "CONF"},
        {"hyper-parameter out of range", "model.twrl", Damage::Rewrite, with(sections("{\"batch_size\": 0}")),
         "must be in 2..65536", "model.twrl", 0, "CONF.batch_size"},
        {"an integer beyond int", "model.twrl", Damage::Rewrite, with(sections("{\"batch_size\": 1e300}")),
         "expected an integer in range", "model.twrl", 0, "CONF.batch_size"},
        {"NaN parameter", "model.twrl", Damage::Rewrite, with(sections("{}", {0.5f, std::nanf("")})),
         "block 0 value 1 is NaN or infinite", "model.twrl", 0, "UTWR"},
        {"Inf parameter", "model.twrl", Damage::Rewrite,
         with(sections("{}", {std::numeric_limits<float>::infinity()})), "block 0 value 0 is NaN or infinite",
         "model.twrl", 0, "UTWR"},
        {"a file of 100 MB without the magic", "model.twrl", Damage::HundredMegLine, {}, "not a TowerLab checkpoint",
         "model.twrl", 0, ""},
        {"a directory instead of a file", "model.twrl", Damage::Directory, {}, "is a directory, expected a file",
         "model.twrl", 0, ""},
        {"no read permission", "model.twrl", Damage::Unreadable, {}, "cannot open: Permission denied", "model.twrl", 0, ""},
    };
    check_catalogue(rows, setup, [](const std::string& dir) { load_checkpoint(dir + "/model.twrl"); });
}

TEST_CASE("catalogue: a folder argument that is a file, or missing, is named", "[catalogue]") {
    ScratchFolder dir("ml-100k-mini");
    const Error e = [&] {
        try {
            load_movielens_1m(dir.file("u.data"));
        } catch (const Error& e) {
            return e;
        }
        return Error("(no error thrown)");
    }();
    CHECK_THAT(e.message(), Catch::Contains("is a file, expected the folder"));
    CHECK(e.where().file == dir.file("u.data"));
    CHECK(test::error_of([&] { load_csv_dataset(dir.file("nope")); }) == dir.file("nope") + ": folder not found");
}

// ---------------------------------------------------------------------------------------------
// Absurd hyper-parameters: the engine's validation names the field; the CLI names the flag (or the
// config file and key) and exits with an error before any training.

TEST_CASE("catalogue: absurd hyper-parameters are refused naming the field", "[catalogue][config]") {
    struct Case {
        const char* input;
        std::function<void(TrainConfig&)> set;
        const char* field;
        const char* message;
    };
    const std::vector<Case> cases = {
        {"batch 0", [](TrainConfig& c) { c.batch_size = 0; }, "batch_size", "must be in 2..65536"},
        {"tau 0", [](TrainConfig& c) { c.tau = 0; }, "tau", "tau = 0 would divide by zero"},
        {"alpha < 0", [](TrainConfig& c) { c.alpha = -1; }, "alpha", "SSL weight must be in [0, 100]"},
        {"lr NaN", [](TrainConfig& c) { c.learning_rate = std::nan(""); }, "learning_rate", "must be in (0, 10]"},
        {"lr Inf", [](TrainConfig& c) { c.learning_rate = INFINITY; }, "learning_rate", "must be in (0, 10]"},
        {"K = 0", [](TrainConfig& c) { c.eval_k = {10, 0}; }, "eval_k", "each K must be in 1..100000"},
        {"no K", [](TrainConfig& c) { c.eval_k.clear(); }, "eval_k", "needs at least one K"},
        {"SSL batch 1", [](TrainConfig& c) { c.ssl_batch_size = 1; }, "ssl_batch_size", "must be in 2..65536"},
        {"threads 0", [](TrainConfig& c) { c.threads = 0; }, "threads", "must be in 1..256"},
    };
    for (const Case& k : cases) {
        INFO(k.input);
        TrainConfig c;
        k.set(c);
        try {
            c.validate();
            FAIL("accepted");
        } catch (const Error& e) {
            CHECK(e.where().field == k.field);
            CHECK_THAT(e.message(), Catch::Contains(k.message));
        }
    }
}


TEST_CASE("catalogue: the CLI refuses absurd hyper-parameters naming the flag", "[catalogue][config][cli]") {
    const std::string train = "train --dataset synthetic:items=60,users=200,clicks=2000 --steps 1 --quiet ";
    struct Case {
        const char* args;
        const char* expected;  // in the output
    };
    const std::vector<Case> cases = {
        {"--batch-size 0", "field '--batch-size': must be in 2..65536"},
        {"--tau 0", "field '--tau': temperature must be in [0.001, 100]"},
        {"--alpha=-0.5", "field '--alpha': SSL weight must be in [0, 100]"},
        {"--lr nan", "field '--lr': must be in (0, 10]"},
        {"--lr 1e9", "field '--lr': must be in (0, 10]"},
    };
    for (const Case& k : cases) {
        INFO(k.args);
        const CliResult r = run_cli(train + k.args);
        INFO(r.output);
        CHECK(r.status != 0);
        CHECK_THAT(r.output, Catch::Contains(k.expected));
    }

    ScratchFolder dir;
    SECTION("K larger than the catalogue") {
        dir.write("k.json", "{\"eval_k\": [10, 500]}");
        const CliResult r = run_cli(train + "--config " + dir.file("k.json"));
        INFO(r.output);
        CHECK(r.status != 0);
        CHECK_THAT(r.output, Catch::Contains("field 'eval_k': K = 500 is not smaller than the catalogue (60 items)"));
    }
    SECTION("a bad value from a config file names the file and the key") {
        dir.write("b.json", "{\"batch_size\": 0}");
        const CliResult r = run_cli(train + "--config " + dir.file("b.json"));
        INFO(r.output);
        CHECK(r.status != 0);
        CHECK_THAT(r.output, Catch::Contains(dir.file("b.json") + ": field 'batch_size': must be in 2..65536"));
    }
}

// ---------------------------------------------------------------------------------------------
// What a new user hit (issue 16's ten findings, 2 to 10; 1 is test_export.cpp's id round trip).
// Each case failed on the code before its fix.

namespace {
const std::string kSmall = "--dataset synthetic:items=60,users=200,clicks=2000 --quiet ";
}  // namespace

TEST_CASE("catalogue (finding 2): output paths are checked before training, so a bad one loses no run",
          "[catalogue][cli]") {
    ScratchFolder dir;
    dir.write("a-file", "x");
    const std::string under_file = dir.file("a-file") + "/sub";  // ENOTDIR, even for root
    const CliResult save = run_cli("checkpoint save " + kSmall + "--steps 100000 --out " + under_file + "/m.twrl");
    INFO(save.output);
    CHECK(save.status != 0);
    CHECK_THAT(save.output, Catch::Contains("field '--out'") && Catch::Contains("nothing was run"));
    const CliResult exported = run_cli("export-embeddings " + kSmall + "--steps 100000 --out " + under_file);
    INFO(exported.output);
    CHECK(exported.status != 0);
    CHECK_THAT(exported.output, Catch::Contains("cannot create the folder") && Catch::Contains("nothing was run"));
}

TEST_CASE("catalogue (finding 3): every command holds out the MovieLens cold share it is given", "[catalogue][cli]") {
    ScratchFolder dir;
    const std::string ml = "--dataset ml-100k:" + fixture("ml-100k-mini") + " --cold-item-share 0.5 --batch-size 2 ";
    const CliResult trained = run_cli("train " + ml + "--steps 1");
    const CliResult saved = run_cli("checkpoint save " + ml + "--steps 1 --out " + dir.file("m.twrl"));
    REQUIRE(trained.status == 0);
    REQUIRE(saved.status == 0);
    // The data line each prints: the same cold items either way.
    auto cold_line = [](const std::string& out) {
        const size_t at = out.find("items head/tail/cold");
        return at == std::string::npos ? std::string("(none)") : out.substr(at, out.find_first_of(" (\n", at + 21) - at);
    };
    INFO(trained.output << "\n---\n" << saved.output);
    CHECK(cold_line(saved.output) == cold_line(trained.output));
    const CliResult resumed = run_cli("checkpoint resume --in " + dir.file("m.twrl") + " --steps 0 --out " + dir.file("n.twrl"));
    INFO(resumed.output);
    REQUIRE(resumed.status == 0);
    CHECK(cold_line(resumed.output) == cold_line(trained.output));
}

TEST_CASE("catalogue (finding 4): sizes that cannot fit the data are refused naming the flag", "[catalogue][cli]") {
    const CliResult batch = run_cli("train " + kSmall + "--steps 1 --batch-size 65536");
    CHECK(batch.status != 0);
    CHECK_THAT(batch.output, Catch::Contains("field '--batch-size': 65536 clicks per step is more than the"));
    const CliResult ssl = run_cli("train " + kSmall + "--steps 1 --augmentation cfm --ssl-batch-size 20000");
    CHECK(ssl.status != 0);
    CHECK_THAT(ssl.output, Catch::Contains("field '--ssl-batch-size': 20000 items per SSL batch is more than the catalogue's 60 items"));
}

TEST_CASE("catalogue (finding 5): degenerate evaluations are refused, not reported", "[catalogue][cli]") {
    const CliResult big_k = run_cli("compare " + kSmall + "--steps 1 --seeds 1 --k 500");
    CHECK(big_k.status != 0);
    CHECK_THAT(big_k.output, Catch::Contains("field '--k': K = 500 is not smaller than the catalogue (60 items)"));
    const CliResult negative_k = run_cli("compare " + kSmall + "--steps 1 --seeds 1 --k -3");
    CHECK(negative_k.status != 0);
    CHECK_THAT(negative_k.output, Catch::Contains("field '--k': K must be at least 1, found -3"));
    // One positive per user: leave-last-out has no test click to hold out.
    ScratchFolder dir("csv_example");
    dir.write("interactions.csv", "user_id,item_id,timestamp,rating\nu1,a1,1000,5\nu2,a2,1010,5\nu3,a3,1020,4\n");
    const CliResult none = run_cli("train --dataset csv:" + dir.path() + " --steps 1 --batch-size 2 --quiet");
    CHECK(none.status != 0);
    CHECK_THAT(none.output, Catch::Contains("no test users: leave-last-out needs users with at least two positives"));
}

TEST_CASE("catalogue (finding 7): a checkpoint resumes from another folder, and from a moved copy of its data",
          "[catalogue][cli][checkpoint]") {
    ScratchFolder a, b, moved("ml-100k-mini");
    std::filesystem::create_directory(a.file("data"));
    for (const char* f : {"u.data", "u.item", "u.user"})
        std::filesystem::copy_file(fixture(std::string("ml-100k-mini/") + f), a.file(std::string("data/") + f));
    // Saved with a relative dataset path from folder a, resumed from folder b.
    const CliResult saved = run_cli("checkpoint save --dataset ml-100k:data --batch-size 2 --steps 3 --quiet --out m.twrl", a.path());
    INFO(saved.output);
    REQUIRE(saved.status == 0);
    const CliResult resumed = run_cli("checkpoint resume --in '" + a.file("m.twrl") + "' --steps 2 --quiet --out n.twrl", b.path());
    const std::string& out = resumed.output;
    INFO(out);
    CHECK(resumed.status == 0);
    CHECK_THAT(out, Catch::Contains("saved n.twrl at step 5"));
    // The data moved away: --dataset names where it is now; the state is checked against it.
    std::filesystem::remove_all(a.file("data"));
    const CliResult lost = run_cli("checkpoint resume --in " + a.file("m.twrl") + " --steps 1 --quiet --out " + b.file("x.twrl"));
    CHECK(lost.status != 0);
    CHECK_THAT(lost.output, Catch::Contains(a.file("data")));
    const CliResult found = run_cli("checkpoint resume --in " + a.file("m.twrl") + " --dataset ml-100k:" + moved.path() +
                                    " --steps 1 --quiet --out " + b.file("y.twrl"));
    INFO(found.output);
    CHECK(found.status == 0);
    const CliResult other = run_cli("checkpoint resume --in " + a.file("m.twrl") + " --dataset ml-1m:" + fixture("ml-1m-mini") +
                                    " --steps 1 --quiet --out " + b.file("z.twrl"));
    CHECK(other.status != 0);  // other data: the trainer's state does not fit it
}

TEST_CASE("catalogue (finding 8): --hidden takes whole numbers separated by commas, nothing else", "[catalogue][cli]") {
    for (const char* bad : {"1e3", "'64;32'", "128abc", "64,,32", "' '"}) {
        INFO(bad);
        const CliResult r = run_cli("train " + kSmall + "--steps 1 --hidden " + bad);
        CHECK(r.status != 0);
        CHECK_THAT(r.output, Catch::Contains("field '--hidden': expected widths as whole numbers separated by commas"));
    }
    // A whole number outside the range is refused by the range check, naming the flag.
    const CliResult zero = run_cli("train " + kSmall + "--steps 1 --hidden 0");
    CHECK(zero.status != 0);
    CHECK_THAT(zero.output, Catch::Contains("field '--hidden': each hidden width must be in 1..4096, got 0"));
    CHECK(run_cli("train " + kSmall + "--steps 1 --hidden 16,8").status == 0);
}

TEST_CASE("catalogue (finding 9): no internal exception text reaches the user", "[catalogue][cli]") {
    ScratchFolder dir;
    const CliResult folder = run_cli("train " + kSmall + "--steps 1 --config " + dir.path());
    CHECK(folder.status != 0);
    CHECK_THAT(folder.output, Catch::Contains(dir.path() + ": is a directory, expected a JSON file"));
    const CliResult device = run_cli("checkpoint info /dev/zero");
    CHECK(device.status != 0);
    CHECK_THAT(device.output, Catch::Contains("/dev/zero: is not a regular file"));
    dir.write("v.tsv", "0.1\t0.2\n0.3\t0.4\n");
    dir.write("m.tsv", "id\na\nb\n");
    const CliResult k = run_cli("inspect-embeddings --vectors " + dir.file("v.tsv") + " --metadata " + dir.file("m.tsv") + " --k -5");
    CHECK(k.status != 0);
    CHECK_THAT(k.output, Catch::Contains("--k"));
    for (const CliResult* r : {&folder, &device, &k}) {
        CHECK_THAT(r->output, !Catch::Contains("basic_filebuf") && !Catch::Contains("bad_alloc") && !Catch::Contains("_M_"));
    }
}

TEST_CASE("catalogue (finding 10): unvalidated numbers, seeds, JSON keys and .npy shapes are refused", "[catalogue][cli]") {
    struct Case {
        std::string args;
        const char* expected;
    };
    ScratchFolder dir;
    dir.write("dup.json", "{\"tau\": 0.1, \"batch_size\": 64, \"tau\": 0.5}");
    const std::vector<Case> cases = {
        {"train " + kSmall + "--steps -3", "--steps"},
        {"train " + kSmall + "--steps 5 --eval-every -1", "field '--eval-every'"},
        {"compare " + kSmall + "--steps -3 --seeds 1", "--steps"},
        {"checkpoint save " + kSmall + "--steps -3 --out " + dir.file("c.twrl"), "--steps"},
        {"checkpoint resume --in " + dir.file("none.twrl") + " --threads -2", "--threads"},
        {"serve-bench " + kSmall + "--steps 5 --queries 0", "--queries"},
        {"train " + kSmall + "--steps 1 --seed -1", "--seed"},
        {"compare " + kSmall + "--steps 1 --seeds 1,-1", "field '--seeds'"},
        {"train --dataset csv:" + fixture("csv_example") + " --cold-item-share nan --steps 1 --quiet", "field '--cold-item-share'"},
        {"train --dataset csv:" + fixture("csv_example") + " --cold-item-share -0.2 --steps 1 --quiet", "field '--cold-item-share'"},
        {"train " + kSmall + "--steps 1 --config " + dir.file("dup.json"), "field 'tau': given twice in one object"},
    };
    for (const Case& c : cases) {
        INFO(c.args);
        const CliResult r = run_cli(c.args);
        INFO(r.output);
        CHECK(r.status != 0);
        CHECK_THAT(r.output, Catch::Contains(c.expected));
    }

    // .npy: a 1-D vector is not a catalogue, and bytes after the array are not part of it.
    auto npy = [](const std::string& shape, size_t values, const std::string& extra) {
        std::string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }";
        while ((10 + dict.size() + 1) % 64 != 0) dict += ' ';
        dict += '\n';
        std::string bytes = std::string("\x93NUMPY\x01\x00", 8);
        bytes += static_cast<char>(dict.size() & 0xff);
        bytes += static_cast<char>(dict.size() >> 8);
        bytes += dict;
        bytes += std::string(values * 4, '\0');
        return bytes + extra;
    };
    dir.write("ok.npy", npy("(3, 2)", 6, ""));
    CHECK(read_npy_matrix(dir.file("ok.npy")).rows() == 3);
    dir.write("vector.npy", npy("(6,)", 6, ""));
    CHECK_THAT(test::error_of([&] { read_npy_matrix(dir.file("vector.npy")); }),
               Catch::Contains("expected a 2-D array (items x dimensions), got shape (6,) (one vector"));
    dir.write("trailing.npy", npy("(3, 2)", 6, "PK\x03\x04"));
    CHECK_THAT(test::error_of([&] { read_npy_matrix(dir.file("trailing.npy")); }),
               Catch::Contains("4 bytes after the (3, 2) array's data: a .npy file holds exactly one array"));
}
