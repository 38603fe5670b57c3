// Writing a file so that readers see either the old content or the complete new one, never a
// half-written file: write to a temporary name in the same directory, flush it to disk, rename it
// over the target, and flush the directory entry. Checkpoints and exports use it.
#pragma once

#include <cstdio>
#include <functional>
#include <string>

namespace towerlab {

// `write` fills the temporary file. Throws Error naming `path` if anything fails; the temporary
// file is then removed and the target is left as it was.
void write_file_atomically(const std::string& path, const std::function<void(std::FILE*)>& write);

// fwrite that throws Error naming `path` on a short write (disk full, I/O error).
void write_bytes(std::FILE* f, const void* data, size_t bytes, const std::string& path);

}  // namespace towerlab
