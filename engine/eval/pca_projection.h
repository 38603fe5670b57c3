// Embeddings drawn on a plane: the first two principal axes of a set of vectors. One module for
// every picture of embeddings TowerLab draws (the session's live item map, an imported catalogue).
//
// The axes are the top two eigenvectors of the covariance of the listed rows. An eigenvector's sign
// is arbitrary, so a frame is pinned one of two ways:
//   - alone: each axis's largest component is made positive, so the same data always gives the
//     same picture;
//   - after a previous frame (an animation while training): the axes are turned by orthogonal
//     Procrustes, R = U W^T from the SVD of A^T A_prev, to the rotation or reflection of themselves
//     nearest the previous axes, so the picture turns and flips only as much as the embeddings do.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include <Eigen/Dense>

namespace towerlab {

struct PcaFrame {
    Eigen::RowVectorXd mean;            // 1 x d, of the rows the axes came from
    Eigen::MatrixXd axes;               // d x 2, orthonormal columns
    std::array<double, 2> explained{};  // share of the variance along each axis
    bool empty() const { return axes.size() == 0; }
};

// The frame of rows `rows` of `v` (every row when `rows` is empty), pinned to `previous` when it is
// given with the same width, else by sign.
template <typename Matrix>
PcaFrame pca_frame(const Matrix& v, const std::vector<int32_t>& rows = {}, const PcaFrame* previous = nullptr) {
    const Eigen::Index n = rows.empty() ? v.rows() : static_cast<Eigen::Index>(rows.size());
    Eigen::MatrixXd x(n, v.cols());
    for (Eigen::Index r = 0; r < n; ++r) x.row(r) = v.row(rows.empty() ? r : rows[static_cast<size_t>(r)]).template cast<double>();
    PcaFrame f;
    f.mean = n > 0 ? Eigen::RowVectorXd(x.colwise().mean()) : Eigen::RowVectorXd::Zero(v.cols());
    x.rowwise() -= f.mean;
    const Eigen::MatrixXd cov = (x.transpose() * x) / std::max<double>(1.0, static_cast<double>(n));
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(cov);
    const Eigen::Index d = cov.rows();
    const double total = std::max(1e-300, eig.eigenvalues().sum());
    f.axes.resize(d, 2);
    for (int a = 0; a < 2; ++a) {
        const Eigen::Index col = std::max<Eigen::Index>(0, d - 1 - a);
        f.axes.col(a) = eig.eigenvectors().col(col);
        f.explained[static_cast<size_t>(a)] = d > a ? eig.eigenvalues()(col) / total : 0.0;
    }
    if (previous && previous->axes.rows() == d && previous->axes.cols() == 2) {
        Eigen::JacobiSVD<Eigen::MatrixXd> svd(f.axes.transpose() * previous->axes, Eigen::ComputeFullU | Eigen::ComputeFullV);
        f.axes = f.axes * (svd.matrixU() * svd.matrixV().transpose());
    } else {
        for (int a = 0; a < 2; ++a) {
            Eigen::Index big = 0;
            f.axes.col(a).cwiseAbs().maxCoeff(&big);
            if (f.axes(big, a) < 0) f.axes.col(a) = -f.axes.col(a);
        }
    }
    return f;
}

// x, y of each listed row on the frame (2 floats per row, in the order of `rows`): the rows
// gathered once and multiplied by the axes in one product (no allocation per row; the live map
// projects up to 100,000 items several times a second).
template <typename Matrix>
std::vector<float> pca_project(const Matrix& v, const std::vector<int32_t>& rows, const PcaFrame& f) {
    Eigen::MatrixXd x(static_cast<Eigen::Index>(rows.size()), v.cols());
    for (size_t k = 0; k < rows.size(); ++k) x.row(static_cast<Eigen::Index>(k)) = v.row(rows[k]).template cast<double>();
    const Eigen::MatrixXd xy = (x.rowwise() - f.mean) * f.axes;
    std::vector<float> out(rows.size() * 2);
    for (size_t k = 0; k < rows.size(); ++k) {
        out[2 * k] = static_cast<float>(xy(static_cast<Eigen::Index>(k), 0));
        out[2 * k + 1] = static_cast<float>(xy(static_cast<Eigen::Index>(k), 1));
    }
    return out;
}

}  // namespace towerlab
