// The plotting layer's arithmetic: ticks at 1/2/5 x 10^k, per-pixel min/max decimation and its
// min/max pyramid, TensorBoard's debiased EMA, auto-fit, nearest point and zoom. No ImGui frame.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "render/plot_math.h"

using namespace plot;

TEST_CASE("nice steps are 1, 2 or 5 times a power of ten", "[plot]") {
    CHECK(nice_step(10, 5) == Approx(2));
    CHECK(nice_step(10, 10) == Approx(1));
    CHECK(nice_step(1, 3) == Approx(0.5));
    CHECK(nice_step(0.013, 5) == Approx(0.005));
    CHECK(nice_step(7300, 6) == Approx(2000));
    for (double span : {0.0031, 0.7, 3.0, 42.0, 999.0, 1.2e6})
        for (int n : {2, 3, 5, 8}) {
            const double s = nice_step(span, n);
            const double m = s / std::pow(10.0, std::floor(std::log10(s) + 1e-12));
            CHECK((std::fabs(m - 1) < 1e-9 || std::fabs(m - 2) < 1e-9 || std::fabs(m - 5) < 1e-9));
            CHECK(span / s <= n + 1e-9);  // at most n intervals
        }
}

TEST_CASE("ticks are multiples of the step inside the range", "[plot]") {
    const std::vector<double> t = nice_ticks(0.3, 4.9, 5);
    REQUIRE(t.size() == 4);  // step 1: 1, 2, 3, 4
    CHECK(t.front() == Approx(1));
    CHECK(t.back() == Approx(4));
    const std::vector<double> z = nice_ticks(-1e-17, 1, 2);
    CHECK(z.front() == 0);  // no "-0" or 1e-17 label
    CHECK(nice_ticks(1, 1, 5).empty());
    CHECK(nice_ticks(NAN, 1, 5).empty());
}

TEST_CASE("log ticks are decades over wide ranges and 1/2/5 over narrow ones", "[plot]") {
    const std::vector<double> wide = log_ticks(-3, 2, 10);  // 0.001 .. 100
    REQUIRE(wide.size() == 6);
    for (double v : wide) CHECK(v == Approx(std::round(v)));
    const std::vector<double> narrow = log_ticks(0, 1, 10);  // 1 .. 10
    REQUIRE(narrow.size() == 4);                             // 1, 2, 5, 10
    CHECK(std::pow(10, narrow[1]) == Approx(2));
    CHECK(std::pow(10, narrow[2]) == Approx(5));
}

TEST_CASE("tick labels tell neighbours apart", "[plot]") {
    CHECK(format_tick(0.05, 0.05) == "0.05");
    CHECK(format_tick(0.1, 0.05) == "0.10");
    CHECK(format_tick(120, 20) == "120");
    CHECK(format_tick(15000, 5000) == "15k");
    CHECK(format_tick(2500, 500) == "2500");
    CHECK(format_tick(0, 1) == "0");
    CHECK(format_tick(2e-4, 1e-4) == "2e-04");
}

TEST_CASE("min/max decimation keeps the envelope and the spikes", "[plot]") {
    const std::size_t n = 100000;
    std::vector<double> x(n);
    std::vector<float> y(n);
    for (std::size_t i = 0; i < n; ++i) {
        x[i] = static_cast<double>(i);
        y[i] = std::sin(static_cast<float>(i) * 0.001f);
    }
    y[54321] = 10;   // a spike
    y[77777] = -10;  // and a dip
    const int columns = 400;
    const std::vector<Point> d = decimate_min_max(x.data(), y.data(), n, 0, static_cast<double>(n - 1), columns);
    CHECK(d.size() <= static_cast<std::size_t>(2 * columns + 4));
    CHECK(d.size() >= static_cast<std::size_t>(columns));
    bool spike = false, dip = false;
    for (const Point& p : d) {
        spike = spike || p.y == 10;
        dip = dip || p.y == -10;
    }
    CHECK(spike);
    CHECK(dip);
    for (std::size_t i = 1; i < d.size(); ++i) CHECK(d[i].x >= d[i - 1].x);  // still in x order
}

