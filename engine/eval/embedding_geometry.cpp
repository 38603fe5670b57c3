#include "eval/embedding_geometry.h"

#include <cmath>

#include "ssl/feature_augmentation.h"

namespace towerlab {

// unit rows give ||f_i - f_j||^2 = 2 - 2 f_i . f_j
float uniformity(const Eigen::MatrixXf& item_vectors, const std::vector<int32_t>& items) {
    const Eigen::Index n = static_cast<Eigen::Index>(items.size());
    if (n < 2) return 0;
    Eigen::MatrixXf f(n, item_vectors.cols());
    for (Eigen::Index i = 0; i < n; ++i) f.row(i) = item_vectors.row(items[static_cast<size_t>(i)]);
    const Eigen::MatrixXf gram = f * f.transpose();
    double sum = 0;
    for (Eigen::Index i = 0; i < n; ++i)
        for (Eigen::Index j = i + 1; j < n; ++j) sum += std::exp(-2.0 * (2.0 - 2.0 * gram(i, j)));
    return static_cast<float>(std::log(sum / (static_cast<double>(n) * static_cast<double>(n - 1) / 2)));
}

float alignment(const FeatureTable& item_features, const MutualInformation& mi, const TrainConfig& config,
                const ItemTowerFn& item_tower, const std::vector<int32_t>& items, Rng& rng) {
    if (items.empty()) return 0;
    FeatureBatch batch, v1, v2;
    batch.gather(item_features, items.data(), static_cast<int>(items.size()));
    AugmentationContext ctx = augmentation_context(item_features.fields(), mi, config);
    ctx.id_masking = SslIdMasking::AsField;  // as the geometry curves always measured it: the ID is one more field
    const Augmentation kind = config.augmentation == Augmentation::None ? Augmentation::RandomMask : config.augmentation;
    make_augmented_views(kind, batch, ctx, rng, v1, v2);
    return static_cast<float>((item_tower(v1) - item_tower(v2)).rowwise().squaredNorm().mean());
}

}  // namespace towerlab
