// MovieLens loaders on tests/data/ml-100k-mini and ml-1m-mini (hand-written in GroupLens' exact
// formats, with the published files' quirks verbatim: ML-100K's one single-digit release day
// "4-Feb-1971" (movie 1373's line, on row 5), its "unknown" movie with an empty date (row 7),
// Latin-1 titles in both): fields, rows, positives, the training-only audience statistic,
// cold items, and an exact error (file, line, field) for every kind of bad input.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <sstream>

#include "core/random.h"
#include "data/binning.h"
#include "data/line_reader.h"
#include "data/movielens_loader.h"
#include "data/split.h"
#include "test_loader_fixtures.h"

using namespace towerlab;
using namespace towerlab::test;

namespace {

std::vector<int32_t> values_of(const FeatureTable& t, int row, const std::string& field) {
    const auto v = t.values(row, t.field_index(field));
    return {v.begin(), v.end()};
}

MovieLensOptions no_cold(int min_raters = 1) {
    MovieLensOptions o;
    o.cold_item_share = 0;
    o.min_audience_raters = min_raters;
    return o;
}

// audience_gender must equal the statistic recomputed from make_split()'s training clicks: the
// loader's exclusion of test clicks and cold items is exactly the split's.
void check_audience_is_training_only(const Dataset& d, int min_raters) {
    const Split s = make_split(d, SplitConfig{});
    const int gender = d.users.field_index("gender"), audience = d.items.field_index("audience_gender");
    std::vector<int> raters(static_cast<size_t>(d.num_items()), 0), female(static_cast<size_t>(d.num_items()), 0);
    for (const Interaction& c : s.train) {
        ++raters[static_cast<size_t>(c.item)];
        female[static_cast<size_t>(c.item)] += d.users.value(c.user, gender) == 2;
    }
    const auto& edges = d.items.fields()[static_cast<size_t>(audience)].bucket_edges;
    for (int i = 0; i < d.num_items(); ++i) {
        const int r = raters[static_cast<size_t>(i)];
        const int32_t expected = r >= min_raters ? bucket_of(static_cast<double>(female[static_cast<size_t>(i)]) / r, edges) : 0;
        INFO("item row " << i);
        CHECK(d.items.value(i, audience) == expected);
        if (d.item_is_new[static_cast<size_t>(i)]) CHECK(s.train_clicks[static_cast<size_t>(i)] == 0);
    }
}

}  // namespace

TEST_CASE("MovieLens 100K: fields, rows, titles and positives from the GroupLens files", "[movielens]") {
    const Dataset d = load_movielens_100k(fixture("ml-100k-mini"), no_cold());
    CHECK(d.name == "ml-100k:" + fixture("ml-100k-mini"));
    REQUIRE(d.num_items() == 8);
    REQUIRE(d.num_users() == 6);
    CHECK(d.clicks.size() == 14);  // ratings >= 4 of the 17
    CHECK(d.clicks.front().user == 0);
    CHECK(d.clicks.front().item == 0);
    CHECK(d.clicks.front().timestamp == 881250001);

    const auto& items = d.items.fields();
    REQUIRE(items.size() == 4);
    CHECK(items[0].name == "item_id");
    CHECK(items[0].kind == FieldKind::Id);
    CHECK(items[0].cardinality == 8);
    CHECK(items[0].value_name(8) == "8");  // the raw id, for display
    CHECK(items[1].name == "genres");
    CHECK(items[1].kind == FieldKind::MultiCategorical);
    CHECK(items[1].cardinality == 18);
    CHECK(items[2].name == "year");
    CHECK(items[2].kind == FieldKind::Bucketized);
    CHECK(items[2].cardinality == 8);
    CHECK(items[3].name == "audience_gender");
    CHECK(items[3].cardinality == 5);

    CHECK(values_of(d.items, 0, "genres") == std::vector<int32_t>{3, 4, 5});  // Animation, Children's, Comedy
    CHECK(items[1].value_name(4) == "Children's");
    CHECK(values_of(d.items, 6, "genres") == std::vector<int32_t>{0});  // only the "unknown" flag: missing
    CHECK(values_of(d.items, 7, "genres") == std::vector<int32_t>{8, 12});
    CHECK(d.items.value(0, 2) == 7);  // 1995 -> 1995-97
    CHECK(items[2].value_name(7) == "1995-97");
    CHECK(d.items.value(4, 2) == 4);  // the published file's single-digit day "4-Feb-1971" -> 1970s
    CHECK(d.items.value(5, 2) == 5);  // no release date: "Brazil (1985)" -> 1980s
    CHECK(d.items.value(6, 2) == 0);  // neither: missing
    CHECK(d.item_title(0) == "Toy Story (1995)");
    CHECK(d.item_title(7) == "Mis\xC3\xA9rables, Les (1995)");  // Latin-1 0xE9 became UTF-8

    const auto& users = d.users.fields();
    REQUIRE(users.size() == 4);
    CHECK(users[0].name == "user_id");
    CHECK(users[1].name == "gender");
    CHECK(users[2].name == "age");
    CHECK(users[3].name == "occupation");
    CHECK(users[3].cardinality == 21);
    CHECK(d.users.value(0, 1) == 1);  // M
    CHECK(d.users.value(1, 1) == 2);  // F
    CHECK(d.users.value(0, 2) == 2);  // 24 -> 18-24
    CHECK(d.users.value(1, 2) == 6);  // 53 -> 50-55
    CHECK(d.users.value(5, 2) == 4);  // 42 -> 35-44
    CHECK(users[3].value_name(d.users.value(0, 3)) == "technician");
    CHECK(users[3].value_name(d.users.value(5, 3)) == "executive");
}

