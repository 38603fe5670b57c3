#include <catch2/catch.hpp>

#include <cmath>
#include <memory>

#include "data/split.h"
#include "data/synthetic_dataset.h"
#include "train/trainer.h"

using namespace towerlab;

TEST_CASE("training on the synthetic default beats MostPop at Recall@50", "[train]") {
    SyntheticConfig sc;
    sc.num_users = 4000;
    sc.num_items = 1500;
    sc.num_clicks = 60000;
    auto data = std::make_shared<Dataset>(make_synthetic_dataset(sc));
    auto split = std::make_shared<Split>(make_split(*data, SplitConfig{}));
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
    SyntheticConfig sc;
    sc.num_users = 300;
    sc.num_items = 200;
    sc.num_clicks = 3000;
    auto data = std::make_shared<Dataset>(make_synthetic_dataset(sc));
    auto split = std::make_shared<Split>(make_split(*data, SplitConfig{}));
    TrainConfig c;
    c.model.hidden_widths.clear();
    c.batch_size = 32;
    REQUIRE_NOTHROW(c.validate());
    Trainer t(data, split, c);
    const StepStats s = t.step();
    CHECK(std::isfinite(s.loss_main));
    CHECK(s.loss_main > 0);
}
