// Every panel of the window, registered once (as ImHex's views register themselves): its id, its
// title, the slot (window) it is a tab of, its View-menu entry and how it draws. The window's slots,
// tabs and View menu, `towerlab --show ID`, a lesson's "look at" (a panel id the engine writes as a
// plain string) and the screenshot report's layout names all come from this list, so a new panel
// is one registration (app_window.cpp) and its class.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace app {

class FrameView;
class Intents;

struct PanelEntry {
    std::string id;              // "recall": --show, a lesson's look_at, the tab's ImGui id
    const char* title = "";      // the tab's text: an English key of the UI text table
    const char* menu = nullptr;  // the View menu's entry (a text key); null: not listed
    std::string slot;            // the window it sits in ("evaluation"); one panel alone there has no tab bar
    // Draws the panel into the current ImGui window from this frame's view; every change it makes
    // goes through the intents (intents.h).
    std::function<void(const FrameView&, Intents&)> draw;
};

class PanelRegistry {
public:
    // Throws std::logic_error for a repeated id: two panels cannot answer to one name.
    void add(PanelEntry entry);
    const std::vector<PanelEntry>& panels() const { return panels_; }
    const PanelEntry* find(const std::string& id) const;  // null when no panel has this id
    // The panels of a slot, in registration order.
    std::vector<const PanelEntry*> in_slot(const std::string& slot) const;
    // "loss, recall, ..." for messages naming what is accepted.
    std::string ids() const;

private:
    std::vector<PanelEntry> panels_;
};

}  // namespace app
