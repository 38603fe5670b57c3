// Reading delimited text files fast and strictly: the shared ground of the MovieLens and CSV
// loaders.
//
//   LineReader         one line at a time over a read buffer (no iostream, no copy per line), with
//                      a cap on line length so a file without newlines cannot fill memory
//   split_fields       cut a line at a one- or multi-character separator ("\t", "|", "::")
//   parse_int/finite   numbers with from_chars; empty, junk, out-of-range, NaN and Inf are errors
//   read_small_file    a whole small file (schema.json) with the same checks as LineReader
//   text encodings     Latin-1 to UTF-8, and a UTF-8 validity check
//
// Every failure is a towerlab::Error naming the file, the 1-based line and the field, e.g.
//   "ml-100k/u.data:3: field 'timestamp': expected 4 fields separated by tab, found 3"
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace towerlab {

inline constexpr size_t kMaxLineBytes = size_t{1} << 20;  // 1 MiB: no real data line is longer

// "dir/name" without doubling a trailing slash of dir.
std::string join_path(const std::string& dir, const std::string& name);

// Whether LineReader::next returns blank lines (as empty views) or skips them. Keep is for
// formats whose rows are counted by position (the embedding import's metadata and vectors).
enum class BlankLines { Skip, Keep };

// A file's bytes already in memory (an entry inflated from a zip), with the name messages give it.
struct InMemoryFile {
    std::string name;
    std::string bytes;
};

class LineReader {
public:
    // Opens `path`. Throws Error naming the path for a missing file, a folder, an unreadable file
    // and an empty file.
    explicit LineReader(std::string path, size_t max_line_bytes = kMaxLineBytes,
                        BlankLines blank_lines = BlankLines::Skip);
    // Reads `file` from memory with the same rules; throws "the file is empty" for no bytes.
    explicit LineReader(InMemoryFile file, size_t max_line_bytes = kMaxLineBytes,
                        BlankLines blank_lines = BlankLines::Skip);
    ~LineReader();
    LineReader(const LineReader&) = delete;
    LineReader& operator=(const LineReader&) = delete;

    // The next non-blank line (any line, with BlankLines::Keep) without its "\n" or "\r\n" (and without a UTF-8 byte-order mark on
    // line 1); false at the end of the file. The view lives until the next call. Throws Error for a
    // line longer than the cap, a NUL byte (a binary file) or a read failure; throws "the file is
    // empty" at the end of a file that had no non-blank line.
    bool next(std::string_view& line);

    long line_number() const { return line_; }  // of the line last returned
    const std::string& path() const { return path_; }
    ErrorContext where(const std::string& field = {}) const { return ErrorContext{path_, line_, field}; }
    [[noreturn]] void fail(const std::string& field, const std::string& message) const;

private:
    bool refill();  // reads more bytes after the kept tail; false at end of file

    std::string path_;
    size_t max_line_;
    BlankLines blank_lines_;
    int fd_ = -1;
    std::string buffer_;  // a string, so an InMemoryFile's bytes move in rather than being copied
    size_t begin_ = 0, end_ = 0;  // unread bytes are buffer_[begin_, end_)
    bool eof_ = false;
    long line_ = 0;
    long data_lines_ = 0;
};

// Cuts `line` at every occurrence of `separator` into `out` (views into `line`); returns the count.
size_t split_fields(std::string_view line, std::string_view separator, std::vector<std::string_view>& out);

// Throws, naming the first missing field (or the line, for extra fields), unless `count` fields were
// found. `names` holds the expected fields' names, `separator_name` says the separator in words.
void require_field_count(const LineReader& reader, size_t found, const std::vector<std::string>& names,
                         const char* separator_name);

std::string_view trim(std::string_view s);  // without leading and trailing spaces and tabs

// The value quoted for an error message, cut to 40 bytes.
std::string quoted_value(std::string_view s);

// An integer in [lo, hi]; throws Error(where) for an empty value, junk ("12a", "1.5", "nan") or a
// value outside the range.
int64_t parse_int(std::string_view s, const ErrorContext& where, int64_t lo, int64_t hi);
// A finite decimal number; throws Error(where) for an empty value, junk, NaN, Inf or overflow.
double parse_finite(std::string_view s, const ErrorContext& where);

// The whole file, at most max_bytes; the same checks as LineReader.
std::string read_small_file(const std::string& path, size_t max_bytes = kMaxLineBytes);
// The whole file, any size (a .npy matrix, a checkpoint); the same checks as LineReader.
std::string read_whole_file(const std::string& path);

bool is_valid_utf8(std::string_view s);
std::string latin1_to_utf8(std::string_view s);
// Text that is valid UTF-8 stays as it is; anything else is read as Latin-1 (ISO-8859-1).
std::string utf8_from_utf8_or_latin1(std::string_view s);

}  // namespace towerlab
