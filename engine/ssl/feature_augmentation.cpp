#include "ssl/feature_augmentation.h"

#include "core/error.h"

namespace towerlab {

void apply_field_actions(const FeatureBatch& in, int row, const std::vector<FieldAction>& actions,
                         double dropout_probability, Rng& rng, FeatureBatch& out) {
    for (int f = 0; f < in.num_fields(); ++f) {
        auto vs = in.values(row, f);
        switch (actions[static_cast<size_t>(f)]) {
            case FieldAction::Keep: out.push(f, vs.begin(), vs.end()); break;
            case FieldAction::Mask: out.push_value(f, kMissingValue); break;
            case FieldAction::Dropout: {
                const size_t before = out.columns[static_cast<size_t>(f)].values.size();
                for (int32_t v : vs)
                    if (uniform01(rng) >= dropout_probability) out.push_value(f, v);
                // every value dropped: keep one at random, so the field is not silently "missing"
                if (out.columns[static_cast<size_t>(f)].values.size() == before)
                    out.push_value(f, vs[uniform_int(rng, 0, vs.size() - 1)]);
                break;
            }
        }
    }
    out.end_row();
}

void make_augmented_views(Augmentation kind, const FeatureBatch& in, const AugmentationContext& ctx, Rng& rng,
                          FeatureBatch& view1, FeatureBatch& view2) {
    const int nf = in.num_fields();
    view1.reset(nf);
    view2.reset(nf);
    std::vector<FieldAction> a1(static_cast<size_t>(nf)), a2(static_cast<size_t>(nf));
    int id_field = -1;
    for (int f = 0; f < nf; ++f)
        if ((*ctx.fields)[static_cast<size_t>(f)].kind == FieldKind::Id) id_field = f;
    for (int r = 0; r < in.rows; ++r) {
        switch (kind) {
            case Augmentation::RandomMask: random_mask_actions(ctx, rng, a1, a2); break;
            case Augmentation::Dropout: dropout_actions(ctx, rng, a1, a2); break;
            case Augmentation::Complementary: complementary_actions(ctx, rng, a1, a2); break;
            case Augmentation::CorrelatedMask: correlated_mask_actions(ctx, rng, a1, a2); break;
            case Augmentation::None: throw Error("make_augmented_views called without an augmentation");
        }
        if (id_field >= 0 && ctx.id_masking != SslIdMasking::AsField) {
            const FieldAction id = ctx.id_masking == SslIdMasking::Always ? FieldAction::Mask : FieldAction::Keep;  // Never, KeptFrozen
            a1[static_cast<size_t>(id_field)] = a2[static_cast<size_t>(id_field)] = id;
        }
        apply_field_actions(in, r, a1, ctx.dropout_probability, rng, view1);
        apply_field_actions(in, r, a2, ctx.dropout_probability, rng, view2);
    }
}

}  // namespace towerlab
