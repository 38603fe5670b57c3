// How many OpenMP threads a parallel region of the engine may use: what the caller asked for, at
// least one, and never more than the process allows (OMP_NUM_THREADS, or the cores). So an
// environment that pins OpenMP to one thread (the ThreadSanitizer run: libgomp's barriers are
// invisible to TSan) gets one, whatever a config says.
#pragma once

#include <algorithm>

#include <omp.h>

namespace towerlab {

inline int omp_threads(int requested) { return std::max(1, std::min(requested, omp_get_max_threads())); }

}  // namespace towerlab
