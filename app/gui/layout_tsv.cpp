#include "layout_tsv.h"

#include <fstream>

#include "core/error.h"

namespace app {
namespace {

std::string cell(std::string s) {
    for (char& c : s)
        if (c == '\t' || c == '\n' || c == '\r') c = ' ';
    return s;
}

// Writes `write`'s rows to `path`; throws naming the path when it cannot be written.
template <class Write>
void save_to(const std::string& path, const Write& write) {
    std::ofstream out(path);
    if (!out) throw towerlab::Error(towerlab::ErrorContext{path, 0, ""}, "cannot write the TSV file");
    write(out);
    if (!out) throw towerlab::Error(towerlab::ErrorContext{path, 0, ""}, "writing the TSV file failed");
}

// A map's rows: `header` (its columns before x and y), then per point the columns `lead` writes
// for its id, and its x and y. Points without both coordinates are left out.
template <class Lead>
void write_map_rows(std::ostream& out, const char* header, const std::vector<int32_t>& ids, const std::vector<float>& xy,
                    const Lead& lead) {
    out << header << "\tx\ty\n";
    out.precision(7);
    for (size_t k = 0; k < ids.size() && 2 * k + 1 < xy.size(); ++k) {
        lead(out, ids[k]);
        out << '\t' << xy[2 * k] << '\t' << xy[2 * k + 1] << '\n';
    }
}

}  // namespace

void write_layout_tsv(std::ostream& out, const towerlab::Dataset& d, const towerlab::Split& split,
                      const std::vector<int32_t>& items, const std::vector<float>& xy) {
    write_map_rows(out, "item_id\ttitle\tgroup\ttopic", items, xy, [&](std::ostream& o, int32_t item) {
        const auto i = static_cast<size_t>(item);
        o << cell(d.item_id(item)) << '\t' << (i < d.item_titles.size() ? cell(d.item_titles[i]) : "") << '\t'
          << towerlab::to_string(split.item_group[i]) << '\t';
        if (i < d.item_topic.size()) o << d.item_topic[i];
    });
}

void save_layout_tsv(const std::string& path, const towerlab::Dataset& d, const towerlab::Split& split,
                     const std::vector<int32_t>& items, const std::vector<float>& xy) {
    save_to(path, [&](std::ostream& out) { write_layout_tsv(out, d, split, items, xy); });
}

void write_user_layout_tsv(std::ostream& out, const towerlab::Dataset& d, const towerlab::Split& split,
                           const std::vector<int32_t>& users, const std::vector<float>& xy) {
    write_map_rows(out, "user_id\ttraining_clicks\tclick_bucket\ttopic", users, xy, [&](std::ostream& o, int32_t user) {
        const auto u = static_cast<size_t>(user);
        const int clicks = static_cast<int>(split.user_train_items[u].size());
        o << cell(d.user_id(user)) << '\t' << clicks << '\t' << towerlab::click_bucket_name(towerlab::click_bucket(clicks)) << '\t';
        if (d.truth && u < d.truth->user_topics.size()) o << d.truth->user_topics[u][0];
    });
}

void save_user_layout_tsv(const std::string& path, const towerlab::Dataset& d, const towerlab::Split& split,
                          const std::vector<int32_t>& users, const std::vector<float>& xy) {
    save_to(path, [&](std::ostream& out) { write_user_layout_tsv(out, d, split, users, xy); });
}

}  // namespace app
