// The item ID's paths through training: ID dropout in L_main (TrainConfig::id_dropout and
// id_dropout_tail), the ID tables' own learning rate, SSL items drawn by clicks, the item inputs,
// and the ID-row movement figure (how self-supervision treats the ID, ssl_id_masking, is
// test_ssl_id_policy.cpp). docs/results.md measures what each does to the long tail; these tests
// check that each does what it says.
#include <catch2/catch.hpp>

#include <memory>
#include <set>

#include "core/error.h"
#include "synthetic_fixtures.h"
#include "train/trainer.h"
#include "train/trainer_impl.h"

using namespace towerlab;

namespace {

using World = test::IdWorld;

// The item ID rows L_main's gradient touches in one step (row 0 is "missing").
std::set<int32_t> main_loss_id_rows(Trainer& t, int id_field) {
    TrainerImpl& m = t.impl();
    m.sample_clicks(m.batch_users, m.batch_items);
    m.item_grad.clear();
    m.user_grad.clear();
    m.batch_log_p(m.batch_items, m.log_p);
    m.main_loss_and_gradients(m.batch_users, m.batch_items);
    const auto& rows = m.item_grad.tables[static_cast<size_t>(id_field)].touched_rows();
    return {rows.begin(), rows.end()};
}

}  // namespace

TEST_CASE("ID dropout 1: no clicked item's own ID row gets a main-loss gradient, the missing row does", "[id][ssl]") {
    World w;
    TrainConfig c = w.config;
    c.id_dropout = 1;
    Trainer t(w.data, w.split, c);
    CHECK(main_loss_id_rows(t, w.id_field) == std::set<int32_t>{kMissingValue});
    TrainConfig off = w.config;
    Trainer u(w.data, w.split, off);
    const auto rows = main_loss_id_rows(u, w.id_field);
    CHECK(rows.size() > 10);
    CHECK(rows.count(kMissingValue) == 0);
}

TEST_CASE("id_dropout_tail drops the ID of long-tail items only", "[id]") {
    World w;
    TrainConfig c = w.config;
    c.id_dropout_tail = 1;
    Trainer t(w.data, w.split, c);
    const auto rows = main_loss_id_rows(t, w.id_field);
    REQUIRE(rows.count(kMissingValue) == 1);  // the batch had long-tail items
    int head_rows = 0;
    for (int32_t r : rows) {
        if (r == kMissingValue) continue;
        INFO("ID row " << r);
        CHECK(w.split->item_group[static_cast<size_t>(r - 1)] == ItemGroup::Head);
        ++head_rows;
    }
    CHECK(head_rows > 0);
}

TEST_CASE("ID dropout trains the learned missing row through L_main alone", "[id]") {
    World w;
    TrainConfig c = w.config;
    c.id_dropout = 0.5;
    c.model.learn_missing_id = true;
    Trainer t(w.data, w.split, c);
    for (int s = 0; s < 10; ++s) t.step();  // no SSL: only L_main can move it
    CHECK(t.impl().item_tower.tables[static_cast<size_t>(w.id_field)].row(kMissingValue).norm() > 0.01f);
}

TEST_CASE("id_learning_rate_scale scales the ID rows' step and nothing else", "[id][optimizer]") {
    World w;
    TrainConfig c = w.config;
    Trainer a(w.data, w.split, c);
    c.id_learning_rate_scale = 0.25;
    Trainer b(w.data, w.split, c);
    const Trainer init(w.data, w.split, c);
    a.step();
    b.step();  // same seed: the same clicks and gradients in the first step
    const auto& t0 = init.impl().item_tower.tables;
    const auto& ta = a.impl().item_tower.tables;
    const auto& tb = b.impl().item_tower.tables;
    const size_t id = static_cast<size_t>(w.id_field);
    const double moved_a = (ta[id] - t0[id]).norm(), moved_b = (tb[id] - t0[id]).norm();
    REQUIRE(moved_a > 0);
    CHECK(moved_b / moved_a == Approx(0.25).epsilon(1e-3));
    const size_t creator = static_cast<size_t>(w.data->items.field_index("creator"));
    CHECK((ta[creator] - tb[creator]).norm() == 0);
    CHECK((a.impl().item_tower.weights[0] - b.impl().item_tower.weights[0]).norm() == 0);
}

TEST_CASE("ssl_sampling_power draws SSL items by clicks; 0 draws uniformly", "[ssl]") {
    World w;
    auto mean_clicks_drawn = [&](double power) {
        TrainConfig c = w.config;
        c.augmentation = Augmentation::CorrelatedMask;
        c.ssl_sampling_power = power;
        Trainer t(w.data, w.split, c);
        double sum = 0;
        long n = 0;
        for (int k = 0; k < 50; ++k) {
            t.impl().draw_ssl_items();
            for (int32_t i : t.impl().ssl_items) { sum += w.split->train_clicks[static_cast<size_t>(i)]; ++n; }
        }
        return sum / static_cast<double>(n);
    };
    double catalogue = 0;
    for (int32_t x : w.split->train_clicks) catalogue += x;
    catalogue /= static_cast<double>(w.split->train_clicks.size());
    CHECK(mean_clicks_drawn(0) == Approx(catalogue).epsilon(0.15));
    CHECK(mean_clicks_drawn(1) > 2 * catalogue);
}

TEST_CASE("ID-row movement is measured over whole windows, per popularity group", "[id]") {
    World w;
    TrainConfig c = w.config;
    c.batch_size = 16;
    c.model.hidden_widths = {16};
    Trainer t(w.data, w.split, c);
    for (long s = 1; s < Trainer::id_movement_window; ++s) t.step();
    CHECK(t.id_row_movement().to_step == 0);  // no whole window yet
    t.step();
    const IdRowMovement m = t.id_row_movement();
    CHECK(m.from_step == 0);
    CHECK(m.to_step == Trainer::id_movement_window);
    CHECK(m.rows[0] + m.rows[1] + m.rows[2] == w.data->num_items());
    CHECK(m.rows[2] == w.split->num_cold);
    CHECK(m.per_1000_steps(ItemGroup::Head) > 0);
    CHECK(m.mean_distance[static_cast<size_t>(ItemGroup::Cold)] == 0);  // no SSL: nothing moves a never-clicked row
}

TEST_CASE("item_inputs: features_only never reads an item's ID, id_only never reads a content field", "[id]") {
    World w;
    TrainConfig c = w.config;
    c.model.item_inputs = ItemInputs::FeaturesOnly;
    Trainer f(w.data, w.split, c);
    CHECK(main_loss_id_rows(f, w.id_field) == std::set<int32_t>{kMissingValue});
    // served the same way: moving an item's ID row changes no served vector
    const Eigen::MatrixXf before = f.item_embeddings();
    f.impl().item_tower.tables[static_cast<size_t>(w.id_field)].row(5).setConstant(3.0f);
    CHECK((f.item_embeddings() - before).norm() == 0);

    c.model.item_inputs = ItemInputs::IdOnly;
    Trainer i(w.data, w.split, c);
    main_loss_id_rows(i, w.id_field);
    const size_t creator = static_cast<size_t>(w.data->items.field_index("creator"));
    const auto& rows = i.impl().item_grad.tables[creator].touched_rows();
    CHECK(std::set<int32_t>(rows.begin(), rows.end()) == std::set<int32_t>{kMissingValue});
    c.augmentation = Augmentation::CorrelatedMask;
    CHECK_THROWS_AS(Trainer(w.data, w.split, c), Error);  // nothing left to augment
}
