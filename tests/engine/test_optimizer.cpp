// The optimizers (model/optimizer.h) on a tiny double-precision tower with a gradient written by
// hand, so every expected value below is arithmetic on that gradient, worked out on paper.
// The update rule does not read the parameters, only the gradient and the moments, so each check
// compares a parameter's value after the step with its value before.
#include <catch2/catch.hpp>

#include <vector>

#include "model/optimizer.h"
#include "model/tower.h"

using namespace towerlab;

namespace {

constexpr int kIdField = 0, kGenreField = 1;

// An ID field of 3 items and a categorical field of 2 values, both 2 wide, and a linear tower
// (no hidden layer): tables 4x2 and 3x2, one weight 4x2 and one bias 1x2.
struct TinyTower {
    TrainConfig config;
    Tower<double> tower;
    OptimizerState<double> state;

    explicit TinyTower(TrainConfig c) : config(std::move(c)) {
        config.model.hidden_widths = {};
        config.model.output_dim = 2;
        config.model.id_embedding_dim = 2;
        config.model.field_embedding_dim = 2;
        config.model.init_std = 0.5;
        Rng rng(3);
        const std::vector<FieldSpec> fields = {{"id", FieldKind::Id, 3, 2, {}, {}},
                                               {"genre", FieldKind::Categorical, 2, 2, {}, {}}};
        tower = Tower<double>(fields, config.model, rng);
        state.init(tower, config);
    }
    void step(const TowerGradient<double>& g, UpdateScope scope = UpdateScope::All) {
        apply_update(tower, state, g, config, scope);
    }
    Mat<double> table(int f) const { return tower.tables[static_cast<size_t>(f)]; }
};

void set_row(SparseRowGradient<double>& g, int row, double a, double b) {
    double* p = g.row(row);
    p[0] = a;
    p[1] = b;
}

// A gradient on ID row 2, genre row 1 and every dense parameter.
TowerGradient<double> full_gradient(const Tower<double>& tower, double a, double b) {
    TowerGradient<double> g = tower.make_gradient();
    set_row(g.tables[kIdField], 2, a, b);
    set_row(g.tables[kGenreField], 1, a, b);
    g.weights[0].setConstant(a);
    g.biases[0].setConstant(b);
    return g;
}

TrainConfig with_optimizer(OptimizerKind kind, double lr) {
    TrainConfig c;
    c.optimizer = kind;
    c.learning_rate = lr;
    return c;
}

}  // namespace

TEST_CASE("SGD moves a touched parameter by -lr * g, and two steps add up", "[optimizer]") {
    TinyTower m(with_optimizer(OptimizerKind::Sgd, 0.1));
    const Mat<double> id0 = m.table(kIdField), genre0 = m.table(kGenreField);
    const Mat<double> w0 = m.tower.weights[0];
    const RowVec<double> b0 = m.tower.biases[0];

    m.step(full_gradient(m.tower, 0.5, -2.0));
    CHECK(m.table(kIdField)(2, 0) - id0(2, 0) == Approx(-0.05).margin(1e-15));
    CHECK(m.table(kIdField)(2, 1) - id0(2, 1) == Approx(0.2).margin(1e-15));
    CHECK(m.table(kGenreField)(1, 1) - genre0(1, 1) == Approx(0.2).margin(1e-15));
    CHECK(m.tower.weights[0](3, 1) - w0(3, 1) == Approx(-0.05).margin(1e-15));
    CHECK(m.tower.biases[0](1) - b0(1) == Approx(0.2).margin(1e-15));

    m.step(full_gradient(m.tower, 1.0, 0.25));
    // -0.1 * (0.5 + 1.0) and -0.1 * (-2.0 + 0.25)
    CHECK(m.table(kIdField)(2, 0) - id0(2, 0) == Approx(-0.15).margin(1e-15));
    CHECK(m.table(kIdField)(2, 1) - id0(2, 1) == Approx(0.175).margin(1e-15));
    CHECK(m.tower.weights[0](0, 0) - w0(0, 0) == Approx(-0.15).margin(1e-15));
    CHECK(m.tower.biases[0](0) - b0(0) == Approx(0.175).margin(1e-15));
}

