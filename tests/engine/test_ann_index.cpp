// ANN serving: the HNSW index against brute force on the same queries, the tie-aware recall,
// the retriever's exclusions, and the benchmark's report.
#include <catch2/catch.hpp>

#include <algorithm>
#include <vector>

#include "core/error.h"
#include "core/random.h"
#include "serving/ann_index.h"
#include "serving/ann_recall.h"
#include "serving/brute_force_index.h"
#include "serving/item_retriever.h"
#include "serving/serving_benchmark.h"
#include "synthetic_fixtures.h"
#include "train/trainer.h"

using namespace towerlab;

namespace {
Mat<float> random_unit_rows(int n, int d, uint64_t seed) {
    Rng rng(seed);
    return test::random_unit_rows<float>(n, d, rng);
}
}  // namespace

TEST_CASE("brute force returns the exact top-K, best first, ties to the smaller id", "[ann]") {
    Mat<float> items(5, 2);
    items << 1, 0,  0, 1,  1, 0,  0.6f, 0.8f,  -1, 0;
    BruteForceIndex exact(items);
    const float q[2] = {1, 0};
    const ScoredList top = exact.search(q, 3);
    REQUIRE(top.size() == 3);
    CHECK(top[0].item == 0);  // ties with item 2: the smaller id first
    CHECK(top[1].item == 2);
    CHECK(top[2].item == 3);
    CHECK(top[2].score == Approx(0.6f));
    CHECK(exact.search(q, 50).size() == 5);  // K above the catalogue returns everything
    const auto batch = exact.search_batch(items, 2, 2);
    REQUIRE(batch.size() == 5);
    CHECK(batch[1][0].item == 1);
}

TEST_CASE("HNSW finds at least 95% of the exact top-10 on random unit vectors", "[ann]") {
    const Mat<float> items = random_unit_rows(3000, 32, 1);
    const Mat<float> queries = random_unit_rows(100, 32, 2);
    AnnIndexConfig c;
    c.threads = 2;
    AnnIndex ann(items, c);
    BruteForceIndex exact(items);
    CHECK(ann.size() == 3000);
    CHECK(ann.dim() == 32);
    CHECK(ann.memory_bytes() > 3000u * 32u * sizeof(float));
    double recall = 0;
    for (int q = 0; q < queries.rows(); ++q) {
        const ScoredList a = ann.search(queries.row(q).data(), 10);
        REQUIRE(a.size() == 10);
        for (size_t r = 1; r < a.size(); ++r) CHECK(a[r - 1].score >= a[r].score);
        // the score is the inner product, not hnswlib's distance 1 - <q, x>
        CHECK(a[0].score == Approx(items.row(a[0].item).dot(queries.row(q))).margin(1e-5));
        recall += ann_recall_at_k(exact.search(queries.row(q).data(), 10), a, 10);
    }
    CHECK(recall / static_cast<double>(queries.rows()) >= 0.95);
}

TEST_CASE("a tiny ef_search loses recall that a large one recovers", "[ann]") {
    const Mat<float> items = random_unit_rows(4000, 48, 3);
    const Mat<float> queries = random_unit_rows(100, 48, 4);
    AnnIndexConfig c;
    c.M = 4;
    c.ef_construction = 20;
    AnnIndex ann(items, c);
    BruteForceIndex exact(items);
    auto mean_recall = [&](int ef) {
        ann.set_ef_search(ef);
        double s = 0;
        for (int q = 0; q < queries.rows(); ++q)
            s += ann_recall_at_k(exact.search(queries.row(q).data(), 50), ann.search(queries.row(q).data(), 50), 50);
        return s / static_cast<double>(queries.rows());
    };
    const double small = mean_recall(1), large = mean_recall(800);
    CHECK(small < 0.95);
    CHECK(large > small + 0.02);
    CHECK(large > 0.9);
}

TEST_CASE("ANN recall counts an exact tie with the K-th item as found", "[ann]") {
    const ScoredList exact{{1, 0.9f}, {2, 0.8f}, {3, 0.8f}};
    CHECK(ann_recall_at_k(exact, {{1, 0.9f}, {3, 0.8f}}, 2) == Approx(1.0));   // the other member of the tie
    CHECK(ann_recall_at_k(exact, {{1, 0.9f}, {7, 0.7f}}, 2) == Approx(0.5));   // a worse item
    CHECK(ann_recall_at_k(exact, {{1, 0.9f}}, 2) == Approx(0.5));              // a short list misses
    const RetrievalDifference d = compare_retrieval({{1, 0.9f}, {2, 0.8f}, {4, 0.7f}}, {{1, 0.9f}, {4, 0.7f}, {9, 0.6f}});
    CHECK(d.exact_found == std::vector<uint8_t>{1, 0, 1});
    CHECK(d.approximate_correct == std::vector<uint8_t>{1, 1, 0});
    CHECK(d.recall == Approx(2.0 / 3.0));
}