TEST_CASE("MovieLens: audience gender counts training positives only, never a user's test click", "[movielens]") {
    const Dataset d = load_movielens_100k(fixture("ml-100k-mini"), no_cold());
    // Worked by hand (docs/data.md): user 2's last positive (item 1) and user 5's (item 8, which
    // ties item 4 in time and comes later in the file) are test clicks; users 4 and 6 have a single
    // positive, which trains. Item 1: M + F -> 0.5; counting user 2's test click would give 2/3.
    const std::vector<int32_t> expected = {3, 2, 0, 5, 1, 0, 5, 0};
    for (int i = 0; i < 8; ++i) {
        INFO("item " << i + 1);
        CHECK(d.items.value(i, 3) == expected[static_cast<size_t>(i)]);
    }
    check_audience_is_training_only(d, 1);

    // with too few training raters the share is noise: missing
    MovieLensOptions four = no_cold(4), five = no_cold(5);
    CHECK(load_movielens_100k(fixture("ml-100k-mini"), four).items.value(1, 3) == 2);  // item 2: 4 raters
    CHECK(load_movielens_100k(fixture("ml-100k-mini"), five).items.value(1, 3) == 0);
}

TEST_CASE("MovieLens: a seeded share of items is cold, with no audience statistic and no training clicks", "[movielens]") {
    MovieLensOptions o = no_cold(1);
    o.cold_item_share = 0.5;
    o.seed = 11;
    const Dataset d = load_movielens_100k(fixture("ml-100k-mini"), o);
    REQUIRE(d.item_is_new.size() == 8);
    int cold = 0;
    for (int i = 0; i < 8; ++i) {
        if (!d.item_is_new[static_cast<size_t>(i)]) continue;
        ++cold;
        INFO("cold item " << i + 1);
        CHECK(d.items.value(i, 3) == 0);
        CHECK(i != 2);  // items 3 and 6 have no positive: never chosen
        CHECK(i != 5);
    }
    CHECK(cold == 3);  // round(0.5 * 6 items with positives)
    check_audience_is_training_only(d, 1);

    const Dataset again = load_movielens_100k(fixture("ml-100k-mini"), o);
    CHECK(again.item_is_new == d.item_is_new);
    // every seed gives three cold items; across seeds the choice varies
    std::vector<uint8_t> union_of(8, 0);
    for (uint64_t seed = 1; seed <= 20; ++seed) {
        o.seed = seed;
        const Dataset x = load_movielens_100k(fixture("ml-100k-mini"), o);
        CHECK(std::count(x.item_is_new.begin(), x.item_is_new.end(), 1) == 3);
        for (size_t i = 0; i < 8; ++i) union_of[i] |= x.item_is_new[i];
        check_audience_is_training_only(x, 1);
    }
    CHECK(std::count(union_of.begin(), union_of.end(), 1) == 6);

    // the default holds out 10%
    const Dataset dflt = load_movielens_100k(fixture("ml-100k-mini"));
    CHECK(std::count(dflt.item_is_new.begin(), dflt.item_is_new.end(), 1) == 1);  // round(0.6)
}

