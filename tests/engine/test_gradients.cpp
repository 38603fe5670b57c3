// Every layer and loss of the model checked against central finite differences, in double.
#include <catch2/catch.hpp>

#include "gradient_check.h"
#include "losses/in_batch_softmax.h"
#include "losses/sampled_negative_losses.h"
#include "model/tower.h"
#include "ssl/contrastive_loss.h"
#include "synthetic_fixtures.h"

using namespace towerlab;
using test::relative_gradient_error;
using M = Mat<double>;

namespace {

using test::random_unit_rows;

// Checks d loss / d X for a loss of matrices given as a function of X.
template <typename F>
double check_matrix_gradient(M& x, const M& analytic, F&& loss) {
    std::vector<double*> params;
    std::vector<double> g;
    for (Eigen::Index i = 0; i < x.size(); ++i) {
        params.push_back(x.data() + i);
        g.push_back(analytic.data()[i]);
    }
    return relative_gradient_error(params, loss, g);
}

std::vector<FieldSpec> small_fields() {
    return {{"id", FieldKind::Id, 6, 4, {}, {}},
            {"genre", FieldKind::MultiCategorical, 5, 3, {}, {}},
            {"price", FieldKind::Bucketized, 3, 2, {}, {}}};
}

FeatureBatch small_batch() {
    FeatureBatch b;
    b.reset(3);
    const int32_t ids[] = {1, 2, 3, 0};
    const std::vector<std::vector<int32_t>> genres = {{1, 2}, {3}, {0}, {2, 4, 5}};
    const int32_t price[] = {1, 3, 2, 0};
    for (int r = 0; r < 4; ++r) {
        b.push_value(0, ids[r]);
        for (int32_t g : genres[static_cast<size_t>(r)]) b.push_value(1, g);
        b.push_value(2, price[r]);
        b.end_row();
    }
    return b;
}

}  // namespace

TEST_CASE("tower backward matches finite differences for every parameter block", "[gradient]") {
    for (Activation act : {Activation::Tanh, Activation::Relu, Activation::Identity}) {
        ModelConfig mc;
        mc.hidden_widths = {7, 5};
        mc.output_dim = 3;
        mc.activation = act;
        mc.id_embedding_dim = 4;
        mc.multi_field_embedding_dim = 3;
        mc.field_embedding_dim = 2;
        mc.init_std = 0.5;  // large enough that the check is not dominated by round-off
        Rng rng(3);
        Tower<double> tower(small_fields(), mc, rng);
        for (auto& b : tower.biases) b.setConstant(0.1);
        const FeatureBatch batch = small_batch();
        const M weight = random_unit_rows(batch.rows, 3, rng);  // loss = sum(weight .* output)
        auto loss = [&] {
            TowerCache<double> c;
            tower.forward(batch, c);
            return (c.output.array() * weight.array()).sum();
        };
        TowerCache<double> cache;
        tower.forward(batch, cache);
        TowerGradient<double> grad = tower.make_gradient();
        tower.backward(batch, cache, weight, grad);

        std::vector<double*> params;
        std::vector<double> analytic;
        test::add_tower_parameters(tower, grad, params, analytic);
        INFO("activation " << to_string(act));
        CHECK(relative_gradient_error(params, loss, analytic) < 1e-6);
    }
}

TEST_CASE("in-batch softmax with logQ and accidental-hit masking matches finite differences", "[gradient][logq]") {
    Rng rng(5);
    M a = random_unit_rows(5, 4, rng), b = random_unit_rows(5, 4, rng);
    const std::vector<double> log_p = {-1.0, -3.0, -0.5, -2.0, -1.0};
    const std::vector<int32_t> ids = {10, 11, 12, 13, 10};  // item 10 twice: an accidental hit
    for (bool mask : {false, true}) {
        auto r = in_batch_softmax<double>(a, b, log_p, 0.2, ids, mask);
        auto loss = [&] { return in_batch_softmax<double>(a, b, log_p, 0.2, ids, mask).loss; };
        CHECK(check_matrix_gradient(a, r.d_users, loss) < 1e-6);
        CHECK(check_matrix_gradient(b, r.d_items, loss) < 1e-6);
    }
}

