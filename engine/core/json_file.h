// Reading a small JSON file a person wrote (a configuration, an app setup) strictly: a folder, a
// device or an oversized file is refused with its path before any read, a syntax error names the
// line, and a key given twice in one object is an error rather than "the last one wins" (which
// would silently drop what the person meant in the first).
#pragma once

#include <cstddef>
#include <string>

#include <nlohmann/json.hpp>

namespace towerlab {

inline constexpr size_t kMaxJsonFileBytes = size_t{16} << 20;

// Throws towerlab::Error naming `path` (and the line or key) for anything but one valid JSON document.
nlohmann::json read_json_file(const std::string& path);
// The same rules for text already read; `source` names it in messages.
nlohmann::json parse_json_strict(const std::string& text, const std::string& source);

}  // namespace towerlab