TEST_CASE("MovieLens: the positive threshold and the options are checked", "[movielens]") {
    MovieLensOptions o = no_cold();
    o.positive_threshold = 5;
    CHECK(load_movielens_100k(fixture("ml-100k-mini"), o).clicks.size() == 5);
    o.positive_threshold = 1;
    CHECK(load_movielens_100k(fixture("ml-100k-mini"), o).clicks.size() == 17);
    o.positive_threshold = 6;
    CHECK(error_of([&] { load_movielens_100k(fixture("ml-100k-mini"), o); }) ==
          "field 'positive_threshold': must be in 1..5 (ratings are whole stars 1..5)");
    o = MovieLensOptions{};
    o.cold_item_share = 0.95;
    CHECK(error_of([&] { load_movielens_1m(fixture("ml-1m-mini"), o); }) == "field 'cold_item_share': must be in [0, 0.9)");
}

TEST_CASE("MovieLens 100K: bad input is an error naming file, line and field", "[movielens][errors]") {
    ScratchFolder dir("ml-100k-mini");
    const std::string data = read_bytes(dir.file("u.data")), item = read_bytes(dir.file("u.item")),
                      user = read_bytes(dir.file("u.user"));
    const std::string u_data = dir.file("u.data"), u_item = dir.file("u.item"), u_user = dir.file("u.user");
    auto load = [&] { load_movielens_100k(dir.path()); };
    auto with = [&](const std::string& name, const std::string& bytes) {
        dir.write("u.data", data);
        dir.write("u.item", item);
        dir.write("u.user", user);
        dir.write(name, bytes);
        return error_of(load);
    };

    SECTION("files and folders") {
        CHECK(error_of([&] { load_movielens_100k(dir.file("nope")); }) == dir.file("nope") + ": folder not found");
        CHECK(error_of([&] { load_movielens_100k(u_data); }) == u_data + ": is a file, expected the folder that holds the data files (or a .zip archive of it)");
        dir.remove("u.data");
        CHECK(error_of(load) == u_data + ": file not found");
        ::mkdir(u_data.c_str(), 0755);
        CHECK(error_of(load) == u_data + ": is a directory, expected a file");
        dir.remove("u.data");
        CHECK(with("u.user", "") == u_user + ": the file is empty");
        CHECK(with("u.user", "\n\n") == u_user + ": the file is empty");
        if (::geteuid() != 0) {  // root reads anything; the ENOTDIR case below covers "cannot open" there
            ::chmod(u_user.c_str(), 0);
            CHECK(error_of(load) == u_user + ": cannot open: Permission denied");
            ::chmod(u_user.c_str(), 0644);
        }
        CHECK(error_of([&] { LineReader r(u_user + "/x"); }) == u_user + "/x: cannot open: Not a directory");
    }
    SECTION("separators and line shapes") {
        CHECK(with("u.data", "1,1,5,881250001\n") ==
              u_data + ":1: field 'item id': expected 4 fields separated by tab, found 1 (wrong separator?)");
        CHECK(with("u.data", with_line(data, 3, "1\t3\t2")) ==
              u_data + ":3: field 'timestamp': expected 4 fields separated by tab, found 3");
        CHECK(with("u.data", with_line(data, 2, "1\t2\t4\t881250002\t7")) ==
              u_data + ":2: expected 4 fields separated by tab, found 5");
        CHECK(with("u.user", with_line(user, 4, "4|24|M")) ==
              u_user + ":4: field 'occupation': expected 5 fields separated by '|', found 3");
        CHECK(with("u.item", with_line(item, 2, "2\tGoldenEye (1995)\t01-Jan-1995")) ==
              u_item + ":2: field 'movie title': expected 24 fields separated by '|', found 1 (wrong separator?)");
        CHECK(with("u.item", with_line(item, 2, std::string(2u << 20, 'x'))) == u_item + ":2: line is longer than 1048576 bytes");
        CHECK(with("u.data", with_line(data, 5, std::string("2\t2") + '\0' + "\t5\t881250005")) ==
              u_data + ":5: contains a NUL byte: a binary file, not text");
    }
    SECTION("numbers and ids") {
        CHECK(with("u.data", with_line(data, 2, "x1\t2\t4\t881250002")) == u_data + ":2: field 'user id': expected an integer, found 'x1'");
        CHECK(with("u.data", with_line(data, 2, "1\t\t4\t881250002")) == u_data + ":2: field 'item id': expected an integer, found an empty value");
        CHECK(with("u.data", with_line(data, 4, "1\t4\tnan\t881250004")) == u_data + ":4: field 'rating': expected an integer, found 'nan'");
        CHECK(with("u.data", with_line(data, 4, "1\t4\t4.5\t881250004")) == u_data + ":4: field 'rating': expected an integer, found '4.5'");
        CHECK(with("u.data", with_line(data, 4, "1\t4\t6\t881250004")) == u_data + ":4: field 'rating': value 6 is outside 1..5");
        CHECK(with("u.data", with_line(data, 4, "1\t4\t5\t-3")) ==
              u_data + ":4: field 'timestamp': value -3 is outside 0..9223372036854775807");
        CHECK(with("u.data", with_line(data, 4, "1\t4\t5\t99999999999999999999")) ==
              u_data + ":4: field 'timestamp': value '99999999999999999999' is outside 0..9223372036854775807");
        CHECK(with("u.data", with_line(data, 5, "2\t99\t5\t881250005")) == u_data + ":5: field 'item id': item 99 is not in u.item");
        CHECK(with("u.data", with_line(data, 5, "7\t2\t5\t881250005")) == u_data + ":5: field 'user id': user 7 is not in u.user");
        CHECK(with("u.data", with_line(data, 5, "0\t2\t5\t881250005")) == u_data + ":5: field 'user id': value 0 is outside 1..2147483647");
        CHECK(with("u.data", with_line(data, 5, "2\t4294967297\t5\t881250005")) ==
              u_data + ":5: field 'item id': value 4294967297 is outside 1..2147483647");
        CHECK(with("u.item", with_line(item, 3, "2|Four Rooms (1995)|01-Jan-1995|||0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|1|0|0")) ==
              u_item + ":3: field 'movie id': duplicate id 2 (first on line 2)");
        CHECK(with("u.user", with_line(user, 6, "1|42|M|executive|98101")) == u_user + ":6: field 'user id': duplicate id 1 (first on line 1)");
        std::string low;
        for (int k = 1; k <= 17; ++k) low += "1\t1\t2\t" + std::to_string(k) + "\n";
        CHECK(with("u.data", low) == u_data + ": field 'rating': no rating reaches the positive threshold 4");
    }
    SECTION("field values") {
        CHECK(with("u.item", with_line(item, 1, "1|Toy Story (1995)|01-Jan-1995|||0|2|0|1|1|1|0|0|0|0|0|0|0|0|0|0|0|0|0")) ==
              u_item + ":1: field 'Action': expected 0 or 1, found '2'");
        CHECK(with("u.item", with_line(item, 1, "1|Toy Story (1995)|1995|||0|0|0|1|1|1|0|0|0|0|0|0|0|0|0|0|0|0|0")) ==
              u_item + ":1: field 'release date': expected a date like 01-Jan-1995 or 4-Feb-1971, found '1995'");
        CHECK(with("u.item", with_line(item, 1, "1|Toy Story (1995)|01-Jna-1995|||0|0|0|1|1|1|0|0|0|0|0|0|0|0|0|0|0|0|0")) ==
              u_item + ":1: field 'release date': expected a date like 01-Jan-1995 or 4-Feb-1971, found '01-Jna-1995'");
        CHECK(with("u.item", with_line(item, 1, "1|Toy Story (1995)|123-Jan-1995|||0|0|0|1|1|1|0|0|0|0|0|0|0|0|0|0|0|0|0")) ==
              u_item + ":1: field 'release date': expected a date like 01-Jan-1995 or 4-Feb-1971, found '123-Jan-1995'");
        CHECK(with("u.user", with_line(user, 2, "2|53|X|other|94043")) == u_user + ":2: field 'gender': expected M or F, found 'X'");
        CHECK(with("u.user", with_line(user, 2, "2|53|F|pilot|94043")) == u_user + ":2: field 'occupation': unknown occupation 'pilot'");
        CHECK(with("u.user", with_line(user, 2, "2|530|F|other|94043")) == u_user + ":2: field 'age': value 530 is outside 1..120");
    }
}

