// Matrix types of the model. Batches are row-major (one example per row), as the GEMMs of a
// tower read them. Layers and losses are templates over the scalar: training runs in float,
// gradient checks run the very same code in double.
#pragma once

#include <Eigen/Dense>

namespace towerlab {

template <typename S>
using Mat = Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
template <typename S>
using RowVec = Eigen::Matrix<S, 1, Eigen::Dynamic>;
template <typename S>
using Vec = Eigen::Matrix<S, Eigen::Dynamic, 1>;

}  // namespace towerlab
