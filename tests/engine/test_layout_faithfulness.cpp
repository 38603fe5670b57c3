// How faithful a 2-D picture is to the cosine neighbours (eval/layout_faithfulness.h): kNN recall
// and trustworthiness equal a hand computation, a perfect picture scores 1, groups are separate.
#include <catch2/catch.hpp>

#include <cmath>

#include "core/error.h"
#include "eval/layout_faithfulness.h"

using namespace towerlab;

namespace {

// Unit vectors at the given angles (degrees): their cosine order is the order of angular distance.
Mat<float> on_circle(const std::vector<double>& degrees) {
    Mat<float> v(static_cast<Eigen::Index>(degrees.size()), 2);
    for (size_t i = 0; i < degrees.size(); ++i) {
        const double a = degrees[i] * M_PI / 180.0;
        v(static_cast<Eigen::Index>(i), 0) = static_cast<float>(std::cos(a));
        v(static_cast<Eigen::Index>(i), 1) = static_cast<float>(std::sin(a));
    }
    return v;
}

}  // namespace

TEST_CASE("recall and trustworthiness of a small picture equal the hand computation", "[layout]") {
    // Six points at 0, 15, 40, 90, 150, 185 degrees; the picture puts them on a line at x = 0, 1, 5,
    // 2, 3, 10. With k = 2, per point: N_2 (by angle), M_2 (by x), and the ranks by angle of the false
    // picture neighbours:
    //   0: N {1,2}  M {1,3}  shared 1  3 has rank 3 -> penalty 1
    //   1: N {0,2}  M {0,3}  shared 1  3 rank 3     -> 1
    //   2: N {1,0}  M {4,3}  shared 0  4 rank 4, 3 rank 3 -> 2 + 1 = 3
    //   3: N {2,4}  M {1,4}  shared 1  1 rank 3     -> 1
    //   4: N {5,3}  M {3,1}  shared 1  1 rank 4     -> 2
    //   5: N {4,3}  M {2,4}  shared 1  2 rank 3     -> 1
    // recall = (5 x 1/2 + 0) / 6 = 5/12; the penalties sum to 9, and
    // T = 1 - 2 / (n k (2n - 3k - 1)) x 9 = 1 - 18 / (6 x 2 x 5) = 0.7.
    const Mat<float> v = on_circle({0, 15, 40, 90, 150, 185});
    const std::vector<float> xy = {0, 0, 1, 0, 5, 0, 2, 0, 3, 0, 10, 0};
    FaithfulnessConfig c;
    c.k = 2;
    const LayoutFaithfulness f = layout_faithfulness(v, xy, {}, c);
    CHECK(f.n == 6);
    CHECK(f.k == 2);
    CHECK(f.overall.queries == 6);
    CHECK(f.overall.knn_recall == Approx(5.0 / 12));
    CHECK(f.overall.trustworthiness == Approx(0.7));
    REQUIRE(f.per_group.size() == 1);
    CHECK(f.per_group[0].trustworthiness == Approx(0.7));

    // Groups {0,1,2} and {3,4,5}: recall (1/2 + 1/2 + 0) / 3 and 1/2; penalties 5 and 4 of a worst
    // k (2n - 3k - 1) / 2 = 5 per query, so T = 1 - 5/15 and 1 - 4/15.
    const LayoutFaithfulness g = layout_faithfulness(v, xy, {0, 0, 0, 1, 1, 1}, c);
    REQUIRE(g.per_group.size() == 2);
    CHECK(g.per_group[0].queries == 3);
    CHECK(g.per_group[0].knn_recall == Approx(1.0 / 3));
    CHECK(g.per_group[0].trustworthiness == Approx(2.0 / 3));
    CHECK(g.per_group[1].queries == 3);
    CHECK(g.per_group[1].knn_recall == Approx(0.5));
    CHECK(g.per_group[1].trustworthiness == Approx(11.0 / 15));
    CHECK(g.overall.trustworthiness == Approx(0.7));
}

TEST_CASE("a picture that is the vectors themselves scores recall 1 and trustworthiness 1", "[layout]") {
    // Points on the unit circle drawn where they are: the chord distance orders neighbours exactly
    // as the cosine does.
    std::vector<double> degrees;
    for (int i = 0; i < 200; ++i) degrees.push_back(i * 360.0 / 200 + 0.37 * (i % 3));
    const Mat<float> v = on_circle(degrees);
    std::vector<float> xy;
    for (Eigen::Index i = 0; i < v.rows(); ++i) xy.push_back(v(i, 0)), xy.push_back(v(i, 1));
    FaithfulnessConfig c;
    c.k = 10;
    c.max_queries = 50;
    std::vector<int> group(200);
    for (int i = 0; i < 200; ++i) group[static_cast<size_t>(i)] = i % 3;
    const LayoutFaithfulness f = layout_faithfulness(v, xy, group, c);
    CHECK(f.overall.queries == 50);
    CHECK(f.overall.knn_recall == Approx(1.0));
    CHECK(f.overall.trustworthiness == Approx(1.0));
    REQUIRE(f.per_group.size() == 3);
    CHECK(f.per_group[0].queries + f.per_group[1].queries + f.per_group[2].queries == 50);
    for (const FaithfulnessFigures& g : f.per_group) CHECK(g.knn_recall == Approx(1.0));

    // The same picture turned upside down for half the circle is no longer faithful.
    for (size_t i = 0; i < 100; ++i) xy[2 * i + 1] = -xy[2 * i + 1] + 3.0f;
    const LayoutFaithfulness broken = layout_faithfulness(v, xy, group, c);
    CHECK(broken.overall.knn_recall < 1.0);
}

TEST_CASE("layout faithfulness rejects mismatched inputs and a k of half the points, naming them", "[layout]") {
    const Mat<float> v = on_circle({0, 15, 40, 90, 150, 185});
    const std::vector<float> xy(12, 0.0f);
    FaithfulnessConfig c;
    c.k = 3;  // k < n / 2 fails for n = 6
    CHECK_THROWS_WITH(layout_faithfulness(v, xy, {}, c), Catch::Contains("'k'"));
    c.k = 2;
    CHECK_THROWS_WITH(layout_faithfulness(v, std::vector<float>(10), {}, c), Catch::Contains("'xy'"));
    CHECK_THROWS_WITH(layout_faithfulness(v, xy, {0, 0, 1}, c), Catch::Contains("'group'"));
    CHECK_THROWS_WITH(layout_faithfulness(v, xy, {0, 0, 1, 1, -1, 0}, c), Catch::Contains("'group'"));
    c.max_queries = 0;
    CHECK_THROWS_WITH(layout_faithfulness(v, xy, {}, c), Catch::Contains("'max_queries'"));
}
