#include "checkpoint/atomic_file.h"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

#include "core/error.h"

namespace towerlab {

void write_bytes(std::FILE* f, const void* data, size_t bytes, const std::string& path) {
    if (bytes > 0 && std::fwrite(data, 1, bytes, f) != bytes)
        throw Error(ErrorContext{path, 0, ""}, std::string("write failed: ") + std::strerror(errno));
}

namespace {
std::string directory_of(const std::string& path) {
    const size_t slash = path.find_last_of('/');
    if (slash == std::string::npos) return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}
}  // namespace

void write_file_atomically(const std::string& path, const std::function<void(std::FILE*)>& write) {
    if (path.empty()) throw Error(ErrorContext{"", 0, "path"}, "no output file named");
    const std::string tmp = path + ".tmp-" + std::to_string(::getpid());
    std::FILE* f = std::fopen(tmp.c_str(), "wb");
    if (!f) throw Error(ErrorContext{path, 0, ""}, "cannot create '" + tmp + "': " + std::strerror(errno));
    try {
        write(f);
        if (std::fflush(f) != 0 || ::fsync(::fileno(f)) != 0)
            throw Error(ErrorContext{path, 0, ""}, std::string("cannot flush to disk: ") + std::strerror(errno));
        if (std::fclose(f) != 0) {
            f = nullptr;
            throw Error(ErrorContext{path, 0, ""}, std::string("cannot close: ") + std::strerror(errno));
        }
        f = nullptr;
        if (std::rename(tmp.c_str(), path.c_str()) != 0)
            throw Error(ErrorContext{path, 0, ""}, "cannot rename '" + tmp + "' over it: " + std::strerror(errno));
    } catch (...) {
        if (f) std::fclose(f);
        std::remove(tmp.c_str());
        throw;
    }
    // Make the rename itself durable. Failure here leaves a complete file, so it is not an error.
    const int dir = ::open(directory_of(path).c_str(), O_RDONLY | O_DIRECTORY);
    if (dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
}

}  // namespace towerlab
