// How a deployed two-tower model is kept fresh as clicks keep coming (lecture 3, "Model Update"):
//
//   NoUpdate     train once, then freeze: the baseline every update is measured against.
//   Full         every day, train on the previous day's clicks: shuffled, one epoch, every
//                parameter; then publish new item vectors and a new user tower.
//   Incremental  on top of the latest full model, during the day: stream that day's clicks in
//                time order and update only the ID embeddings, the MLPs and other fields frozen
//                (online learning: user interests move within hours). Whatever it learned is
//                discarded when the next full update lands.
//
// Why not incremental only? Time-ordered data is biased (morning users, then evening users); the
// full update's shuffle removes that, and only it retrains the shared layers.
#pragma once

#include <string>
#include <vector>

namespace towerlab {

enum class UpdatePolicy { NoUpdate = 0, Full = 1, Incremental = 2 };

inline constexpr int kNumUpdatePolicies = 3;

const char* to_string(UpdatePolicy p);
UpdatePolicy update_policy_from_string(const std::string& s, const std::string& field = "policy");
std::vector<UpdatePolicy> all_update_policies();

}  // namespace towerlab
