#include <catch2/catch.hpp>

#include <cmath>
#include <memory>

#include "synthetic_fixtures.h"
#include "train/trainer.h"

using namespace towerlab;

TEST_CASE("training on the synthetic default beats MostPop at Recall@50", "[train]") {
    auto data = test::synthetic_data(4000, 1500, 60000);
    auto split = test::split_of(*data);
    TrainConfig c;
    Trainer t(data, split, c);
    for (int s = 0; s < 600; ++s) t.step();
    EvalOptions eo;
    const EvalReport model = t.evaluate(eo);
    const EvalReport pop = evaluate_most_popular(*split, eo);
    const int k = model.k_index(50);
    REQUIRE(k >= 0);
    CHECK(model.overall.recall[static_cast<size_t>(k)] > 1.1 * pop.overall.recall[static_cast<size_t>(k)]);
}

// An empty model.hidden_widths is a linear tower (embeddings -> output layer): a valid model, so
// validation accepts it and a step trains it to a finite loss.
TEST_CASE("no hidden layer is a linear tower that validates and trains", "[train][config]") {
    auto data = test::synthetic_data(300, 200, 3000);
    auto split = test::split_of(*data);
    TrainConfig c;
    c.model.hidden_widths.clear();
    c.batch_size = 32;
    REQUIRE_NOTHROW(c.validate());
    Trainer t(data, split, c);
    const StepStats s = t.step();
    CHECK(std::isfinite(s.loss_main));
    CHECK(s.loss_main > 0);
}