TEST_CASE("Adagrad divides by the root of the squared gradients summed from adagrad_initial", "[optimizer]") {
    TrainConfig c = with_optimizer(OptimizerKind::Adagrad, 0.1);
    c.adagrad_initial = 0.1;
    TinyTower m(c);
    const Mat<double> id0 = m.table(kIdField);
    const Mat<double> w0 = m.tower.weights[0];

    // v = 0.1 + 0.5^2 = 0.35: step -0.1 * 0.5 / sqrt(0.35);  v = 0.1 + 4 = 4.1: step +0.1 * 2 / sqrt(4.1)
    m.step(full_gradient(m.tower, 0.5, -2.0));
    CHECK(m.table(kIdField)(2, 0) - id0(2, 0) == Approx(-0.08451542545856595).margin(1e-12));
    CHECK(m.table(kIdField)(2, 1) - id0(2, 1) == Approx(0.09877295966008093).margin(1e-12));
    CHECK(m.tower.weights[0](1, 0) - w0(1, 0) == Approx(-0.08451542545856595).margin(1e-12));
    CHECK(m.state.table_v[kIdField](2, 0) == Approx(0.35).margin(1e-15));

    // v = 0.35 + 1 = 1.35 and 4.1 + 0.0625 = 4.1625: the second step is smaller for the same |g|.
    m.step(full_gradient(m.tower, 1.0, 0.25));
    CHECK(m.table(kIdField)(2, 0) - id0(2, 0) == Approx(-0.1705817220335456).margin(1e-12));
    CHECK(m.table(kIdField)(2, 1) - id0(2, 1) == Approx(0.08651938262578474).margin(1e-12));
    CHECK(m.tower.weights[0](1, 0) - w0(1, 0) == Approx(-0.1705817220335456).margin(1e-12));
}

// Kingma & Ba (2015), the form of their section 2's last paragraph, which optimizer.cpp uses:
//   m = b1 m + (1-b1) g;  v = b2 v + (1-b2) g^2;  lr_t = lr sqrt(1-b2^t) / (1-b1^t);
//   p -= lr_t m / (sqrt(v) + eps)
TEST_CASE("Adam's first step is about lr * sign(g) whatever |g| is, and its second matches the formula",
          "[optimizer]") {
    TinyTower m(with_optimizer(OptimizerKind::Adam, 0.01));
    const Mat<double> id0 = m.table(kIdField), genre0 = m.table(kGenreField);
    const Mat<double> w0 = m.tower.weights[0];
    const RowVec<double> b0 = m.tower.biases[0];

    // t = 1: lr_t m / sqrt(v) = lr * 0.1 g / (0.1 |g|) = lr sign(g); the bias correction is what
    // makes a 0.5 and a -2.0 gradient move their parameters by the same 0.01.
    m.step(full_gradient(m.tower, 0.5, -2.0));
    CHECK(m.state.t == 1);
    CHECK(m.table(kIdField)(2, 0) - id0(2, 0) == Approx(-0.01).margin(1e-8));
    CHECK(m.table(kIdField)(2, 1) - id0(2, 1) == Approx(0.01).margin(1e-8));
    CHECK(m.table(kGenreField)(1, 0) - genre0(1, 0) == Approx(-0.01).margin(1e-8));
    CHECK(m.tower.weights[0](2, 1) - w0(2, 1) == Approx(-0.01).margin(1e-8));
    CHECK(m.tower.biases[0](0) - b0(0) == Approx(0.01).margin(1e-8));
    // eps enters the first step exactly: 0.01 * 0.05 / (sqrt(0.00025) + 1e-8)
    CHECK(m.table(kIdField)(2, 0) - id0(2, 0) == Approx(-0.009999993675448678).margin(1e-15));

    // t = 2: m = 0.9*0.05 + 0.1*1.0 = 0.145, v = 0.999*0.00025 + 0.001*1.0; lr_t = 0.01 sqrt(1-0.999^2)/(1-0.81)
    m.step(full_gradient(m.tower, 1.0, 0.25));
    CHECK(m.state.t == 2);
    CHECK(m.state.table_m[kIdField](2, 0) == Approx(0.145).margin(1e-15));
    CHECK(m.table(kIdField)(2, 0) - id0(2, 0) == Approx(-0.01965181120344707).margin(1e-12));
    CHECK(m.table(kIdField)(2, 1) - id0(2, 1) == Approx(0.015725343277438738).margin(1e-12));
    CHECK(m.tower.weights[0](0, 0) - w0(0, 0) == Approx(-0.01965181120344707).margin(1e-12));
    CHECK(m.tower.biases[0](1) - b0(1) == Approx(0.015725343277438738).margin(1e-12));
}

