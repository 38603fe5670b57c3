// The oracle (eval/oracle_ranking.h): the ranking the synthetic generator's own click probabilities
// give, the best any model could learn from the data, against MostPop on the same split.
#include <catch2/catch.hpp>

#include "data/split.h"
#include "data/synthetic_dataset.h"
#include "eval/oracle_ranking.h"
#include "synthetic_fixtures.h"

using namespace towerlab;

namespace {
SyntheticConfig small_config() { return test::synthetic_sizes(3000, 1200, 45000); }
}  // namespace

TEST_CASE("the oracle ranking of the generator's own probabilities beats MostPop everywhere", "[synthetic][eval]") {
    const Dataset d = make_synthetic_dataset(small_config());
    const Split s = make_split(d, SplitConfig{});
    REQUIRE(has_oracle(d));
    EvalOptions eo;
    const EvalReport oracle = evaluate_oracle(d, s, eo);
    const EvalReport pop = evaluate_most_popular(s, eo);
    const size_t k = static_cast<size_t>(oracle.k_index(50));
    CHECK(oracle.overall.recall[k] > pop.overall.recall[k] * 1.3);
    CHECK(oracle.group(ItemGroup::Cold).recall[k] > 0.2);  // MostPop has 0 here by construction
    Dataset no_truth = d;
    no_truth.truth.reset();
    CHECK_FALSE(has_oracle(no_truth));
    CHECK_THROWS_WITH(evaluate_oracle(no_truth, s, eo), Catch::Contains("click probabilities"));
}
