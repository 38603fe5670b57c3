#include "core/config.h"

#include <cmath>

#include "core/error.h"
#include "core/hyperparameters.h"

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
const char* to_string(EmbeddingOptimizer v) {
    switch (v) {
        case EmbeddingOptimizer::Same: return "same";
        case EmbeddingOptimizer::Adagrad: return "adagrad";
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
EmbeddingOptimizer embedding_optimizer_from_string(const std::string& s, const std::string& field) {
    static const EmbeddingOptimizer all[] = {EmbeddingOptimizer::Same, EmbeddingOptimizer::Adagrad};
    return parse_enum(s, field, all);
}
Activation activation_from_string(const std::string& s, const std::string& field) {
    static const Activation all[] = {Activation::Relu, Activation::Tanh, Activation::Identity};
    return parse_enum(s, field, all);
}

void TrainConfig::validate() const {
    // Every field's own range, from the one table (hyperparameters.h); then the rules that tie
    // fields together.
    for (const Hyperparameter& p : hyperparameters()) p.check_range(*this);
    require(!eval_k.empty(), "eval_k", "needs at least one K");
    if (model.item_inputs == ItemInputs::IdOnly)
        require(augmentation == Augmentation::None, "model.item_inputs",
                "id_only leaves no content fields to augment: self-supervision needs augmentation = none");
    if (objective == Objective::InBatchSoftmax)
        require(negatives == NegativeSource::InBatch, "negatives",
                "in_batch_softmax uses the batch's own items as negatives; choose sampled_softmax, "
                "pointwise or a triplet loss for other negative sources");
}

}  // namespace towerlab
