// The frame-time overlay's percentiles and its window of recent frames.
#include <catch2/catch.hpp>

#include "panels/panels.h"

TEST_CASE("frame-time percentiles come from the recent frames", "[frame]") {
    app::FrameStatsOverlay f;
    CHECK(f.percentile(0.5) == 0);
    for (int i = 1; i <= 100; ++i) f.record(i / 1000.0f, i / 1000.0f);
    CHECK(f.percentile(0.5) == Approx(0.050).margin(0.0011));
    CHECK(f.percentile(0.99) == Approx(0.099).margin(0.0011));
    CHECK(f.work_percentile(0) == Approx(0.001));
    f.record(0.5f, -1);  // a lazily skipped gap: work counts, the interval does not
    CHECK(f.frames() == 101);
    CHECK(f.percentile(1.0) == Approx(0.100));
    CHECK(f.work_percentile(1.0) == Approx(0.5));
    for (size_t i = 0; i < app::FrameStatsOverlay::kWindow; ++i) f.record(0.002f, 0.002f);
    CHECK(f.frames() == app::FrameStatsOverlay::kWindow);
    CHECK(f.percentile(1.0) == Approx(0.002));  // the old slow frames left the window
}