TEST_CASE("contrastive self-supervised loss matches finite differences", "[gradient][ssl]") {
    Rng rng(6);
    M v1 = random_unit_rows(6, 5, rng), v2 = random_unit_rows(6, 5, rng);
    auto r = contrastive_loss<double>(v1, v2, 0.1);
    auto loss = [&] { return contrastive_loss<double>(v1, v2, 0.1).loss; };
    CHECK(check_matrix_gradient(v1, r.d_view1, loss) < 1e-6);
    CHECK(check_matrix_gradient(v2, r.d_view2, loss) < 1e-6);
}

TEST_CASE("pointwise, triplet and sampled-softmax losses match finite differences", "[gradient]") {
    Rng rng(7);
    std::uniform_real_distribution<double> u(-0.9, 0.9);
    Vec<double> pos(4);
    M neg(4, 3);
    for (int i = 0; i < 4; ++i) pos(i) = u(rng);
    for (Eigen::Index i = 0; i < neg.size(); ++i) neg.data()[i] = u(rng);
    // keep hinge points away from the kink so the finite difference is defined
    const double margin = 0.2;
    for (int i = 0; i < 4; ++i)
        for (int j = 0; j < 3; ++j)
            if (std::abs(neg(i, j) + margin - pos(i)) < 0.05) neg(i, j) += 0.1;
    M log_q(4, 3);
    for (Eigen::Index i = 0; i < log_q.size(); ++i) log_q.data()[i] = -1.0 - u(rng);
    const std::vector<double> log_q_pos = {-1.5, -0.7, -2.0, -1.1};

    using Fn = std::function<SampledLossResult<double>()>;
    const std::vector<std::pair<const char*, Fn>> losses = {
        {"pointwise", [&] { return pointwise_loss<double>(pos, neg, 0.5); }},
        {"triplet_hinge", [&] { return triplet_hinge_loss<double>(pos, neg, margin); }},
        {"triplet_logistic", [&] { return triplet_logistic_loss<double>(pos, neg, 3.0); }},
        {"sampled_softmax", [&] { return sampled_softmax_loss<double>(pos, neg, 0.3, log_q_pos, log_q); }},
    };
    for (const auto& [name, fn] : losses) {
        INFO(name);
        const auto r = fn();
        auto loss = [&] { return fn().loss; };
        M pos_m = pos, d_pos = r.d_pos;
        std::vector<double*> params;
        std::vector<double> analytic;
        for (int i = 0; i < 4; ++i) { params.push_back(&pos(i)); analytic.push_back(r.d_pos(i)); }
        for (Eigen::Index i = 0; i < neg.size(); ++i) { params.push_back(neg.data() + i); analytic.push_back(r.d_neg.data()[i]); }
        CHECK(relative_gradient_error(params, loss, analytic) < 1e-6);
        CHECK(r.loss > 0);
    }
}

TEST_CASE("contrastive loss with an item drawn twice: its copy is not its negative, and the gradient matches", "[gradient][ssl]") {
    Rng rng(11);
    M v1 = random_unit_rows(5, 4, rng), v2 = random_unit_rows(5, 4, rng);
    const std::vector<int32_t> ids{7, 3, 7, 9, 3};  // items 7 and 3 drawn twice
    AccidentalHits dup;
    dup.build(ids.data(), 5);
    const double tau = 0.1;
    const auto r = contrastive_loss<double>(v1, v2, tau, &dup);
    // By hand: row i's softmax runs over the keys that are not another copy of item i.
    double expected = 0;
    for (int i = 0; i < 5; ++i) {
        double z = 0;
        for (int j = 0; j < 5; ++j)
            if (j == i || ids[static_cast<size_t>(j)] != ids[static_cast<size_t>(i)]) z += std::exp(v1.row(i).dot(v2.row(j)) / tau);
        expected += -(v1.row(i).dot(v2.row(i)) / tau - std::log(z));
    }
    CHECK(r.loss == Approx(expected / 5).epsilon(1e-12));
    CHECK(contrastive_loss<double>(v1, v2, tau).loss != Approx(r.loss));  // without the mask the copies count
    auto loss = [&] { return contrastive_loss<double>(v1, v2, tau, &dup).loss; };
    CHECK(check_matrix_gradient(v1, r.d_view1, loss) < 1e-6);
    CHECK(check_matrix_gradient(v2, r.d_view2, loss) < 1e-6);
}
