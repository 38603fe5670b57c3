#include "data/line_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

namespace towerlab {
namespace {

constexpr size_t kReadChunk = size_t{1} << 20;

// Opens `path` for reading after the checks every loader wants; returns the descriptor and size.
int open_checked(const std::string& path, off_t& size) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        if (errno == ENOENT) throw Error(ErrorContext{path, 0, ""}, "file not found");
        throw Error(ErrorContext{path, 0, ""}, std::string("cannot open: ") + std::strerror(errno));
    }
    if (S_ISDIR(st.st_mode)) throw Error(ErrorContext{path, 0, ""}, "is a directory, expected a file");
    int fd = -1;
    do {
        fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0) throw Error(ErrorContext{path, 0, ""}, std::string("cannot open: ") + std::strerror(errno));
    if (S_ISREG(st.st_mode) && st.st_size == 0) {
        ::close(fd);
        throw Error(ErrorContext{path, 0, ""}, "the file is empty");
    }
    size = st.st_size;
    return fd;
}

// Reads up to n bytes; 0 at end of file. Throws on a read error.
size_t read_some(int fd, char* dst, size_t n, const std::string& path) {
    for (;;) {
        const ssize_t got = ::read(fd, dst, n);
        if (got >= 0) return static_cast<size_t>(got);
        if (errno != EINTR) throw Error(ErrorContext{path, 0, ""}, std::string("read failed: ") + std::strerror(errno));
    }
}

}  // namespace

std::string join_path(const std::string& dir, const std::string& name) {
    if (dir.empty()) return name;
    return dir.back() == '/' ? dir + name : dir + "/" + name;
}

// ---------------------------------------------------------------------------------------------
// LineReader

LineReader::LineReader(std::string path, size_t max_line_bytes, BlankLines blank_lines)
    : path_(std::move(path)), max_line_(max_line_bytes), blank_lines_(blank_lines) {
    off_t size = 0;
    fd_ = open_checked(path_, size);
    // One chunk beyond the longest allowed line, so a full line always fits after compaction.
    buffer_.resize(max_line_ + kReadChunk + 1);
}

LineReader::LineReader(InMemoryFile file, size_t max_line_bytes, BlankLines blank_lines)
    : path_(std::move(file.name)), max_line_(max_line_bytes), blank_lines_(blank_lines) {
    if (file.bytes.empty()) throw Error(ErrorContext{path_, 0, ""}, "the file is empty");
    buffer_ = std::move(file.bytes);
    end_ = buffer_.size();
    eof_ = true;  // refill() has nothing more to read
}

LineReader::~LineReader() {
    if (fd_ >= 0) ::close(fd_);
}

void LineReader::fail(const std::string& field, const std::string& message) const {
    throw Error(where(field), message);
}

bool LineReader::refill() {
    if (eof_) return false;
    if (begin_ > 0) {
        std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
        end_ -= begin_;
        begin_ = 0;
    }
    const size_t room = buffer_.size() - end_;
    const size_t got = read_some(fd_, buffer_.data() + end_, std::min(room, kReadChunk), path_);
    if (got == 0) {
        eof_ = true;
        return false;
    }
    end_ += got;
    return true;
}

bool LineReader::next(std::string_view& line) {
    size_t scanned = begin_;  // bytes before this are known to hold no newline
    for (;;) {
        const char* base = buffer_.data();
        const void* nl = scanned < end_ ? std::memchr(base + scanned, '\n', end_ - scanned) : nullptr;
        size_t stop;      // end of the line's bytes
        size_t resume;    // where the next line starts
        if (nl) {
            stop = static_cast<size_t>(static_cast<const char*>(nl) - base);
            resume = stop + 1;
        } else if (end_ - begin_ > max_line_) {
            ++line_;
            fail("", "line is longer than " + std::to_string(max_line_) + " bytes");
        } else {
            const size_t kept = end_ - begin_;
            if (refill()) {
                scanned = begin_ + kept;
                continue;
            }
            if (begin_ == end_) {
                if (data_lines_ == 0) throw Error(ErrorContext{path_, 0, ""}, "the file is empty");
                return false;
            }
            stop = end_;  // last line without a final newline
            resume = end_;
        }
        ++line_;
        const size_t start = begin_;
        begin_ = resume;
        scanned = begin_;
        if (stop - start > max_line_) fail("", "line is longer than " + std::to_string(max_line_) + " bytes");
        std::string_view s(buffer_.data() + start, stop - start);
        if (!s.empty() && s.back() == '\r') s.remove_suffix(1);
        if (line_ == 1 && s.size() >= 3 && s.compare(0, 3, "\xEF\xBB\xBF") == 0) s.remove_prefix(3);
        if (s.empty()) {
            if (blank_lines_ == BlankLines::Skip) continue;
            line = s;
            return true;
        }
        if (std::memchr(s.data(), '\0', s.size())) fail("", "contains a NUL byte: a binary file, not text");
        ++data_lines_;
        line = s;
        return true;
    }
}

// ---------------------------------------------------------------------------------------------
// Fields and numbers

