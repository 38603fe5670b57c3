// The line reader and field parsers under every loader: line numbers, line ends, the line-length
// cap, reads across buffer refills, numbers, and text encodings.
#include <catch2/catch.hpp>

#include "data/line_reader.h"
#include "test_loader_fixtures.h"

using namespace towerlab;
using namespace towerlab::test;

namespace {

std::vector<std::pair<long, std::string>> lines_of(const std::string& path, size_t cap = kMaxLineBytes) {
    LineReader r(path, cap);
    std::vector<std::pair<long, std::string>> out;
    std::string_view line;
    while (r.next(line)) out.emplace_back(r.line_number(), std::string(line));
    return out;
}

}  // namespace

TEST_CASE("line reader: line numbers, blank lines, CRLF, a BOM, no final newline", "[line_reader]") {
    ScratchFolder dir;
    dir.write("a.txt", "\xEF\xBB\xBFone\r\n\ntwo\n\r\nthree");
    const auto lines = lines_of(dir.file("a.txt"));
    REQUIRE(lines.size() == 3);
    CHECK(lines[0] == std::make_pair(1L, std::string("one")));
    CHECK(lines[1] == std::make_pair(3L, std::string("two")));
    CHECK(lines[2] == std::make_pair(5L, std::string("three")));
}

TEST_CASE("line reader: lines across buffer refills, and the length cap", "[line_reader]") {
    ScratchFolder dir;
    std::string text;
    for (int k = 0; k < 300000; ++k) text += std::to_string(k) + "\tsome text to make the file span several reads\n";
    dir.write("big.txt", text);
    const auto lines = lines_of(dir.file("big.txt"));
    REQUIRE(lines.size() == 300000);
    CHECK(lines[123456].second == "123456\tsome text to make the file span several reads");
    CHECK(lines.back().first == 300000);

    dir.write("cap.txt", "short\n" + std::string(100, 'x') + "\n");
    CHECK(lines_of(dir.file("cap.txt"), 100).size() == 2);
    dir.write("cap.txt", "short\n" + std::string(101, 'x') + "\n");
    CHECK(error_of([&] { lines_of(dir.file("cap.txt"), 100); }) == dir.file("cap.txt") + ":2: line is longer than 100 bytes");
    // 100 MB without a newline is refused after reading about the cap, not all of it
    dir.write("huge.txt", std::string(3u << 20, 'y'));
    CHECK(error_of([&] { lines_of(dir.file("huge.txt")); }) == dir.file("huge.txt") + ":1: line is longer than 1048576 bytes");
}

TEST_CASE("fields and numbers", "[line_reader]") {
    std::vector<std::string_view> f;
    CHECK(split_fields("1::Toy Story::Comedy", "::", f) == 3);
    CHECK(f[1] == "Toy Story");
    CHECK(split_fields("a||b|", "|", f) == 4);
    CHECK(f[1].empty());
    CHECK(f[3].empty());
    CHECK(split_fields("", "\t", f) == 1);

    const ErrorContext w{"f.txt", 7, "n"};
    CHECK(parse_int(" 42 ", w, 0, 100) == 42);
    CHECK(parse_int("+5", w, 0, 100) == 5);
    CHECK(error_of([&] { parse_int("4 2", w, 0, 100); }) == "f.txt:7: field 'n': expected an integer, found '4 2'");
    CHECK(error_of([&] { parse_int("0x10", w, 0, 100); }) == "f.txt:7: field 'n': expected an integer, found '0x10'");
    CHECK(error_of([&] { parse_int("101", w, 0, 100); }) == "f.txt:7: field 'n': value 101 is outside 0..100");
    CHECK(parse_finite("-2.5e3", w) == -2500.0);
    CHECK(error_of([&] { parse_finite("inf", w); }) == "f.txt:7: field 'n': expected a finite number, found 'inf'");
    CHECK(error_of([&] { parse_finite("NaN", w); }) == "f.txt:7: field 'n': expected a finite number, found 'NaN'");
    CHECK(error_of([&] { parse_finite("1,5", w); }) == "f.txt:7: field 'n': expected a number, found '1,5'");
    CHECK(quoted_value(std::string(50, 'z')) == "'" + std::string(40, 'z') + "...'");
}

TEST_CASE("text encodings: Latin-1 becomes UTF-8, UTF-8 stays", "[line_reader]") {
    CHECK(latin1_to_utf8("Mis\xE9rables") == "Mis\xC3\xA9rables");
    CHECK(utf8_from_utf8_or_latin1("Mis\xE9rables") == "Mis\xC3\xA9rables");
    CHECK(utf8_from_utf8_or_latin1("Mis\xC3\xA9rables") == "Mis\xC3\xA9rables");  // already UTF-8
    CHECK(is_valid_utf8("plain"));
    CHECK(is_valid_utf8("\xE2\x82\xAC"));   // the euro sign
    CHECK(!is_valid_utf8("\xC0\xAF"));      // overlong
    CHECK(!is_valid_utf8("\xED\xA0\x80"));  // a surrogate
    CHECK(!is_valid_utf8("\xE2\x82"));      // cut short
}
