#include <stdlib.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "data/dataset.h"
#include "fuzz_harnesses.h"

namespace towerlab::fuzz {

std::vector<std::string_view> split_parts(const uint8_t* data, size_t size, size_t max_parts) {
    std::vector<std::string_view> parts;
    const char* p = reinterpret_cast<const char*>(data);
    size_t start = 0;
    while (parts.size() + 1 < max_parts) {
        const void* nul = size > start ? std::memchr(p + start, '\0', size - start) : nullptr;
        if (!nul) break;
        const size_t at = static_cast<size_t>(static_cast<const char*>(nul) - p);
        parts.emplace_back(p + start, at - start);
        start = at + 1;
    }
    parts.emplace_back(p + start, size - start);
    return parts;
}

ScratchDir& ScratchDir::get() {
    static ScratchDir dir;
    return dir;
}

ScratchDir::ScratchDir() {
    char name[] = "/tmp/towerlab-fuzz-XXXXXX";
    if (!mkdtemp(name)) throw std::runtime_error("mkdtemp failed");
    path_ = name;
}

ScratchDir::~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

std::string ScratchDir::write(const std::string& name, std::string_view bytes) const {
    const std::string file = path_ + "/" + name;
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) throw std::runtime_error("cannot write " + file);
    return file;
}

void ScratchDir::clear() const {
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(path_, ec)) std::filesystem::remove_all(e.path(), ec);
}

void ScratchDir::write_parts(const std::vector<std::string>& names, const std::vector<std::string_view>& parts) const {
    clear();
    for (size_t k = 0; k < parts.size() && k < names.size(); ++k) write(names[k], parts[k]);
}

void check_dataset(const Dataset& d) {
    const int users = d.num_users(), items = d.num_items();
    bool ok = users > 0 && items > 0 && !d.clicks.empty();
    for (const Interaction& c : d.clicks) ok = ok && c.user >= 0 && c.user < users && c.item >= 0 && c.item < items;
    ok = ok && (d.item_titles.empty() || d.item_titles.size() == static_cast<size_t>(items));
    ok = ok && (d.item_is_new.empty() || d.item_is_new.size() == static_cast<size_t>(items));
    if (!ok) __builtin_trap();
}

}  // namespace towerlab::fuzz
