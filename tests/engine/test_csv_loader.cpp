// The generic CSV format on tests/data/csv_example (the folder docs/data.md walks through), its
// options, and an exact error (file, line, field or schema key) for every kind of bad input.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <cmath>
#include <sstream>

#include "data/csv_loader.h"
#include "data/split.h"
#include "test_loader_fixtures.h"

using namespace towerlab;
using namespace towerlab::test;

namespace {

std::vector<int32_t> values_of(const FeatureTable& t, int row, const std::string& field) {
    const int f = t.field_index(field);
    REQUIRE(f >= 0);
    const auto v = t.values(row, f);
    return {v.begin(), v.end()};
}

std::vector<int32_t> column_of(const FeatureTable& t, const std::string& field) {
    std::vector<int32_t> c;
    for (int r = 0; r < t.num_rows(); ++r) c.push_back(t.value(r, t.field_index(field)));
    return c;
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    const size_t at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("CSV: the example folder loads with every column kind", "[csv]") {
    const Dataset d = load_csv_dataset(fixture("csv_example"));
    CHECK(d.name == "csv:" + fixture("csv_example"));
    REQUIRE(d.num_items() == 5);
    REQUIRE(d.num_users() == 4);
    CHECK(d.clicks.size() == 7);  // ratings >= 4 of the 10 rows
    CHECK(d.clicks[0].user == 0);
    CHECK(d.clicks[0].item == 0);
    CHECK(d.clicks[0].timestamp == 1000);
    CHECK(d.item_is_new.empty());  // no cold column: the split holds out a seeded share

    const auto& f = d.items.fields();
    REQUIRE(f.size() == 5);  // title is a display name, not a field
    CHECK(f[0].name == "item_id");
    CHECK(f[0].kind == FieldKind::Id);
    CHECK(f[0].value_name(3) == "a3");
    CHECK(f[1].name == "genres");
    CHECK(f[1].kind == FieldKind::MultiCategorical);
    CHECK(f[1].value_names == std::vector<std::string>{"Action", "Comedy", "Crime", "Documentary", "Drama", "Romance", "Sci-Fi"});
    CHECK(values_of(d.items, 0, "genres") == std::vector<int32_t>{1, 3});
    CHECK(values_of(d.items, 4, "genres") == std::vector<int32_t>{2, 6});
    CHECK(f[2].name == "studio");
    CHECK(f[2].cardinality == 2);
    CHECK(column_of(d.items, "studio") == std::vector<int32_t>{1, 2, 1, 0, 2});  // a4: empty cell = missing
    CHECK(f[3].kind == FieldKind::Bucketized);
    CHECK(f[3].bucket_edges == std::vector<double>{1990, 2000, 2010});
    CHECK(column_of(d.items, "year") == std::vector<int32_t>{2, 3, 4, 1, 4});
    CHECK(f[3].value_name(2) == "[1990, 2000)");
    // price: log1p, then 2 quantile buckets over the 4 known prices; the edge is log1p(12)
    REQUIRE(f[4].bucket_edges.size() == 1);
    CHECK(f[4].bucket_edges[0] == Approx(std::log1p(12.0)));
    CHECK(column_of(d.items, "price") == std::vector<int32_t>{1, 1, 2, 0, 2});
    CHECK(d.item_title(0) == "Heat, the Remake");  // quoted, with the delimiter inside
    CHECK(d.item_title(4) == "Caf\xC3\xA9 Society");

    CHECK(d.users.fields()[1].value_names == std::vector<std::string>{"DE", "FR", "US"});
    CHECK(column_of(d.users, "country") == std::vector<int32_t>{2, 1, 2, 3});
    CHECK(column_of(d.users, "age") == std::vector<int32_t>{2, 3, 0, 4});

    const Split s = make_split(d, SplitConfig{});
    CHECK(!s.train.empty());
}

TEST_CASE("CSV: options: no users file, no label, no timestamp, cold column, other delimiters, quotes", "[csv]") {
    ScratchFolder dir("csv_example");
    const std::string schema = read_bytes(dir.file("schema.json")), items = read_bytes(dir.file("items.csv")),
                      interactions = read_bytes(dir.file("interactions.csv"));

    SECTION("users come from the interactions when there is no users section") {
        const size_t users_at = schema.find(",\n  \"users\"");
        REQUIRE(users_at != std::string::npos);
        const std::string s = schema.substr(0, users_at) + "\n}\n";
        dir.write("schema.json", s);
        dir.remove("users.csv");
        const Dataset d = load_csv_dataset(dir.path());
        REQUIRE(d.users.num_fields() == 1);
        CHECK(d.num_users() == 4);
        CHECK(d.users.fields()[0].value_names == std::vector<std::string>{"u1", "u2", "u3", "u4"});  // first appearance
    }
    SECTION("without a label every row is a positive; without a timestamp the row order is time") {
        std::string s = replaced(schema, R"(    "timestamp": "timestamp",
    "label": "rating",
    "positive_threshold": 4
)", "");
        s = replaced(s, R"("item": "item_id",)", R"("item": "item_id")");
        dir.write("schema.json", s);
        const Dataset d = load_csv_dataset(dir.path());
        REQUIRE(d.clicks.size() == 10);
        for (size_t k = 0; k < d.clicks.size(); ++k) CHECK(d.clicks[k].timestamp == static_cast<int64_t>(k));
    }
    SECTION("a cold column marks new items") {
        dir.write("schema.json", replaced(schema, R"({"name": "title", "kind": "title"},)",
                                          R"({"name": "title", "kind": "title"}, {"name": "new", "kind": "cold"},)"));
        std::string it = "item_id,title,genres,studio,year,price,new\n";
        std::istringstream in(items);
        std::string line;
        std::getline(in, line);
        for (int k = 0; std::getline(in, line); ++k) it += line + (k == 2 ? ",1\n" : k == 3 ? ",0\n" : ",\n");
        dir.write("items.csv", it);
        const Dataset d = load_csv_dataset(dir.path());
        CHECK(d.item_is_new == std::vector<uint8_t>{0, 0, 1, 0, 0});
        const Split s = make_split(d, SplitConfig{});
        CHECK(s.train_clicks[2] == 0);
        CHECK(s.is_cold(2));
    }
    SECTION("semicolons, tabs and quoted quotes") {
        auto to = [](std::string t, char c) {
            bool quoted = false;
            for (char& ch : t) {
                if (ch == '"') quoted = !quoted;
                if (ch == ',' && !quoted) ch = c;
            }
            return t;
        };
        for (const char* delim : {";", "\t"}) {
            dir.write("schema.json", replaced(schema, R"("delimiter": ",")", std::string(R"("delimiter": ")") + (delim[0] == '\t' ? "\\t" : delim) + "\""));
            dir.write("items.csv", to(items, delim[0]));
            dir.write("users.csv", to(read_bytes(fixture("csv_example/users.csv")), delim[0]));
            dir.write("interactions.csv", to(interactions, delim[0]));
            const Dataset d = load_csv_dataset(dir.path());
            CHECK(d.clicks.size() == 7);
            CHECK(d.item_title(0) == "Heat, the Remake");
        }
        dir.write("schema.json", schema);
        dir.write("users.csv", read_bytes(fixture("csv_example/users.csv")));
        dir.write("interactions.csv", interactions);
        dir.write("items.csv", with_line(items, 3, R"(a2, "Say ""Hi""" ,Drama,South,2004,4.5)"));
        CHECK(load_csv_dataset(dir.path()).item_title(1) == "Say \"Hi\"");
        dir.write("items.csv", with_line(items, 3, R"(a2,"",Drama,South,2004,)"));
        const Dataset d = load_csv_dataset(dir.path());
        CHECK(d.item_title(1) == "item a2");  // no title: the dataset's own id, not the row  // an empty title falls back to the row
        CHECK(column_of(d.items, "price")[1] == 0);
    }
    SECTION("numeric: zscore with edges, minmax and uniform buckets") {
        dir.write("schema.json", replaced(schema, R"("normalize": "log1p", "binning": "quantile", "buckets": 2)",
                                          R"("normalize": "zscore", "edges": [0])"));
        CHECK(column_of(load_csv_dataset(dir.path()).items, "price") == std::vector<int32_t>{1, 1, 2, 0, 2});  // mean 11.37
        dir.write("schema.json", replaced(schema, R"("normalize": "log1p", "binning": "quantile", "buckets": 2)",
                                          R"("normalize": "minmax", "binning": "uniform", "buckets": 3)"));
        const Dataset d = load_csv_dataset(dir.path());
        // (x - 4.5) / 14.5: 0.379, 0, 1, -, 0.517 against edges 1/3, 2/3
        CHECK(column_of(d.items, "price") == std::vector<int32_t>{2, 1, 3, 0, 2});
        CHECK(d.items.fields()[4].cardinality == 3);
    }
}

TEST_CASE("CSV: schema.json mistakes are errors naming the key", "[csv][errors]") {
    ScratchFolder dir("csv_example");
    const std::string schema = read_bytes(dir.file("schema.json"));
    const std::string path = dir.file("schema.json");
    auto with = [&](const std::string& s) {
        dir.write("schema.json", s);
        return error_of([&] { load_csv_dataset(dir.path()); });
    };
    CHECK(with(replaced(schema, R"("items": {)", R"("itemz": {)")) ==
          path + ": field 'itemz': unknown key (expected delimiter, interactions, items, users)");
    CHECK(with(replaced(schema, R"("kind": "title")", R"("kind": "text")")) ==
          path + ": field 'items.columns[1].kind': unknown kind 'text' (expected id, categorical, multi_categorical, bucketized, numeric, title or cold)");
    CHECK(with(replaced(schema, R"("kind": "categorical"},
      {"name": "age")", R"("kind": "title"},
      {"name": "age")")) ==
          path + ": field 'users.columns[1].kind': unknown kind 'title' (expected id, categorical, multi_categorical, bucketized, numeric; title and cold are for items)");
    CHECK(with(replaced(schema, R"(, "edges": [1990, 2000, 2010])", "")) == path + ": field 'items.columns[4].edges': is required for kind 'bucketized'");
    CHECK(with(replaced(schema, "[1990, 2000, 2010]", "[1990, 2010, 2000]")) == path + ": field 'items.columns[4].edges': edges must be strictly increasing");
    CHECK(with(replaced(schema, "[1990, 2000, 2010]", R"([1990, "2000"])")) == path + ": field 'items.columns[4].edges': expected a non-empty array of numbers");
    CHECK(with(replaced(schema, R"({"name": "item_id", "kind": "id"})", R"({"name": "item_id", "kind": "categorical"})")) ==
          path + ": field 'items.columns': needs exactly one column of kind 'id', found 0");
    CHECK(with(replaced(schema, R"(, "separator": "|")", "")) == path + ": field 'items.columns[2].separator': is required");
    CHECK(with(replaced(schema, R"({"name": "studio", "kind": "categorical"})", R"({"name": "studio", "kind": "categorical", "separator": "/"})")) ==
          path + ": field 'items.columns[3].separator': does not apply to kind 'categorical'");
    CHECK(with(replaced(schema, R"({"name": "studio", "kind": "categorical"})", R"({"name": "genres", "kind": "categorical"})")) ==
          path + ": field 'items.columns[3].name': column 'genres' is named twice");
    CHECK(with(replaced(schema, R"(,
    "positive_threshold": 4)", "")) ==
          path + ": field 'interactions.positive_threshold': is required with a label (label >= threshold is a positive)");
    CHECK(with(replaced(schema, R"("positive_threshold": 4)", R"("positive_threshold": "4")")) ==
          path + ": field 'interactions.positive_threshold': expected a finite number");
    CHECK(with(replaced(schema, R"("delimiter": ",")", R"("delimiter": ", ")")) ==
          path + ": field 'delimiter': expected one character other than a quote or a newline, e.g. \",\", \";\" or \"\\t\"");
    CHECK(with(replaced(schema, R"("buckets": 2)", R"("buckets": 1)")) == path + ": field 'items.columns[5].buckets': expected an integer in 2..1000");
    CHECK(with(replaced(schema, R"("normalize": "log1p")", R"("normalize": "log")")) ==
          path + ": field 'items.columns[5].normalize': unknown 'log' (expected none, zscore, minmax or log1p)");
    CHECK(with(replaced(schema, R"("user": "user_id",)", "")) == path + ": field 'interactions.user': is required");
    // a syntax error names its line
    CHECK(with(replaced(schema, R"("item": "item_id",)", R"("item": "item_id",,)")).rfind(path + ":5: invalid JSON: parse error at line 5, column 23", 0) == 0);
    CHECK(with("") == path + ": the file is empty");
    dir.remove("schema.json");
    CHECK(error_of([&] { load_csv_dataset(dir.path()); }) == path + ": file not found");
}

TEST_CASE("CSV: bad rows are errors naming file, line and column", "[csv][errors]") {
    ScratchFolder dir("csv_example");
    const std::string items = read_bytes(dir.file("items.csv")), users = read_bytes(dir.file("users.csv")),
                      interactions = read_bytes(dir.file("interactions.csv"));
    auto with = [&](const std::string& name, const std::string& bytes) {
        dir.write("items.csv", items);
        dir.write("users.csv", users);
        dir.write("interactions.csv", interactions);
        dir.write(name, bytes);
        return error_of([&] { load_csv_dataset(dir.path()); });
    };
    const std::string it = dir.file("items.csv"), in = dir.file("interactions.csv"), us = dir.file("users.csv");

    SECTION("headers, shapes and separators") {
        CHECK(with("items.csv", replaced(items, "studio", "maker")) == it + ":1: field 'studio': column named in schema.json is not in the header");
        CHECK(with("items.csv", "\n" + replaced(items, "studio", "maker")) == it + ":2: field 'studio': column named in schema.json is not in the header");
        std::string semi = items;
        for (char& c : semi) if (c == ',') c = ';';
        CHECK(with("items.csv", semi) ==
              it + ":1: field 'item_id': column named in schema.json is not in the header (the header has one column: is the delimiter ',' right?)");
        CHECK(with("items.csv", with_line(items, 3, "a2,Quiet Days,Drama")) == it + ":3: field 'studio': expected 6 fields separated by ',', found 3");
        CHECK(with("items.csv", with_line(items, 3, "a2,Quiet Days,Drama,South,2004,4.5,extra")) == it + ":3: expected 6 fields separated by ',', found 7");
        CHECK(with("items.csv", with_line(items, 2, R"(a1,"Heat, the Remake,Action|Crime,North,1995,9.99)")) ==
              it + ":2: field 'title': unterminated quoted value (a value may not span lines)");
        CHECK(with("items.csv", with_line(items, 2, R"(a1,"Heat" 2,Action|Crime,North,1995,9.99)")) ==
              it + ":2: field 'title': unexpected text after a closing quote");
        CHECK(with("items.csv", "item_id,title,genres,studio,year,price\n") == it + ": has a header but no rows");
        CHECK(with("interactions.csv", "") == in + ": the file is empty");
        CHECK(with("items.csv", with_line(items, 2, std::string(1100000, 'a'))) == it + ":2: line is longer than 1048576 bytes");
        CHECK(with("items.csv", replaced(items, "item_id,title,genres", "item_id,title,title")) == it + ":1: field 'title': column named twice in the header");
        dir.remove("items.csv");
        ::mkdir(it.c_str(), 0755);
        CHECK(error_of([&] { load_csv_dataset(dir.path()); }) == it + ": is a directory, expected a file");
    }
    SECTION("values") {
        CHECK(with("items.csv", replaced(items, "1995", "19x5")) == it + ":2: field 'year': expected a number, found '19x5'");
        CHECK(with("items.csv", replaced(items, "9.99", "nan")) == it + ":2: field 'price': expected a finite number, found 'nan'");
        CHECK(with("items.csv", replaced(items, "9.99", "-inf")) == it + ":2: field 'price': expected a finite number, found '-inf'");
        CHECK(with("items.csv", replaced(items, "9.99", "1e999")) == it + ":2: field 'price': number '1e999' is out of range");
        CHECK(with("items.csv", replaced(items, "9.99", "-2")) == it + ":2: field 'price': log1p needs values above -1, found '-2'");
        CHECK(with("items.csv", with_line(items, 4, "a1,Space Docs,Documentary,North,2012,19")) ==
              it + ":4: field 'item_id': duplicate id 'a1' (first on line 2)");
        CHECK(with("items.csv", with_line(items, 4, " ,Space Docs,Documentary,North,2012,19")) == it + ":4: field 'item_id': empty id");
        CHECK(with("items.csv", replaced(items, "Quiet Days", "Quiet \xE9t\xE9")) == it + ":3: field 'title': is not valid UTF-8 (save the file as UTF-8)");
        CHECK(with("users.csv", with_line(users, 3, "u1,DE,41")) == us + ":3: field 'user_id': duplicate id 'u1' (first on line 2)");
        CHECK(with("users.csv", replaced(users, "41", "forty")) == us + ":3: field 'age': expected a number, found 'forty'");
    }
    SECTION("interactions") {
        CHECK(with("interactions.csv", with_line(interactions, 3, "u1,zz,1010,3")) == in + ":3: field 'item_id': item 'zz' is not in items.csv");
        CHECK(with("interactions.csv", with_line(interactions, 3, "u9,a2,1010,3")) == in + ":3: field 'user_id': user 'u9' is not in users.csv");
        CHECK(with("interactions.csv", with_line(interactions, 2, "u1,a1,1000,nan")) == in + ":2: field 'rating': expected a finite number, found 'nan'");
        CHECK(with("interactions.csv", with_line(interactions, 2, "u1,a1,10:00,5")) == in + ":2: field 'timestamp': expected an integer, found '10:00'");
        CHECK(with("interactions.csv", with_line(interactions, 2, "u1,,1000,5")) == in + ":2: field 'item_id': empty id");
        CHECK(with("interactions.csv", "user_id,item_id,timestamp,rating\nu1,a1,1000,3\n") ==
              in + ": field 'rating': no interaction reaches positive_threshold 4");
        CHECK(with("interactions.csv", "user_id,item_id,timestamp,rating\n") == in + ": has a header but no rows");
        CHECK(with("interactions.csv", "user_id,item,timestamp,rating\nu1,a1,1000,3\n") ==
              in + ":1: field 'item_id': column named in schema.json is not in the header");
    }
}
