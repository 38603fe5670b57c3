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

}  // namespace

void write_layout_tsv(std::ostream& out, const towerlab::Dataset& d, const towerlab::Split& split,
                      const std::vector<int32_t>& items, const std::vector<float>& xy) {
    out << "item_id\ttitle\tgroup\ttopic\tx\ty\n";
    out.precision(7);
    for (size_t k = 0; k < items.size() && 2 * k + 1 < xy.size(); ++k) {
        const auto i = static_cast<size_t>(items[k]);
        out << cell(d.item_id(items[k])) << '\t' << (i < d.item_titles.size() ? cell(d.item_titles[i]) : "") << '\t'
            << towerlab::to_string(split.item_group[i]) << '\t';
        if (i < d.item_topic.size()) out << d.item_topic[i];
        out << '\t' << xy[2 * k] << '\t' << xy[2 * k + 1] << '\n';
    }
}

void save_layout_tsv(const std::string& path, const towerlab::Dataset& d, const towerlab::Split& split,
                     const std::vector<int32_t>& items, const std::vector<float>& xy) {
    save_to(path, [&](std::ostream& out) { write_layout_tsv(out, d, split, items, xy); });
}

void write_user_layout_tsv(std::ostream& out, const towerlab::Dataset& d, const towerlab::Split& split,
                           const std::vector<int32_t>& users, const std::vector<float>& xy) {
    out << "user_id\ttraining_clicks\tclick_bucket\ttopic\tx\ty\n";
    out.precision(7);
    for (size_t k = 0; k < users.size() && 2 * k + 1 < xy.size(); ++k) {
        const auto u = static_cast<size_t>(users[k]);
        const int clicks = static_cast<int>(split.user_train_items[u].size());
        out << cell(d.user_id(users[k])) << '\t' << clicks << '\t' << towerlab::click_bucket_name(towerlab::click_bucket(clicks)) << '\t';
        if (d.truth && u < d.truth->user_topics.size()) out << d.truth->user_topics[u][0];
        out << '\t' << xy[2 * k] << '\t' << xy[2 * k + 1] << '\n';
    }
}

void save_user_layout_tsv(const std::string& path, const towerlab::Dataset& d, const towerlab::Split& split,
                          const std::vector<int32_t>& users, const std::vector<float>& xy) {
    save_to(path, [&](std::ostream& out) { write_user_layout_tsv(out, d, split, users, xy); });
}

}  // namespace app
