// The augmentation viewer of lessons 8 and 9: one item's fields and the two views that one of the
// four feature transformations makes of it, field by field (kept, masked, some values dropped).
// It runs the engine's own make_augmented_views on a batch of one item, so what it shows is what
// self-supervised training feeds the item tower.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/random.h"
#include "data/dataset.h"
#include "ssl/mutual_information.h"

namespace towerlab {

enum class FieldChange : uint8_t {
    Kept,     // the view has the item's values
    Masked,   // the view has the single "missing" value instead
    Dropped,  // the view has some of the item's values (dropout on a multi-valued field)
    Missing,  // the item has no value for this field, so the view cannot differ
};
const char* to_string(FieldChange change);

struct FieldView {
    int field = -1;
    std::string name;
    std::vector<int32_t> original, view1, view2;  // value ids (0 = missing)
    std::string original_text, view1_text, view2_text;  // value names joined by ", "
    FieldChange change1 = FieldChange::Kept, change2 = FieldChange::Kept;
};

struct ItemViews {
    int32_t item = -1;
    std::string title;
    Augmentation kind = Augmentation::None;
    std::vector<FieldView> fields;  // schema order
};

// Draws the two views of `item` under `kind` (not None) with the config's mask and dropout
// probabilities and its ssl_id_masking rule; `mi` is used by correlated feature masking. Each call
// draws anew from `rng` (the viewer's "resample" button).
ItemViews describe_augmented_views(const Dataset& data, const MutualInformation& mi, int32_t item, Augmentation kind,
                                   const TrainConfig& config, Rng& rng);

}  // namespace towerlab
