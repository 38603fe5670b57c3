// Human-readable text about items and popularity groups, shared by the panels that show items.
#pragma once

#include <string>
#include <vector>

#include <imgui.h>

#include "data/dataset.h"
#include "data/split.h"

namespace app {

// Colours of the popularity groups, used by every panel and legend.
ImU32 group_colour(towerlab::ItemGroup g);
const char* group_name(towerlab::ItemGroup g);  // "head", "long tail", "cold"

// "field: value, value" for one field of an item.
std::string field_text(const towerlab::Dataset& d, int item, int field);
// The same for a row of any feature table (a user's fields).
std::string field_text(const towerlab::FeatureTable& table, int row, int field);

// Title, or "item #N" when the dataset has none.
std::string item_label(const towerlab::Dataset& d, int item);

// Items a search box means, at most `limit`: the item whose id is `query` first, then items whose
// title contains it, ignoring case, in catalogue order. Empty for an empty query.
std::vector<int> find_items(const towerlab::Dataset& d, const std::string& query, int limit);

// Several lines: every field, group, training clicks and topic.
void item_tooltip_body(const towerlab::Dataset& d, const towerlab::Split& split, int item);

}  // namespace app
