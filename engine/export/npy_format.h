// NumPy's .npy format (format versions 1.0-3.0): a magic string, a little header that is a Python
// dict literal ({'descr': '<f4', 'fortran_order': False, 'shape': (rows, cols), }), padded so the
// data starts on a 64-byte boundary, then the raw array. np.load() reads what write_npy writes;
// read_npy_matrix reads what np.save() writes for a 2-D float32/float64 array (or 1-D as a column).
#pragma once

#include <cstddef>
#include <string>

#include "model/matrix.h"

namespace towerlab {

// Writes a rows x cols float32 C-order array, atomically (atomic_file.h).
void write_npy(const std::string& path, const Mat<float>& matrix);

// Reads a 2-D (or 1-D) little-endian float32 or float64 array in C or Fortran order. Throws
// Error naming the file and what is wrong (not .npy, unsupported dtype, truncated data).
Mat<float> read_npy_matrix(const std::string& path);

}  // namespace towerlab
