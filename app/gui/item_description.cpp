#include "item_description.h"

#include <cctype>

#include "ui_text.h"

namespace app {

ImU32 group_colour(towerlab::ItemGroup g) {
    switch (g) {
        case towerlab::ItemGroup::Head: return IM_COL32(255, 140, 30, 255);   // orange
        case towerlab::ItemGroup::Tail: return IM_COL32(60, 150, 255, 255);   // blue
        case towerlab::ItemGroup::Cold: return IM_COL32(80, 220, 120, 255);   // green
    }
    return IM_COL32(200, 200, 200, 255);
}

const char* group_name(towerlab::ItemGroup g) {
    switch (g) {
        case towerlab::ItemGroup::Head: return tr("head");
        case towerlab::ItemGroup::Tail: return tr("long tail");
        case towerlab::ItemGroup::Cold: return tr("cold");
    }
    return "?";
}

std::string field_text(const towerlab::Dataset& d, int item, int field) { return field_text(d.items, item, field); }

std::string field_text(const towerlab::FeatureTable& table, int row, int field) {
    const towerlab::FieldSpec& spec = table.fields()[static_cast<size_t>(field)];
    std::string s;
    for (int32_t v : table.values(row, field)) {
        if (!s.empty()) s += ", ";
        s += spec.value_name(v);
    }
    return s;
}

std::string item_label(const towerlab::Dataset& d, int item) {
    if (static_cast<size_t>(item) < d.item_titles.size() && !d.item_titles[static_cast<size_t>(item)].empty())
        return d.item_titles[static_cast<size_t>(item)];
    return tr("item #") + d.item_id(item);
}

std::vector<int> find_items(const towerlab::Dataset& d, const std::string& query, int limit) {
    std::vector<int> out;
    if (query.empty() || limit <= 0) return out;
    const auto lower = [](std::string t) {
        for (char& c : t) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return t;
    };
    for (int i = 0; i < d.num_items(); ++i)
        if (d.item_id(i) == query) {
            out.push_back(i);
            break;
        }
    const std::string q = lower(query);
    for (size_t i = 0; i < d.item_titles.size() && static_cast<int>(out.size()) < limit; ++i)
        if (lower(d.item_titles[i]).find(q) != std::string::npos && (out.empty() || out.front() != static_cast<int>(i)))
            out.push_back(static_cast<int>(i));
    return out;
}

void item_tooltip_body(const towerlab::Dataset& d, const towerlab::Split& split, int item) {
    const towerlab::ItemGroup g = split.item_group[static_cast<size_t>(item)];
    ImGui::Text("%s", item_label(d, item).c_str());
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(group_colour(g)), tr("%s item, %d training clicks"), group_name(g),
                       split.train_clicks[static_cast<size_t>(item)]);
    if (static_cast<size_t>(item) < d.item_topic.size()) ImGui::Text(tr("ground-truth topic %d"), d.item_topic[static_cast<size_t>(item)]);
    for (int f = 0; f < d.items.num_fields(); ++f)
        ImGui::TextDisabled("%s: %s", d.items.fields()[static_cast<size_t>(f)].name.c_str(), field_text(d, item, f).c_str());
}

}  // namespace app