TEST_CASE("MovieLens 100K: Windows line ends, blank lines and a missing final newline are fine", "[movielens]") {
    ScratchFolder dir("ml-100k-mini");
    std::string data = read_bytes(dir.file("u.data")), crlf;
    for (char c : data) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
    dir.write("u.data", "\n" + crlf.substr(0, crlf.size() - 2));  // leading blank line, no final newline
    const Dataset d = load_movielens_100k(dir.path(), no_cold());
    CHECK(d.clicks.size() == 14);
    CHECK(d.clicks.back().timestamp == 881250018);
    // blank lines count in line numbers
    dir.write("u.data", "\n1\t1\t5\t881250001\n1\t2\tnan\t5\n");
    CHECK(error_of([&] { load_movielens_100k(dir.path()); }) == dir.file("u.data") + ":3: field 'rating': expected an integer, found 'nan'");
}

TEST_CASE("MovieLens 1M: fields, rows, titles and positives from the GroupLens files", "[movielens]") {
    const Dataset d = load_movielens_1m(fixture("ml-1m-mini"), no_cold());
    REQUIRE(d.num_items() == 6);
    REQUIRE(d.num_users() == 5);
    CHECK(d.clicks.size() == 9);
    const auto& items = d.items.fields();
    CHECK(items[0].value_name(5) == "1193");  // rows follow movies.dat; the raw id is kept
    CHECK(d.item_title(3) == "Mis\xC3\xA9rables, Les (1995)");
    CHECK(d.item_title(5) == "Star Wars: Episode IV - A New Hope (1977)");
    CHECK(values_of(d.items, 5, "genres") == std::vector<int32_t>{1, 2, 9, 15});
    CHECK(values_of(d.items, 0, "genres") == std::vector<int32_t>{3, 4, 5});
    CHECK(d.items.value(4, 2) == 4);  // 1975 -> 1970s
    CHECK(d.items.value(0, 2) == 7);  // 1995 -> 1995-97
    // clicks refer to dense rows: user 1 rated 1193 (row 4) five stars
    CHECK(d.clicks[0].user == 0);
    CHECK(d.clicks[0].item == 4);
    CHECK(d.clicks[0].timestamp == 978300760);
    const auto& users = d.users.fields();
    CHECK(d.users.value(0, 1) == 2);  // F
    CHECK(d.users.value(0, 2) == 1);  // code 1: <18
    CHECK(d.users.value(1, 2) == 7);  // code 56: 56+
    CHECK(d.users.value(2, 2) == 3);  // code 25: 25-34
    CHECK(users[2].value_name(7) == "56+");
    CHECK(users[3].value_name(d.users.value(0, 3)) == "K-12 student");  // code 10
    CHECK(users[3].value_name(d.users.value(4, 3)) == "writer");        // code 20
    check_audience_is_training_only(d, 1);
    check_audience_is_training_only(load_movielens_1m(fixture("ml-1m-mini")), MovieLensOptions{}.min_audience_raters);
}