TEST_CASE("a min/max pyramid level keeps every bucket's extremes, in order, as the series grows", "[plot][pyramid]") {
    const std::size_t n = 100000;
    std::vector<double> x(n);
    std::vector<float> y(n);
    MinMaxPyramid pyramid;
    for (std::size_t i = 0; i < n; ++i) {
        x[i] = static_cast<double>(i);
        y[i] = std::sin(static_cast<float>(i) * 0.001f) + (i % 7 == 3 ? 0.5f : 0.0f);
        if (i == 4321) y[i] = NAN;
        pyramid.append(x[i], y[i]);
    }
    y[54321] = 10;  // a spike set after its append: appended again below as a second series
    MinMaxPyramid spiked;
    for (std::size_t i = 0; i < n; ++i) spiked.append(x[i], y[i]);
    CHECK(spiked.size() == n);

    // Few points in range: the raw series is coarse enough.
    CHECK(spiked.level_for(1000, 400) == nullptr);
    const int columns = 400;
    const MinMaxPyramid::Level* level = spiked.level_for(n, columns);
    REQUIRE(level != nullptr);
    std::size_t bucket = 1;  // raw points per bucket: the level holds two points per bucket
    while ((n + bucket - 1) / bucket * 2 > level->x.size()) bucket *= 2;
    REQUIRE((n + bucket - 1) / bucket * 2 == level->x.size());
    CHECK(bucket <= n / (2 * columns));
    CHECK(level->x.size() >= static_cast<std::size_t>(4 * columns));
    // Each bucket's pair is its raw minimum and maximum, the earlier first.
    for (std::size_t b = 0; b * bucket < n; ++b) {
        float lo = INFINITY, hi = -INFINITY;
        for (std::size_t i = b * bucket; i < std::min(n, (b + 1) * bucket); ++i)
            if (std::isfinite(y[i])) lo = std::min(lo, y[i]), hi = std::max(hi, y[i]);
        const float a = level->y[2 * b], c = level->y[2 * b + 1];
        CHECK(std::min(a, c) == lo);
        CHECK(std::max(a, c) == hi);
        CHECK(level->x[2 * b] <= level->x[2 * b + 1]);
    }
    // Decimating the level draws the same envelope as decimating the raw points.
    const std::vector<Point> from_raw = decimate_min_max(x.data(), y.data(), n, 0, static_cast<double>(n - 1), columns);
    const std::vector<Point> from_level =
        decimate_min_max(level->x.data(), level->y.data(), level->x.size(), 0, static_cast<double>(n - 1), columns);
    const auto extremes = [](const std::vector<Point>& d) {
        float lo = INFINITY, hi = -INFINITY;
        for (const Point& p : d) lo = std::min(lo, static_cast<float>(p.y)), hi = std::max(hi, static_cast<float>(p.y));
        return std::make_pair(lo, hi);
    };
    CHECK(extremes(from_level) == extremes(from_raw));
    CHECK(extremes(from_level).second == 10);
    spiked.clear();
    CHECK(spiked.size() == 0);
    CHECK(spiked.level_for(n, columns) != nullptr);  // levels exist, now empty
}

TEST_CASE("the EMA one value at a time equals the EMA of the whole series", "[plot][ema]") {
    const std::vector<float> y{3, 1, NAN, 4, 1, 5, 9, 2, 6};
    const std::vector<float> whole = debiased_ema(y.data(), y.size(), 0.8);
    DebiasedEma ema(0.8);
    for (std::size_t i = 0; i < y.size(); ++i) CHECK(ema.push(y[i]) == whole[i]);
}

TEST_CASE("decimation returns few points unchanged and reaches the borders", "[plot]") {
    const std::vector<double> x{0, 1, 2, 3, 4, 5};
    const std::vector<float> y{5, NAN, 3, 2, 1, 0};
    const std::vector<Point> d = decimate_min_max(x.data(), y.data(), x.size(), 1.5, 3.5, 100);
    // Points inside [1.5, 3.5] plus one neighbour each side; the NaN is dropped.
    REQUIRE(d.size() == 3);
    CHECK(d.front().x == 2);
    CHECK(d.back().x == 4);
    CHECK(decimate_min_max(x.data(), y.data(), 0, 0, 1, 10).empty());
}

