// The fused, blocked kernels of a training step equal plain references: the in-batch softmax
// computed a block of rows and columns at a time, the tower's blocked forward/backward, and the
// whole fused step (in_batch_step.cpp) against the unfused step it replaced. Also: the fused
// step's result does not depend on the thread count.
#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <memory>

#include "losses/in_batch_softmax.h"
#include "model/tower.h"
#include "synthetic_fixtures.h"
#include "train/trainer.h"
#include "train/trainer_impl.h"

using namespace towerlab;
using M = Mat<double>;

namespace {

double relative_error(const M& a, const M& b) {
    const double sum = (a + b).norm();
    return sum > 0 ? (a - b).norm() / sum : (a - b).norm();
}

using test::random_unit_rows;

// The in-batch softmax as the formula reads, with an explicit n x n logit matrix and mask.
double reference_in_batch_softmax(const M& a, const M& b, const std::vector<double>& log_p, double tau,
                                  const std::vector<int32_t>& ids, bool mask_hits, M& d_a, M& d_b) {
    const Eigen::Index n = a.rows();
    M z = a * b.transpose() / tau;
    for (Eigen::Index j = 0; j < n; ++j) z.col(j).array() -= log_p.empty() ? 0.0 : log_p[static_cast<size_t>(j)];
    M g = M::Zero(n, n);
    double loss = 0;
    for (Eigen::Index i = 0; i < n; ++i) {
        double sum = 0;
        for (Eigen::Index j = 0; j < n; ++j) {
            const bool hit = mask_hits && j != i && ids[static_cast<size_t>(j)] == ids[static_cast<size_t>(i)];
            if (!hit) sum += std::exp(z(i, j));
        }
        loss += std::log(sum) - z(i, i);
        for (Eigen::Index j = 0; j < n; ++j) {
            const bool hit = mask_hits && j != i && ids[static_cast<size_t>(j)] == ids[static_cast<size_t>(i)];
            g(i, j) = (hit ? 0.0 : std::exp(z(i, j)) / sum) - (i == j ? 1.0 : 0.0);
        }
    }
    g /= static_cast<double>(n) * tau;
    d_a = g * b;
    d_b = g.transpose() * a;
    return loss / static_cast<double>(n);
}

}  // namespace

TEST_CASE("accidental hits list exactly the other positions with the same id", "[kernel]") {
    const std::vector<int32_t> ids = {5, 3, 5, 9, 3, 5, 1};
    AccidentalHits hits;
    hits.build(ids.data(), static_cast<int>(ids.size()));
    for (int i = 0; i < static_cast<int>(ids.size()); ++i) {
        std::vector<int32_t> expected, got(hits.columns(i), hits.columns(i) + hits.count(i));
        for (int j = 0; j < static_cast<int>(ids.size()); ++j)
            if (j != i && ids[static_cast<size_t>(j)] == ids[static_cast<size_t>(i)]) expected.push_back(j);
        std::sort(got.begin(), got.end());
        INFO("row " << i);
        CHECK(got == expected);
    }
}

