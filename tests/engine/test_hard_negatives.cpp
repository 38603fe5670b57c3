// Hard negatives (negatives/hard_negatives.h) on a hand-made split and unit vectors in the plane:
// a user's scores are cosines, i.e. the cosine of the angle to the user, so each expected top-N
// list below is the items sorted by angle with the user's training positives struck out.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <set>
#include <vector>

#include "data/split.h"
#include "negatives/hard_negatives.h"

using namespace towerlab;

namespace {

Eigen::MatrixXf items_at(const std::vector<double>& degrees) {
    Eigen::MatrixXf m(static_cast<Eigen::Index>(degrees.size()), 2);
    for (size_t i = 0; i < degrees.size(); ++i) {
        m(static_cast<Eigen::Index>(i), 0) = static_cast<float>(std::cos(degrees[i] * M_PI / 180.0));
        m(static_cast<Eigen::Index>(i), 1) = static_cast<float>(std::sin(degrees[i] * M_PI / 180.0));
    }
    return m;
}

Eigen::VectorXf user_at(double degrees) { return items_at({degrees}).row(0).transpose(); }

// Items 0..5 at 0, 10, 30, 50, 80 and 170 degrees: seen from 0 degrees they rank 0, 1, 2, 3, 4, 5.
Eigen::MatrixXf fan() { return items_at({0, 10, 30, 50, 80, 170}); }

// Only the training positives matter to HardNegatives: user 0 clicked items 1 and 3, user 1 item 0,
// user 2 nothing.
Split hand_split() {
    Split s;
    s.user_train_items = {{1, 3}, {0}, {}};
    return s;
}

}  // namespace

TEST_CASE("top_for is the user's top-N by score without their training positives", "[hard_negatives]") {
    const Split split = hand_split();
    HardNegatives hard(split, 3);
    hard.refresh(fan(), 0);
    CHECK(hard.top_for(0, user_at(0)) == std::vector<int32_t>{0, 2, 4});
    CHECK(hard.top_for(1, user_at(0)) == std::vector<int32_t>{1, 2, 3});
    CHECK(hard.top_for(2, user_at(0)) == std::vector<int32_t>{0, 1, 2});
    // Seen from 175 degrees the order reverses: 5, 4, (3), 2, (1), 0.
    CHECK(hard.top_for(2, user_at(175)) == std::vector<int32_t>{0, 1, 2});  // kept until the next refresh
    HardNegatives fresh(split, 3);
    fresh.refresh(fan(), 0);
    CHECK(fresh.top_for(0, user_at(175)) == std::vector<int32_t>{5, 4, 2});

    SECTION("a pool larger than the catalogue holds every item that is not a positive, best first") {
        HardNegatives wide(split, 50);
        wide.refresh(fan(), 0);
        CHECK(wide.top_for(0, user_at(0)) == std::vector<int32_t>{0, 2, 4, 5});
    }
}

TEST_CASE("draw never returns a training positive of the user and covers the top-N", "[hard_negatives]") {
    const Split split = hand_split();
    HardNegatives hard(split, 3);
    hard.refresh(fan(), 0);
    Rng rng(17);
    for (int32_t user : {0, 1}) {
        INFO("user " << user);
        const auto& positives = split.user_train_items[static_cast<size_t>(user)];
        const auto& top = hard.top_for(user, user_at(0));
        std::set<int32_t> seen;
        for (int i = 0; i < 300; ++i) {
            const int32_t j = hard.draw(user, user_at(0), rng);
            CHECK(std::find(positives.begin(), positives.end(), j) == positives.end());
            CHECK(std::find(top.begin(), top.end(), j) != top.end());
            seen.insert(j);
        }
        CHECK(seen == std::set<int32_t>(top.begin(), top.end()));
    }
}

TEST_CASE("stale() is true before the first refresh and again refresh_steps after the last", "[hard_negatives]") {
    const Split split = hand_split();
    HardNegatives hard(split, 3);
    CHECK(hard.stale(0, 5));
    CHECK(hard.stale(100, 5));
    hard.refresh(fan(), 10);
    CHECK_FALSE(hard.stale(10, 5));
    CHECK_FALSE(hard.stale(14, 5));
    CHECK(hard.stale(15, 5));
    CHECK(hard.stale(40, 5));
    CHECK_FALSE(hard.stale(10, 1));
    CHECK(hard.stale(11, 1));
    hard.refresh(fan(), 15);
    CHECK_FALSE(hard.stale(19, 5));
    CHECK(hard.stale(20, 5));
}

TEST_CASE("refresh invalidates every user's list", "[hard_negatives]") {
    const Split split = hand_split();
    HardNegatives hard(split, 3);
    hard.refresh(fan(), 0);
    REQUIRE(hard.top_for(0, user_at(0)) == std::vector<int32_t>{0, 2, 4});
    REQUIRE(hard.top_for(1, user_at(0)) == std::vector<int32_t>{1, 2, 3});

    SECTION("new item vectors give new lists") {
        // The fan mirrored: items 0..5 at 170, 80, 50, 30, 10, 0 degrees.
        hard.refresh(items_at({170, 80, 50, 30, 10, 0}), 7);
        CHECK(hard.top_for(0, user_at(0)) == std::vector<int32_t>{5, 4, 2});
        CHECK(hard.top_for(1, user_at(0)) == std::vector<int32_t>{5, 4, 3});
    }
    SECTION("the same item vectors at a later step read the user's new vector") {
        hard.refresh(fan(), 7);
        CHECK(hard.top_for(0, user_at(175)) == std::vector<int32_t>{5, 4, 2});
        CHECK(hard.top_for(1, user_at(175)) == std::vector<int32_t>{5, 4, 3});
    }
}

// Found by these tests' author: the lists were keyed by the refresh's step, so a second refresh at
// the same step kept the first one's lists; and a user whose positives are the whole catalogue
// indexed an empty list.
TEST_CASE("a second refresh at the same step still invalidates the lists", "[hard_negatives]") {
    const Split split = hand_split();
    HardNegatives hard(split, 3);
    hard.refresh(fan(), 7);
    REQUIRE(hard.top_for(2, user_at(0)) == std::vector<int32_t>{0, 1, 2});
    hard.refresh(items_at({170, 80, 50, 30, 10, 0}), 7);
    CHECK(hard.top_for(2, user_at(0)) == std::vector<int32_t>{5, 4, 3});
}

TEST_CASE("a user who clicked every item still gets an item, drawn uniformly", "[hard_negatives]") {
    Split split;
    split.user_train_items = {{0, 1, 2, 3, 4, 5}};
    HardNegatives hard(split, 3);
    hard.refresh(fan(), 0);
    CHECK(hard.top_for(0, user_at(0)).empty());
    Rng rng(5);
    std::set<int32_t> seen;
    for (int i = 0; i < 200; ++i) {
        const int32_t item = hard.draw(0, user_at(0), rng);
        REQUIRE(item >= 0);
        REQUIRE(item < 6);
        seen.insert(item);
    }
    CHECK(seen.size() == 6);
}
