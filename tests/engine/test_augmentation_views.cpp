// The augmentation viewer (lessons/augmentation_views.h): one item's two views, field by field, as
// the engine's own transformations make them for SSL training.
#include <catch2/catch.hpp>

#include <algorithm>

#include "core/error.h"
#include "data/synthetic_dataset.h"
#include "lessons/augmentation_views.h"
#include "ssl/mutual_information.h"
#include "synthetic_fixtures.h"

using namespace towerlab;

TEST_CASE("the augmentation viewer shows one item's two views as SSL training makes them", "[lesson][ssl]") {
    SyntheticConfig sc = test::synthetic_sizes(300, 400, 3000);
    sc.missing_share = 0;
    const Dataset data = make_synthetic_dataset(sc);
    const MutualInformation mi = compute_mutual_information(data.items);
    TrainConfig config;
    config.ssl_id_masking = SslIdMasking::AsField;  // the ID is dealt like any field (the default keeps it)
    Rng rng(3);
    const int id = data.items.id_field();
    for (int32_t item = 0; item < 40; ++item) {
        const ItemViews comp = describe_augmented_views(data, mi, item, Augmentation::Complementary, config, rng);
        REQUIRE(comp.fields.size() == static_cast<size_t>(data.items.num_fields()));
        for (const FieldView& f : comp.fields) {
            INFO("item " << item << " field " << f.name);
            // each field is visible in exactly one view (the ID too, as a field of the deal)
            CHECK((f.change1 == FieldChange::Masked) != (f.change2 == FieldChange::Masked));
            CHECK((f.change1 == FieldChange::Kept ? f.view1 : f.view2) == f.original);
        }
        const ItemViews drop = describe_augmented_views(data, mi, item, Augmentation::Dropout, config, rng);
        for (const FieldView& f : drop.fields) {
            INFO("item " << item << " field " << f.name);
            CHECK(f.change1 != FieldChange::Masked);
            CHECK_FALSE(f.view1.empty());
            for (int32_t v : f.view1) CHECK(std::find(f.original.begin(), f.original.end(), v) != f.original.end());
            if (data.items.fields()[static_cast<size_t>(f.field)].kind != FieldKind::MultiCategorical)
                CHECK(f.change1 == FieldChange::Kept);
        }
    }
    TrainConfig keep_id = config;
    keep_id.ssl_id_masking = SslIdMasking::Never;
    const ItemViews cfm = describe_augmented_views(data, mi, 5, Augmentation::CorrelatedMask, keep_id, rng);
    CHECK(cfm.fields[static_cast<size_t>(id)].change1 == FieldChange::Kept);
    CHECK(cfm.fields[static_cast<size_t>(id)].change2 == FieldChange::Kept);
    CHECK(cfm.fields[static_cast<size_t>(id)].original_text == data.items.fields()[static_cast<size_t>(id)].value_name(cfm.fields[static_cast<size_t>(id)].original[0]));
    CHECK_THROWS_AS(describe_augmented_views(data, mi, 400, Augmentation::RandomMask, config, rng), Error);
    CHECK_THROWS_AS(describe_augmented_views(data, mi, 0, Augmentation::None, config, rng), Error);
}
