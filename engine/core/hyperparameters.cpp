#include "core/hyperparameters.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <map>
#include <type_traits>

#include "core/error.h"

namespace towerlab {
namespace {

using nlohmann::json;
using G = ParamGroup;
using T = ParamType;
using C = ParamControl;

// A JSON value as T, or an Error naming the key (1e300 or 2.5 for an integer would otherwise be
// cut or undefined).
template <typename V>
V typed(const json& v, const std::string& key);

// A list of whole numbers: each element checked as one (nlohmann alone would cut 2.5 to 2).
template <>
std::vector<int> typed<std::vector<int>>(const json& v, const std::string& key) {
    if (!v.is_array()) throw Error(ErrorContext{"", 0, key}, "wrong type: expected a list of whole numbers, found " + v.dump());
    std::vector<int> out;
    for (const json& e : v) out.push_back(typed<int>(e, key));
    return out;
}

template <typename V>
V typed(const json& v, const std::string& key) {
    try {
        if constexpr (std::is_same_v<V, bool>) {
            if (!v.is_boolean()) throw json::type_error::create(302, "expected true or false", nullptr);
        } else if constexpr (std::is_integral_v<V>) {
            if (!v.is_number()) throw json::type_error::create(302, "expected a number", nullptr);
            const double d = v.get<double>(), hi = std::ldexp(1.0, std::numeric_limits<V>::digits);
            if (v.is_number_float() && !(d == std::floor(d) && d >= (std::is_signed_v<V> ? -hi : 0.0) && d < hi))
                throw json::type_error::create(302, "expected an integer in range, found " + v.dump(), nullptr);
            if (std::is_unsigned_v<V> && v.is_number_integer() && !v.is_number_unsigned())
                throw json::type_error::create(302, "expected a whole number >= 0, found " + v.dump(), nullptr);
        } else if constexpr (std::is_arithmetic_v<V>) {
            if (!v.is_number()) throw json::type_error::create(302, "expected a number", nullptr);
        }
        return v.get<V>();
    } catch (const json::exception& e) {
        throw Error(ErrorContext{"", 0, key}, std::string("wrong type: ") + e.what());
    }
}

// Readers and writers of one field, of TrainConfig or of its ModelConfig.
template <typename V>
void bind(Hyperparameter& p, V TrainConfig::*m) {
    const std::string key = p.key;
    p.get = [m](const TrainConfig& c) { return json(c.*m); };
    p.set = [m, key](TrainConfig& c, const json& v) { c.*m = typed<V>(v, key); };
}
template <typename V>
void bind(Hyperparameter& p, V ModelConfig::*m) {
    const std::string key = p.key;
    p.get = [m](const TrainConfig& c) { return json(c.model.*m); };
    p.set = [m, key](TrainConfig& c, const json& v) { c.model.*m = typed<V>(v, key); };
}
// An enum field: written as its to_string name, read by its parser (which names the key).
template <typename Owner, typename E>
void bind_choice(Hyperparameter& p, E Owner::*m, E (*parse)(const std::string&, const std::string&),
                 std::initializer_list<E> values) {
    const std::string key = p.key;
    for (E e : values) p.choices.push_back(to_string(e));
    auto field = [m](auto& c) -> auto& {
        if constexpr (std::is_same_v<Owner, ModelConfig>) return c.model.*m;
        else return c.*m;
    };
    p.get = [field](const TrainConfig& c) { return json(to_string(field(c))); };
    p.set = [field, parse, key](TrainConfig& c, const json& v) { field(c) = parse(typed<std::string>(v, key), key); };
}

struct Builder {
    std::vector<Hyperparameter> rows;
    Hyperparameter& add(const char* key, const char* flag, G group, T type, const char* help) {
        Hyperparameter p;
        p.key = key;
        p.flag = flag;
        p.group = group;
        p.type = type;
        p.help = help;
        rows.push_back(std::move(p));
        return rows.back();
    }
};

// The app's control: label (English and Chinese), kind, the slider's range and format.
void control(Hyperparameter& p, const char* label, const char* label_zh, C kind, double lo = 0, double hi = 1,
             const char* format = "%.3f") {
    p.label = label;
    p.label_zh = label_zh;
    p.control = kind;
    p.slider_min = lo;
    p.slider_max = hi;
    p.format = format;
}

std::vector<Hyperparameter> build() {
    Builder b;
    const double kInf = std::numeric_limits<double>::infinity();

    // Main loss
    {
        auto& p = b.add("objective", "--objective", G::MainLoss, T::Choice, "how a click becomes a loss");
        bind_choice(p, &TrainConfig::objective, objective_from_string,
                    {Objective::InBatchSoftmax, Objective::SampledSoftmax, Objective::Pointwise, Objective::TripletHinge,
                     Objective::TripletLogistic});
        control(p, "objective", "训练目标", C::Combo);
    }
    {
        auto& p = b.add("negatives", "--negatives", G::MainLoss, T::Choice, "where the negative items come from");
        bind_choice(p, &TrainConfig::negatives, negative_source_from_string,
                    {NegativeSource::InBatch, NegativeSource::Uniform, NegativeSource::Popularity, NegativeSource::Hard,
                     NegativeSource::Mixed, NegativeSource::InBatchUniform, NegativeSource::Impressions});
        control(p, "negatives", "负样本", C::Combo);
    }
    {
        auto& p = b.add("logq", "--logq", G::MainLoss, T::Choice, "sampling-bias correction cos/tau - log p_j (training only)");
        bind_choice(p, &TrainConfig::logq, logq_mode_from_string,
                    {LogQMode::Off, LogQMode::Streaming, LogQMode::ExactCounts});
        control(p, "logQ", "logQ 纠偏", C::Combo);
    }
    const auto streaming = [](const TrainConfig& c) { return c.logq == LogQMode::Streaming; };
    {
        auto& p = b.add("logq_alpha", "--logq-alpha", G::MainLoss, T::Real, "streaming estimator's learning rate a");
        p.range = {0, 1, true, false};
        bind(p, &TrainConfig::logq_alpha);
        control(p, "estimator rate", "估计器学习率", C::LogSlider, 1e-4, 0.5, "%.4f");
        p.shown = streaming;
    }
    {
        auto& p = b.add("logq_warm_start", "--logq-warm-start", G::MainLoss, T::Flag,
                        "streaming estimator: an item first seen at step t starts at B = t (Algorithm 2: B = a t)");
        bind(p, &TrainConfig::logq_warm_start);
        control(p, "estimator warm start", "估计器热启动", C::Checkbox);
        p.shown = streaming;
    }
    {
        auto& p = b.add("logq_hash_size", "--logq-hash-size", G::MainLoss, T::Int, "H: size of the estimator's hashed arrays");
        p.range = {16, 1 << 26};
        bind(p, &TrainConfig::logq_hash_size);
    }
    {
        auto& p = b.add("tau", "--tau", G::MainLoss, T::Real, "softmax temperature: logits are cos/tau");
        p.range = {1e-3, 100};
        p.what = "temperature";
        p.why = "; tau = 0 would divide by zero";
        bind(p, &TrainConfig::tau);
        control(p, "tau", "tau 温度", C::LogSlider, 0.01, 2.0, "%.3f");
    }
    {
        auto& p = b.add("batch_size", "--batch-size", G::MainLoss, T::Int, "n: clicks per step");
        p.range = {2, 65536};
        p.why = " (an in-batch softmax needs at least 2 clicks)";
        bind(p, &TrainConfig::batch_size);
        control(p, "batch size n", "batch 大小 n", C::LogSlider, 8, 4096);
    }
    {
        auto& p = b.add("num_negatives", "--num-negatives", G::MainLoss, T::Int, "k negatives per positive (sampled objectives)");
        p.range = {1, 1000};
        bind(p, &TrainConfig::num_negatives);
        control(p, "negatives k", "负样本数 k", C::LogSlider, 1, 200);
        p.shown = [](const TrainConfig& c) { return c.objective != Objective::InBatchSoftmax; };
    }
    {
        auto& p = b.add("remove_accidental_hits", "--remove-accidental-hits", G::MainLoss, T::Flag,
                        "mask in-batch duplicates of the positive");
        bind(p, &TrainConfig::remove_accidental_hits);
        control(p, "mask accidental hits", "屏蔽意外命中", C::Checkbox);
    }
    {
        auto& p = b.add("margin", "--margin", G::MainLoss, T::Real, "triplet hinge margin m");
        p.range = {0, 2};
        p.what = "cosines differ by at most 2: margin";
        bind(p, &TrainConfig::margin);
        control(p, "margin m", "间隔 m", C::Slider, 0.0, 1.0, "%.2f");
        p.shown = [](const TrainConfig& c) { return c.objective == Objective::TripletHinge; };
    }
    {
        auto& p = b.add("sigma", "--sigma", G::MainLoss, T::Real, "triplet logistic sharpness");
        p.range = {0, 1000, true, false};
        bind(p, &TrainConfig::sigma);
        control(p, "sigma", "sigma", C::LogSlider, 0.5, 50.0, "%.1f");
        p.shown = [](const TrainConfig& c) { return c.objective == Objective::TripletLogistic; };
    }
    {
        auto& p = b.add("hard_share", "--hard-share", G::MainLoss, T::Real, "mixed: share of hard negatives");
        p.range = {0, 1};
        bind(p, &TrainConfig::hard_share);
        control(p, "hard share", "困难负样本占比", C::Slider, 0.0, 1.0, "%.2f");
        p.shown = [](const TrainConfig& c) { return c.negatives == NegativeSource::Mixed; };
    }
    {
        auto& p = b.add("uniform_share", "--uniform-share", G::MainLoss, T::Real, "in_batch_uniform: share of uniform negatives");
        p.range = {0, 1};
        bind(p, &TrainConfig::uniform_share);
        control(p, "uniform share", "均匀负样本占比", C::Slider, 0.0, 1.0, "%.2f");
        p.shown = [](const TrainConfig& c) { return c.negatives == NegativeSource::InBatchUniform; };
    }
    const auto hard = [](const TrainConfig& c) {
        return c.negatives == NegativeSource::Hard || c.negatives == NegativeSource::Mixed;
    };
    {
        auto& p = b.add("hard_pool", "--hard-pool", G::MainLoss, T::Int, "hard: negatives drawn from the user's top N");
        p.range = {1, 10000};
        bind(p, &TrainConfig::hard_pool);
        control(p, "hard pool N", "困难样本池 N", C::LogSlider, 5, 500);
        p.shown = hard;
    }
    {
        auto& p = b.add("hard_refresh_steps", "--hard-refresh-steps", G::MainLoss, T::Int,
                        "hard: steps between refreshing the top-N lists");
        p.range = {1, 1e9};
        bind(p, &TrainConfig::hard_refresh_steps);
        control(p, "hard refresh", "困难样本刷新间隔", C::LogSlider, 10, 5000);
        p.shown = hard;
    }

    // Self-supervision
    {
        auto& p = b.add("augmentation", "--augmentation", G::SelfSupervision, T::Choice,
                        "the feature transformation that makes two views of an item (none: no L_self)");
        bind_choice(p, &TrainConfig::augmentation, augmentation_from_string,
                    {Augmentation::None, Augmentation::RandomMask, Augmentation::Dropout, Augmentation::Complementary,
                     Augmentation::CorrelatedMask});
        control(p, "augmentation", "特征变换", C::Combo);
    }
    const auto ssl_on = [](const TrainConfig& c) { return c.augmentation != Augmentation::None; };
    {
        auto& p = b.add("alpha", "--alpha", G::SelfSupervision, T::Real, "weight of L_self in L_main + alpha L_self");
        p.range = {0, 100};
        p.what = "SSL weight";
        bind(p, &TrainConfig::alpha);
        control(p, "alpha", "alpha 权重", C::Slider, 0.0, 2.0, "%.3f");
        p.enabled = ssl_on;
    }
    {
        auto& p = b.add("ssl_tau", "--ssl-tau", G::SelfSupervision, T::Real, "temperature of the self-supervised loss");
        p.range = {1e-3, 100};
        bind(p, &TrainConfig::ssl_tau);
        control(p, "SSL tau", "自监督 tau", C::LogSlider, 0.01, 2.0, "%.3f");
        p.enabled = ssl_on;
    }
    {
        auto& p = b.add("ssl_batch_size", "--ssl-batch-size", G::SelfSupervision, T::Int,
                        "m: items per SSL batch, drawn from the whole catalogue");
        p.range = {2, 65536};
        p.what = "m";
        bind(p, &TrainConfig::ssl_batch_size);
        control(p, "SSL batch m", "自监督 batch m", C::LogSlider, 8, 4096);
        p.enabled = ssl_on;
    }
    {
        auto& p = b.add("ssl_id_masking", "--ssl-id-masking", G::SelfSupervision, T::Choice, "the item ID in SSL views");
        bind_choice(p, &TrainConfig::ssl_id_masking, ssl_id_masking_from_string,
                    {SslIdMasking::AsField, SslIdMasking::Always, SslIdMasking::Never, SslIdMasking::KeptFrozen});
        control(p, "ID in SSL", "自监督中的 ID", C::Combo);
        p.enabled = ssl_on;
    }
    {
        auto& p = b.add("ssl_sampling_power", "--ssl-sampling-power", G::SelfSupervision, T::Real,
                        "SSL items ~ (clicks+1)^power; 0 = uniform");
        p.range = {0, 2};
        p.why = " (0 = uniform over the catalogue)";
        bind(p, &TrainConfig::ssl_sampling_power);
        control(p, "SSL sampling power", "自监督抽样指数", C::Slider, 0.0, 2.0, "%.2f");
        p.enabled = ssl_on;
    }
    {
        auto& p = b.add("mask_probability", "--mask-probability", G::SelfSupervision, T::Real,
                        "random_mask: chance a field is masked");
        p.range = {0, 1};
        bind(p, &TrainConfig::mask_probability);
        control(p, "mask prob.", "mask 概率", C::Slider, 0.0, 1.0, "%.2f");
        p.shown = [](const TrainConfig& c) { return c.augmentation == Augmentation::RandomMask; };
    }
    {
        auto& p = b.add("dropout_probability", "--dropout-probability", G::SelfSupervision, T::Real,
                        "dropout: chance a value is dropped");
        p.range = {0, 1};
        bind(p, &TrainConfig::dropout_probability);
        control(p, "dropout prob.", "dropout 概率", C::Slider, 0.0, 1.0, "%.2f");
        p.shown = [](const TrainConfig& c) { return c.augmentation == Augmentation::Dropout; };
    }

    // Optimiser
    {
        auto& p = b.add("optimizer", "--optimizer", G::Optimiser, T::Choice, "the update rule");
        bind_choice(p, &TrainConfig::optimizer, optimizer_from_string,
                    {OptimizerKind::Adam, OptimizerKind::Adagrad, OptimizerKind::Sgd});
        control(p, "optimizer", "优化算法", C::Combo);
    }
    {
        auto& p = b.add("learning_rate", "--lr", G::Optimiser, T::Real, "learning rate");
        p.range = {0, 10, true, false};
        bind(p, &TrainConfig::learning_rate);
        control(p, "learning rate", "学习率", C::LogSlider, 1e-5, 1.0, "%.5f");
    }
    {
        auto& p = b.add("id_learning_rate_scale", "--id-lr-scale", G::Optimiser, T::Real, "ID tables' learning rate = lr x this");
        p.range = {0, 100, true, false};
        bind(p, &TrainConfig::id_learning_rate_scale);
        control(p, "ID learning-rate scale", "ID 学习率倍数", C::LogSlider, 0.01, 10.0, "%.3f");
    }
    {
        auto& p = b.add("embedding_optimizer", "--embedding-optimizer", G::Optimiser, T::Choice,
                        "the embedding tables' rule: the dense layers' optimizer, or Adagrad (Yao et al.)");
        bind_choice(p, &TrainConfig::embedding_optimizer, embedding_optimizer_from_string,
                    {EmbeddingOptimizer::Same, EmbeddingOptimizer::Adagrad});
        control(p, "embedding optimizer", "embedding 优化器", C::Combo);
    }
    {
        auto& p = b.add("embedding_learning_rate", "--embedding-lr", G::Optimiser, T::Real,
                        "the embedding tables' learning rate (0 = the learning rate)");
        p.range = {0, 10};
        p.why = " (0 = the learning rate)";
        bind(p, &TrainConfig::embedding_learning_rate);
        control(p, "embedding learning rate", "embedding 学习率", C::Slider, 0.0, 0.2, "%.4f");
    }
    const auto adam = [](const TrainConfig& c) { return c.optimizer == OptimizerKind::Adam; };
    {
        auto& p = b.add("adam_beta1", "--adam-beta1", G::Optimiser, T::Real, "Adam: decay of the first moment");
        p.range = {0, 1, false, true};
        bind(p, &TrainConfig::adam_beta1);
        control(p, "beta1", "beta1", C::Slider, 0.0, 0.999, "%.3f");
        p.shown = adam;
    }
    {
        auto& p = b.add("adam_beta2", "--adam-beta2", G::Optimiser, T::Real, "Adam: decay of the second moment");
        p.range = {0, 1, false, true};
        bind(p, &TrainConfig::adam_beta2);
        control(p, "beta2", "beta2", C::Slider, 0.9, 0.99999, "%.5f");
        p.shown = adam;
    }
    {
        auto& p = b.add("adam_epsilon", "--adam-epsilon", G::Optimiser, T::Real, "Adam: added to the root of the second moment");
        p.range = {0, kInf, true, true};
        bind(p, &TrainConfig::adam_epsilon);
        control(p, "epsilon", "epsilon", C::LogSlider, 1e-10, 1e-3, "%.1e");
        p.shown = adam;
    }
    {
        auto& p = b.add("adagrad_initial", "--adagrad-initial", G::Optimiser, T::Real, "Adagrad: initial accumulator value");
        p.range = {0, kInf, false, true};
        bind(p, &TrainConfig::adagrad_initial);
        control(p, "initial accumulator", "累加器初值", C::LogSlider, 1e-4, 1.0, "%.4f");
        p.shown = [](const TrainConfig& c) { return c.optimizer == OptimizerKind::Adagrad; };
    }
    {
        auto& p = b.add("threads", "--threads", G::Optimiser, T::Int, "threads for training and evaluation");
        p.range = {1, 256};
        bind(p, &TrainConfig::threads);
        control(p, "threads", "线程数", C::Slider, 1, 16);
    }
    {
        auto& p = b.add("seed", "--seed", G::Optimiser, T::Count, "random seed of the model and the sampling");
        p.range = {0, 18446744073709551615.0};
        bind(p, &TrainConfig::seed);
        control(p, "seed", "随机种子", C::Input);
    }

    // Towers
    {
        auto& p = b.add("model.hidden_widths", "--hidden", G::Towers, T::IntList,
                        "hidden widths of both towers' MLPs, e.g. 128 or 256,128");
        p.range = {1, 4096};
        p.what = "each hidden width";
        bind(p, &ModelConfig::hidden_widths);
        control(p, "hidden widths", "隐藏层宽度", C::Text);
    }
    {
        auto& p = b.add("model.output_dim", "--output-dim", G::Towers, T::Int, "embedding size d");
        p.range = {2, 1024};
        bind(p, &ModelConfig::output_dim);
        control(p, "output dim d", "输出维度 d", C::LogSlider, 2, 512);
    }
    {
        auto& p = b.add("model.activation", "--activation", G::Towers, T::Choice, "the MLPs' activation");
        bind_choice(p, &ModelConfig::activation, activation_from_string,
                    {Activation::Relu, Activation::Tanh, Activation::Identity});
        control(p, "activation", "激活函数", C::Combo);
    }
    {
        auto& p = b.add("model.id_embedding_dim", "--id-dim", G::Towers, T::Int, "ID embedding width");
        p.range = {1, 1024};
        bind(p, &ModelConfig::id_embedding_dim);
        control(p, "ID embedding", "ID embedding 维度", C::LogSlider, 1, 256);
    }
    {
        auto& p = b.add("model.field_embedding_dim", "--field-dim", G::Towers, T::Int, "width of other categorical fields' embeddings");
        p.range = {1, 1024};
        bind(p, &ModelConfig::field_embedding_dim);
        control(p, "field embedding", "特征 embedding 维度", C::LogSlider, 1, 128);
    }
    {
        auto& p = b.add("model.multi_field_embedding_dim", "--multi-field-dim", G::Towers, T::Int,
                        "width of multi-valued fields' embeddings");
        p.range = {1, 1024};
        bind(p, &ModelConfig::multi_field_embedding_dim);
        control(p, "multi-field emb.", "多值特征 embedding", C::LogSlider, 1, 128);
    }
    {
        auto& p = b.add("model.init_std", "--init-std", G::Towers, T::Real, "standard deviation of the embeddings' initial values");
        p.range = {0, 1, true, false};
        bind(p, &ModelConfig::init_std);
        control(p, "init std", "初始化标准差", C::LogSlider, 1e-4, 1.0, "%.4f");
    }
    {
        auto& p = b.add("model.cold_items_use_missing_id", "--cold-missing-id", G::Towers, T::Flag,
                        "serve items without training clicks with ID = missing");
        bind(p, &ModelConfig::cold_items_use_missing_id);
        control(p, "cold items: ID = missing", "新物品：ID 视为缺失", C::Checkbox);
    }
    {
        auto& p = b.add("model.learn_missing_id", "--learn-missing-id", G::Towers, T::Flag,
                        "learn the ID field's 'missing' row (true/false)");
        bind(p, &ModelConfig::learn_missing_id);
        control(p, "learn the missing ID", "学习“缺失”ID 向量", C::Checkbox);
    }
    {
        auto& p = b.add("id_dropout", "--id-dropout", G::Towers, T::Real, "L_main: chance a clicked item is shown with ID = missing");
        p.range = {0, 1};
        bind(p, &TrainConfig::id_dropout);
        control(p, "ID dropout", "ID 随机丢弃", C::Slider, 0.0, 1.0, "%.2f");
    }
    {
        auto& p = b.add("id_dropout_tail", "--id-dropout-tail", G::Towers, T::Real,
                        "L_main: the same for long-tail items (the larger applies)");
        p.range = {0, 1};
        bind(p, &TrainConfig::id_dropout_tail);
        control(p, "ID dropout, long tail", "长尾 ID dropout", C::Slider, 0.0, 1.0, "%.2f");
    }
    {
        auto& p = b.add("model.item_inputs", "--item-inputs", G::Towers, T::Choice, "what the item tower reads");
        bind_choice(p, &ModelConfig::item_inputs, item_inputs_from_string,
                    {ItemInputs::All, ItemInputs::FeaturesOnly, ItemInputs::IdOnly});
        control(p, "item tower reads", "物品塔输入", C::Combo);
    }

    // Evaluation
    {
        auto& p = b.add("eval_k", "--eval-k", G::Evaluation, T::IntList, "the K of Recall@K and NDCG@K, e.g. 10,50,100");
        p.range = {1, 100000};
        p.what = "each K";
        bind(p, &TrainConfig::eval_k);
        control(p, "K values", "K 值", C::Text);
    }
    {
        auto& p = b.add("head_share", "--head-share", G::Evaluation, T::Real, "top share of items by clicks counted as head");
        p.range = {0, 1, true, true};
        bind(p, &TrainConfig::head_share);
        control(p, "head share", "头部占比", C::Slider, 0.01, 0.9, "%.2f");
    }
    {
        auto& p = b.add("label_fraction", "--label-fraction", G::Evaluation, T::Real,
                        "share of training clicks kept (seeded; test clicks all stay)");
        p.range = {0, 1, true, false};
        bind(p, &TrainConfig::label_fraction);
        control(p, "label fraction", "标签比例", C::LogSlider, 0.01, 1.0, "%.2f");
    }
    {
        auto& p = b.add("eval_users", "--eval-users", G::Evaluation, T::Int,
                        "evaluate on a seeded sample of this many test users (0 = all)");
        p.range = {0, 2147483647.0};
        p.why = " (0 = all)";
        bind(p, &TrainConfig::eval_users);
    }
    return b.rows;
}

std::string format_number(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.10g", v);
    return buf;
}

}  // namespace

const char* to_string(ParamGroup g) {
    switch (g) {
        case ParamGroup::MainLoss: return "Main loss";
        case ParamGroup::SelfSupervision: return "Self-supervision";
        case ParamGroup::Optimiser: return "Optimiser";
        case ParamGroup::Towers: return "Towers";
        case ParamGroup::Evaluation: return "Evaluation";
    }
    return "?";
}

bool ParamRange::contains(double v) const {
    if (std::isnan(v)) return false;
    const bool above = min_open ? v > min : v >= min;
    const bool below = max_open ? v < max : v <= max;
    return above && below;
}

std::string ParamRange::text(bool whole_numbers) const {
    if (std::isinf(max)) return std::string(min_open ? "> " : ">= ") + format_number(min);
    if (whole_numbers) return format_number(min) + ".." + format_number(max);
    return std::string(min_open ? "(" : "[") + format_number(min) + ", " + format_number(max) + (max_open ? ")" : "]");
}

std::string Hyperparameter::help_key() const { return key.rfind("model.", 0) == 0 ? key.substr(6) : key; }

void Hyperparameter::check_range(const TrainConfig& c) const {
    if (type == ParamType::Flag || type == ParamType::Choice) return;
    const bool whole = type != ParamType::Real;
    const auto check = [&](double v, const std::string& shown) {
        if (range.contains(v)) return;
        throw Error(ErrorContext{"", 0, key}, (what.empty() ? "" : what + " ") + "must be " +
                                                  (std::isinf(range.max) ? "" : "in ") + range.text(whole) + why +
                                                  ", got " + shown);
    };
    const json v = get(c);
    if (type == ParamType::IntList) {
        for (const json& e : v) check(e.get<double>(), e.dump());
        return;
    }
    check(v.get<double>(), v.dump());
}

const std::vector<Hyperparameter>& hyperparameters() {
    static const std::vector<Hyperparameter> table = build();
    return table;
}

const Hyperparameter* find_hyperparameter(const std::string& key) {
    static const std::map<std::string, const Hyperparameter*> index = [] {
        std::map<std::string, const Hyperparameter*> m;
        for (const Hyperparameter& p : hyperparameters()) m[p.key] = &p;
        return m;
    }();
    const auto it = index.find(key);
    return it == index.end() ? nullptr : it->second;
}

nlohmann::json parse_flag_value(const Hyperparameter& p, const std::string& text) {
    const ErrorContext where{"", 0, p.flag};
    const auto whole = [&](const std::string& s) -> json {
        // Digits only (an optional sign): "1e3", "2.5" and "128abc" are not whole numbers.
        size_t i = s.size() > 0 && (s[0] == '-' || s[0] == '+') ? 1 : 0;
        if (i == s.size()) throw Error(where, "expected a whole number, found '" + s + "'");
        for (size_t k = i; k < s.size(); ++k)
            if (s[k] < '0' || s[k] > '9') throw Error(where, "expected a whole number, found '" + s + "'");
        errno = 0;
        if (s[0] == '-') {
            const long long v = std::strtoll(s.c_str(), nullptr, 10);
            if (errno == ERANGE) throw Error(where, "'" + s + "' is out of range");
            return json(v);
        }
        const unsigned long long v = std::strtoull(s.c_str(), nullptr, 10);
        if (errno == ERANGE) throw Error(where, "'" + s + "' is out of range");
        return json(v);
    };
    switch (p.type) {
        case ParamType::Int:
        case ParamType::Count: return whole(text);
        case ParamType::Real: {
            char* end = nullptr;
            const double v = std::strtod(text.c_str(), &end);
            if (text.empty() || *end != '\0') throw Error(where, "expected a number, found '" + text + "'");
            return json(v);  // NaN and infinity go to the range check, which names them
        }
        case ParamType::Flag: {
            for (const char* t : {"true", "1", "yes", "on"})
                if (text == t) return json(true);
            for (const char* f : {"false", "0", "no", "off"})
                if (text == f) return json(false);
            throw Error(where, "expected true or false, found '" + text + "'");
        }
        case ParamType::Choice: return json(text);  // the parser names the accepted values
        case ParamType::IntList: {
            json list = json::array();
            size_t start = 0;
            for (;;) {
                const size_t comma = text.find(',', start);
                std::string part = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
                while (!part.empty() && part.front() == ' ') part.erase(part.begin());
                while (!part.empty() && part.back() == ' ') part.pop_back();
                try {
                    list.push_back(whole(part));
                } catch (const Error& e) {
                    throw Error(where, std::string(p.key == "eval_k" ? "expected Ks" : "expected widths") +
                                           " as whole numbers separated by commas, e.g. " +
                                           (p.key == "eval_k" ? "10,50,100" : "256,128") + "; found '" + text + "' (" +
                                           e.message() + ")");
                }
                if (comma == std::string::npos) break;
                start = comma + 1;
            }
            return list;
        }
    }
    return json(text);
}

}  // namespace towerlab
