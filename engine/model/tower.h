// One tower of the two-tower model:
//   field embeddings (ID table, categorical tables, mean-pooled bags of multi-valued fields,
//   bucket tables) -> concatenation -> MLP (Linear + activation, ..., Linear) -> L2 normalisation.
// The output rows are unit vectors, so a dot product of a user row and an item row is the cosine.
//
// Parameters live in Tower; per-call activations in TowerCache (a step runs the item tower up to
// three times: the main batch and two SSL views); gradients accumulate in TowerGradient.
// Backward passes are written by hand and checked against finite differences in
// tests/engine/test_gradients.cpp.
#pragma once

#include <utility>
#include <vector>

#include "core/config.h"
#include "core/random.h"
#include "data/feature_schema.h"
#include "model/feature_batch.h"
#include "model/matrix.h"
#include "model/sparse_row_gradient.h"

namespace towerlab {

template <typename S>
struct TowerCache {
    Mat<S> input;                 // B x input_dim, concatenated field embeddings
    std::vector<Mat<S>> pre;      // per layer: X W + b
    std::vector<Mat<S>> post;     // per hidden layer: activation(pre)
    Vec<S> norm;                  // ||z|| per row
    Mat<S> output;                // B x output_dim, unit rows
    // Backward pass, per row: d loss / d pre[l] and d loss / d input.
    std::vector<Mat<S>> d_pre;
    Mat<S> d_input;
};

template <typename S>
struct TowerGradient {
    std::vector<SparseRowGradient<S>> tables;
    std::vector<Mat<S>> weights;
    std::vector<RowVec<S>> biases;
    void clear();
};

template <typename S>
class Tower {
public:
    Tower() = default;
    Tower(const std::vector<FieldSpec>& fields, const ModelConfig& config, Rng& rng);

    // Whole batch, split over the OpenMP threads in fixed blocks of kBlockRows rows (so results do
    // not depend on the thread count). Throws Error if a feature value is outside its table.
    void forward(const FeatureBatch& batch, TowerCache<S>& cache) const;
    // Adds to `grad` the gradient of the loss given d loss / d output (B x output_dim).
    void backward(const FeatureBatch& batch, TowerCache<S>& cache, const Mat<S>& d_output, TowerGradient<S>& grad) const;

    // The same passes in pieces, for a training step that runs both towers and the losses in one
    // parallel region (train/in_batch_step.cpp). Rows are independent in forward_rows and
    // backward_rows; the parameter gradients need every row's backward first.
    static constexpr int kBlockRows = 128;
    void check_values(const FeatureBatch& batch) const;              // throws Error naming the field
    void prepare(TowerCache<S>& cache, int rows) const;               // sizes buffers, allocates only on growth
    void forward_rows(const FeatureBatch& batch, TowerCache<S>& cache, int r0, int r1) const;
    void backward_rows(TowerCache<S>& cache, const Eigen::Ref<const Mat<S>>& d_output, int r0, int r1) const;
    // Parameter-gradient tasks, independent of each other: weight and bias column blocks of each
    // layer, then one task per field for the embedding rows (sparse: only the rows the batch used).
    // id_rows >= 0: only the first id_rows rows reach the ID table (the rest are SSL views whose
    // gradient must not move ID rows); -1: every row.
    int num_gradient_tasks() const;
    void gradient_task(int task, const FeatureBatch& batch, const TowerCache<S>& cache, TowerGradient<S>& grad,
                       int id_rows = -1) const;

    TowerGradient<S> make_gradient() const;

    int input_dim() const { return input_dim_; }
    int output_dim() const;
    int num_fields() const { return static_cast<int>(fields_.size()); }
    const std::vector<FieldSpec>& fields() const { return fields_; }
    int field_dim(int f) const { return dims_[static_cast<size_t>(f)]; }
    int field_offset(int f) const { return offsets_[static_cast<size_t>(f)]; }

    std::vector<Mat<S>> tables;    // per field: (cardinality + 1) x dim, row 0 = "missing"
    std::vector<Mat<S>> weights;   // per layer: in x out
    std::vector<RowVec<S>> biases; // per layer: 1 x out
    Activation activation = Activation::Relu;

    // Visit every parameter block (tables first, then weights and biases) as a flat array.
    template <typename F> void for_each_block(F&& f) {
        for (auto& t : tables) f(t.data(), static_cast<size_t>(t.size()));
        for (auto& w : weights) f(w.data(), static_cast<size_t>(w.size()));
        for (auto& b : biases) f(b.data(), static_cast<size_t>(b.size()));
    }
    template <typename F> void for_each_block(F&& f) const {
        for (auto& t : tables) f(t.data(), static_cast<size_t>(t.size()));
        for (auto& w : weights) f(w.data(), static_cast<size_t>(w.size()));
        for (auto& b : biases) f(b.data(), static_cast<size_t>(b.size()));
    }

private:
    static constexpr int kGradientColumns = 32;  // column block of a weight-gradient task
    std::vector<FieldSpec> fields_;
    std::vector<int> dims_, offsets_;
    int input_dim_ = 0;
    std::vector<std::pair<int, int>> weight_tasks_;  // (layer, first column)
};

// Embedding width of a field under a model config (ID, multi-valued and other fields differ).
int embedding_dim_for(const FieldSpec& field, const ModelConfig& config);

extern template class Tower<float>;
extern template class Tower<double>;

}  // namespace towerlab
