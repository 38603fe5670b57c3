#include "data/data_files.h"

#include <sys/stat.h>
#include <zip.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <limits>

#include "core/error.h"

namespace towerlab {
namespace {

struct ZipCloser {
    void operator()(zip_t* z) const { zip_discard(z); }
};
using ZipHandle = std::unique_ptr<zip_t, ZipCloser>;

ZipHandle open_zip(const std::string& path) {
    int code = 0;
    zip_t* z = zip_open(path.c_str(), ZIP_RDONLY, &code);
    if (!z) {
        zip_error_t error;
        zip_error_init_with_code(&error, code);
        const std::string message = std::string("cannot read the zip archive: ") + zip_error_strerror(&error);
        zip_error_fini(&error);
        throw Error(ErrorContext{path, 0, ""}, message);
    }
    return ZipHandle(z);
}

}  // namespace

bool has_zip_extension(const std::string& path) {
    if (path.size() < 4) return false;
    std::string ext = path.substr(path.size() - 4);
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext == ".zip";
}

DataFiles::DataFiles(std::string path) : path_(std::move(path)) {
    if (path_.empty()) throw Error(ErrorContext{"", 0, ""}, "no folder or zip file given");
    struct stat st {};
    if (::stat(path_.c_str(), &st) != 0) {
        if (errno == ENOENT) throw Error(ErrorContext{path_, 0, ""}, has_zip_extension(path_) ? "zip file not found" : "folder not found");
        throw Error(ErrorContext{path_, 0, ""}, std::string("cannot open: ") + std::strerror(errno));
    }
    if (S_ISDIR(st.st_mode)) return;
    if (!has_zip_extension(path_))
        throw Error(ErrorContext{path_, 0, ""}, "is a file, expected the folder that holds the data files (or a .zip archive of it)");
    zip_ = true;
    const ZipHandle z = open_zip(path_);
    const zip_int64_t n = zip_get_num_entries(z.get(), 0);
    for (zip_int64_t i = 0; i < n; ++i) {
        const char* raw = zip_get_name(z.get(), static_cast<zip_uint64_t>(i), ZIP_FL_ENC_GUESS);
        if (!raw) continue;
        const std::string entry(raw);
        if (entry.empty() || entry.back() == '/') continue;  // a folder
        // The root, or one top-level folder (GroupLens: "ml-100k/u.data"); macOS's "__MACOSX/"
        // copies hold resource forks, not data.
        const size_t slash = entry.find('/');
        if (slash != std::string::npos && (entry.find('/', slash + 1) != std::string::npos || entry.rfind("__MACOSX/", 0) == 0))
            continue;
        const std::string name = slash == std::string::npos ? entry : entry.substr(slash + 1);
        const auto [it, fresh] = entries_.emplace(name, entry);
        if (!fresh)
            throw Error(ErrorContext{path_, 0, ""}, "holds '" + name + "' twice ('" + it->second + "' and '" + entry +
                                                        "'): keep one data set per archive");
    }
    if (entries_.empty()) throw Error(ErrorContext{path_, 0, ""}, "the zip archive holds no files");
}

bool DataFiles::has(const std::string& name) const {
    if (zip_) return entries_.count(name) > 0;
    struct stat st {};
    return ::stat(join_path(path_, name).c_str(), &st) == 0 && !S_ISDIR(st.st_mode);
}

std::string DataFiles::display_name(const std::string& name) const {
    if (!zip_) return join_path(path_, name);
    const auto it = entries_.find(name);
    return path_ + ":" + (it == entries_.end() ? name : it->second);
}

std::string DataFiles::inflate(const std::string& name, size_t max_bytes) const {
    const auto it = entries_.find(name);
    if (it == entries_.end()) throw Error(ErrorContext{display_name(name), 0, ""}, "file not found in the zip archive");
    const ZipHandle z = open_zip(path_);
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat(z.get(), it->second.c_str(), 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE))
        throw Error(ErrorContext{display_name(name), 0, ""}, std::string("cannot read the entry: ") + zip_strerror(z.get()));
    if (st.size > max_bytes)
        throw Error(ErrorContext{display_name(name), 0, ""}, "file is larger than " + std::to_string(max_bytes) + " bytes");
    if (st.size == 0) throw Error(ErrorContext{display_name(name), 0, ""}, "the file is empty");
    zip_file_t* f = zip_fopen(z.get(), it->second.c_str(), 0);
    if (!f) throw Error(ErrorContext{display_name(name), 0, ""}, std::string("cannot open the entry: ") + zip_strerror(z.get()));
    std::string bytes(static_cast<size_t>(st.size), '\0');
    size_t done = 0;
    while (done < bytes.size()) {
        const zip_int64_t got = zip_fread(f, bytes.data() + done, bytes.size() - done);
        if (got <= 0) {
            const std::string why = got < 0 ? zip_file_strerror(f) : "the entry ended early";
            zip_fclose(f);
            throw Error(ErrorContext{display_name(name), 0, ""}, "cannot inflate the entry: " + why);
        }
        done += static_cast<size_t>(got);
    }
    // zip_fclose reports a CRC mismatch: a damaged archive is an error, not data.
    if (const int rc = zip_fclose(f); rc != 0) {
        zip_error_t error;
        zip_error_init_with_code(&error, rc);
        const std::string why = zip_error_strerror(&error);
        zip_error_fini(&error);
        throw Error(ErrorContext{display_name(name), 0, ""}, "damaged entry: " + why);
    }
    return bytes;
}

std::unique_ptr<LineReader> DataFiles::open(const std::string& name, size_t max_line_bytes) const {
    if (!zip_) return std::make_unique<LineReader>(join_path(path_, name), max_line_bytes);
    return std::make_unique<LineReader>(InMemoryFile{display_name(name), inflate(name, std::numeric_limits<size_t>::max())},
                                        max_line_bytes);
}

std::string DataFiles::read_small(const std::string& name, size_t max_bytes) const {
    if (!zip_) return read_small_file(join_path(path_, name), max_bytes);
    return inflate(name, max_bytes);
}

}  // namespace towerlab
