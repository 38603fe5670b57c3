// The histories shared by the worker and its snapshots (losses, evaluations, geometry): a copy
// never changes after it is made, chunks are shared rather than copied, and a restore or a
// recomputation drops exactly the points it replaces.
#include <catch2/catch.hpp>

#include "session/loss_history.h"
#include "session/training_snapshot.h"

using namespace towerlab;

namespace {
LossPoint at(long step) { return {step, static_cast<float>(step), 0.0f, static_cast<float>(step)}; }
}  // namespace

TEST_CASE("a published copy of the loss history never changes while the worker appends", "[loss_history]") {
    LossHistory h;
    const size_t n = LossHistory::kChunk * 2 + 10;
    for (size_t i = 1; i <= n; ++i) h.push_back(at(static_cast<long>(i)));
    REQUIRE(h.size() == n);
    CHECK(h.front().step == 1);
    CHECK(h.back().step == static_cast<long>(n));
    CHECK(h[LossHistory::kChunk].step == static_cast<long>(LossHistory::kChunk) + 1);  // across a chunk edge

    const LossHistory snapshot = h;  // what a snapshot holds
    const LossPoint* shared_full_chunk = &snapshot[0];
    const LossPoint* shared_tail = &snapshot[n - 1];
    for (size_t i = n + 1; i <= n + LossHistory::kChunk; ++i) h.push_back(at(static_cast<long>(i)));
    CHECK(snapshot.size() == n);
    CHECK(snapshot.back().step == static_cast<long>(n));
    CHECK(&h[0] == shared_full_chunk);  // full chunks are shared, not copied
    CHECK(&h[n - 1] != shared_tail);    // the chunk the snapshot held was cloned before appending
    CHECK(h[n - 1].step == snapshot[n - 1].step);

    long expected = 1;
    for (const LossPoint& p : h) CHECK(p.step == expected++);
    CHECK(expected == static_cast<long>(h.size()) + 1);
}

TEST_CASE("truncating after a step keeps exactly the points up to it", "[loss_history]") {
    LossHistory h;
    for (long s = 1; s <= 5000; ++s) h.push_back(at(s));
    const LossHistory before = h;
    h.truncate_after(4100);
    CHECK(h.size() == 4100);
    CHECK(h.back().step == 4100);
    CHECK(before.size() == 5000);  // a copy made earlier is untouched
    h.push_back(at(4101));
    CHECK(h.size() == 4101);
    h.clear();
    CHECK(h.empty());
    CHECK(h.begin() == h.end());
}

TEST_CASE("erasing a step's points keeps the others and leaves earlier copies alone", "[loss_history]") {
    SharedHistory<MetricsPoint> h;
    for (long s : {250L, 500L, 750L, 750L, 1000L}) {
        MetricsPoint p;
        p.step = s;
        h.push_back(p);
    }
    const SharedHistory<MetricsPoint> published = h;
    h.erase_step(750);
    REQUIRE(h.size() == 3);
    CHECK(h[0].step == 250);
    CHECK(h[1].step == 500);
    CHECK(h[2].step == 1000);
    CHECK(published.size() == 5);
    CHECK(published[2].step == 750);
    h.erase_step(123);  // no point at that step: nothing changes
    CHECK(h.size() == 3);
}
