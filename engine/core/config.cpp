#include "core/config.h"

#include <cmath>

#include "core/error.h"

namespace towerlab {
namespace {

template <typename Enum, size_t N>
Enum parse_enum(const std::string& s, const std::string& field, const Enum (&all)[N]) {
    std::string expected;
    for (Enum e : all) {
        if (s == to_string(e)) return e;
        expected += (expected.empty() ? "" : ", ") + std::string(to_string(e));
    }
    throw Error(ErrorContext{"", 0, field}, "unknown value '" + s + "' (expected one of: " + expected + ")");
}

void require(bool ok, const std::string& field, const std::string& what) {
    if (!ok) throw Error(ErrorContext{"", 0, field}, what);
}

}  // namespace

const char* to_string(Objective v) {
    switch (v) {
        case Objective::InBatchSoftmax: return "in_batch_softmax";
        case Objective::SampledSoftmax: return "sampled_softmax";
        case Objective::Pointwise: return "pointwise";
        case Objective::TripletHinge: return "triplet_hinge";
        case Objective::TripletLogistic: return "triplet_logistic";
    }
    return "?";
}
const char* to_string(NegativeSource v) {
    switch (v) {
        case NegativeSource::InBatch: return "in_batch";
        case NegativeSource::Uniform: return "uniform";
        case NegativeSource::Popularity: return "popularity";
        case NegativeSource::Hard: return "hard";
        case NegativeSource::Mixed: return "mixed";
        case NegativeSource::InBatchUniform: return "in_batch_uniform";
        case NegativeSource::Impressions: return "impressions";
    }
    return "?";
}
const char* to_string(LogQMode v) {
    switch (v) {
        case LogQMode::Off: return "off";
        case LogQMode::Streaming: return "streaming";
        case LogQMode::ExactCounts: return "exact";
    }
    return "?";
}
const char* to_string(Augmentation v) {
    switch (v) {
        case Augmentation::None: return "none";
        case Augmentation::RandomMask: return "random_mask";
        case Augmentation::Dropout: return "dropout";
        case Augmentation::Complementary: return "complementary";
        case Augmentation::CorrelatedMask: return "cfm";
    }
    return "?";
}
const char* to_string(ItemInputs v) {
    switch (v) {
        case ItemInputs::All: return "all";
        case ItemInputs::FeaturesOnly: return "features_only";
        case ItemInputs::IdOnly: return "id_only";
    }
    return "?";
}
const char* to_string(SslIdMasking v) {
    switch (v) {
        case SslIdMasking::AsField: return "as_field";
        case SslIdMasking::Always: return "always";
        case SslIdMasking::Never: return "never";
        case SslIdMasking::KeptFrozen: return "kept_frozen";
    }
    return "?";
}
const char* to_string(OptimizerKind v) {
    switch (v) {
        case OptimizerKind::Adam: return "adam";
        case OptimizerKind::Adagrad: return "adagrad";
        case OptimizerKind::Sgd: return "sgd";
    }
    return "?";
}
const char* to_string(Activation v) {
    switch (v) {
        case Activation::Relu: return "relu";
        case Activation::Tanh: return "tanh";
        case Activation::Identity: return "identity";
    }
    return "?";
}

Objective objective_from_string(const std::string& s, const std::string& field) {
    static const Objective all[] = {Objective::InBatchSoftmax, Objective::SampledSoftmax, Objective::Pointwise,
                                    Objective::TripletHinge, Objective::TripletLogistic};
    return parse_enum(s, field, all);
}
NegativeSource negative_source_from_string(const std::string& s, const std::string& field) {
    static const NegativeSource all[] = {NegativeSource::InBatch, NegativeSource::Uniform,
                                         NegativeSource::Popularity, NegativeSource::Hard,
                                         NegativeSource::Mixed, NegativeSource::InBatchUniform,
                                         NegativeSource::Impressions};
    return parse_enum(s, field, all);
}
LogQMode logq_mode_from_string(const std::string& s, const std::string& field) {
    static const LogQMode all[] = {LogQMode::Off, LogQMode::Streaming, LogQMode::ExactCounts};
    return parse_enum(s, field, all);
}
Augmentation augmentation_from_string(const std::string& s, const std::string& field) {
    static const Augmentation all[] = {Augmentation::None, Augmentation::RandomMask, Augmentation::Dropout,
                                       Augmentation::Complementary, Augmentation::CorrelatedMask};
    return parse_enum(s, field, all);
}
ItemInputs item_inputs_from_string(const std::string& s, const std::string& field) {
    static const ItemInputs all[] = {ItemInputs::All, ItemInputs::FeaturesOnly, ItemInputs::IdOnly};
    return parse_enum(s, field, all);
}
SslIdMasking ssl_id_masking_from_string(const std::string& s, const std::string& field) {
    static const SslIdMasking all[] = {SslIdMasking::AsField, SslIdMasking::Always, SslIdMasking::Never,
                                       SslIdMasking::KeptFrozen};
    return parse_enum(s, field, all);
}
OptimizerKind optimizer_from_string(const std::string& s, const std::string& field) {
    static const OptimizerKind all[] = {OptimizerKind::Adam, OptimizerKind::Adagrad, OptimizerKind::Sgd};
    return parse_enum(s, field, all);
}
Activation activation_from_string(const std::string& s, const std::string& field) {
    static const Activation all[] = {Activation::Relu, Activation::Tanh, Activation::Identity};
    return parse_enum(s, field, all);
}

void TrainConfig::validate() const {
    auto finite = [](double x) { return std::isfinite(x); };
    for (int w : model.hidden_widths)
        require(w >= 1 && w <= 4096, "model.hidden_widths", "each hidden width must be in 1..4096, got " + std::to_string(w));
    require(model.output_dim >= 2 && model.output_dim <= 1024, "model.output_dim", "must be in 2..1024");
    require(model.id_embedding_dim >= 1 && model.id_embedding_dim <= 1024, "model.id_embedding_dim", "must be in 1..1024");
    require(model.field_embedding_dim >= 1 && model.field_embedding_dim <= 1024, "model.field_embedding_dim", "must be in 1..1024");
    require(model.multi_field_embedding_dim >= 1 && model.multi_field_embedding_dim <= 1024,
            "model.multi_field_embedding_dim", "must be in 1..1024");
    require(finite(model.init_std) && model.init_std > 0 && model.init_std <= 1, "model.init_std", "must be in (0, 1]");
    require(batch_size >= 2 && batch_size <= 65536, "batch_size", "must be in 2..65536 (an in-batch softmax needs at least 2 clicks), got " + std::to_string(batch_size));
    require(num_negatives >= 1 && num_negatives <= 1000, "num_negatives", "must be in 1..1000");
    require(finite(tau) && tau >= 1e-3 && tau <= 100, "tau", "temperature must be in [0.001, 100]; tau = 0 would divide by zero");
    require(finite(logq_alpha) && logq_alpha > 0 && logq_alpha <= 1, "logq_alpha", "must be in (0, 1]");
    require(logq_hash_size >= 16 && logq_hash_size <= (1 << 26), "logq_hash_size", "must be in 16..2^26");
    require(finite(margin) && margin >= 0 && margin <= 2, "margin", "cosines differ by at most 2: margin must be in [0, 2]");
    require(finite(sigma) && sigma > 0 && sigma <= 1000, "sigma", "must be in (0, 1000]");
    require(finite(hard_share) && hard_share >= 0 && hard_share <= 1, "hard_share", "must be in [0, 1]");
    require(finite(uniform_share) && uniform_share >= 0 && uniform_share <= 1, "uniform_share", "must be in [0, 1]");
    require(hard_pool >= 1 && hard_pool <= 10000, "hard_pool", "must be in 1..10000");
    require(hard_refresh_steps >= 1, "hard_refresh_steps", "must be at least 1");
    require(finite(alpha) && alpha >= 0 && alpha <= 100, "alpha", "SSL weight must be in [0, 100]");
    require(finite(ssl_tau) && ssl_tau >= 1e-3 && ssl_tau <= 100, "ssl_tau", "must be in [0.001, 100]");
    require(ssl_batch_size >= 2 && ssl_batch_size <= 65536, "ssl_batch_size", "m must be in 2..65536");
    require(finite(mask_probability) && mask_probability >= 0 && mask_probability <= 1, "mask_probability", "must be in [0, 1]");
    require(finite(dropout_probability) && dropout_probability >= 0 && dropout_probability <= 1, "dropout_probability", "must be in [0, 1]");
    require(finite(ssl_sampling_power) && ssl_sampling_power >= 0 && ssl_sampling_power <= 2, "ssl_sampling_power",
            "must be in [0, 2] (0 = uniform over the catalogue)");
    require(finite(id_dropout) && id_dropout >= 0 && id_dropout <= 1, "id_dropout", "must be in [0, 1]");
    require(finite(id_dropout_tail) && id_dropout_tail >= 0 && id_dropout_tail <= 1, "id_dropout_tail", "must be in [0, 1]");
    require(finite(learning_rate) && learning_rate > 0 && learning_rate <= 10, "learning_rate", "must be in (0, 10]");
    require(finite(id_learning_rate_scale) && id_learning_rate_scale > 0 && id_learning_rate_scale <= 100,
            "id_learning_rate_scale", "must be in (0, 100]");
    require(finite(adam_beta1) && adam_beta1 >= 0 && adam_beta1 < 1, "adam_beta1", "must be in [0, 1)");
    require(finite(adam_beta2) && adam_beta2 >= 0 && adam_beta2 < 1, "adam_beta2", "must be in [0, 1)");
    require(finite(adam_epsilon) && adam_epsilon > 0, "adam_epsilon", "must be > 0");
    require(finite(adagrad_initial) && adagrad_initial >= 0, "adagrad_initial", "must be >= 0");
    require(threads >= 1 && threads <= 256, "threads", "must be in 1..256");
    require(!eval_k.empty(), "eval_k", "needs at least one K");
    for (int k : eval_k) require(k >= 1 && k <= 100000, "eval_k", "each K must be in 1..100000");
    require(finite(head_share) && head_share > 0 && head_share < 1, "head_share", "must be in (0, 1)");
    require(finite(label_fraction) && label_fraction > 0 && label_fraction <= 1, "label_fraction", "must be in (0, 1]");
    require(eval_users >= 0, "eval_users", "must be >= 0 (0 = all)");
    if (model.item_inputs == ItemInputs::IdOnly)
        require(augmentation == Augmentation::None, "model.item_inputs",
                "id_only leaves no content fields to augment: self-supervision needs augmentation = none");
    if (objective == Objective::InBatchSoftmax)
        require(negatives == NegativeSource::InBatch, "negatives",
                "in_batch_softmax uses the batch's own items as negatives; choose sampled_softmax, "
                "pointwise or a triplet loss for other negative sources");
}

}  // namespace towerlab
