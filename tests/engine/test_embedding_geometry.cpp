// Alignment and uniformity (Wang & Isola 2020) against values worked out by hand, and alignment's
// views made the trainer's way but scored by whatever item tower it is given.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "data/synthetic_dataset.h"
#include "eval/embedding_geometry.h"
#include "synthetic_fixtures.h"

using namespace towerlab;

TEST_CASE("uniformity: identical vectors give 0, orthogonal ones -4, fewer than two items 0", "[geometry]") {
    Eigen::MatrixXf v(3, 2);
    v << 1, 0, 1, 0, 0, 1;
    CHECK(uniformity(v, {0, 1}) == Approx(0.0));                // ||f_i - f_j||^2 = 0
    CHECK(uniformity(v, {0, 2}) == Approx(-4.0));               // ||f_i - f_j||^2 = 2: log exp(-4)
    // three pairs: (0,1) identical, (0,2) and (1,2) orthogonal
    CHECK(uniformity(v, {0, 1, 2}) == Approx(std::log((1.0 + 2.0 * std::exp(-4.0)) / 3.0)));
    CHECK(uniformity(v, {1}) == 0);
}

TEST_CASE("alignment: the mean squared distance between the tower's outputs for two views of each item", "[geometry]") {
    SyntheticConfig sc = test::synthetic_sizes(100, 60, 1000);
    sc.missing_share = 0;
    const Dataset d = make_synthetic_dataset(sc);
    const MutualInformation mi = compute_mutual_information(d.items);
    TrainConfig config;
    config.augmentation = Augmentation::RandomMask;
    config.mask_probability = 0.5;
    std::vector<int32_t> items(40);
    for (int i = 0; i < 40; ++i) items[static_cast<size_t>(i)] = i;

    // A tower that ignores its input: both views map to the same point, alignment 0.
    const ItemTowerFn constant = [](const FeatureBatch& b) { return Mat<float>::Ones(b.rows, 3); };
    Rng rng(5);
    CHECK(alignment(d.items, mi, config, constant, items, rng) == 0);

    // A tower whose output is the number of values each row still has: the two views differ
    // where the masks differ, and alignment is the mean of (n' - n'')^2 over the items.
    std::vector<Mat<float>> seen;
    const ItemTowerFn count = [&seen](const FeatureBatch& b) {
        Mat<float> out(b.rows, 1);
        for (int r = 0; r < b.rows; ++r) {
            float n = 0;
            for (int f = 0; f < b.num_fields(); ++f) {
                const auto v = b.values(r, f);
                n += static_cast<float>(v.size() == 1 && v[0] == kMissingValue ? 0 : v.size());
            }
            out(r, 0) = n;
        }
        seen.push_back(out);
        return out;
    };
    const float a = alignment(d.items, mi, config, count, items, rng);
    REQUIRE(seen.size() == 2);
    REQUIRE(seen[0].rows() == 40);
    CHECK(a == Approx((seen[0] - seen[1]).rowwise().squaredNorm().mean()));
    CHECK(a > 0);  // with p = 0.5 over 40 items the two masks differ somewhere
    CHECK(alignment(d.items, mi, config, count, {}, rng) == 0);
}