TEST_CASE("in-batch softmax computed in blocks of rows and columns equals the plain formula", "[kernel][logq]") {
    Rng rng(11);
    const int n = 300, d = 8;  // several blocks of 128, the last one partial
    const M a = random_unit_rows(n, d, rng), b = random_unit_rows(n, d, rng);
    std::vector<double> log_p(static_cast<size_t>(n));
    std::vector<int32_t> ids(static_cast<size_t>(n));
    std::uniform_real_distribution<double> u(-6, 0);
    for (int j = 0; j < n; ++j) {
        log_p[static_cast<size_t>(j)] = u(rng);
        ids[static_cast<size_t>(j)] = uniform_int(rng, 0, 60);  // many duplicates
    }
    for (bool mask : {false, true}) {
        M ref_da, ref_db;
        const double ref = reference_in_batch_softmax(a, b, log_p, 0.05, ids, mask, ref_da, ref_db);
        AccidentalHits hits;
        hits.build(ids.data(), n);
        InBatchSoftmax<double> k;
        k.resize(n);
        M da(n, d), db(n, d);
        const double weight = 0.3;
        for (int r0 = 0; r0 < n; r0 += 128)
            k.rows(a, b, log_p.data(), 0.05, mask ? &hits : nullptr, weight, r0, std::min(n, r0 + 128), da);
        for (int c0 = n; c0 > 0; c0 -= 100) k.key_gradient(a, std::max(0, c0 - 100), c0, db);  // any order
        INFO("mask " << mask);
        CHECK(k.loss() == Approx(ref).epsilon(1e-12));
        CHECK(relative_error(da, weight * ref_da) < 1e-12);
        CHECK(relative_error(db, weight * ref_db) < 1e-12);
        // the wrapper agrees too
        const auto w = in_batch_softmax<double>(a, b, log_p, 0.05, ids, mask);
        CHECK(w.loss == Approx(ref).epsilon(1e-12));
        CHECK(relative_error(w.d_users, ref_da) < 1e-12);
    }
}

TEST_CASE("tower forward and backward in blocks over threads equal a plain whole-batch pass", "[kernel][gradient]") {
    // Hidden width 70: weight gradients are split into column blocks of 32, the last one partial;
    // 300 rows: three row blocks.
    const std::vector<FieldSpec> fields = {{"id", FieldKind::Id, 50, 4, {}, {}},
                                           {"genre", FieldKind::MultiCategorical, 9, 3, {}, {}},
                                           {"price", FieldKind::Bucketized, 4, 2, {}, {}}};
    ModelConfig mc;
    mc.hidden_widths = {70};
    mc.output_dim = 6;
    mc.id_embedding_dim = 4;
    mc.multi_field_embedding_dim = 3;
    mc.field_embedding_dim = 2;
    mc.init_std = 0.5;
    Rng rng(4);
    Tower<double> tower(fields, mc, rng);
    FeatureBatch batch;
    batch.reset(3);
    const int B = 300;
    for (int r = 0; r < B; ++r) {
        batch.push_value(0, uniform_int(rng, 0, 50));
        const int bag = uniform_int(rng, 1, 4);
        for (int k = 0; k < bag; ++k) batch.push_value(1, uniform_int(rng, 0, 9));
        batch.push_value(2, uniform_int(rng, 0, 4));
        batch.end_row();
    }
    const M d_out = random_unit_rows(B, 6, rng);

    TowerCache<double> cache;
    tower.forward(batch, cache);
    TowerGradient<double> grad = tower.make_gradient();
    tower.backward(batch, cache, d_out, grad);

    // Plain reference: whole-matrix expressions, embedding rows accumulated in a map.
    M x(B, tower.input_dim());
    for (int r = 0; r < B; ++r)
        for (int f = 0; f < 3; ++f) {
            auto vs = batch.values(r, f);
            RowVec<double> e = RowVec<double>::Zero(tower.field_dim(f));
            for (int32_t v : vs) e += tower.tables[static_cast<size_t>(f)].row(v);
            x.row(r).segment(tower.field_offset(f), tower.field_dim(f)) = e / static_cast<double>(vs.size());
        }
    M pre0 = (x * tower.weights[0]).rowwise() + tower.biases[0];
    M h = pre0.cwiseMax(0.0);
    M z = (h * tower.weights[1]).rowwise() + tower.biases[1];
    Vec<double> norm = z.rowwise().norm();
    M out = z.array().colwise() / norm.array();
    CHECK(relative_error(cache.output, out) < 1e-10);

    Vec<double> dot = (out.array() * d_out.array()).rowwise().sum();
    M dz = ((d_out - (out.array().colwise() * dot.array()).matrix()).array().colwise() / norm.array()).matrix();
    const M dw1 = h.transpose() * dz;
    M dh = dz * tower.weights[1].transpose();
    dh = (pre0.array() > 0).select(dh, 0.0);
    const M dw0 = x.transpose() * dh;
    const M dx = dh * tower.weights[0].transpose();
    CHECK(relative_error(grad.weights[1], dw1) < 1e-10);
    CHECK(relative_error(grad.weights[0], dw0) < 1e-10);
    CHECK(relative_error(grad.biases[1], dz.colwise().sum()) < 1e-10);
    CHECK(relative_error(grad.biases[0], dh.colwise().sum()) < 1e-10);
    for (int f = 0; f < 3; ++f) {
        std::map<int32_t, RowVec<double>> rows;
        for (int r = 0; r < B; ++r) {
            auto vs = batch.values(r, f);
            for (int32_t v : vs) {
                auto it = rows.emplace(v, RowVec<double>::Zero(tower.field_dim(f))).first;
                it->second += dx.row(r).segment(tower.field_offset(f), tower.field_dim(f)) / static_cast<double>(vs.size());
            }
        }
        const auto& g = grad.tables[static_cast<size_t>(f)];
        REQUIRE(g.touched_rows().size() == rows.size());
        for (size_t s = 0; s < g.touched_rows().size(); ++s) {
            const RowVec<double> got = Eigen::Map<const RowVec<double>>(g.slot_values(s), g.dim());
            INFO("field " << f << " row " << g.touched_rows()[s]);
            CHECK(relative_error(got, rows.at(g.touched_rows()[s])) < 1e-10);
        }
    }
}

