// Every hyper-parameter of TowerLab and its default, in one place. The CLI, the app, the lessons
// and the tests all read these defaults; a JSON file holds the same keys (see config_json.cpp).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace towerlab {

enum class Objective {
    InBatchSoftmax,   // listwise: softmax over the batch's own items (the default)
    SampledSoftmax,   // listwise: one positive plus k sampled negatives
    Pointwise,        // binary classification: cos(a,b+) -> +1, cos(a,b-) -> -1
    TripletHinge,     // pairwise: max(0, cos(a,b-) + margin - cos(a,b+))
    TripletLogistic,  // pairwise: log(1 + exp(sigma * (cos(a,b-) - cos(a,b+))))
};

enum class NegativeSource {
    InBatch,      // the other positives of the same batch (popularity-distributed)
    Uniform,      // uniform over the catalogue
    Popularity,   // clicks^0.75, as word2vec
    Hard,         // items the current model ranks high for the user that are not positives
    Mixed,        // hard_share of hard negatives, the rest uniform
    InBatchUniform,  // uniform_share drawn uniformly, the rest from the batch (mixed negative sampling)
    Impressions,  // shown but not clicked (synthetic data only): the lecture's mistake for retrieval
};

enum class LogQMode { Off, Streaming, ExactCounts };

enum class Augmentation { None, RandomMask, Dropout, Complementary, CorrelatedMask };

// What self-supervision does with the item ID field (see docs/results.md, "the ID in SSL").
enum class SslIdMasking {
    AsField,  // the ID is one more field for the transformation (CFM: it joins a random view)
    Always,   // both views have ID = missing: SSL trains the content path that cold items use
    Never,    // both views keep the ID
    KeptFrozen,  // both views keep the ID, and L_self does not move ID rows (only L_main does)
};

// What the item tower reads: the precondition of SSL's tail claim is that features alone beat an
// ID alone on the tail (docs/results.md, "the precondition").
enum class ItemInputs {
    All,           // the ID and every content field
    FeaturesOnly,  // the ID always missing, in training and serving: a pure content model
    IdOnly,        // every content field missing: a pure ID (matrix factorisation) model
};

enum class OptimizerKind { Adam, Adagrad, Sgd };

// The embedding tables' update rule: the dense layers' optimizer, or Adagrad whatever they use.
enum class EmbeddingOptimizer { Same, Adagrad };

enum class Activation { Relu, Tanh, Identity };

const char* to_string(Objective v);
const char* to_string(NegativeSource v);
const char* to_string(LogQMode v);
const char* to_string(Augmentation v);
const char* to_string(SslIdMasking v);
const char* to_string(ItemInputs v);
const char* to_string(OptimizerKind v);
const char* to_string(EmbeddingOptimizer v);
const char* to_string(Activation v);
// Parsers accept exactly the strings to_string gives; they throw Error naming `field`.
Objective objective_from_string(const std::string& s, const std::string& field = "objective");
NegativeSource negative_source_from_string(const std::string& s, const std::string& field = "negatives");
LogQMode logq_mode_from_string(const std::string& s, const std::string& field = "logq");
Augmentation augmentation_from_string(const std::string& s, const std::string& field = "augmentation");
SslIdMasking ssl_id_masking_from_string(const std::string& s, const std::string& field = "ssl_id_masking");
ItemInputs item_inputs_from_string(const std::string& s, const std::string& field = "model.item_inputs");
OptimizerKind optimizer_from_string(const std::string& s, const std::string& field = "optimizer");
EmbeddingOptimizer embedding_optimizer_from_string(const std::string& s, const std::string& field = "embedding_optimizer");
Activation activation_from_string(const std::string& s, const std::string& field = "activation");

struct ModelConfig {
    std::vector<int> hidden_widths{128};   // MLP hidden layers of both towers
    int output_dim = 64;                   // embedding size after the last Linear, then L2-normalised
    Activation activation = Activation::Relu;
    int id_embedding_dim = 32;             // width of user-ID and item-ID tables
    int field_embedding_dim = 8;           // default width of other categorical fields
    int multi_field_embedding_dim = 16;    // default width of multi-valued fields
    double init_std = 0.01;                // embedding init: small, so rarely seen rows stay quiet
    bool cold_items_use_missing_id = true; // score items without training clicks with ID = missing
    // The ID field's "missing" row: learned like any other row, or fixed at zero ("no identity
    // known", which is what a rarely clicked item's near-zero ID row also says).
    bool learn_missing_id = false;
    ItemInputs item_inputs = ItemInputs::All;
};