TEST_CASE("MovieLens 1M: bad input is an error naming file, line and field", "[movielens][errors]") {
    ScratchFolder dir("ml-1m-mini");
    const std::string ratings = read_bytes(dir.file("ratings.dat")), movies = read_bytes(dir.file("movies.dat")),
                      users = read_bytes(dir.file("users.dat"));
    auto with = [&](const std::string& name, const std::string& bytes) {
        dir.write("ratings.dat", ratings);
        dir.write("movies.dat", movies);
        dir.write("users.dat", users);
        dir.write(name, bytes);
        return error_of([&] { load_movielens_1m(dir.path()); });
    };
    const std::string r = dir.file("ratings.dat"), m = dir.file("movies.dat"), u = dir.file("users.dat");
    CHECK(with("ratings.dat", with_line(ratings, 2, "1\t1\t4\t978302109")) ==
          r + ":2: field 'MovieID': expected 4 fields separated by '::', found 1 (wrong separator?)");
    CHECK(with("ratings.dat", with_line(ratings, 2, "1::1::4")) == r + ":2: field 'Timestamp': expected 4 fields separated by '::', found 3");
    CHECK(with("ratings.dat", with_line(ratings, 3, "1::73::3.5::978301968")) == r + ":3: field 'Rating': expected an integer, found '3.5'");
    CHECK(with("ratings.dat", with_line(ratings, 3, "1::74::3::978301968")) == r + ":3: field 'MovieID': item 74 is not in movies.dat");
    CHECK(with("movies.dat", with_line(movies, 2, "2::Jumanji (1995)")) == m + ":2: field 'Genres': expected 3 fields separated by '::', found 2");
    CHECK(with("movies.dat", with_line(movies, 2, "two::Jumanji (1995)::Adventure")) == m + ":2: field 'MovieID': expected an integer, found 'two'");
    CHECK(with("movies.dat", with_line(movies, 2, "2::Jumanji (1995)::Adventure|Kids")) == m + ":2: field 'Genres': unknown genre 'Kids'");
    CHECK(with("movies.dat", with_line(movies, 6, "1::Toy Story (1995)::Comedy")) == m + ":6: field 'MovieID': duplicate id 1 (first on line 1)");
    CHECK(with("users.dat", with_line(users, 3, "3::M::30::15::55117")) ==
          u + ":3: field 'Age': expected an age group code (1, 18, 25, 35, 45, 50 or 56), found '30'");
    CHECK(with("users.dat", with_line(users, 3, "3::M::25::21::55117")) == u + ":3: field 'Occupation': value 21 is outside 0..20");
    CHECK(with("users.dat", with_line(users, 3, "3::M::25::15")) == u + ":3: field 'Zip-code': expected 5 fields separated by '::', found 4");
    CHECK(with("users.dat", "") == u + ": the file is empty");
    CHECK(with("movies.dat", movies) == "(no error thrown)");  // and the untouched files load
}