namespace {

struct StepWorld {
    std::shared_ptr<Dataset> data;
    std::shared_ptr<Split> split;
    TrainConfig config;
    StepWorld() {
        data = test::synthetic_data(900, 500, 12000);
        split = test::split_of(*data);
        config.batch_size = 300;      // three row blocks, the last partial
        config.ssl_batch_size = 200;
        config.augmentation = Augmentation::Complementary;
        config.logq_hash_size = 1 << 12;
    }
};

// One step's losses and gradients, fused or not, without the optimizer update.
struct StepGradients {
    double loss_main = 0, loss_self = 0;
    TowerGradient<float> user, item;
};

StepGradients one_step_gradients(Trainer& t, bool fused) {
    TrainerImpl& m = t.impl();
    m.sample_clicks(m.batch_users, m.batch_items);
    m.user_grad.clear();
    m.item_grad.clear();
    m.batch_log_p(m.batch_items, m.log_p);
    StepGradients g;
    if (fused) {
        StepStats s;
        m.in_batch_step(m.batch_users, m.batch_items, s);
        g.loss_main = s.loss_main;
        g.loss_self = s.loss_self;
    } else {
        g.loss_main = m.main_loss_and_gradients(m.batch_users, m.batch_items);
        g.loss_self = m.self_supervised_loss_and_gradients();
    }
    g.user = m.user_grad;
    g.item = m.item_grad;
    return g;
}

double sparse_relative_error(const SparseRowGradient<float>& a, const SparseRowGradient<float>& b) {
    std::map<int32_t, std::pair<const float*, const float*>> rows;
    for (size_t s = 0; s < a.touched_rows().size(); ++s) rows[a.touched_rows()[s]].first = a.slot_values(s);
    for (size_t s = 0; s < b.touched_rows().size(); ++s) rows[b.touched_rows()[s]].second = b.slot_values(s);
    double diff = 0, sum = 0;
    for (const auto& [r, p] : rows)
        for (int k = 0; k < a.dim(); ++k) {
            const double x = p.first ? p.first[k] : 0.0, y = p.second ? p.second[k] : 0.0;
            if (!p.first || !p.second) diff += 1e9;  // a row touched by one and not the other
            diff += (x - y) * (x - y);
            sum += (x + y) * (x + y);
        }
    return sum > 0 ? std::sqrt(diff / sum) : std::sqrt(diff);
}

void check_same_gradients(const TowerGradient<float>& a, const TowerGradient<float>& b) {
    for (size_t l = 0; l < a.weights.size(); ++l) {
        INFO("layer " << l);
        CHECK(relative_error(a.weights[l].cast<double>(), b.weights[l].cast<double>()) < 1e-5);
        CHECK(relative_error(a.biases[l].cast<double>(), b.biases[l].cast<double>()) < 1e-5);
    }
    for (size_t f = 0; f < a.tables.size(); ++f) {
        INFO("table " << f);
        CHECK(sparse_relative_error(a.tables[f], b.tables[f]) < 1e-5);
    }
}

}  // namespace