size_t split_fields(std::string_view line, std::string_view separator, std::vector<std::string_view>& out) {
    out.clear();
    const size_t w = separator.size();
    size_t start = 0;
    if (w == 1) {
        const char c = separator[0];
        for (;;) {
            const void* p = std::memchr(line.data() + start, c, line.size() - start);
            if (!p) break;
            const size_t at = static_cast<size_t>(static_cast<const char*>(p) - line.data());
            out.push_back(line.substr(start, at - start));
            start = at + 1;
        }
    } else {
        for (size_t at; (at = line.find(separator, start)) != std::string_view::npos; start = at + w)
            out.push_back(line.substr(start, at - start));
    }
    out.push_back(line.substr(start));
    return out.size();
}

void require_field_count(const LineReader& reader, size_t found, const std::vector<std::string>& names,
                         const char* separator_name) {
    const size_t expected = names.size();
    if (found == expected) return;
    std::string message = "expected " + std::to_string(expected) + " fields separated by " + separator_name +
                          ", found " + std::to_string(found);
    if (found < expected) {
        if (found == 1) message += " (wrong separator?)";
        reader.fail(names[found], message);
    }
    reader.fail("", message);
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

std::string quoted_value(std::string_view s) {
    constexpr size_t kShown = 40;
    if (s.size() <= kShown) return "'" + std::string(s) + "'";
    return "'" + std::string(s.substr(0, kShown)) + "...'";
}

int64_t parse_int(std::string_view s, const ErrorContext& where, int64_t lo, int64_t hi) {
    s = trim(s);
    if (s.empty()) throw Error(where, "expected an integer, found an empty value");
    const char* first = s.data();
    if (*first == '+') ++first;
    int64_t v = 0;
    const auto [end, ec] = std::from_chars(first, s.data() + s.size(), v);
    if (ec == std::errc::result_out_of_range)
        throw Error(where, "value " + quoted_value(s) + " is outside " + std::to_string(lo) + ".." + std::to_string(hi));
    if (ec != std::errc() || end != s.data() + s.size()) throw Error(where, "expected an integer, found " + quoted_value(s));
    if (v < lo || v > hi)
        throw Error(where, "value " + std::to_string(v) + " is outside " + std::to_string(lo) + ".." + std::to_string(hi));
    return v;
}

double parse_finite(std::string_view s, const ErrorContext& where) {
    s = trim(s);
    if (s.empty()) throw Error(where, "expected a number, found an empty value");
    const char* first = s.data();
    if (*first == '+') ++first;
    double v = 0;
    const auto [end, ec] = std::from_chars(first, s.data() + s.size(), v);
    if (ec == std::errc::result_out_of_range) throw Error(where, "number " + quoted_value(s) + " is out of range");
    if (ec != std::errc() || end != s.data() + s.size()) throw Error(where, "expected a number, found " + quoted_value(s));
    if (!std::isfinite(v)) throw Error(where, "expected a finite number, found " + quoted_value(s));
    return v;
}

std::string read_small_file(const std::string& path, size_t max_bytes) {
    // A whole-file read of a device (/dev/zero) or a pipe would never end, or end in bad_alloc.
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))
        throw Error(ErrorContext{path, 0, ""}, "is not a regular file (a device, a pipe or a socket)");
    off_t size = 0;
    const int fd = open_checked(path, size);
    std::string text;
    try {
        char chunk[65536];
        for (size_t got; (got = read_some(fd, chunk, sizeof chunk, path)) > 0;) {
            if (text.size() + got > max_bytes)
                throw Error(ErrorContext{path, 0, ""}, "file is larger than " + std::to_string(max_bytes) + " bytes");
            text.append(chunk, got);
        }
    } catch (...) {
        ::close(fd);
        throw;
    }
    ::close(fd);
    if (text.empty()) throw Error(ErrorContext{path, 0, ""}, "the file is empty");
    return text;
}

std::string read_whole_file(const std::string& path) {
    return read_small_file(path, std::numeric_limits<size_t>::max());
}

// ---------------------------------------------------------------------------------------------
// Text encodings

bool is_valid_utf8(std::string_view s) {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const auto* end = p + s.size();
    while (p < end) {
        const unsigned c = *p;
        if (c < 0x80) { ++p; continue; }
        int n;
        uint32_t cp;
        if ((c & 0xE0) == 0xC0) { n = 1; cp = c & 0x1F; }
        else if ((c & 0xF0) == 0xE0) { n = 2; cp = c & 0x0F; }
        else if ((c & 0xF8) == 0xF0) { n = 3; cp = c & 0x07; }
        else return false;
        if (end - p <= n) return false;
        for (int k = 1; k <= n; ++k) {
            if ((p[k] & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (p[k] & 0x3F);
        }
        // overlong forms, surrogates and values past U+10FFFF are not UTF-8
        if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        p += n + 1;
    }
    return true;
}

std::string latin1_to_utf8(std::string_view s) {
    std::string out;
    out.reserve(s.size() + 8);
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 0x80) {
            out.push_back(ch);
        } else {
            out.push_back(static_cast<char>(0xC0 | (c >> 6)));
            out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
        }
    }
    return out;
}

std::string utf8_from_utf8_or_latin1(std::string_view s) {
    return is_valid_utf8(s) ? std::string(s) : latin1_to_utf8(s);
}

}  // namespace towerlab
