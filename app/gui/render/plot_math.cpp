#include "render/plot_math.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace plot {

double nice_step(double span, int max_ticks) {
    if (!(span > 0) || !std::isfinite(span)) return 1.0;
    max_ticks = std::max(1, max_ticks);
    const double raw = span / max_ticks;
    const double decade = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (m * decade >= raw * (1 - 1e-9)) return m * decade;
    return 10.0 * decade;
}

std::vector<double> nice_ticks(double lo, double hi, int max_ticks) {
    std::vector<double> out;
    if (!(hi > lo) || !std::isfinite(lo) || !std::isfinite(hi)) return out;
    const double step = nice_step(hi - lo, max_ticks);
    const double first = std::ceil(lo / step - 1e-9);
    for (double k = first;; k += 1) {
        double v = k * step;
        if (v > hi + step * 1e-9) break;
        if (std::fabs(v) < step * 1e-9) v = 0;  // -0 and 1e-17 print as 0
        out.push_back(v);
        if (out.size() > 1000) break;
    }
    return out;
}

std::vector<double> log_ticks(double log_lo, double log_hi, int max_ticks) {
    std::vector<double> out;
    if (!(log_hi > log_lo)) return out;
    if (log_hi - log_lo >= 2.0) {
        const double step = std::max(1.0, std::ceil((log_hi - log_lo) / std::max(1, max_ticks)));
        for (double d = std::ceil(log_lo / step) * step; d <= log_hi + 1e-9; d += step) out.push_back(d);
        return out;
    }
    for (double d = std::floor(log_lo); d <= std::ceil(log_hi); d += 1)
        for (double m : {1.0, 2.0, 5.0}) {
            const double v = d + std::log10(m);
            if (v >= log_lo - 1e-9 && v <= log_hi + 1e-9) out.push_back(v);
        }
    if (static_cast<int>(out.size()) > max_ticks) {  // too dense: decades only
        std::vector<double> decades;
        for (double v : out)
            if (std::fabs(v - std::round(v)) < 1e-9) decades.push_back(v);
        if (decades.size() >= 2) return decades;
    }
    return out;
}

std::string format_tick(double value, double step) {
    char buf[32];
    const double a = std::fabs(value);
    if (value == 0) return "0";
    if (a >= 1e6 || (a < 1e-3 && step < 1e-3)) {
        std::snprintf(buf, sizeof buf, "%.0e", value);
    } else if (a >= 1e4 && step >= 100) {
        const int decimals = step >= 1000 ? (std::fmod(a, 1000) == 0 ? 0 : 1) : 1;
        std::snprintf(buf, sizeof buf, "%.*fk", decimals, value / 1000);
    } else {
        const int decimals = step >= 1 ? 0 : std::min(6, static_cast<int>(std::ceil(-std::log10(step) - 1e-9)));
        std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
    }
    return buf;
}

std::string format_value(double value) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4g", value);
    return buf;
}

std::vector<Point> decimate_min_max(const double* x, const float* y, std::size_t n, double x_lo, double x_hi,
                                    int columns) {
    std::vector<Point> out;
    if (n == 0 || !(x_hi > x_lo) || columns < 1) return out;
    // [begin, end): the points inside the range plus one neighbour on each side.
    std::size_t begin = static_cast<std::size_t>(std::lower_bound(x, x + n, x_lo) - x);
    std::size_t end = static_cast<std::size_t>(std::upper_bound(x, x + n, x_hi) - x);
    if (begin > 0) --begin;
    if (end < n) ++end;
    if (end - begin <= static_cast<std::size_t>(2 * columns)) {
        for (std::size_t i = begin; i < end; ++i)
            if (std::isfinite(y[i])) out.push_back({x[i], y[i]});
        return out;
    }
    out.reserve(static_cast<std::size_t>(2 * columns + 4));
    const double per_column = (x_hi - x_lo) / columns;
    std::size_t i = begin;
    while (i < end) {
        const double col = std::floor((x[i] - x_lo) / per_column);
        std::size_t lo_i = end, hi_i = end;
        std::size_t j = i;
        for (; j < end && std::floor((x[j] - x_lo) / per_column) == col; ++j) {
            if (!std::isfinite(y[j])) continue;
            if (lo_i == end || y[j] < y[lo_i]) lo_i = j;
            if (hi_i == end || y[j] > y[hi_i]) hi_i = j;
        }
        if (lo_i != end) {
            const std::size_t a = std::min(lo_i, hi_i), b = std::max(lo_i, hi_i);
            out.push_back({x[a], y[a]});
            if (b != a) out.push_back({x[b], y[b]});
        }
        i = j;
    }
    return out;
}

