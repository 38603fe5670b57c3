// Complementary split: the fields are dealt at random into two groups, both non-empty. View 1
// keeps group A and masks B; view 2 keeps B and masks A. The two views share no feature, so
// agreeing on them forces the tower to learn how the item's fields relate.
#include "ssl/feature_augmentation.h"

namespace towerlab {

void complementary_actions(const AugmentationContext& ctx, Rng& rng, std::vector<FieldAction>& view1,
                           std::vector<FieldAction>& view2) {
    const int nf = static_cast<int>(ctx.fields->size());
    int in_a = 0;
    for (int f = 0; f < nf; ++f) {
        const bool a = uniform01(rng) < 0.5;
        in_a += a;
        view1[static_cast<size_t>(f)] = a ? FieldAction::Keep : FieldAction::Mask;
    }
    if (nf >= 2 && (in_a == 0 || in_a == nf)) {
        // degenerate deal: move one random field to the empty side
        const int f = uniform_int(rng, 0, nf - 1);
        view1[static_cast<size_t>(f)] = in_a == 0 ? FieldAction::Keep : FieldAction::Mask;
    }
    for (int f = 0; f < nf; ++f)
        view2[static_cast<size_t>(f)] = view1[static_cast<size_t>(f)] == FieldAction::Keep ? FieldAction::Mask : FieldAction::Keep;
}

}  // namespace towerlab
