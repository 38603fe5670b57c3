// What a retrieval index returns: an item and its score (inner product of unit vectors = cosine),
// best first. Shared by the exact and the approximate index so a front end can lay the two lists
// side by side.
#pragma once

#include <cstdint>
#include <vector>

namespace towerlab {

struct ScoredItem {
    int32_t item = -1;
    float score = 0;
};

using ScoredList = std::vector<ScoredItem>;

}  // namespace towerlab