TEST_CASE("the column envelope holds what the line covers in each pixel column, and no more", "[plot][envelope]") {
    // Uneven x, spikes, a NaN, and points outside the range on both sides.
    std::vector<double> x;
    std::vector<float> y;
    uint32_t state = 12345;
    const auto next = [&] {
        state = state * 1664525u + 1013904223u;
        return static_cast<float>(state >> 8) / static_cast<float>(1u << 24);
    };
    double at = 0;
    for (int i = 0; i < 400; ++i) {
        at += 0.05 + 0.6 * next();
        x.push_back(at);
        y.push_back(i % 37 == 0 ? 20 * next() - 10 : next());
    }
    y[123] = NAN;
    const double lo = x[20] + 0.1, hi = x[380] - 0.2;
    const int columns = 57;
    const std::vector<ColumnSpan> spans = column_envelope(x.data(), y.data(), x.size(), lo, hi, columns);
    REQUIRE(spans.size() == static_cast<std::size_t>(columns));  // dense enough to reach every column
    // The line (NaN skipped) sampled densely inside each column: every sample within the span,
    // and the span's ends reached by some sample.
    std::vector<double> fx;
    std::vector<float> fy;
    for (std::size_t i = 0; i < x.size(); ++i)
        if (std::isfinite(y[i])) {
            fx.push_back(x[i]);
            fy.push_back(y[i]);
        }
    const auto line_at = [&](double px) {
        const std::size_t j = static_cast<std::size_t>(std::upper_bound(fx.begin(), fx.end(), px) - fx.begin());
        const double t = (px - fx[j - 1]) / (fx[j] - fx[j - 1]);
        return fy[j - 1] + t * (fy[j] - fy[j - 1]);
    };
    const double per = (hi - lo) / columns;
    for (const ColumnSpan& c : spans) {
        const double a = lo + c.column * per, b = a + per;
        double seen_lo = INFINITY, seen_hi = -INFINITY;
        const auto sample = [&](double px) {
            const double v = line_at(px);
            seen_lo = std::min(seen_lo, v);
            seen_hi = std::max(seen_hi, v);
        };
        for (int k = 0; k <= 4000; ++k) sample(a + (b - a) * k / 4000.0);
        for (std::size_t i = 0; i < fx.size(); ++i)
            if (fx[i] >= a && fx[i] <= b) sample(fx[i]);
        CHECK(c.lo <= seen_lo + 1e-4);
        CHECK(c.hi >= seen_hi - 1e-4);
        CHECK(c.lo == Approx(seen_lo).margin(1e-3));
        CHECK(c.hi == Approx(seen_hi).margin(1e-3));
    }
}

TEST_CASE("the column envelope of sparse points interpolates across the columns between them", "[plot][envelope]") {
    const std::vector<double> x{0, 10};
    const std::vector<float> y{0, 10};
    const std::vector<ColumnSpan> spans = column_envelope(x.data(), y.data(), 2, 0, 10, 5);
    REQUIRE(spans.size() == 5);
    for (int c = 0; c < 5; ++c) {
        CHECK(spans[static_cast<std::size_t>(c)].column == c);
        CHECK(spans[static_cast<std::size_t>(c)].lo == Approx(2.0 * c));
        CHECK(spans[static_cast<std::size_t>(c)].hi == Approx(2.0 * (c + 1)));
    }
    CHECK(column_envelope(x.data(), y.data(), 0, 0, 10, 5).empty());
    CHECK(column_envelope(x.data(), y.data(), 2, 20, 30, 5).empty());  // the line ends before the range
}

TEST_CASE("the debiased EMA starts at the first value instead of at zero", "[plot][ema]") {
    const std::vector<float> constant(50, 3.0f);
    for (float v : debiased_ema(constant.data(), constant.size(), 0.95)) CHECK(v == Approx(3.0f));
    const std::vector<float> y{10, 0, 0};
    const std::vector<float> s = debiased_ema(y.data(), y.size(), 0.5);
    CHECK(s[0] == Approx(10));          // last = 5, / (1 - 0.5)
    CHECK(s[1] == Approx(2.5 / 0.75));  // last = 2.5, / (1 - 0.25)
    CHECK(s[2] == Approx(1.25 / 0.875));
    const std::vector<float> raw = debiased_ema(y.data(), y.size(), 0.0);
    CHECK(raw == y);  // w = 0 shows the raw values
}

TEST_CASE("the EMA skips values that are not finite", "[plot][ema]") {
    const std::vector<float> y{1, NAN, INFINITY, 1};
    const std::vector<float> s = debiased_ema(y.data(), y.size(), 0.9);
    for (float v : s) CHECK(v == Approx(1));
}

TEST_CASE("fit_y pads the range of the visible finite values", "[plot]") {
    const std::vector<double> x{0, 1, 2, 3};
    const std::vector<float> y{100, 2, 4, NAN};
    Range r;
    REQUIRE(fit_y(x.data(), y.data(), x.size(), 0.5, 3, 0.1, r));
    CHECK(r.min == Approx(1.8));
    CHECK(r.max == Approx(4.2));
    const std::vector<float> flat{5, 5, 5, 5};
    REQUIRE(fit_y(x.data(), flat.data(), x.size(), 0, 3, 0, r));
    CHECK(r.min < 5);
    CHECK(r.max > 5);
    CHECK_FALSE(fit_y(x.data(), y.data(), x.size(), 10, 20, 0.1, r));
}

TEST_CASE("nearest index and zoom about an anchor", "[plot]") {
    const std::vector<double> x{0, 10, 20, 30};
    CHECK(nearest_index(x.data(), x.size(), -5) == 0);
    CHECK(nearest_index(x.data(), x.size(), 14) == 1);
    CHECK(nearest_index(x.data(), x.size(), 16) == 2);
    CHECK(nearest_index(x.data(), x.size(), 99) == 3);
    CHECK(nearest_index(x.data(), 0, 1) == -1);
    const Range z = zoom_about({0, 100}, 25, 0.5);
    CHECK(z.min == Approx(12.5));
    CHECK(z.max == Approx(62.5));
}
