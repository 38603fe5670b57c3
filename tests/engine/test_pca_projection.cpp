// The one PCA of TowerLab's pictures (eval/pca_projection.h): the axes follow the spread of the
// points, a lone frame has a fixed sign, and a frame after another turns to meet it.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "eval/pca_projection.h"

using namespace towerlab;

namespace {

// Points spread 3 along (1,1,0)/sqrt2, 1 along z, nothing along (1,-1,0)/sqrt2, centred at (5,5,5).
Eigen::MatrixXf spread_points() {
    Eigen::MatrixXf v(8, 3);
    const float a = 3.0f / std::sqrt(2.0f);
    int r = 0;
    for (float s : {-1.0f, 1.0f})
        for (float t : {-1.0f, 1.0f})
            for (float u : {-0.5f, 0.5f}) v.row(r++) << 5 + s * a + u * 0.0f, 5 + s * a, 5 + t * 1.0f;
    return v;
}

}  // namespace

TEST_CASE("the first axis follows the largest spread, the second the next, and the sign is fixed", "[pca]") {
    const Eigen::MatrixXf v = spread_points();
    const PcaFrame f = pca_frame(v);
    CHECK(f.mean(0) == Approx(5));
    CHECK(f.mean(2) == Approx(5));
    // Axis 1 is +-(1,1,0)/sqrt2, pinned so its largest component is positive; axis 2 is +z.
    CHECK(f.axes(0, 0) == Approx(1 / std::sqrt(2.0)).margin(1e-6));
    CHECK(f.axes(1, 0) == Approx(1 / std::sqrt(2.0)).margin(1e-6));
    CHECK(std::abs(f.axes(2, 1)) == Approx(1).margin(1e-6));
    CHECK(f.axes(2, 1) > 0);
    // Variance 9 and 1 of a total 10.
    CHECK(f.explained[0] == Approx(0.9).margin(1e-6));
    CHECK(f.explained[1] == Approx(0.1).margin(1e-6));
    // Coordinates: +-3 along the first axis, +-1 along the second.
    const std::vector<float> xy = pca_project(v, {0, 7}, f);
    CHECK(std::abs(xy[0]) == Approx(3).margin(1e-5));
    CHECK(std::abs(xy[1]) == Approx(1).margin(1e-5));
    CHECK(xy[2] == Approx(-xy[0]).margin(1e-5));
    // The same data negated gives the same axes (the sign does not depend on the eigen solver).
    const PcaFrame g = pca_frame(Eigen::MatrixXf(-v));
    CHECK((g.axes - f.axes).cwiseAbs().maxCoeff() < 1e-6);
}

TEST_CASE("a frame after another turns to the nearest rotation or reflection of the previous axes", "[pca]") {
    const Eigen::MatrixXf v = spread_points();
    PcaFrame flipped = pca_frame(v);
    flipped.axes.col(0) = -flipped.axes.col(0);  // as if the previous picture had axis 1 the other way
    const PcaFrame f = pca_frame(v, {}, &flipped);
    CHECK((f.axes - flipped.axes).cwiseAbs().maxCoeff() < 1e-6);
    // A previous frame of another width is ignored: the sign rule applies.
    PcaFrame other;
    other.axes = Eigen::MatrixXd::Identity(5, 2);
    CHECK((pca_frame(v, {}, &other).axes - pca_frame(v).axes).cwiseAbs().maxCoeff() < 1e-12);
}

TEST_CASE("a frame of listed rows uses only those rows", "[pca]") {
    Eigen::MatrixXf v = spread_points();
    v.conservativeResize(10, 3);
    v.row(8) << 100, -100, 0;  // far outliers, not listed
    v.row(9) << -100, 100, 0;
    const PcaFrame all = pca_frame(v);
    const PcaFrame listed = pca_frame(v, {0, 1, 2, 3, 4, 5, 6, 7});
    CHECK(listed.axes(0, 0) == Approx(1 / std::sqrt(2.0)).margin(1e-6));
    CHECK(std::abs(all.axes(0, 0)) == Approx(1 / std::sqrt(2.0)).margin(1e-6));
    CHECK(all.axes(0, 0) * all.axes(1, 0) < 0);  // the outliers' (1,-1) direction wins when listed
}

// The sign rule makes the picture a function of the data, not of the eigen solver: swapping the
// coordinates' order permutes the axes' components and changes nothing else, which an unpinned
// eigenvector does not promise (the solver sees another matrix).
TEST_CASE("the same points with their coordinates reordered give the same picture", "[pca]") {
    Eigen::MatrixXf v(40, 5);
    uint32_t state = 12345;
    for (Eigen::Index r = 0; r < v.rows(); ++r)
        for (Eigen::Index c = 0; c < v.cols(); ++c) {
            state = state * 1664525u + 1013904223u;
            v(r, c) = static_cast<float>((state >> 8) % 1000) / 1000.0f * static_cast<float>(c + 1);
        }
    std::vector<int32_t> rows(40);
    for (int32_t r = 0; r < 40; ++r) rows[static_cast<size_t>(r)] = r;
    const std::vector<float> xy = pca_project(v, rows, pca_frame(v));
    std::vector<int> order = {0, 1, 2, 3, 4};
    int permutations = 0;
    while (std::next_permutation(order.begin(), order.end())) {
        Eigen::MatrixXf p(v.rows(), v.cols());
        for (int c = 0; c < 5; ++c) p.col(c) = v.col(order[static_cast<size_t>(c)]);
        const std::vector<float> pxy = pca_project(p, rows, pca_frame(p));
        float worst = 0;
        for (size_t k = 0; k < xy.size(); ++k) worst = std::max(worst, std::abs(pxy[k] - xy[k]));
        INFO("permutation " << permutations);
        CHECK(worst < 1e-3f);
        ++permutations;
    }
    CHECK(permutations == 119);
}
