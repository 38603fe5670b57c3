// Shared by the loader tests and every test that checks an Error or writes files: fixture folders
// under tests/data, a file's text with one line replaced, a scratch folder that malformed variants
// are written into, a temporary path, and the exact message of the Error a call throws.
#pragma once

#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

#include "core/error.h"

namespace towerlab::test {

inline std::string fixture(const std::string& name) { return std::string(TOWERLAB_TEST_DATA) + "/" + name; }

inline std::string read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// `text` with its line `n` (1-based) replaced by `line`; every line ends with a newline.
inline std::string with_line(const std::string& text, int n, const std::string& line) {
    std::istringstream in(text);
    std::string out, l;
    for (int k = 1; std::getline(in, l); ++k) out += (k == n ? line : l) + "\n";
    return out;
}

// A path in the temporary folder that names this process, for a file a test writes and removes.
inline std::string temp_path(const std::string& name) {
    return (std::filesystem::temp_directory_path() / ("towerlab_test_" + std::to_string(::getpid()) + "_" + name)).string();
}

// A fresh folder under /tmp, removed with everything in it when the test ends.
class ScratchFolder {
public:
    ScratchFolder() {
        char name[] = "/tmp/towerlab-loader-test-XXXXXX";
        if (!mkdtemp(name)) throw std::runtime_error("mkdtemp failed");
        path_ = name;
    }
    // A scratch copy of the fixture folder `fixture_name`.
    explicit ScratchFolder(const std::string& fixture_name) : ScratchFolder() {
        for (const auto& e : std::filesystem::directory_iterator(fixture(fixture_name)))
            std::filesystem::copy_file(e.path(), std::filesystem::path(path_) / e.path().filename());
    }
    ~ScratchFolder() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    ScratchFolder(const ScratchFolder&) = delete;
    ScratchFolder& operator=(const ScratchFolder&) = delete;

    const std::string& path() const { return path_; }
    std::string file(const std::string& name) const { return path_ + "/" + name; }
    void write(const std::string& name, const std::string& bytes) const {
        std::ofstream out(file(name), std::ios::binary | std::ios::trunc);
        out << bytes;
    }
    void remove(const std::string& name) const { std::filesystem::remove_all(file(name)); }

private:
    std::string path_;
};

// The what() of the towerlab::Error that f() throws, or a note that it threw none.
template <class F>
std::string error_of(F&& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    return "(no error thrown)";
}

// Where the towerlab::Error that f() throws points (file, line, field); field "(no error)" when
// it threw none.
template <class F>
ErrorContext where_of(F&& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.where();
    }
    return {"", 0, "(no error)"};
}

}  // namespace towerlab::test
