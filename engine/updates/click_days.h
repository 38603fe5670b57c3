// The clicks of a dataset cut into consecutive periods ("days") by timestamp, each in time order:
// the unit of the update replay. Periods start at the first click and last period_seconds each
// (so the synthetic data's eight generated days are eight periods); periods without clicks are
// left out.
#pragma once

#include <cstdint>
#include <vector>

#include "data/dataset.h"

namespace towerlab {

struct ClickDay {
    int64_t start = 0;                  // first second of the period
    std::vector<Interaction> clicks;    // in time order (ties keep the input order)
};

std::vector<ClickDay> split_into_days(const std::vector<Interaction>& clicks, int64_t period_seconds = 86400);

// Consecutive time slices of one day's clicks, as equal in size as possible, time order kept.
std::vector<std::vector<Interaction>> split_into_slices(const std::vector<Interaction>& day_clicks, int slices);

}  // namespace towerlab
