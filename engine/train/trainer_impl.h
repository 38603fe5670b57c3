// Internals of Trainer, visible to engine code that needs them (checkpoints, incremental update,
// the speed benchmark) but not part of the public API.
#pragma once

#include <memory>
#include <vector>

#include "core/config.h"
#include "core/random.h"
#include "core/task_team.h"
#include "data/dataset.h"
#include "data/split.h"
#include "losses/in_batch_softmax.h"
#include "losses/streaming_frequency_estimator.h"
#include "model/feature_batch.h"
#include "model/optimizer.h"
#include "model/tower.h"
#include "negatives/hard_negatives.h"
#include "negatives/negative_sampler.h"
#include "ssl/feature_augmentation.h"
#include "ssl/mutual_information.h"
#include "train/trainer.h"

namespace towerlab {

class TrainerImpl {
public:
    TrainerImpl(std::shared_ptr<const Dataset> data, std::shared_ptr<const Split> split, const TrainConfig& config);

    StepStats train_on(const std::vector<int32_t>& users, const std::vector<int32_t>& items, UpdateScope scope);
    void sample_clicks(std::vector<int32_t>& users, std::vector<int32_t>& items);
    void batch_log_p(const std::vector<int32_t>& items, std::vector<float>& log_p);
    // p_j of any item for the sampled objectives' logQ (empty when logQ is off).
    BatchRate batch_rate() const;
    double main_loss_and_gradients(const std::vector<int32_t>& users, const std::vector<int32_t>& items);
    double self_supervised_loss_and_gradients();
    // The m items of an SSL batch: uniform over the catalogue, or ~ (clicks+1)^ssl_sampling_power.
    void draw_ssl_items();
    // ModelConfig::item_inputs, applied to every item batch the tower reads (training, SSL,
    // negatives, serving): features_only hides the ID, id_only the content fields.
    void apply_item_inputs(FeatureBatch& batch) const;
    // The clicked `items` as L_main reads them: apply_item_inputs, then ID dropout (rows of
    // `batch` shown with ID = missing).
    void present_clicked_items(FeatureBatch& batch, const std::vector<int32_t>& items);
    // Called after each step: closes a window of IdRowMovement every id_movement_window steps.
    void track_id_row_movement();
    void restart_id_row_movement();
    // The in-batch softmax objective (and SSL) as one fused, parallel pass (in_batch_step.cpp).
    // The two functions above are the unfused reference it is tested against; fused_in_batch_step
    // = false makes train_on use them for that objective too.
    void in_batch_step(const std::vector<int32_t>& users, const std::vector<int32_t>& items, StepStats& stats);
    bool fused_in_batch_step = true;
    void check_finite(double loss_main, double loss_self) const;
    // serve_without_id from per-item click counts (Trainer::set_cold_serving_mask).
    void set_cold_serving_mask(const std::vector<int32_t>& item_clicks);

    Eigen::MatrixXf embed_items(const std::vector<int32_t>& items, bool serving) const;
    Eigen::MatrixXf embed_users(const std::vector<int32_t>& users) const;

    std::unique_ptr<TaskTeam> team;  // config.threads threads for the step's parallel phases
    std::shared_ptr<const Dataset> data;
    std::shared_ptr<const Split> split;
    TrainConfig config;
    Rng rng;
    long step = 0;

    Tower<float> user_tower, item_tower;
    OptimizerState<float> user_opt, item_opt;
    TowerGradient<float> user_grad, item_grad;
    TowerGradient<float> ssl_grad;  // L_self's share, kept apart when it must not reach ID rows

    StreamingFrequencyEstimator frequency;
    std::vector<float> exact_log_p;       // per item, for LogQMode::ExactCounts
    double total_train_clicks = 0;
    MutualInformation mi;
    NegativeSampler negatives;
    std::unique_ptr<HardNegatives> hard;
    std::vector<uint8_t> serve_without_id; // items without training clicks (cold)
    AliasTable ssl_item_sampler;           // when ssl_sampling_power > 0
    int item_id_field = -1;
    Mat<float> id_rows_at_window_start;    // the item ID table when the current window began
    long id_window_start = 0;
    IdRowMovement id_movement;

    // Step buffers, reused every step.
    FeatureBatch user_batch, item_batch, neg_batch, ssl_batch, view1, view2;
    TowerCache<float> user_cache, item_cache, neg_cache, view1_cache, view2_cache;
    std::vector<float> log_p, neg_log_q;
    std::vector<int32_t> neg_items, ssl_items, batch_users, batch_items;
    AccidentalHits accidental_hits, ssl_duplicates;
    InBatchSoftmax<float> main_softmax, ssl_softmax;
    Mat<float> user_d_output, item_d_output;
};

}  // namespace towerlab
