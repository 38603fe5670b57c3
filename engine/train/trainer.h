// The trainer: owns a two-tower model, its optimizer state and samplers, and runs one training
// step at a time. It is not thread-safe; the app's worker thread owns one and publishes
// TrainingSnapshots (training_snapshot.h) for the UI. The CLI drives the same class.
#pragma once

#include <array>
#include <memory>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "core/config.h"
#include "data/dataset.h"
#include "data/split.h"
#include "eval/retrieval_metrics.h"
#include "model/feature_batch.h"
#include "model/matrix.h"
#include "ssl/mutual_information.h"

namespace towerlab {

struct StepStats {
    long step = 0;             // steps completed after this one
    double loss_main = 0;      // mean L_main over the batch
    double loss_self = 0;      // mean L_self over the SSL batch (0 when SSL is off)
    double loss_total = 0;     // loss_main + alpha * loss_self
    double seconds = 0;        // wall time of the step
};

// What the frequency estimator believes, beside the truth, for display.
struct FrequencyEstimate {
    int32_t item = 0;
    double estimated = 0;  // p_j the correction uses (per step, streaming or exact)
    double true_rate = 0;  // the item's share of training clicks times batch size
};

// How far the item ID rows moved over the last whole window of `steps` steps: the mean L2
// distance between each row at the window's start and at its end, per popularity group. It shows
// what shapes a rarely clicked item's ID row: with L_self on and the ID in its views, tail rows
// move about as far as head rows although their clicks are few (docs/results.md).
struct IdRowMovement {
    long from_step = 0, to_step = 0;      // the window; to_step == 0: no whole window yet
    std::array<double, 3> mean_distance{};  // indexed by ItemGroup
    std::array<int, 3> rows{};              // rows in each group
    double per_1000_steps(ItemGroup g) const {
        const long n = to_step - from_step;
        return n > 0 ? mean_distance[static_cast<size_t>(g)] * 1000.0 / static_cast<double>(n) : 0.0;
    }
};

class TrainerImpl;

class Trainer {
public:
    // Data and split must outlive the trainer (shared ownership makes that easy for the app).
    Trainer(std::shared_ptr<const Dataset> data, std::shared_ptr<const Split> split,
            const TrainConfig& config);
    ~Trainer();
    Trainer(Trainer&&) noexcept;
    Trainer& operator=(Trainer&&) noexcept;

    // One step: sample n clicks (and m items for SSL), forward, backward, optimizer update.
    // Throws NonFiniteLoss (parameters unchanged) if a loss or gradient is not finite.
    StepStats step();

    // Incremental update: a step on the given clicks that updates only ID embedding rows,
    // the MLPs and other fields frozen (lecture: online learning between full updates).
    StepStats step_on(const std::vector<Interaction>& clicks, bool ids_only);

    long steps_done() const;
    const TrainConfig& config() const;
    const Dataset& dataset() const;
    const Split& split() const;

    // Serving-side vectors (plain cosine space, no logQ). Cold items use the "missing" ID when
    // config.model.cold_items_use_missing_id is set.
    Eigen::MatrixXf item_embeddings() const;                                  // items x d
    Eigen::MatrixXf user_embeddings(const std::vector<int32_t>& users) const; // users x d
    // The item tower's output for a batch of item features as given (augmented views, say):
    // no item_inputs, no cold-serving mask applied.
    Mat<float> embed_item_batch(const FeatureBatch& batch) const;

    EvalReport evaluate(const EvalOptions& options) const;

    const MutualInformation& mutual_information() const;
    std::vector<FrequencyEstimate> frequency_estimates(const std::vector<int32_t>& items) const;
    // ID-row movement over the last whole window of id_movement_window steps (1000).
    IdRowMovement id_row_movement() const;
    static constexpr long id_movement_window = 1000;

    // Parameter snapshots for "restore the last good state" and checkpoints. The whole state
    // (optimizer, estimator, step, random generator) is captured and restored by trainer_state.h.
    std::vector<float> parameters() const;
    void set_parameters(const std::vector<float>& values);

    // Which items are served with ID = missing (when config.model.cold_items_use_missing_id): those
    // with no clicks in `item_clicks` (one count per item). The split's training clicks decide it
    // at construction; the day replay sets it again as clicks arrive day by day.
    void set_cold_serving_mask(const std::vector<int32_t>& item_clicks);

    // Input widths of the two towers' MLPs (the embeddings concatenated), for cost models.
    int user_input_dim() const;
    int item_input_dim() const;

    // The internals, for train/ (trainer_state.cpp, in_batch_step.cpp) and white-box tests only:
    // scripts/check_layering.sh fails when another engine folder includes train/trainer_impl.h.
    TrainerImpl& impl() { return *impl_; }
    const TrainerImpl& impl() const { return *impl_; }

private:
    std::unique_ptr<TrainerImpl> impl_;
};

}  // namespace towerlab
