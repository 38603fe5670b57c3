#include "panel_registry.h"

#include <stdexcept>

namespace app {

void PanelRegistry::add(PanelEntry entry) {
    if (find(entry.id)) throw std::logic_error("panel id '" + entry.id + "' registered twice");
    panels_.push_back(std::move(entry));
}

const PanelEntry* PanelRegistry::find(const std::string& id) const {
    for (const PanelEntry& p : panels_)
        if (p.id == id) return &p;
    return nullptr;
}

std::vector<const PanelEntry*> PanelRegistry::in_slot(const std::string& slot) const {
    std::vector<const PanelEntry*> out;
    for (const PanelEntry& p : panels_)
        if (p.slot == slot) out.push_back(&p);
    return out;
}

std::string PanelRegistry::ids() const {
    std::string s;
    for (const PanelEntry& p : panels_) s += (s.empty() ? "" : ", ") + p.id;
    return s;
}

}  // namespace app
