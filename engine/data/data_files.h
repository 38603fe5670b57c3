// The files of a dataset, read from a folder or straight from a zip archive as GroupLens ships it
// (ml-100k.zip holds ml-100k/u.data, ...): the loaders ask for a file by name and never see which.
//
// In a zip, a file is found at the archive's root or inside one top-level folder; two entries with
// the same name (ml-100k.zip has only one u.data, but a repacked archive may nest copies) are an
// error that names both, never a silent pick. An entry is inflated into memory when opened.
// Messages name the file as the user knows it: "DIR/u.data" or "ml-100k.zip:ml-100k/u.data".
#pragma once

#include <map>
#include <memory>
#include <string>

#include "data/line_reader.h"

namespace towerlab {

class DataFiles {
public:
    // `path`: a folder, or a file ending in .zip. Throws Error naming the path when it is neither,
    // when it does not exist, or when the archive cannot be read.
    explicit DataFiles(std::string path);

    const std::string& path() const { return path_; }
    bool is_zip() const { return zip_; }
    bool has(const std::string& name) const;
    // How messages name that file.
    std::string display_name(const std::string& name) const;
    // A reader over the file; throws Error ("file not found" with the display name) when absent.
    std::unique_ptr<LineReader> open(const std::string& name, size_t max_line_bytes = kMaxLineBytes) const;
    // The whole (small) file, with the checks of read_small_file.
    std::string read_small(const std::string& name, size_t max_bytes = kMaxLineBytes) const;

private:
    std::string inflate(const std::string& name, size_t max_bytes) const;

    std::string path_;
    bool zip_ = false;
    std::map<std::string, std::string> entries_;  // zip: file name -> entry name in the archive
};

// True when `path` names a zip archive by its extension (.zip, any case).
bool has_zip_extension(const std::string& path);

}  // namespace towerlab