TEST_CASE("MovieLens 1M: a file of a million ratings loads whole", "[movielens]") {
    // Same shape and format as the real ml-1m (6,040 users, 3,706 movies, 1,000,209 ratings); the
    // values are random. The load time is printed, not asserted: speed is measured in benchmarks.
    ScratchFolder dir;
    Rng rng(5);
    std::string movies, users, ratings;
    for (int m = 1; m <= 3706; ++m) movies += std::to_string(m) + "::Movie " + std::to_string(m) + " (1995)::Drama|Comedy\n";
    for (int u = 1; u <= 6040; ++u) users += std::to_string(u) + "::" + (u % 3 ? "M" : "F") + "::25::" + std::to_string(u % 21) + "::55455\n";
    ratings.reserve(26u << 20);
    char line[64];
    for (long k = 0; k < 1000209; ++k) {
        const int n = std::snprintf(line, sizeof line, "%d::%d::%d::%ld\n", uniform_int(rng, 1, 6040), uniform_int(rng, 1, 3706),
                                    uniform_int(rng, 1, 5), 956703932L + k);
        ratings.append(line, static_cast<size_t>(n));
    }
    dir.write("movies.dat", movies);
    dir.write("users.dat", users);
    dir.write("ratings.dat", ratings);
    const auto t0 = std::chrono::steady_clock::now();
    const Dataset d = load_movielens_1m(dir.path());
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    WARN("loaded " << d.clicks.size() << " positives of 1,000,209 ratings in " << seconds << " s");
    CHECK(d.num_items() == 3706);
    CHECK(d.num_users() == 6040);
    // Ratings 4 and 5 are positives (the default threshold): about two in five of uniform 1..5.
    CHECK(d.clicks.size() > 380000);
    CHECK(d.clicks.size() < 420000);
}

