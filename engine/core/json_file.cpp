#include "core/json_file.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <set>
#include <vector>

#include "core/error.h"

namespace towerlab {

namespace {

// nlohmann's what() without its "[json.exception.parse_error.101] " prefix.
std::string without_prefix(const std::string& what) {
    const size_t cut = what.find("] ");
    return cut == std::string::npos ? what : what.substr(cut + 2);
}

}  // namespace

nlohmann::json parse_json_text(const std::string& text, const std::string& source, DuplicateKeys duplicates) {
    using json = nlohmann::json;
    // One set of keys per open object; the callback sees each key as it is parsed.
    std::vector<std::set<std::string>> keys;
    std::string duplicate;
    const json::parser_callback_t check = [&](int /*depth*/, json::parse_event_t event, json& parsed) {
        switch (event) {
            case json::parse_event_t::object_start: keys.emplace_back(); break;
            case json::parse_event_t::object_end:
                if (!keys.empty()) keys.pop_back();
                break;
            case json::parse_event_t::key:
                if (!keys.empty() && !keys.back().insert(parsed.get<std::string>()).second && duplicate.empty())
                    duplicate = parsed.get<std::string>();
                break;
            default: break;
        }
        return true;
    };
    json j;
    try {
        j = duplicates == DuplicateKeys::Refuse ? json::parse(text, check) : json::parse(text);
    } catch (const json::parse_error& e) {
        const size_t upto = std::min(text.size(), static_cast<size_t>(e.byte > 0 ? e.byte - 1 : 0));
        const long line = 1 + static_cast<long>(std::count(text.begin(), text.begin() + static_cast<long>(upto), '\n'));
        throw Error(ErrorContext{source, line, ""}, "invalid JSON: " + without_prefix(e.what()));
    } catch (const json::exception& e) {
        // the parser reports a number beyond double's range (1e400) as out_of_range, not parse_error
        throw Error(ErrorContext{source, 0, ""}, "invalid JSON: " + without_prefix(e.what()));
    }
    if (!duplicate.empty())
        throw Error(ErrorContext{source, 0, duplicate}, "given twice in one object (say it once)");
    return j;
}

nlohmann::json read_json_file(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
        throw Error(ErrorContext{path, 0, ""}, errno == ENOENT ? "file not found" : std::string("cannot open: ") + std::strerror(errno));
    if (S_ISDIR(st.st_mode)) throw Error(ErrorContext{path, 0, ""}, "is a directory, expected a JSON file");
    if (!S_ISREG(st.st_mode)) throw Error(ErrorContext{path, 0, ""}, "is not a regular file, expected a JSON file");
    if (static_cast<size_t>(st.st_size) > kMaxJsonFileBytes)
        throw Error(ErrorContext{path, 0, ""}, "is larger than " + std::to_string(kMaxJsonFileBytes >> 20) + " MiB: not a settings file");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(ErrorContext{path, 0, ""}, std::string("cannot open: ") + std::strerror(errno));
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) throw Error(ErrorContext{path, 0, ""}, "the file is empty");
    return parse_json_text(text, path, DuplicateKeys::Refuse);
}

}  // namespace towerlab
