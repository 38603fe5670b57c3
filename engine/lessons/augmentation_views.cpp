#include "lessons/augmentation_views.h"

#include "core/error.h"
#include "model/feature_batch.h"
#include "ssl/feature_augmentation.h"

namespace towerlab {

const char* to_string(FieldChange change) {
    switch (change) {
        case FieldChange::Kept: return "kept";
        case FieldChange::Masked: return "masked";
        case FieldChange::Dropped: return "dropped";
        case FieldChange::Missing: return "missing";
    }
    return "?";
}

namespace {

std::vector<int32_t> row_values(const FeatureBatch& b, int field) {
    const auto vs = b.values(0, field);
    return {vs.begin(), vs.end()};
}

std::string names(const FieldSpec& spec, const std::vector<int32_t>& values) {
    std::string s;
    for (int32_t v : values) s += (s.empty() ? "" : ", ") + spec.value_name(v);
    return s;
}

FieldChange change_of(const std::vector<int32_t>& original, const std::vector<int32_t>& view) {
    const bool missing = original.size() == 1 && original[0] == kMissingValue;
    if (missing) return FieldChange::Missing;
    if (view == original) return FieldChange::Kept;
    if (view.size() == 1 && view[0] == kMissingValue) return FieldChange::Masked;
    return FieldChange::Dropped;
}

}  // namespace

ItemViews describe_augmented_views(const Dataset& data, const MutualInformation& mi, int32_t item, Augmentation kind,
                                   const TrainConfig& config, Rng& rng) {
    if (item < 0 || item >= data.num_items())
        throw Error(ErrorContext{"", 0, "item"}, "no item " + std::to_string(item) + " (the catalogue has " +
                                                     std::to_string(data.num_items()) + ")");
    if (kind == Augmentation::None) throw Error(ErrorContext{"", 0, "augmentation"}, "pick one of the four transformations");
    FeatureBatch batch, v1, v2;
    batch.gather(data.items, &item, 1);
    const AugmentationContext ctx = augmentation_context(data.items.fields(), mi, config);
    make_augmented_views(kind, batch, ctx, rng, v1, v2);

    ItemViews out;
    out.item = item;
    out.title = data.item_title(item);
    out.kind = kind;
    for (int f = 0; f < batch.num_fields(); ++f) {
        const FieldSpec& spec = data.items.fields()[static_cast<size_t>(f)];
        FieldView fv;
        fv.field = f;
        fv.name = spec.name;
        fv.original = row_values(batch, f);
        fv.view1 = row_values(v1, f);
        fv.view2 = row_values(v2, f);
        fv.original_text = names(spec, fv.original);
        fv.view1_text = names(spec, fv.view1);
        fv.view2_text = names(spec, fv.view2);
        fv.change1 = change_of(fv.original, fv.view1);
        fv.change2 = change_of(fv.original, fv.view2);
        out.fields.push_back(std::move(fv));
    }
    return out;
}

}  // namespace towerlab
