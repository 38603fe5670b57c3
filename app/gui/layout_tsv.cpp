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
    std::ofstream out(path);
    if (!out) throw towerlab::Error(towerlab::ErrorContext{path, 0, ""}, "cannot write the TSV file");
    write_layout_tsv(out, d, split, items, xy);
    if (!out) throw towerlab::Error(towerlab::ErrorContext{path, 0, ""}, "writing the TSV file failed");
}

}  // namespace app
