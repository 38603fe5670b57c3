// Checkpoints: a trained model and everything needed to continue training it, in one versioned
// binary file.
//
// File layout (little-endian):
//   header, 32 bytes:  magic "TWRLCKPT" | u32 format version | u32 header size (32)
//                      | u64 payload size | u64 FNV-1a-64 checksum of the payload
//   payload: sections, each  4-byte tag | u64 length | bytes
//     META  JSON: format name, writer, the front end's description of the dataset source
//     CONF  JSON: the TrainConfig (config_json.h keys)
//     DATA  JSON: the DatasetFingerprint (refuses restoring onto other data)
//     STEP  i64 steps done          RNG_  text state of the mt19937_64
//     UTWR / ITWR  user / item tower parameters: u32 blocks, then per block u64 n and n floats
//     UOPT / IOPT  optimizer: i64 update count, then moments as blocks
//     FREQ  streaming frequency estimator: u64 n, n doubles last-seen, n doubles mean gap
//   Unknown sections are skipped, so a later version may add some without breaking readers.
//
// Writes are atomic: the file is written beside the target under a temporary name, flushed to
// disk, then renamed over it, so a crash leaves either the old file or the new one. Loading a
// truncated, corrupted (checksum), foreign (magic) or newer (version) file throws Error naming
// the file and the problem, and nothing is changed: the caller's trainer is only touched by
// restore_state / resume_trainer after the whole file has been read and checked.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "train/trainer_state.h"

namespace towerlab {

class Trainer;
struct Dataset;
struct Split;

inline constexpr uint32_t kCheckpointVersion = 1;

struct Checkpoint {
    uint32_t version = kCheckpointVersion;
    TrainerState state;
    nlohmann::json dataset_source = nlohmann::json::object();  // opaque to the engine: how to reload the data
};

void save_checkpoint(const std::string& path, const Checkpoint& checkpoint);
void save_checkpoint(const std::string& path, const Trainer& trainer,
                     const nlohmann::json& dataset_source = nlohmann::json::object());

Checkpoint load_checkpoint(const std::string& path);

// A trainer built with the checkpoint's config (threads = 0 keeps its thread count) on data and
// split, with the checkpoint's state restored: training continues as if never interrupted.
std::unique_ptr<Trainer> resume_trainer(std::shared_ptr<const Dataset> data, std::shared_ptr<const Split> split,
                                        const Checkpoint& checkpoint, int threads = 0);

}  // namespace towerlab
