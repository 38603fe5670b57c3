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

// What a key given twice in one object does: an error (files a person writes for this program), or
// the last one wins (nlohmann's default, kept where a format documented it so, as schema.json).
enum class DuplicateKeys { Refuse, LastWins };

// Throws towerlab::Error naming `path` (and the line or key) for anything but one valid JSON
// document; a key given twice is refused.
nlohmann::json read_json_file(const std::string& path);
// Text already read; `source` names it in messages ("SOURCE:LINE: invalid JSON: parse error at ...").
nlohmann::json parse_json_text(const std::string& text, const std::string& source, DuplicateKeys duplicates);

}  // namespace towerlab
