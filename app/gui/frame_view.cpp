#include "frame_view.h"

#include <cstdio>

#include "setup_file.h"
#include "ui_text.h"

namespace app {

std::string run_label(long run, const towerlab::TrainConfig& c) {
    char buf[256];
    std::snprintf(buf, sizeof buf, tr("run %ld: %s, %s negatives, logQ %s, tau %.3g"), run, towerlab::to_string(c.objective),
                  towerlab::to_string(c.negatives), towerlab::to_string(c.logq), c.tau);
    std::string s = buf;
    if (c.augmentation != towerlab::Augmentation::None) {
        std::snprintf(buf, sizeof buf, tr(", SSL %s alpha %.3g"), towerlab::to_string(c.augmentation), c.alpha);
        s += buf;
    } else {
        s += tr(", no SSL");
    }
    return s;
}

bool FrameView::setup_needs_reload() const {
    const towerlab::SessionData* d = data();
    if (!d) return true;
    const towerlab::SessionSetup& setup = draft().setup;
    const towerlab::SessionSetup& loaded = d->setup;
    // The split (and so the head/long-tail groups) depends on head_share: changing it means a new split.
    return setup.dataset != loaded.dataset || setup.cold_item_share != loaded.cold_item_share ||
           setup.split_seed != loaded.split_seed || setup.validation != loaded.validation ||
           setup.config.head_share != loaded.config.head_share ||
           setup.config.label_fraction != loaded.config.label_fraction ||
           (setup.dataset == "synthetic" && setup_to_json(setup)["synthetic"] != setup_to_json(loaded)["synthetic"]);
}

}  // namespace app