std::vector<ColumnSpan> column_envelope(const double* x, const float* y, std::size_t n, double x_lo, double x_hi,
                                        int columns) {
    std::vector<ColumnSpan> out;
    if (n == 0 || !(x_hi > x_lo) || columns < 1) return out;
    const double per_column = (x_hi - x_lo) / columns;
    const auto column_of = [&](double px) {
        return static_cast<int>(std::clamp(std::floor((px - x_lo) / per_column), 0.0, static_cast<double>(columns - 1)));
    };
    std::vector<float> lo(static_cast<std::size_t>(columns), INFINITY), hi(static_cast<std::size_t>(columns), -INFINITY);
    const auto cover = [&](int c, float v) {
        lo[static_cast<std::size_t>(c)] = std::min(lo[static_cast<std::size_t>(c)], v);
        hi[static_cast<std::size_t>(c)] = std::max(hi[static_cast<std::size_t>(c)], v);
    };
    // The points that matter: those in the range and the nearest finite one outside on each side.
    std::size_t begin = static_cast<std::size_t>(std::lower_bound(x, x + n, x_lo) - x);
    std::size_t end = static_cast<std::size_t>(std::upper_bound(x, x + n, x_hi) - x);
    while (begin > 0 && !std::isfinite(y[--begin])) {}
    while (end < n && !std::isfinite(y[end])) ++end;
    if (end < n) ++end;
    long prev = -1;  // the last finite point seen
    for (std::size_t i = begin; i < end; ++i) {
        if (!std::isfinite(y[i])) continue;
        if (x[i] >= x_lo && x[i] <= x_hi) cover(column_of(x[i]), y[i]);
        if (prev >= 0) {
            // The segment from the previous point: its value at each column border it crosses.
            const double xa = x[prev], xb = x[i];
            const double ya = y[prev], yb = y[i];
            const double from = std::max(xa, x_lo), to = std::min(xb, x_hi);
            if (from <= to && xb > xa) {
                const auto at = [&](double px) { return static_cast<float>(ya + (yb - ya) * (px - xa) / (xb - xa)); };
                const int ca = column_of(from), cb = column_of(to);
                cover(ca, at(from));
                cover(cb, at(to));
                for (int c = ca; c < cb; ++c) {  // the border between column c and c + 1
                    const float v = at(x_lo + (c + 1) * per_column);
                    cover(c, v);
                    cover(c + 1, v);
                }
            }
        }
        prev = static_cast<long>(i);
    }
    for (int c = 0; c < columns; ++c)
        if (lo[static_cast<std::size_t>(c)] <= hi[static_cast<std::size_t>(c)])
            out.push_back({c, lo[static_cast<std::size_t>(c)], hi[static_cast<std::size_t>(c)]});
    return out;
}

void MinMaxPyramid::append(double x, float y) {
    const bool finite = std::isfinite(y);
    for (int l = 0; l < kLevels; ++l) {
        const std::size_t bucket = std::size_t{1} << (l + kFirstLevel);
        Level& lv = levels_[l];
        Open& o = open_[l];
        if (size_ % bucket == 0) {  // a new bucket
            o = Open{};
            lv.x.insert(lv.x.end(), {x, x});
            lv.y.insert(lv.y.end(), {NAN, NAN});
        }
        if (finite) {
            if (!o.any || y < o.min_y) o.min_x = x, o.min_y = y;
            if (!o.any || y > o.max_y) o.max_x = x, o.max_y = y;
            o.any = true;
        }
        if (!o.any) continue;
        const std::size_t k = lv.x.size() - 2;
        const bool min_first = o.min_x <= o.max_x;
        lv.x[k] = min_first ? o.min_x : o.max_x;
        lv.y[k] = min_first ? o.min_y : o.max_y;
        lv.x[k + 1] = min_first ? o.max_x : o.min_x;
        lv.y[k + 1] = min_first ? o.max_y : o.min_y;
    }
    ++size_;
}

void MinMaxPyramid::clear() {
    for (Level& lv : levels_) lv = Level{};
    for (Open& o : open_) o = Open{};
    size_ = 0;
}

const MinMaxPyramid::Level* MinMaxPyramid::level_for(std::size_t raw_points_in_range, int columns) const {
    const std::size_t per_bucket = raw_points_in_range / static_cast<std::size_t>(2 * std::max(1, columns));
    const Level* best = nullptr;
    for (int l = 0; l < kLevels && (std::size_t{1} << (l + kFirstLevel)) <= per_bucket; ++l) best = &levels_[l];
    return best;
}

DebiasedEma::DebiasedEma(double w) : w_(std::clamp(w, 0.0, 0.999999)) {}

float DebiasedEma::push(float y) {
    if (std::isfinite(y)) {
        last_ = w_ * last_ + (1 - w_) * y;
        weight_pow_ *= w_;
        any_ = true;
    }
    return any_ ? static_cast<float>(last_ / (1 - weight_pow_)) : y;
}

std::vector<float> debiased_ema(const float* y, std::size_t n, double w) {
    std::vector<float> out(n);
    DebiasedEma ema(w);
    for (std::size_t i = 0; i < n; ++i) out[i] = ema.push(y[i]);
    return out;
}

bool fit_y(const double* x, const float* y, std::size_t n, double x_lo, double x_hi, double pad, Range& out) {
    double lo = INFINITY, hi = -INFINITY;
    const std::size_t begin = static_cast<std::size_t>(std::lower_bound(x, x + n, x_lo) - x);
    const std::size_t end = static_cast<std::size_t>(std::upper_bound(x, x + n, x_hi) - x);
    for (std::size_t i = begin; i < end; ++i) {
        if (!std::isfinite(y[i])) continue;
        lo = std::min(lo, static_cast<double>(y[i]));
        hi = std::max(hi, static_cast<double>(y[i]));
    }
    if (!(lo <= hi)) return false;
    const double span = hi - lo;
    if (span <= 0) {  // flat: centre it in a range of a tenth of its magnitude
        const double m = std::max(std::fabs(hi) * 0.1, 1e-6);
        out = {lo - m, hi + m};
        return true;
    }
    out = {lo - pad * span, hi + pad * span};
    return true;
}

long nearest_index(const double* x, std::size_t n, double target) {
    if (n == 0) return -1;
    const std::size_t i = static_cast<std::size_t>(std::lower_bound(x, x + n, target) - x);
    if (i == 0) return 0;
    if (i >= n) return static_cast<long>(n - 1);
    return static_cast<long>(target - x[i - 1] <= x[i] - target ? i - 1 : i);
}

Range zoom_about(Range r, double anchor, double factor) {
    return {anchor + (r.min - anchor) * factor, anchor + (r.max - anchor) * factor};
}

}  // namespace plot
