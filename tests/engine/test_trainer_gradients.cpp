// The trainer's own chain rule against central differences, in float32 at tau = 0.05 (the default
// temperature, where the softmax is sharpest and a wrong factor shows most): the sampled
// objectives' d loss / d (user tower, item tower, negatives' item tower) assembled in
// TrainerImpl::main_loss_and_gradients, and the kept_frozen routing of L_self, which must move
// every item-tower parameter but the ID rows. test_gradients.cpp checks each loss and layer alone
// in double; this checks how the trainer wires them together.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <memory>

#include "gradient_check.h"
#include "synthetic_fixtures.h"
#include "train/trainer.h"
#include "train/trainer_impl.h"

using namespace towerlab;
using test::relative_gradient_error;

namespace {

// float32 round-off in a loss of order 1 is ~1e-7 relative; a step of 1e-3 keeps the difference
// quotient's noise near 1e-4 while the truncation error at tau = 0.05 stays of the same order.
constexpr double kStep = 1e-3;
// Measured 3e-5 to 7e-5 for the sampled objectives and 3e-4 for L_self; a wrong factor or a dropped
// term gives errors of order 0.1-1.
constexpr double kTolerance = 2e-3;

struct SmallModel {
    std::shared_ptr<Dataset> data;
    std::shared_ptr<Split> split;
    SmallModel() {
        data = test::synthetic_data(300, 120, 4000);
        split = test::split_of(*data);
    }
    TrainConfig config() const {
        TrainConfig c;
        c.tau = 0.05;
        c.batch_size = 8;
        c.num_negatives = 3;
        c.threads = 1;
        c.logq_hash_size = 1 << 10;
        c.model.hidden_widths = {12};
        c.model.output_dim = 6;
        c.model.id_embedding_dim = 6;
        c.model.field_embedding_dim = 3;
        c.model.multi_field_embedding_dim = 3;
        c.model.init_std = 0.3;  // large enough that round-off does not dominate the check
        return c;
    }
};

int id_field(const Tower<float>& tower) {
    for (int f = 0; f < tower.num_fields(); ++f)
        if (tower.fields()[static_cast<size_t>(f)].kind == FieldKind::Id) return f;
    return -1;
}

// L_main's gradient over both towers against central differences on one fixed batch: the
// frequency estimate is taken once (it moves with every call) and the generator is rewound before
// every evaluation, so negatives and ID dropout draw the same each time. item_grad (optional)
// receives the item tower's analytic gradient, for checks of which rows it touched.
double main_loss_gradient_error(Trainer& t, TowerGradient<float>* item_grad = nullptr) {
    TrainerImpl& m = t.impl();
    std::vector<int32_t> users, items;
    m.sample_clicks(users, items);
    m.batch_log_p(items, m.log_p);
    const Rng before = m.rng;
    auto loss = [&] {
        m.rng = before;
        m.user_grad.clear();
        m.item_grad.clear();
        return m.main_loss_and_gradients(users, items);
    };
    loss();
    const TowerGradient<float> du = m.user_grad, di = m.item_grad;
    if (item_grad) *item_grad = di;
    std::vector<float*> params;
    std::vector<double> analytic;
    test::add_tower_parameters(m.user_tower, du, params, analytic);
    test::add_tower_parameters(m.item_tower, di, params, analytic);
    return relative_gradient_error(params, loss, analytic, kStep);
}

}  // namespace

TEST_CASE("sampled objectives' chain rule through both towers matches finite differences (float32, tau 0.05)",
          "[gradient][train]") {
    SmallModel sm;
    struct Case {
        const char* name;
        Objective objective;
        NegativeSource negatives;
    };
    const Case cases[] = {
        {"sampled softmax, in-batch + uniform, logQ", Objective::SampledSoftmax, NegativeSource::InBatchUniform},
        {"sampled softmax, clicks^0.75, logQ", Objective::SampledSoftmax, NegativeSource::Popularity},
        {"pointwise, uniform", Objective::Pointwise, NegativeSource::Uniform},
        {"triplet logistic, uniform", Objective::TripletLogistic, NegativeSource::Uniform},
    };
    for (const Case& k : cases) {
        INFO(k.name);
        TrainConfig c = sm.config();
        c.objective = k.objective;
        c.negatives = k.negatives;
        Trainer t(sm.data, sm.split, c);
        const double error = main_loss_gradient_error(t);
        INFO("relative error " << error);
        CHECK(error < kTolerance);
    }
}