// Lazy Adam: an embedding row that a step's batch did not use keeps its value and its moments,
// while a dense layer moves on its momentum even when this step's gradient is zero.
TEST_CASE("lazy updates touch only the embedding rows in the gradient", "[optimizer]") {
    TinyTower m(with_optimizer(OptimizerKind::Adam, 0.01));
    const Mat<double> id0 = m.table(kIdField), genre0 = m.table(kGenreField);

    m.step(full_gradient(m.tower, 0.5, -2.0));  // ID row 2 and genre row 1
    for (int r : {0, 1, 3}) CHECK(m.table(kIdField).row(r) == id0.row(r));
    for (int r : {0, 2}) CHECK(m.table(kGenreField).row(r) == genre0.row(r));
    CHECK(m.state.table_m[kIdField].row(1).isZero(0));
    CHECK(m.state.table_v[kIdField].row(1).isZero(0));

    const Mat<double> id1 = m.table(kIdField), genre1 = m.table(kGenreField);
    const Mat<double> id_m1 = m.state.table_m[kIdField];
    const Mat<double> w1 = m.tower.weights[0];
    TowerGradient<double> g = m.tower.make_gradient();  // only ID row 1, dense gradient zero
    set_row(g.tables[kIdField], 1, 0.3, 0.3);
    m.step(g);
    CHECK(m.table(kIdField).row(2) == id1.row(2));        // momentum alone does not move it
    CHECK(m.state.table_m[kIdField].row(2) == id_m1.row(2));
    CHECK(m.table(kGenreField) == genre1);
    // Row 1's first step is bias-corrected with the optimizer's t = 2, not a count of its own:
    // 0.01 * sqrt(1-0.999^2)/(1-0.81) * 0.03 / sqrt(0.00009), about 0.74 lr.
    CHECK(m.table(kIdField)(1, 0) - id1(1, 0) == Approx(-0.0074413603917872434).margin(1e-12));
    CHECK(m.tower.weights[0](0, 0) != w1(0, 0));          // dense: updated every step
}

TEST_CASE("UpdateScope::IdsOnly changes only the ID tables", "[optimizer]") {
    TinyTower m(with_optimizer(OptimizerKind::Sgd, 0.1));
    const Mat<double> id0 = m.table(kIdField), genre0 = m.table(kGenreField);
    const Mat<double> w0 = m.tower.weights[0];
    const RowVec<double> b0 = m.tower.biases[0];

    m.step(full_gradient(m.tower, 0.5, -2.0), UpdateScope::IdsOnly);
    CHECK(m.table(kIdField)(2, 0) - id0(2, 0) == Approx(-0.05).margin(1e-15));
    CHECK(m.table(kGenreField) == genre0);
    CHECK(m.tower.weights[0] == w0);
    CHECK(m.tower.biases[0] == b0);

    m.step(full_gradient(m.tower, 0.5, -2.0), UpdateScope::All);  // the same gradient moves them
    CHECK(m.table(kGenreField) != genre0);
    CHECK(m.tower.weights[0] != w0);
}

TEST_CASE("id_learning_rate_scale scales the step of the ID tables and nothing else", "[optimizer]") {
    SECTION("SGD: the ID row moves lr * scale * g") {
        TrainConfig c = with_optimizer(OptimizerKind::Sgd, 0.1);
        c.id_learning_rate_scale = 0.25;
        TinyTower m(c);
        const Mat<double> id0 = m.table(kIdField), genre0 = m.table(kGenreField);
        const Mat<double> w0 = m.tower.weights[0];
        m.step(full_gradient(m.tower, 0.5, -2.0));
        CHECK(m.table(kIdField)(2, 0) - id0(2, 0) == Approx(-0.0125).margin(1e-15));
        CHECK(m.table(kGenreField)(1, 0) - genre0(1, 0) == Approx(-0.05).margin(1e-15));
        CHECK(m.tower.weights[0](0, 0) - w0(0, 0) == Approx(-0.05).margin(1e-15));
    }
    SECTION("Adam: the ID row's first step is about lr * scale") {
        TrainConfig c = with_optimizer(OptimizerKind::Adam, 0.01);
        c.id_learning_rate_scale = 3.0;
        TinyTower m(c);
        const Mat<double> id0 = m.table(kIdField), genre0 = m.table(kGenreField);
        const RowVec<double> b0 = m.tower.biases[0];
        m.step(full_gradient(m.tower, 0.5, -2.0));
        CHECK(m.table(kIdField)(2, 1) - id0(2, 1) == Approx(0.03).margin(1e-7));
        CHECK(m.table(kGenreField)(1, 1) - genre0(1, 1) == Approx(0.01).margin(1e-8));
        CHECK(m.tower.biases[0](1) - b0(1) == Approx(0.01).margin(1e-8));
    }
    SECTION("Adagrad: the ID row moves scale times the unscaled step") {
        TrainConfig c = with_optimizer(OptimizerKind::Adagrad, 0.1);
        c.id_learning_rate_scale = 0.5;
        TinyTower m(c);
        const Mat<double> id0 = m.table(kIdField), genre0 = m.table(kGenreField);
        m.step(full_gradient(m.tower, 0.5, -2.0));
        CHECK(m.table(kIdField)(2, 0) - id0(2, 0) == Approx(0.5 * -0.08451542545856595).margin(1e-12));
        CHECK(m.table(kGenreField)(1, 0) - genre0(1, 0) == Approx(-0.08451542545856595).margin(1e-12));
    }
}

