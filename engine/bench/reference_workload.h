// The speed benchmark's reference workload (issue 5): MovieLens-1M shapes on synthetic ids.
//
//   users: user_id (6,040, dim 32), gender (2, dim 8), age bucket (7, dim 8), occupation (21, dim 8)
//          -> concat 56 -> Linear 128 + ReLU -> Linear 64 -> L2 normalise
//   items: item_id (3,706, dim 32), genres (18 values, 1..6 per item, mean-pooled, dim 16),
//          year bucket (10, dim 8), audience gender (3, dim 8)
//          -> concat 64 -> Linear 128 + ReLU -> Linear 64 -> L2 normalise
//   main loss: in-batch softmax, n = 1024, tau 0.05, streaming logQ; SSL: m = 512 items drawn
//   uniformly, complementary masking, alpha 0.1; Adam 1e-3; float32; 2 threads.
//
// Clicks follow Zipf popularity over items (so in-batch duplicates, accidental hits and logQ
// behave as on real data); feature values are random with MovieLens-like skew. The numbers mean
// nothing; the shapes and the sparsity are what a step's cost depends on. bench/torch_reference.py
// builds the same shapes.
#pragma once

#include <cstdint>

#include "core/config.h"
#include "data/dataset.h"

namespace towerlab {

struct ReferenceWorkloadConfig {
    int num_users = 6040;
    int num_items = 3706;        // the catalogue-size sweep changes only this
    long num_clicks = 1000000;   // MovieLens-1M has 1,000,209 ratings
    double zipf_exponent = 1.0;  // item popularity ~ 1 / rank^s
    uint64_t seed = 1;
};

Dataset make_reference_dataset(const ReferenceWorkloadConfig& config);

// The reference TrainConfig: main-only (augmentation None) or main+SSL (complementary masking).
TrainConfig reference_train_config(bool with_ssl);

// Multiply-adds of one training step counted as 2 FLOPs each, GEMMs only (tower layers forward
// and backward, the n x n and m x m similarity matrices and their gradients): the work a BLAS
// would do. Element-wise work (softmax, Adam, gathers) is not counted.
double step_gemm_flops(const TrainConfig& config, int user_input_dim, int item_input_dim);

}  // namespace towerlab
