#include "data/dataset.h"

namespace towerlab {

std::string Dataset::item_title(int item) const {
    if (item >= 0 && static_cast<size_t>(item) < item_titles.size() && !item_titles[static_cast<size_t>(item)].empty())
        return item_titles[static_cast<size_t>(item)];
    return "item " + std::to_string(item);
}

}  // namespace towerlab