// ML-latest-small / ML-25M as GroupLens ships them: CSV with a header, titles quoted when they hold a
// comma (a quote inside doubled), UTF-8 titles, half-star ratings, "(no genres listed)", IMAX, and
// no user file. The fixture's lines are in the published files' form.
TEST_CASE("ML-latest: the CSV layout with its quirks", "[loader][movielens]") {
    const Dataset d = load_movielens_latest(fixture("ml-latest-mini"));
    CHECK(d.name == "ml-latest:" + fixture("ml-latest-mini"));
    REQUIRE(d.num_items() == 9);
    CHECK(d.num_users() == 5);
    // ratings >= 4 stars (4.0, 4.5, 5.0) are positives: 13 of 16 (3.5, 0.5 and 2.0 are not)
    CHECK(d.clicks.size() == 13);
    CHECK(d.item_title(1) == "American President, The (1995)");
    CHECK(d.item_title(3) == "Amélie (Fabuleux destin d'Amélie Poulain, Le) (2001)");
    CHECK(d.item_title(8) == "\"Great Performances\" Cats (1998)");
    CHECK(d.item_id(4) == "58559");
    const int genres = d.items.field_index("genres"), year = d.items.field_index("year");
    REQUIRE(genres >= 0);
    REQUIRE(year >= 0);
    const auto& g = d.items.fields()[static_cast<size_t>(genres)];
    CHECK(g.cardinality == 19);
    // The Dark Knight: Action, Crime, Drama, IMAX
    std::vector<std::string> dark;
    for (int32_t v : d.items.values(4, genres)) dark.push_back(g.value_names[static_cast<size_t>(v - 1)]);
    CHECK(dark == std::vector<std::string>{"Action", "Crime", "Drama", "IMAX"});
    // "(no genres listed)" is missing; a title without a year has no year bucket
    CHECK(d.items.values(5, genres).size() == 1);
    CHECK(d.items.value(5, genres) == kMissingValue);
    CHECK(d.items.value(6, year) == kMissingValue);
    CHECK(d.items.value(0, year) != kMissingValue);
    CHECK(d.users.num_fields() == 1);
    CHECK(d.user_id(4) == "5");
}

TEST_CASE("ML-latest: malformed input names file, line and field", "[loader][movielens][catalogue]") {
    struct Case {
        const char* file;
        const char* text;
        const char* expected;
    };
    const std::vector<Case> cases = {
        {"ratings.csv", "userId,movieId,rating,timestamp\n1,1,4.2,964982703\n", "ratings.csv:2: field 'rating': expected half stars 0.5 to 5.0, found '4.2'"},
        {"ratings.csv", "userId,movieId,rating,timestamp\n1,999,4.0,964982703\n", "ratings.csv:2: field 'movieId': movie 999 is not in movies.csv"},
        {"ratings.csv", "user,movie,rating,time\n1,1,4.0,964982703\n", "ratings.csv:1: expected the header 'userId,movieId,rating,timestamp'"},
        {"ratings.csv", "userId,movieId,rating,timestamp\n1,1,2.0,964982703\n", "field 'rating': no rating reaches the positive threshold 4"},
        {"movies.csv", "movieId,title,genres\n1,Toy Story (1995),Animation|Cartoon\n", "movies.csv:2: field 'genres': unknown genre 'Cartoon'"},
        {"movies.csv", "movieId,title,genres\n1,\"Toy Story (1995),Animation\n", "movies.csv:2: field 'title': unterminated quoted title"},
        {"movies.csv", "movieId,title,genres\n1,A (1995),Drama\n1,B (1996),Drama\n", "movies.csv:3: field 'movieId': duplicate id 1 (first on line 2)"},
    };
    for (const Case& c : cases) {
        INFO(c.file << ": " << c.text);
        ScratchFolder dir("ml-latest-mini");
        dir.write(c.file, c.text);
        CHECK_THAT(error_of([&] { load_movielens_latest(dir.path()); }), Catch::Contains(c.expected));
    }
}