// kept_frozen: the views keep the item ID, but L_self's gradient reaches only the MLP and the
// content fields; the ID rows are left to L_main. So d(alpha L_self)/d(everything but ID rows)
// must match finite differences, and the ID rows' gradient must be zero although the loss does
// depend on them (the finite difference there is not zero: the routing drops a real gradient).
TEST_CASE("kept_frozen SSL routing: L_self's exact gradient everywhere but the ID rows (float32, tau 0.05)",
          "[gradient][ssl]") {
    SmallModel sm;
    TrainConfig c = sm.config();
    c.augmentation = Augmentation::RandomMask;
    c.ssl_id_masking = SslIdMasking::KeptFrozen;
    c.ssl_tau = 0.05;
    c.ssl_batch_size = 8;
    c.alpha = 0.5;
    Trainer t(sm.data, sm.split, c);
    TrainerImpl& m = t.impl();
    const Rng before = m.rng;
    auto loss = [&] {
        m.rng = before;
        m.item_grad.clear();
        return c.alpha * m.self_supervised_loss_and_gradients();
    };
    loss();
    const TowerGradient<float> di = m.item_grad;
    const int id = id_field(m.item_tower);
    REQUIRE(id >= 0);
    std::vector<float*> params;
    std::vector<double> analytic;
    test::add_tower_parameters(m.item_tower, di, params, analytic, id);
    const double error = relative_gradient_error(params, loss, analytic, kStep);
    INFO("relative error over non-ID parameters " << error);
    CHECK(error < kTolerance);

    // The ID table: no gradient routed, yet the loss depends on it.
    const auto& id_grad = di.tables[static_cast<size_t>(id)];
    double routed = 0;
    for (size_t s = 0; s < id_grad.touched_rows().size(); ++s)
        for (int k = 0; k < id_grad.dim(); ++k) routed += std::abs(id_grad.slot_values(s)[k]);
    CHECK(routed == 0);
    auto& table = m.item_tower.tables[static_cast<size_t>(id)];
    double largest = 0;  // the largest finite-difference derivative over the ID table
    for (Eigen::Index i = 0; i < table.size(); ++i) {
        float* p = table.data() + i;
        const float saved = *p;
        *p = static_cast<float>(saved + kStep);
        const double up = loss();
        *p = static_cast<float>(saved - kStep);
        const double down = loss();
        *p = saved;
        largest = std::max(largest, std::abs(up - down) / (2 * kStep));
    }
    INFO("largest d(alpha L_self)/d(ID entry) by finite differences " << largest);
    CHECK(largest > 1e-2);
}

// ID dropout in L_main: the dropped items are read with the learned "missing" ID row, so the chain
// rule must reach that row (it is the path cold items are served with) as well as every other
// parameter. One fixed draw of the dropout for every evaluation of the loss.
TEST_CASE("ID dropout in the in-batch softmax: the learned missing-ID row's gradient matches finite differences",
          "[gradient][train]") {
    SmallModel sm;
    for (const bool tail_only : {false, true}) {
        INFO((tail_only ? "id_dropout_tail 0.9" : "id_dropout 0.5"));
        TrainConfig c = sm.config();
        c.batch_size = 16;
        // tanh: a ReLU kink crossed by the finite difference costs ~8e-3 at this batch size, with or
        // without dropout (measured); smooth, the error is ~9e-5.
        c.model.activation = Activation::Tanh;
        (tail_only ? c.id_dropout_tail : c.id_dropout) = tail_only ? 0.9 : 0.5;
        c.model.learn_missing_id = true;
        Trainer t(sm.data, sm.split, c);
        TowerGradient<float> di;
        const double error = main_loss_gradient_error(t, &di);
        const int id = id_field(t.impl().item_tower);
        REQUIRE(id >= 0);
        // The missing row (row 0) was used: some item of the batch was dropped.
        const auto& rows = di.tables[static_cast<size_t>(id)].touched_rows();
        CHECK(std::find(rows.begin(), rows.end(), 0) != rows.end());
        INFO("relative error " << error);
        CHECK(error < kTolerance);
    }
}

// ssl_id_masking = always with correlated feature masking: the ID is missing in both views, so
// L_self's gradient reaches the missing row, the content tables and the MLP, and no item's own row.
TEST_CASE("SSL with the ID out of both views (CFM): L_self's gradient matches finite differences (float32, tau 0.05)",
          "[gradient][ssl]") {
    SmallModel sm;
    TrainConfig c = sm.config();
    c.augmentation = Augmentation::CorrelatedMask;
    c.ssl_id_masking = SslIdMasking::Always;
    c.model.activation = Activation::Tanh;  // no ReLU kink inside the finite difference
    c.model.learn_missing_id = true;
    c.ssl_tau = 0.05;
    c.ssl_batch_size = 8;
    c.alpha = 0.5;
    Trainer t(sm.data, sm.split, c);
    TrainerImpl& m = t.impl();
    const Rng before = m.rng;
    auto loss = [&] {
        m.rng = before;
        m.item_grad.clear();
        return c.alpha * m.self_supervised_loss_and_gradients();
    };
    loss();
    const TowerGradient<float> di = m.item_grad;
    const int id = id_field(m.item_tower);
    REQUIRE(id >= 0);
    const auto& rows = di.tables[static_cast<size_t>(id)].touched_rows();
    CHECK(!rows.empty());  // the missing row is read by every view
    CHECK(std::all_of(rows.begin(), rows.end(), [](auto r) { return r == 0; }));
    std::vector<float*> params;
    std::vector<double> analytic;
    test::add_tower_parameters(m.item_tower, di, params, analytic);
    const double error = relative_gradient_error(params, loss, analytic, kStep);
    INFO("relative error " << error);
    CHECK(error < kTolerance);
}
