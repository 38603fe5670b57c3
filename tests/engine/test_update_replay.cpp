// Model updates: days and slices of the click stream, what the full and the incremental update
// train, and the day-by-day replay of the three policies.
#include <catch2/catch.hpp>

#include <memory>

#include "train/trainer_state.h"
#include "core/error.h"
#include "data/split.h"
#include "data/synthetic_dataset.h"
#include "synthetic_fixtures.h"
#include "train/trainer.h"
#include "updates/click_days.h"
#include "updates/day_replay.h"
#include "updates/full_update.h"
#include "updates/incremental_update.h"

using namespace towerlab;

namespace {

std::shared_ptr<Dataset> small_data(int days) {
    SyntheticConfig sc = test::synthetic_sizes(1500, 600, 15000);
    sc.num_days = days;
    return std::make_shared<Dataset>(make_synthetic_dataset(sc));
}

TrainConfig small_config() {
    TrainConfig c;
    c.batch_size = 64;
    c.logq_hash_size = 1 << 12;
    c.threads = 1;  // parallel GEMM collapses when a loaded machine oversubscribes its cores
    return c;
}

bool same(const std::vector<float>& a, const std::vector<float>& b) { return a == b; }

}  // namespace

TEST_CASE("clicks are cut into days from the first click, in time order, and days into slices", "[update]") {
    const std::vector<Interaction> clicks{{0, 1, 1000 + 90000}, {1, 2, 1000}, {2, 3, 1000 + 86399}, {3, 4, 1000 + 3 * 86400 + 5}};
    const auto days = split_into_days(clicks);
    REQUIRE(days.size() == 3);  // the empty third day is left out
    CHECK(days[0].start == 1000);
    REQUIRE(days[0].clicks.size() == 2);
    CHECK(days[0].clicks[0].user == 1);  // time order
    CHECK(days[1].clicks[0].user == 0);
    CHECK(days[2].start == 1000 + 3 * 86400);
    const auto slices = split_into_slices(std::vector<Interaction>(10), 4);
    REQUIRE(slices.size() == 4);
    CHECK(slices[0].size() + slices[1].size() + slices[2].size() + slices[3].size() == 10);
    CHECK(slices[0].size() == 2);
    CHECK_THROWS_AS(split_into_slices({}, 0), Error);
    auto data = small_data(8);
    CHECK(split_into_days(data->clicks).size() == 8);  // the generator's eight days
}

TEST_CASE("the incremental update changes only ID embedding rows, the full update trains everything", "[update]") {
    auto data = small_data(4);
    auto split = std::make_shared<Split>(make_split(*data, SplitConfig{}));
    Trainer t(data, split, small_config());
    for (int s = 0; s < 3; ++s) t.step();
    const std::vector<Interaction> stream(split->train.begin(), split->train.begin() + 300);

    const TrainerState before = capture_state(t);
    const UpdateStats inc = incremental_update(t, stream);
    CHECK(inc.steps == 5);  // 300 clicks in batches of 64: 4 full batches and one of 44
    const TrainerState after = capture_state(t);
    for (auto side : {&TrainerState::user, &TrainerState::item}) {
        const auto& b = (before.*side).parameters;
        const auto& a = (after.*side).parameters;
        REQUIRE(a.size() == b.size());
        CHECK_FALSE(same(a[0], b[0]));  // block 0: the ID table (first field of both schemas)
        for (size_t k = 1; k < a.size(); ++k) CHECK(same(a[k], b[k]));  // other fields, MLP weights, biases
    }

    Rng rng(1);
    const UpdateStats full = full_update(t, stream, rng);
    CHECK(full.steps == 5);
    const TrainerState trained = capture_state(t);
    const auto& mlp_before = after.item.parameters.back();  // last bias of the item tower
    CHECK_FALSE(same(trained.item.parameters.back(), mlp_before));
    CHECK_FALSE(same(trained.user.parameters[1], after.user.parameters[1]));  // a non-ID field table
}

TEST_CASE("merged reports weight each group by its users", "[update]") {
    EvalReport a, b;
    a.ks = b.ks = {10};
    a.overall = {3, {0.5}, {0.2}};
    b.overall = {1, {1.0}, {0.6}};
    a.by_group[0] = {3, {0.5}, {0.2}};
    b.by_group[2] = {1, {1.0}, {0.6}};
    const EvalReport m = merge_reports({a, b});
    CHECK(m.overall.users == 4);
    CHECK(m.overall.recall[0] == Approx(0.625));
    CHECK(m.overall.ndcg[0] == Approx(0.3));
    CHECK(m.group(ItemGroup::Head).recall[0] == Approx(0.5));
    CHECK(m.group(ItemGroup::Cold).users == 1);
    CHECK(m.group(ItemGroup::Tail).users == 0);
}

TEST_CASE("the day replay measures the three policies on the same clicks and full updates beat no update", "[update]") {
    auto data = small_data(5);
    DayReplayConfig rc;
    rc.warmup_days = 1;
    rc.warmup_epochs = 2;
    rc.slices_per_day = 3;
    rc.eval_clicks_per_day = 400;
    rc.ks = {10, 50};
    rc.threads = 1;
    int calls = 0;
    const UpdateTimeline tl = replay_days(data, small_config(), rc, [&](const UpdateTimeline& so_far) {
        ++calls;
        CHECK(so_far.days.size() == static_cast<size_t>(calls));
    });
    CHECK(tl.num_days == 5);
    REQUIRE(tl.days.size() == 4);
    CHECK(calls == 4);
    CHECK(tl.warmup_steps > 0);
    double none = 0, full = 0;
    for (const DayResult& d : tl.days) {
        CHECK(d.eval_clicks > 0);
        CHECK(d.eval_clicks <= 400);
        for (UpdatePolicy p : all_update_policies()) {
            CHECK(d.policy(p).policy == p);
            CHECK(d.policy(p).report.overall.users == d.eval_clicks);  // the same clicks for everyone
        }
        CHECK(d.policy(UpdatePolicy::NoUpdate).update_steps == 0);
        CHECK(d.policy(UpdatePolicy::Incremental).update_steps > 0);
        none += d.policy(UpdatePolicy::NoUpdate).report.overall.recall[1];
        full += d.policy(UpdatePolicy::Full).report.overall.recall[1];
    }
    // The first replayed day has had no full update yet: full and no update serve the same model.
    CHECK(tl.days[0].policy(UpdatePolicy::Full).update_steps == 0);
    CHECK(tl.days[0].policy(UpdatePolicy::Full).report.overall.recall == tl.days[0].policy(UpdatePolicy::NoUpdate).report.overall.recall);
    CHECK(tl.days[1].policy(UpdatePolicy::Full).update_steps > 0);
    // New clicks every day teach the updated model what the frozen one never sees.
    CHECK(full > none);
}

TEST_CASE("a replay needs more days than its warm-up and sane settings", "[update]") {
    auto data = small_data(2);
    DayReplayConfig rc;
    rc.warmup_days = 2;
    try {
        replay_days(data, small_config(), rc);
        FAIL("replayed without a day to measure");
    } catch (const Error& e) {
        CHECK(e.where().field == "warmup_days");
    }
    rc.warmup_days = 1;
    rc.slices_per_day = 0;
    CHECK_THROWS_AS(rc.validate(), Error);
}
