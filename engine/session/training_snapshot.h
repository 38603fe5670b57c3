// What the training worker publishes for the UI: an immutable value, copied out of the trainer
// between steps. The UI only reads snapshots; it never touches the trainer (one direction of data).
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/config.h"
#include "eval/retrieval_metrics.h"
#include "ssl/mutual_information.h"
#include "session/loss_history.h"
#include "session/shared_history.h"
#include "train/trainer.h"
#include "train/training_budget.h"

namespace towerlab {

struct MetricsPoint {
    long step = 0;
    EvalReport report;
};

// Alignment and uniformity (Wang & Isola 2020) of one item group's embeddings.
//   alignment  = E ||f(x) - f(x+)||^2  over an item's two augmented views (lower = views agree)
//   uniformity = log E exp(-2 ||f(x) - f(y)||^2) over pairs of items (lower = spread out)
struct GeometryPoint {
    long step = 0;
    float head_alignment = 0, tail_alignment = 0;
    float head_uniformity = 0, tail_uniformity = 0;
};

struct ProjectedItems {
    static constexpr int kAngleBins = 72;  // 5 degrees each
    long step = 0;
    std::vector<int32_t> items;     // which items (stratified sample when the catalogue is large)
    std::vector<float> xy;          // 2 floats per item, PCA projection, aligned to the last frame
    std::vector<float> angle;       // direction on the unit circle of the 2-D projection, radians
    // Density of those directions per popularity group (indexed by ItemGroup), kAngleBins bins
    // starting at -pi, smoothed circularly, integrating to 1 over [-pi, pi): the "distribution of
    // directions" picture of papers on alignment and uniformity. Empty for a group with no items.
    std::array<std::vector<float>, 3> angle_density;
};

// A "train to convergence" run of the session (train/training_budget.h): the validation checks so
// far and, once it has stopped, why and which step's parameters were put back.
struct ConvergenceProgress {
    bool active = false;                    // still training
    EarlyStopping options;
    ConvergenceReport report;               // curve, best check, cap and check interval
    long restored_at_step = -1;             // the step counter when the best parameters were put back
    std::string summary;                    // one sentence once stopped (ConvergenceReport::summary)
};

struct TrainingSnapshot {
    long step = 0;
    bool running = false;
    double steps_per_second = 0;         // recent training rate in wall time (evaluations, projections included)
    std::string status;                     // last message (e.g. NaN stop, load error)
    TrainConfig config;
    LossHistory losses;                     // shares its chunks with the worker (loss_history.h)
    SharedHistory<MetricsPoint> metrics;    // shared with the worker too
    SharedHistory<GeometryPoint> geometry;
    IdRowMovement id_movement;              // item ID rows' movement over the last whole window
    std::shared_ptr<const ProjectedItems> projection;
    std::shared_ptr<const Eigen::MatrixXf> item_vectors;  // latest, for inspectors (may lag)
    // This run's latest train-to-convergence, null when it has none. After it stops, the metrics
    // at and after restored_at_step are of the best check's parameters.
    std::shared_ptr<const ConvergenceProgress> convergence;
};

}  // namespace towerlab