TEST_CASE("the retriever skips excluded items in both modes and they agree on a small catalogue", "[ann]") {
    const Mat<float> items = random_unit_rows(500, 16, 5);
    AnnIndexConfig c;
    c.ef_search = 500;
    ItemRetriever retriever(items, c);
    const Mat<float> q = random_unit_rows(1, 16, 6);
    const ScoredList all = retriever.retrieve(q.data(), 10, RetrievalMode::BruteForce);
    std::vector<int32_t> exclude{all[0].item, all[3].item};
    std::sort(exclude.begin(), exclude.end());
    for (RetrievalMode mode : {RetrievalMode::BruteForce, RetrievalMode::Ann}) {
        const ScoredList r = retriever.retrieve(q.data(), 10, mode, exclude);
        REQUIRE(r.size() == 10);
        for (const auto& s : r) CHECK_FALSE(std::binary_search(exclude.begin(), exclude.end(), s.item));
    }
    const RetrievalDifference d = retriever.compare(q.data(), 10, exclude);
    CHECK(d.recall == Approx(1.0));
}

TEST_CASE("index parameters are validated with the field named", "[ann]") {
    AnnIndexConfig c;
    c.M = 1;
    try {
        c.validate();
        FAIL("M = 1 accepted");
    } catch (const Error& e) {
        CHECK(e.where().field == "M");
    }
    c = AnnIndexConfig{};
    c.ef_search = 0;
    CHECK_THROWS_AS(c.validate(), Error);
    CHECK_THROWS_AS(AnnIndex(Mat<float>(0, 8), AnnIndexConfig{}), Error);
}

TEST_CASE("latency percentiles use the nearest rank", "[ann]") {
    std::vector<double> us;
    for (int i = 100; i >= 1; --i) us.push_back(i);
    const LatencySummary s = summarise_latency(us);
    CHECK(s.queries == 100);
    CHECK(s.p50_us == 50);
    CHECK(s.p99_us == 99);
    CHECK(s.max_us == 100);
    CHECK(s.mean_us == Approx(50.5));
}

TEST_CASE("on a trained synthetic model ANN recall@100 reaches 0.95 with the default index", "[ann]") {
    Trainer t = test::trained_for_serving(2000);
    std::vector<int32_t> users;
    for (int u = 0; u < 200; ++u) users.push_back(u * 7);
    ServingBenchConfig bc;
    bc.ks = {10, 100};
    bc.ef_search = {};  // the index's default ef_search
    bc.threads = 1;
    bc.brute_force_latency_queries = 20;
    const ServingBenchReport r = run_serving_benchmark(t.item_embeddings(), t.user_embeddings(users), AnnIndexConfig{}, bc);
    CHECK(r.items == 3000);
    CHECK(r.queries == 200);
    REQUIRE(r.points.size() == 2);
    CHECK(r.points[1].k == 100);
    CHECK(r.points[1].recall >= 0.95);
    CHECK(r.points[1].latency.p50_us > 0);
    REQUIRE(r.brute_force.size() == 2);
    CHECK(r.brute_force[1].queries == 20);
    CHECK(r.build_seconds > 0);
}

TEST_CASE("search from given entry points finds the exact answer on a small catalogue", "[ann]") {
    const Mat<float> items = random_unit_rows(800, 16, 7);
    AnnIndexConfig c;
    c.ef_search = 800;
    AnnIndex ann(items, c);
    BruteForceIndex exact(items);
    const Mat<float> q = random_unit_rows(1, 16, 8);
    const ScoredList r = ann.search_from(q.data(), 20, {3, 500, 3, 99999});  // a repeat and an unknown id are harmless
    const ScoredList truth = exact.search(q.data(), 20);
    REQUIRE(r.size() == 20);
    for (size_t i = 0; i < r.size(); ++i) CHECK(r[i].item == truth[i].item);
    CHECK(ann.search_from(q.data(), 5, {}).size() == 5);  // no entries: the ordinary search
}
