// Correlated feature masking (CFM): choose a seed field uniformly among the content fields, take
// it with its most related fields by mutual information (correlated_mask_group), mask that group in
// view 1 and every other content field in view 2. Masking correlated fields together removes the
// shortcut of predicting a masked field from its near-copy, which makes the task harder and
// (Yao et al. report) the representations better. The ID field is not part of the MI ranking (see
// mutual_information.h); it is masked in one of the two views, chosen at random.
#include <algorithm>

#include "core/error.h"
#include "ssl/feature_augmentation.h"

namespace towerlab {

void correlated_mask_actions(const AugmentationContext& ctx, Rng& rng, std::vector<FieldAction>& view1,
                             std::vector<FieldAction>& view2) {
    if (!ctx.mi) throw Error("correlated feature masking needs the mutual-information matrix");
    const MutualInformation& mi = *ctx.mi;
    if (mi.content_fields.empty()) {
        complementary_actions(ctx, rng, view1, view2);
        return;
    }
    const int seed = mi.content_fields[static_cast<size_t>(uniform_int(rng, 0, static_cast<int>(mi.content_fields.size()) - 1))];
    for (size_t f = 0; f < view1.size(); ++f) view1[f] = view2[f] = FieldAction::Keep;
    for (int f : mi.content_fields) view2[static_cast<size_t>(f)] = FieldAction::Mask;
    for (int f : correlated_mask_group(mi, seed)) {
        view1[static_cast<size_t>(f)] = FieldAction::Mask;
        view2[static_cast<size_t>(f)] = FieldAction::Keep;
    }
    for (size_t f = 0; f < view1.size(); ++f) {
        const bool content = std::find(mi.content_fields.begin(), mi.content_fields.end(), static_cast<int>(f)) != mi.content_fields.end();
        if (content) continue;
        const bool mask_in_first = uniform01(rng) < 0.5;
        view1[f] = mask_in_first ? FieldAction::Mask : FieldAction::Keep;
        view2[f] = mask_in_first ? FieldAction::Keep : FieldAction::Mask;
    }
}

}  // namespace towerlab
