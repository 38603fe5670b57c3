// The arithmetic of a line plot, free of any drawing: tick positions at 1/2/5 x 10^k, per-pixel
// min/max decimation, TensorBoard's debiased exponential smoothing and axis auto-fit.
// Pure functions over plain arrays; they know nothing of losses or recommenders and are tested
// on their own (tests/app/test_plot_math.cpp).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace plot {

struct Range {
    double min = 0, max = 1;
    double span() const { return max - min; }
};

// The smallest step of the form {1, 2, 5} x 10^k that yields at most `max_ticks` intervals
// over `span` (span > 0, max_ticks >= 1).
double nice_step(double span, int max_ticks);

// Multiples of nice_step(hi - lo, max_ticks) inside [lo, hi], ascending.
std::vector<double> nice_ticks(double lo, double hi, int max_ticks);

// Ticks for a log10 axis whose range is given in log10 units: whole decades, or (when the range
// spans less than about two decades) 1/2/5 x 10^k. Returned in log10 units.
std::vector<double> log_ticks(double log_lo, double log_hi, int max_ticks);

// Shortest text that tells neighbouring ticks apart: 0.05, 1.5k, 2e-04, 120.
std::string format_tick(double value, double step);

// A value formatted for a hover readout (4 significant digits).
std::string format_value(double value);

struct Point {
    double x, y;
};

// Reduces the points of (x[i], y[i]) (x ascending) that fall in [x_lo, x_hi] to at most about
// 2 * columns points: within each pixel column it keeps the minimum and the maximum, in the order
// they occur, so spikes survive and the line's envelope is exact. With few points, it returns them
// unchanged. One point on each side outside the range is kept so the line reaches the border.
// Points whose y is not finite are dropped.
std::vector<Point> decimate_min_max(const double* x, const float* y, std::size_t n, double x_lo, double x_hi,
                                    int columns);

// What a line through (x[i], y[i]) (x ascending) covers in each pixel column of [x_lo, x_hi] cut
// into `columns` equal columns: the lowest and highest y of the line over the column's x interval,
// its points inside and where its segments cross the column's borders. Drawn as one bar per
// column, this is the picture of the polyline without its zigzag: a noisy series of many points
// per column would otherwise be a tall anti-aliased zigzag, costly to rasterise and no clearer.
// Points whose y is not finite are skipped (the line joins their neighbours, as decimate_min_max
// does). Only columns the line reaches are returned, in column order.
struct ColumnSpan {
    int column;
    float lo, hi;
};
std::vector<ColumnSpan> column_envelope(const double* x, const float* y, std::size_t n, double x_lo, double x_hi,
                                        int columns);

// Min/max summaries of an append-only series at every power-of-two coarseness, so that a plot of a
// long run reads a bounded number of points per frame instead of all of them. Level l (from
// kFirstLevel) cuts the series into buckets of 2^l consecutive points and keeps two points per
// bucket: its minimum and its maximum, in the order they occur (one point twice when they are the
// same; NaN twice when the bucket has no finite value). A per-pixel min/max decimation of a level
// whose buckets are narrower than a pixel column gives the same envelope as one of the raw points.
// Appending costs O(levels); the levels together hold about as many points as the series.
class MinMaxPyramid {
public:
    static constexpr int kFirstLevel = 2, kLevels = 24;
    struct Level {
        std::vector<double> x;
        std::vector<float> y;
    };

    void append(double x, float y);
    void clear();
    std::size_t size() const { return size_; }  // raw points appended
    // The coarsest level whose buckets hold at most raw_points_in_range / (2 * columns) points
    // (at least two points per column survive), or null when the raw points are coarse enough.
    const Level* level_for(std::size_t raw_points_in_range, int columns) const;

private:
    struct Open {  // the level's last, still growing bucket
        double min_x = 0, max_x = 0;
        float min_y = 0, max_y = 0;
        bool any = false;
    };
    Level levels_[kLevels];
    Open open_[kLevels];
    std::size_t size_ = 0;
};

// The debiased moving average below, one value at a time (for a curve that grows while shown).
class DebiasedEma {
public:
    explicit DebiasedEma(double w);
    float push(float y);  // the shown value after y

private:
    double w_, last_ = 0, weight_pow_ = 1;
    bool any_ = false;
};

// TensorBoard's debiased exponential moving average, weight w in [0, 1):
//   last = w * last + (1 - w) * y_n ;  shown_n = last / (1 - w^n)
// where n counts the finite values so far (the division undoes the bias towards the start value 0).
// Non-finite inputs are skipped: the previous smoothed value is repeated.
std::vector<float> debiased_ema(const float* y, std::size_t n, double w);

// Range of the finite y over points whose x lies in [x_lo, x_hi], padded by `pad` of its span
// (a flat series gets a span of its own magnitude so the line is not on the border).
// Returns false when no finite point falls in the range.
bool fit_y(const double* x, const float* y, std::size_t n, double x_lo, double x_hi, double pad, Range& out);

// Index of the x closest to `target` in an ascending array, or -1 when n == 0.
long nearest_index(const double* x, std::size_t n, double target);

// Zoom a range by `factor` (< 1 zooms in) keeping `anchor` at the same place on screen.
Range zoom_about(Range r, double anchor, double factor);

}  // namespace plot