struct TrainConfig {
    ModelConfig model;
    uint64_t seed = 42;

    // Main loss
    Objective objective = Objective::InBatchSoftmax;
    NegativeSource negatives = NegativeSource::InBatch;
    int batch_size = 256;                  // n: clicks per step
    int num_negatives = 3;                 // k per positive for sampled objectives (1:k ratio)
    double tau = 0.05;                     // softmax temperature (Yi et al. best: 0.05)
    LogQMode logq = LogQMode::Streaming;   // correction cos/tau - log p_j, training only
    double logq_alpha = 0.01;              // streaming estimator's learning rate (Yi et al. a)
    int logq_hash_size = 1 << 20;          // H, size of the estimator's arrays
    bool logq_warm_start = false;          // first sighting at step t sets B = t (not a t, Alg. 2)
    bool remove_accidental_hits = true;    // mask in-batch duplicates of the positive item
    double margin = 0.2;                   // triplet hinge margin m
    double sigma = 10.0;                   // triplet logistic sharpness
    // ID dropout in L_main: a main-batch item is shown with ID = missing with this probability,
    // so the path cold and rarely clicked items are served with is trained by clicks too (and
    // the content fields must carry what the ID would). Long-tail items use the larger of the two.
    double id_dropout = 0.0;
    double id_dropout_tail = 0.0;
    double hard_share = 0.5;               // Mixed: share of hard negatives
    double uniform_share = 0.5;            // InBatchUniform: share of uniform negatives
    int hard_pool = 50;                    // Hard: negatives drawn from the user's top-N
    int hard_refresh_steps = 200;          // Hard: steps between refreshing the top-N lists

    // Self-supervision (Yao et al. 2021)
    Augmentation augmentation = Augmentation::None;  // None disables L_self
    double alpha = 0.1;                    // weight of L_self in L_main + alpha * L_self
    double ssl_tau = 0.1;                  // temperature of the contrastive loss
    int ssl_batch_size = 256;              // m: items drawn uniformly from the whole catalogue
    double mask_probability = 0.5;         // RandomMask: chance a field is masked in a view
    double dropout_probability = 0.5;      // Dropout: chance a value of a multi-valued field drops
    SslIdMasking ssl_id_masking = SslIdMasking::Never;  // docs/results.md: "the item ID in SSL"
    // SSL items drawn with probability ~ (training clicks + 1)^power; 0 = uniform over the whole
    // catalogue, as Yao et al. prescribe (a positive power gives the tail less of L_self).
    double ssl_sampling_power = 0.0;

    // Optimisation
    OptimizerKind optimizer = OptimizerKind::Adam;
    double learning_rate = 1e-3;
    double adam_beta1 = 0.9;
    double adam_beta2 = 0.999;
    double adam_epsilon = 1e-8;
    double adagrad_initial = 0.1;
    // The ID tables' learning rate is learning_rate * id_learning_rate_scale. Adam's step is
    // about the learning rate whatever the gradient's size, so this (not alpha) bounds how far
    // L_self can move a rarely clicked item's ID row.
    double id_learning_rate_scale = 1.0;
    // Yao et al. trained with Adagrad. Under Adam a row moved mostly by L_self steps about the
    // learning rate whatever alpha is (m / sqrt(v) cancels the scale); Adagrad's step shrinks with
    // the row's own gradient history. Adagrad here updates the embedding tables only, at
    // embedding_learning_rate (0: learning_rate), while the MLPs keep `optimizer`.
    EmbeddingOptimizer embedding_optimizer = EmbeddingOptimizer::Same;
    double embedding_learning_rate = 0.0;
    int threads = 2;

    // Evaluation
    std::vector<int> eval_k{10, 50, 100};
    double head_share = 0.2;               // top share of items by training clicks = "head"
    // Share of the training clicks kept (seeded): the label-fraction dial of Yao et al.'s second
    // claim, SSL gains more as supervision shrinks. Test clicks are never dropped.
    double label_fraction = 1.0;
    int eval_users = 0;                    // 0 = every test user; else a seeded sample

    // Throws Error naming the first absurd field (batch 0, tau <= 0, alpha < 0, ...).
    void validate() const;
};

}  // namespace towerlab
