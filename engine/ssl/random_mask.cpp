// Random mask: every field of a view is replaced by "missing" with probability p, independently
// in the two views. At least one field survives in each view: an all-missing view carries nothing
// about the item and would only teach the tower that every item looks the same.
#include "core/error.h"
#include "ssl/feature_augmentation.h"

namespace towerlab {
namespace {
void one_view(const AugmentationContext& ctx, Rng& rng, std::vector<FieldAction>& a) {
    const int nf = static_cast<int>(ctx.fields->size());
    bool any_kept = false;
    for (int f = 0; f < nf; ++f) {
        a[static_cast<size_t>(f)] = uniform01(rng) < ctx.mask_probability ? FieldAction::Mask : FieldAction::Keep;
        any_kept |= a[static_cast<size_t>(f)] == FieldAction::Keep;
    }
    if (!any_kept) a[static_cast<size_t>(uniform_int(rng, 0, nf - 1))] = FieldAction::Keep;
}
}  // namespace

void random_mask_actions(const AugmentationContext& ctx, Rng& rng, std::vector<FieldAction>& view1,
                         std::vector<FieldAction>& view2) {
    one_view(ctx, rng, view1);
    one_view(ctx, rng, view2);
}

}  // namespace towerlab
