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

#include "data/split.h"
#include "data/synthetic_dataset.h"
#include "gradient_check.h"
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
        SyntheticConfig sc;
        sc.num_users = 300;
        sc.num_items = 120;
        sc.num_clicks = 4000;
        data = std::make_shared<Dataset>(make_synthetic_dataset(sc));
        split = std::make_shared<Split>(make_split(*data, SplitConfig{}));
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

// Every parameter of a tower (tables, weights, biases) with its analytic gradient; rows a batch
// never touched have gradient 0. skip_field >= 0 leaves that field's table out.
void add_tower(Tower<float>& tower, const TowerGradient<float>& grad, std::vector<float*>& params,
               std::vector<double>& analytic, int skip_field = -1) {
    for (size_t f = 0; f < tower.tables.size(); ++f) {
        if (static_cast<int>(f) == skip_field) continue;
        auto& t = tower.tables[f];
        const auto& g = grad.tables[f];
        for (Eigen::Index r = 0; r < t.rows(); ++r)
            for (Eigen::Index k = 0; k < t.cols(); ++k) {
                params.push_back(&t(r, k));
                double gv = 0;
                for (size_t s = 0; s < g.touched_rows().size(); ++s)
                    if (g.touched_rows()[s] == r) gv += g.slot_values(s)[k];
                analytic.push_back(gv);
            }
    }
    for (size_t l = 0; l < tower.weights.size(); ++l) {
        for (Eigen::Index i = 0; i < tower.weights[l].size(); ++i) {
            params.push_back(tower.weights[l].data() + i);
            analytic.push_back(grad.weights[l].data()[i]);
        }
        for (Eigen::Index i = 0; i < tower.biases[l].size(); ++i) {
            params.push_back(tower.biases[l].data() + i);
            analytic.push_back(grad.biases[l].data()[i]);
        }
    }
}

int id_field(const Tower<float>& tower) {
    for (int f = 0; f < tower.num_fields(); ++f)
        if (tower.fields()[static_cast<size_t>(f)].kind == FieldKind::Id) return f;
    return -1;
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
        TrainerImpl& m = t.impl();
        std::vector<int32_t> users, items;
        m.sample_clicks(users, items);
        m.batch_log_p(items, m.log_p);  // once: the estimator moves with every call
        const Rng before = m.rng;       // the same negatives for every evaluation
        auto loss = [&] {
            m.rng = before;
            m.user_grad.clear();
            m.item_grad.clear();
            return m.main_loss_and_gradients(users, items);
        };
        loss();
        const TowerGradient<float> du = m.user_grad, di = m.item_grad;
        std::vector<float*> params;
        std::vector<double> analytic;
        add_tower(m.user_tower, du, params, analytic);
        add_tower(m.item_tower, di, params, analytic);
        const double error = relative_gradient_error(params, loss, analytic, kStep);
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
    add_tower(m.item_tower, di, params, analytic, id);
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
