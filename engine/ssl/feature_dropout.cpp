// Dropout of multi-valued features: each value of a set (an item's categories, its keywords) is
// dropped with probability p in each view; single-valued fields are kept as they are.
#include "ssl/feature_augmentation.h"

namespace towerlab {

void dropout_actions(const AugmentationContext& ctx, Rng&, std::vector<FieldAction>& view1,
                     std::vector<FieldAction>& view2) {
    for (size_t f = 0; f < ctx.fields->size(); ++f) {
        const bool multi = (*ctx.fields)[f].kind == FieldKind::MultiCategorical;
        view1[f] = view2[f] = multi ? FieldAction::Dropout : FieldAction::Keep;
    }
}

}  // namespace towerlab
