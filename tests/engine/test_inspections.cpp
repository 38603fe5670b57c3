// The item and user inspectors (session/inspections.h) rank like evaluation: serving's exact top-K,
// the item itself or the user's training and validation clicks out of the running.
#include <catch2/catch.hpp>

#include <algorithm>

#include "session/inspections.h"
#include "synthetic_fixtures.h"

using namespace towerlab;

namespace {

struct Fixture {
    std::shared_ptr<const Dataset> data;
    std::shared_ptr<const Split> split;
    std::unique_ptr<Trainer> trainer;
    Fixture() {
        data = test::synthetic_data(300, 120, 4000);
        SplitConfig spc;
        spc.validation = true;
        split = test::split_of(*data, spc);
        TrainConfig c;
        c.batch_size = 32;
        c.model.hidden_widths = {16};
        c.model.output_dim = 8;
        c.threads = 1;
        trainer = std::make_unique<Trainer>(data, split, c);
        for (int s = 0; s < 20; ++s) trainer->step();
    }
};

}  // namespace

TEST_CASE("an item's neighbours are the nearest other items by cosine, best first", "[session][inspect]") {
    Fixture f;
    const Eigen::MatrixXf e = f.trainer->item_embeddings();
    const auto r = inspect_item(e, 7, 10, 20, *f.trainer);
    REQUIRE(r->neighbours.size() == 10);
    CHECK(r->step == 20);
    const Eigen::VectorXf s = e * e.row(7).transpose();
    for (size_t k = 0; k < r->neighbours.size(); ++k) {
        CHECK(r->neighbours[k] != 7);
        CHECK(r->cosines[k] == s(r->neighbours[k]));
        if (k > 0) CHECK(r->cosines[k] <= r->cosines[k - 1]);
    }
    // Nothing outside the list beats its last entry.
    for (Eigen::Index i = 0; i < e.rows(); ++i)
        if (i != 7 && std::find(r->neighbours.begin(), r->neighbours.end(), i) == r->neighbours.end())
            CHECK(s(i) <= r->cosines.back());
    // Asking for more than there are gives every other item.
    CHECK(inspect_item(e, 7, 1000, 20, *f.trainer)->neighbours.size() == static_cast<size_t>(e.rows() - 1));
}

TEST_CASE("a user's top-K leaves out their training and validation clicks; the held-out rank counts the rest",
          "[session][inspect]") {
    Fixture f;
    const Eigen::MatrixXf e = f.trainer->item_embeddings();
    int32_t user = -1;
    for (size_t u = 0; u < f.split->validation_item.size() && user < 0; ++u)
        if (f.split->validation_item[u] >= 0) user = static_cast<int32_t>(u);
    REQUIRE(user >= 0);
    int32_t held_out = -1;
    for (const Interaction& c : f.split->test)
        if (c.user == user) held_out = c.item;
    REQUIRE(held_out >= 0);
    const Eigen::MatrixXf u = f.trainer->user_embeddings({user});
    const auto r = inspect_user(e, u.row(0), user, held_out, *f.split, 1000, 20);
    const auto& train = f.split->user_train_items[static_cast<size_t>(user)];
    const int32_t validation = f.split->validation_item[static_cast<size_t>(user)];
    CHECK(r->top_items.size() == static_cast<size_t>(e.rows()) - train.size() - 1);
    for (int32_t i : r->top_items) {
        CHECK(std::find(train.begin(), train.end(), i) == train.end());
        CHECK(i != validation);
    }
    // The held-out item's rank is its place in that list (no ties among these floats).
    const auto at = std::find(r->top_items.begin(), r->top_items.end(), held_out);
    REQUIRE(at != r->top_items.end());
    CHECK(r->held_out_rank == (at - r->top_items.begin()) + 1);
    CHECK(r->held_out_score == r->top_scores[static_cast<size_t>(at - r->top_items.begin())]);
}
