// The four feature transformations of self-supervised learning (Yao et al., CIKM 2021). Each
// takes a batch of items and writes two views of it; the item tower embeds both, and the
// contrastive loss asks the two views of one item to agree and those of different items to differ.
//
//   RandomMask      each field is replaced by "missing" with probability mask_probability, in each
//                   view independently (random_mask.cpp)
//   Dropout         each value of a multi-valued field is dropped with probability
//                   dropout_probability, at least one kept (feature_dropout.cpp)
//   Complementary   the fields are split at random into two groups; view 1 keeps group A only,
//                   view 2 keeps group B only (complementary_mask.cpp)
//   CorrelatedMask  a random seed field plus its most related fields by mutual information are
//                   masked in view 1, the rest in view 2 (correlated_feature_masking.cpp)
//
// A masked field becomes the single value 0, the learned "missing" embedding a real item with an
// unknown value also gets; a masked multi-valued field is {missing}, not an empty bag.
#pragma once

#include <vector>

#include "core/config.h"
#include "core/random.h"
#include "data/feature_schema.h"
#include "model/feature_batch.h"
#include "ssl/mutual_information.h"

namespace towerlab {

enum class FieldAction : uint8_t { Keep, Mask, Dropout };

struct AugmentationContext {
    const std::vector<FieldSpec>* fields = nullptr;
    const MutualInformation* mi = nullptr;  // CorrelatedMask only
    double mask_probability = 0.5;
    double dropout_probability = 0.5;
    SslIdMasking id_masking = SslIdMasking::AsField;  // override for the ID field, after the transformation
};

// The context a training config asks for: its probabilities and its rule for the ID.
inline AugmentationContext augmentation_context(const std::vector<FieldSpec>& fields, const MutualInformation& mi,
                                                const TrainConfig& config) {
    return {&fields, &mi, config.mask_probability, config.dropout_probability, config.ssl_id_masking};
}

// Per-row field actions of the two views, one function per transformation.
void random_mask_actions(const AugmentationContext& ctx, Rng& rng, std::vector<FieldAction>& view1,
                         std::vector<FieldAction>& view2);
void dropout_actions(const AugmentationContext& ctx, Rng& rng, std::vector<FieldAction>& view1,
                     std::vector<FieldAction>& view2);
void complementary_actions(const AugmentationContext& ctx, Rng& rng, std::vector<FieldAction>& view1,
                           std::vector<FieldAction>& view2);
void correlated_mask_actions(const AugmentationContext& ctx, Rng& rng, std::vector<FieldAction>& view1,
                             std::vector<FieldAction>& view2);

// Appends row `row` of `in` to `out` with the given field actions.
void apply_field_actions(const FeatureBatch& in, int row, const std::vector<FieldAction>& actions,
                         double dropout_probability, Rng& rng, FeatureBatch& out);

// Both views of a whole batch (each item draws its own random transformation).
void make_augmented_views(Augmentation kind, const FeatureBatch& in, const AugmentationContext& ctx, Rng& rng,
                          FeatureBatch& view1, FeatureBatch& view2);

}  // namespace towerlab