TEST_CASE("the fused in-batch step computes the unfused step's losses and gradients", "[kernel][ssl]") {
    StepWorld w;
    for (SslIdMasking id : {SslIdMasking::AsField, SslIdMasking::Always, SslIdMasking::Never, SslIdMasking::KeptFrozen}) {
        for (bool hits : {true, false}) {
            TrainConfig c = w.config;
            c.ssl_id_masking = id;
            c.remove_accidental_hits = hits;
            Trainer fused(w.data, w.split, c), plain(w.data, w.split, c);
            for (int s = 0; s < 3; ++s) {
                const StepGradients a = one_step_gradients(fused, true);
                const StepGradients b = one_step_gradients(plain, false);
                INFO("id masking " << to_string(id) << ", accidental hits removed " << hits << ", step " << s);
                CHECK(a.loss_main == Approx(b.loss_main).epsilon(1e-5));
                CHECK(a.loss_self == Approx(b.loss_self).epsilon(1e-5));
                check_same_gradients(a.user, b.user);
                check_same_gradients(a.item, b.item);
            }
        }
    }
}

TEST_CASE("the fused step equals the unfused one with ID dropout and SSL items drawn by clicks", "[kernel][ssl][id]") {
    StepWorld w;
    TrainConfig c = w.config;
    c.id_dropout = 0.3;
    c.id_dropout_tail = 0.8;
    c.model.learn_missing_id = true;
    c.ssl_sampling_power = 0.5;
    c.ssl_batch_size = 400;  // of 500 items: many drawn twice, so the duplicate mask is exercised
    Trainer fused(w.data, w.split, c), plain(w.data, w.split, c);
    for (int s = 0; s < 3; ++s) {
        const StepGradients a = one_step_gradients(fused, true);
        const StepGradients b = one_step_gradients(plain, false);
        INFO("step " << s);
        CHECK(a.loss_main == Approx(b.loss_main).epsilon(1e-5));
        CHECK(a.loss_self == Approx(b.loss_self).epsilon(1e-5));
        check_same_gradients(a.user, b.user);
        check_same_gradients(a.item, b.item);
    }
}

TEST_CASE("the fused step follows the unfused loss curve over training", "[kernel][train]") {
    StepWorld w;
    Trainer fused(w.data, w.split, w.config), plain(w.data, w.split, w.config);
    plain.impl().fused_in_batch_step = false;
    for (int s = 0; s < 40; ++s) {
        const StepStats a = fused.step(), b = plain.step();
        INFO("step " << s);
        CHECK(a.loss_main == Approx(b.loss_main).epsilon(2e-3));
        CHECK(a.loss_self == Approx(b.loss_self).epsilon(2e-3));
    }
}

TEST_CASE("the fused step gives the same parameters with 1 and 3 threads", "[kernel][train]") {
    StepWorld w;
    TrainConfig one = w.config, three = w.config;
    one.threads = 1;
    three.threads = 3;
    Trainer a(w.data, w.split, one), b(w.data, w.split, three);
    for (int s = 0; s < 10; ++s) CHECK(a.step().loss_total == b.step().loss_total);
    CHECK(a.parameters() == b.parameters());
}
