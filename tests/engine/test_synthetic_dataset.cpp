#include <catch2/catch.hpp>

#include <map>

#include "data/split.h"
#include "data/synthetic_dataset.h"
#include "eval/oracle_ranking.h"

using namespace towerlab;

namespace {
SyntheticConfig small_config() {
    SyntheticConfig sc;
    sc.num_users = 3000;
    sc.num_items = 1200;
    sc.num_clicks = 45000;
    return sc;
}
}  // namespace

TEST_CASE("synthetic items miss content fields at the configured rate, never their ID", "[synthetic]") {
    SyntheticConfig sc = small_config();
    sc.missing_share = 0.3;
    const Dataset d = make_synthetic_dataset(sc);
    const int id = d.items.id_field();
    REQUIRE(id >= 0);
    for (int f = 0; f < d.items.num_fields(); ++f) {
        int missing = 0;
        for (int i = 0; i < d.num_items(); ++i) missing += d.items.values(i, f).size() == 1 && d.items.value(i, f) == kMissingValue;
        const double share = static_cast<double>(missing) / d.num_items();
        if (f == id) CHECK(missing == 0);
        else CHECK(share == Approx(0.3).margin(0.06));
    }
}

TEST_CASE("mainstream topics take more clicks than niche ones, and their items make the head", "[synthetic]") {
    SyntheticConfig sc = small_config();
    sc.topic_zipf_exponent = 1.0;
    const Dataset d = make_synthetic_dataset(sc);
    std::vector<long> clicks(static_cast<size_t>(d.num_topics), 0);
    for (const auto& c : d.clicks) ++clicks[static_cast<size_t>(d.item_topic[static_cast<size_t>(c.item)])];
    // topic 0 is the most popular by construction, the last the least
    CHECK(clicks.front() > 4 * clicks.back());
    const Split s = make_split(d, SplitConfig{});
    std::vector<int> head(static_cast<size_t>(d.num_topics), 0);
    for (int i = 0; i < d.num_items(); ++i)
        if (s.item_group[static_cast<size_t>(i)] == ItemGroup::Head) ++head[static_cast<size_t>(d.item_topic[static_cast<size_t>(i)])];
    CHECK(head.front() > head.back());
}

TEST_CASE("clicks follow taste: a user's clicks match their taste better than the topic's other items", "[synthetic]") {
    const Dataset d = make_synthetic_dataset(small_config());
    REQUIRE(d.truth);
    const SyntheticTruth& g = *d.truth;
    auto cosine = [&](int u, int i) {
        double s = 0;
        for (int k = 0; k < g.dim; ++k)
            s += g.user_taste[static_cast<size_t>(u * g.dim + k)] * g.item_taste[static_cast<size_t>(i * g.dim + k)];
        return s;
    };
    // mean cosine of clicked items vs mean cosine of impressions (same topic, passed over)
    double clicked = 0, shown = 0;
    for (const auto& c : d.clicks) clicked += cosine(c.user, c.item);
    for (const auto& x : d.impressions) shown += cosine(x.user, x.item);
    REQUIRE(!d.impressions.empty());
    CHECK(clicked / static_cast<double>(d.clicks.size()) > shown / static_cast<double>(d.impressions.size()) + 0.05);
    // impressions are of the same topic as some click of that user at that moment
    std::map<std::pair<int, int64_t>, int> topic_at;
    for (const auto& c : d.clicks) topic_at[{c.user, c.timestamp}] = d.item_topic[static_cast<size_t>(c.item)];
    int same = 0;
    for (const auto& x : d.impressions) same += topic_at[{x.user, x.timestamp}] == d.item_topic[static_cast<size_t>(x.item)];
    CHECK(same == static_cast<int>(d.impressions.size()));
}

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
