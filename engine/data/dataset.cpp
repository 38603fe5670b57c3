#include "data/dataset.h"

namespace towerlab {
namespace {

std::string own_id(const FeatureTable& table, int row) {
    const int f = table.id_field();
    if (f >= 0) {
        const FieldSpec& spec = table.fields()[static_cast<size_t>(f)];
        if (row >= 0 && static_cast<size_t>(row) < spec.value_names.size()) return spec.value_names[static_cast<size_t>(row)];
    }
    return std::to_string(row);
}

}  // namespace

std::string Dataset::item_id(int item) const { return own_id(items, item); }
std::string Dataset::user_id(int user) const { return own_id(users, user); }

std::string Dataset::item_title(int item) const {
    if (item >= 0 && static_cast<size_t>(item) < item_titles.size() && !item_titles[static_cast<size_t>(item)].empty())
        return item_titles[static_cast<size_t>(item)];
    return "item " + item_id(item);
}

}  // namespace towerlab
