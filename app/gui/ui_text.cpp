#include "ui_text.h"

#include <atomic>
#include <mutex>
#include <set>
#include <string_view>
#include <unordered_map>

#include "core/hyperparameters.h"

namespace app {

const TextEntry* text_table_entries(size_t& count);  // ui_text_table.cpp

namespace {

std::atomic<int> g_language{0};

struct Index {
    std::vector<TextEntry> table;
    std::unordered_map<std::string_view, const TextEntry*> by_english;
    Index() {
        size_t n = 0;
        const TextEntry* e = text_table_entries(n);
        table.assign(e, e + n);
        // The hyper-parameters' labels come with their Chinese from the engine's one table.
        for (const towerlab::Hyperparameter& p : towerlab::hyperparameters())
            if (!p.label.empty()) table.push_back({p.label.c_str(), p.label_zh.c_str()});
        for (const TextEntry& t : table) by_english.emplace(t.en, &t);
    }
};

const Index& index() {
    static const Index i;
    return i;
}

std::mutex g_missing_mutex;
std::set<std::string> g_missing;

}  // namespace

Language language() { return static_cast<Language>(g_language.load()); }
void set_language(Language l) { g_language = static_cast<int>(l); }

const char* language_name(Language l) { return l == Language::Chinese ? "中文" : "English"; }

const char* tr(const char* english) {
    const Index& i = index();
    const auto it = i.by_english.find(english);
    if (it == i.by_english.end()) {
        std::lock_guard<std::mutex> lk(g_missing_mutex);
        g_missing.insert(english);
        return english;
    }
    return language() == Language::Chinese ? it->second->zh : it->second->en;
}

std::string tr_id(const char* english, const char* id) { return std::string(tr(english)) + "###" + id; }

const std::vector<TextEntry>& text_table() { return index().table; }

std::vector<std::string> missing_texts() {
    std::lock_guard<std::mutex> lk(g_missing_mutex);
    return {g_missing.begin(), g_missing.end()};
}

void clear_missing_texts() {
    std::lock_guard<std::mutex> lk(g_missing_mutex);
    g_missing.clear();
}

}  // namespace app