// Row 0 of the ID table is "no identity known": fixed at zero unless model.learn_missing_id.
// Row 0 of any other field is an ordinary learned "missing" value.
TEST_CASE("the ID field's missing row is updated only when model.learn_missing_id", "[optimizer]") {
    for (bool learn : {false, true}) {
        INFO("learn_missing_id " << learn);
        TrainConfig c = with_optimizer(OptimizerKind::Sgd, 0.1);
        c.model.learn_missing_id = learn;
        TinyTower m(c);
        const Mat<double> id0 = m.table(kIdField), genre0 = m.table(kGenreField);
        TowerGradient<double> g = m.tower.make_gradient();
        set_row(g.tables[kIdField], kMissingValue, 0.5, -2.0);
        set_row(g.tables[kIdField], 3, 0.5, -2.0);
        set_row(g.tables[kGenreField], kMissingValue, 0.5, -2.0);
        m.step(g);

        if (learn) {
            CHECK(m.table(kIdField)(0, 0) - id0(0, 0) == Approx(-0.05).margin(1e-15));
        } else {
            CHECK(id0.row(0).isZero(0));
            CHECK(m.table(kIdField).row(0).isZero(0));
            CHECK(m.state.table_v[kIdField].row(0).isZero(0));
        }
        CHECK(m.table(kIdField)(3, 1) - id0(3, 1) == Approx(0.2).margin(1e-15));
        CHECK(m.table(kGenreField)(0, 1) - genre0(0, 1) == Approx(0.2).margin(1e-15));
    }
}

// embedding_optimizer = adagrad (Yao et al.'s optimizer for the sparse tables): the tables follow
// Adagrad at embedding_learning_rate, the dense layer keeps Adam at the learning rate.
TEST_CASE("embedding_optimizer adagrad updates the tables by Adagrad and the dense layer by Adam", "[optimizer]") {
    TrainConfig c = with_optimizer(OptimizerKind::Adam, 0.01);
    c.embedding_optimizer = EmbeddingOptimizer::Adagrad;
    c.embedding_learning_rate = 0.1;
    c.adagrad_initial = 0.1;
    TinyTower m(c);
    const Mat<double> id0 = m.table(kIdField), genre0 = m.table(kGenreField);
    const Mat<double> w0 = m.tower.weights[0];
    CHECK(m.state.table_v[kIdField](0, 0) == 0.1);  // Adagrad's accumulator starts at adagrad_initial
    CHECK(m.state.weight_v[0](0, 0) == 0.0);        // Adam's second moment at zero

    m.step(full_gradient(m.tower, 0.5, -2.0));
    // Tables: Adagrad, v = 0.1 + 0.25, step -0.1 * 0.5 / sqrt(0.35) (as in the Adagrad case above).
    CHECK(m.table(kIdField)(2, 0) - id0(2, 0) == Approx(-0.08451542545856595).margin(1e-12));
    CHECK(m.table(kGenreField)(1, 0) - genre0(1, 0) == Approx(-0.08451542545856595).margin(1e-12));
    // Dense: Adam's first step, about -lr sign(g).
    CHECK(m.tower.weights[0](0, 0) - w0(0, 0) == Approx(-0.01).margin(1e-8));

    // The ID learning-rate scale still applies to the ID table's Adagrad step, not the genre's.
    TrainConfig scaled = c;
    scaled.id_learning_rate_scale = 0.5;
    TinyTower s(scaled);
    const Mat<double> sid0 = s.table(kIdField), sgenre0 = s.table(kGenreField);
    s.step(full_gradient(s.tower, 0.5, -2.0));
    CHECK(s.table(kIdField)(2, 0) - sid0(2, 0) == Approx(-0.5 * 0.08451542545856595).margin(1e-12));
    CHECK(s.table(kGenreField)(1, 0) - sgenre0(1, 0) == Approx(-0.08451542545856595).margin(1e-12));

    // embedding_learning_rate alone (the same rule, SGD here) scales the tables' step.
    TrainConfig same = with_optimizer(OptimizerKind::Sgd, 0.1);
    same.embedding_learning_rate = 0.2;
    TinyTower g(same);
    const Mat<double> gid0 = g.table(kIdField);
    const Mat<double> gw0 = g.tower.weights[0];
    g.step(full_gradient(g.tower, 0.5, -2.0));
    CHECK(g.table(kIdField)(2, 0) - gid0(2, 0) == Approx(-0.1).margin(1e-15));
    CHECK(g.tower.weights[0](0, 0) - gw0(0, 0) == Approx(-0.05).margin(1e-15));
}
