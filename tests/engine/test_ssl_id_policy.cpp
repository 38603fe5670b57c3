// How self-supervision treats the item ID (TrainConfig::ssl_id_masking) and the ID's "missing" row
// (ModelConfig::learn_missing_id): which views keep the ID, and which ID rows L_self may move.
// docs/results.md explains why these choices decide whether SSL helps or hurts cold items.
#include <catch2/catch.hpp>

#include <memory>
#include <set>

#include "data/split.h"
#include "data/synthetic_dataset.h"
#include "ssl/feature_augmentation.h"
#include "synthetic_fixtures.h"
#include "train/trainer.h"
#include "train/trainer_impl.h"

using namespace towerlab;

namespace {

struct Views {
    FeatureBatch batch, v1, v2;
    int id_field = -1;
};

Views views_of(const Dataset& d, const MutualInformation& mi, Augmentation kind, SslIdMasking policy) {
    Views v;
    std::vector<int32_t> rows(40);
    for (int i = 0; i < 40; ++i) rows[static_cast<size_t>(i)] = i;
    v.batch.gather(d.items, rows.data(), 40);
    AugmentationContext ctx{&d.items.fields(), &mi, 0.5, 0.5, policy};
    Rng rng(5);
    make_augmented_views(kind, v.batch, ctx, rng, v.v1, v.v2);
    v.id_field = d.items.id_field();
    return v;
}

bool id_kept(const FeatureBatch& b, int row, int id_field) { return b.values(row, id_field)[0] != kMissingValue; }

std::shared_ptr<const Dataset> small_data() { return test::synthetic_data(600, 300, 6000); }

using World = test::IdWorld;

}  // namespace

TEST_CASE("ssl_id_masking decides which views keep the item ID", "[ssl][id]") {
    const auto d = small_data();
    const MutualInformation mi = compute_mutual_information(d->items);
    for (Augmentation kind : {Augmentation::Complementary, Augmentation::CorrelatedMask, Augmentation::RandomMask}) {
        const Views always = views_of(*d, mi, kind, SslIdMasking::Always);
        const Views never = views_of(*d, mi, kind, SslIdMasking::Never);
        const Views frozen = views_of(*d, mi, kind, SslIdMasking::KeptFrozen);
        for (int r = 0; r < always.batch.rows; ++r) {
            CHECK_FALSE(id_kept(always.v1, r, always.id_field));
            CHECK_FALSE(id_kept(always.v2, r, always.id_field));
            CHECK(id_kept(never.v1, r, never.id_field));
            CHECK(id_kept(never.v2, r, never.id_field));
            CHECK(id_kept(frozen.v1, r, frozen.id_field));
            CHECK(id_kept(frozen.v2, r, frozen.id_field));
        }
    }
    // as a field, complementary and CFM put the ID in exactly one of the two views
    for (Augmentation kind : {Augmentation::Complementary, Augmentation::CorrelatedMask}) {
        const Views as_field = views_of(*d, mi, kind, SslIdMasking::AsField);
        for (int r = 0; r < as_field.batch.rows; ++r)
            CHECK(id_kept(as_field.v1, r, as_field.id_field) != id_kept(as_field.v2, r, as_field.id_field));
    }
}

TEST_CASE("the ID's missing row stays zero unless it is learned", "[ssl][id]") {
    const auto d = small_data();
    auto split = std::make_shared<Split>(make_split(*d, SplitConfig{}));
    for (bool learn : {false, true}) {
        TrainConfig c;
        c.threads = 1;
        c.batch_size = 64;
        c.ssl_batch_size = 64;
        c.augmentation = Augmentation::Complementary;  // masks the ID in one view of every item
        c.model.learn_missing_id = learn;
        Trainer t(d, split, c);
        for (int s = 0; s < 20; ++s) t.step();
        const TrainerImpl& impl = t.impl();
        const int id = d->items.id_field();
        const float norm = impl.item_tower.tables[static_cast<size_t>(id)].row(kMissingValue).norm();
        if (learn) CHECK(norm > 0.01f);  // SSL's masked views moved it
        else CHECK(norm == 0.0f);
    }
}

TEST_CASE("kept_frozen: L_self does not move ID rows, so an item never clicked keeps its initial row", "[ssl][id]") {
    const auto d = small_data();
    auto split = std::make_shared<Split>(make_split(*d, SplitConfig{}));
    const int id = d->items.id_field();
    std::vector<int> cold;
    for (int i = 0; i < d->num_items(); ++i)
        if (split->is_cold(i)) cold.push_back(i);
    REQUIRE(cold.size() >= 5);
    auto changed_cold_rows = [&](SslIdMasking policy) {
        TrainConfig c;
        c.threads = 1;
        c.batch_size = 64;
        c.ssl_batch_size = 128;
        c.augmentation = Augmentation::CorrelatedMask;
        c.ssl_id_masking = policy;
        const Trainer before(d, split, c);
        Trainer t(d, split, c);
        for (int s = 0; s < 30; ++s) t.step();
        int changed = 0;
        for (int i : cold) {
            const auto& a = before.impl().item_tower.tables[static_cast<size_t>(id)].row(i + 1);
            const auto& b = t.impl().item_tower.tables[static_cast<size_t>(id)].row(i + 1);
            changed += (a - b).norm() > 0;
        }
        return changed;
    };
    CHECK(changed_cold_rows(SslIdMasking::KeptFrozen) == 0);
    CHECK(changed_cold_rows(SslIdMasking::Never) > 0);  // uniform SSL sampling reaches cold items' rows
}

TEST_CASE("ssl_id_masking = always: L_self reaches no item's own ID row", "[id][ssl]") {
    World w;
    for (Augmentation kind : {Augmentation::CorrelatedMask, Augmentation::Complementary, Augmentation::RandomMask}) {
        TrainConfig c = w.config;
        c.augmentation = kind;
        c.ssl_id_masking = SslIdMasking::Always;
        Trainer t(w.data, w.split, c);
        TrainerImpl& m = t.impl();
        m.item_grad.clear();
        m.self_supervised_loss_and_gradients();
        const auto& rows = m.item_grad.tables[static_cast<size_t>(w.id_field)].touched_rows();
        INFO(to_string(kind));
        CHECK(std::set<int32_t>(rows.begin(), rows.end()) == std::set<int32_t>{kMissingValue});
        // ... while the content tables are reached
        CHECK(m.item_grad.tables[static_cast<size_t>(w.data->items.field_index("creator"))].touched_rows().size() > 10);
    }
}
