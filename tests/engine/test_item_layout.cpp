// The item map's layouts (session/item_layout.h): PCA keeps the worker's places and only gets its
// faithfulness measured; UMAP and t-SNE lay the projected items out by their cosine neighbours,
// UMAP starts from its previous layout of the same run, and both stop when cancelled.
#include <catch2/catch.hpp>

#include <cmath>

#include "core/error.h"
#include "core/random.h"
#include "eval/neighbour_graph.h"
#include "session/item_layout.h"

using namespace towerlab;

namespace {

// 6 well-separated directions in 16-D, 50 noisy items around each: item i belongs to cluster i % 6.
Eigen::MatrixXf clustered_vectors() {
    Rng rng(5);
    std::normal_distribution<float> normal(0.0f, 1.0f);
    Eigen::MatrixXf centres(6, 16), v(300, 16);
    for (Eigen::Index r = 0; r < centres.rows(); ++r)
        for (Eigen::Index c = 0; c < centres.cols(); ++c) centres(r, c) = normal(rng);
    for (Eigen::Index i = 0; i < v.rows(); ++i)
        for (Eigen::Index c = 0; c < v.cols(); ++c) v(i, c) = centres(i % 6, c) + 0.15f * normal(rng);
    return v;
}

Split groups_of(int n) {
    Split s;
    s.item_group.resize(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) s.item_group[static_cast<size_t>(i)] = static_cast<ItemGroup>(i % 3);
    return s;
}

std::vector<int32_t> every_other(int n) {
    std::vector<int32_t> items;
    for (int i = 0; i < n; i += 2) items.push_back(i);
    return items;
}

}  // namespace

TEST_CASE("a PCA layout keeps the projection's places and measures them", "[layout][session]") {
    const Eigen::MatrixXf v = clustered_vectors();
    const Split split = groups_of(300);
    const std::vector<int32_t> items = every_other(300);
    std::vector<float> pca(items.size() * 2);
    for (size_t k = 0; k < items.size(); ++k) pca[2 * k] = v(items[k], 0), pca[2 * k + 1] = v(items[k], 1);
    ItemLayoutOptions o;
    o.neighbours = 10;
    const auto layout = compute_item_layout(v, items, split, LayoutMethod::Pca, pca, nullptr, 3, 40, o);
    REQUIRE(layout);
    CHECK(layout->xy == pca);
    CHECK(layout->items == items);
    CHECK(layout->run == 3);
    CHECK(layout->step == 40);
    CHECK(layout->faithfulness.k == 10);
    CHECK(layout->faithfulness.overall.queries == static_cast<int>(items.size()));
    REQUIRE(layout->faithfulness.per_group.size() == 3);
    CHECK(layout->faithfulness.per_group[0].queries + layout->faithfulness.per_group[1].queries +
              layout->faithfulness.per_group[2].queries ==
          static_cast<int>(items.size()));
    CHECK_THROWS(compute_item_layout(v, items, split, LayoutMethod::Pca, {1, 2}, nullptr, 3, 40, o));
}

TEST_CASE("UMAP and t-SNE lay the items out, refresh warm, and cancel", "[layout][session]") {
    const Eigen::MatrixXf v = clustered_vectors();
    const Split split = groups_of(300);
    const std::vector<int32_t> items = every_other(300);
    ItemLayoutOptions o;
    o.neighbours = 10;
    o.perplexity = 10;
    o.refresh_epochs = 7;
    o.refresh_iterations = 9;
    o.refresh_exaggerated_iterations = 4;
    for (LayoutMethod m : {LayoutMethod::Umap, LayoutMethod::Tsne}) {
        INFO(to_string(m));
        const auto first = compute_item_layout(v, items, split, m, {}, nullptr, 1, 100, o);
        REQUIRE(first);
        CHECK_FALSE(first->warm);
        REQUIRE(first->xy.size() == items.size() * 2);
        for (float c : first->xy) CHECK(std::isfinite(c));
        CHECK(first->faithfulness.overall.queries > 0);

        // A later step of the same run starts where the last layout left off, with the refresh's
        // own number of epochs or iterations.
        const auto next = compute_item_layout(v, items, split, m, {}, first.get(), 1, 200, o);
        REQUIRE(next);
        CHECK(next->warm);
        CHECK(next->epochs == (m == LayoutMethod::Umap ? 7 : 9));
        // Another run, or another method, starts from scratch.
        CHECK_FALSE(compute_item_layout(v, items, split, m, {}, first.get(), 2, 200, o)->warm);
        const LayoutMethod other = m == LayoutMethod::Umap ? LayoutMethod::Tsne : LayoutMethod::Umap;
        CHECK_FALSE(compute_item_layout(v, items, split, other, {}, first.get(), 1, 200, o)->warm);

        int calls = 0;
        const auto cancelled = compute_item_layout(v, items, split, m, {}, nullptr, 1, 100, o,
                                                   [&](const std::string&, int, int) { return ++calls < 3; });
        CHECK_FALSE(cancelled);
        CHECK(calls == 3);
    }
}

TEST_CASE("a warm UMAP refresh of the same items refines the kept graph, rebuilt once it drifted", "[layout][session]") {
    const Eigen::MatrixXf v = clustered_vectors();
    Eigen::MatrixXf later = v;
    later.row(4) = v.row(10);  // item 4 moves onto item 10, in its own cluster (i % 6)
    const Split split = groups_of(300);
    const std::vector<int32_t> items = every_other(300);
    ItemLayoutOptions o;
    o.neighbours = 10;
    o.refresh_epochs = 3;
    const auto first = compute_item_layout(v, items, split, LayoutMethod::Umap, {}, nullptr, 1, 100, o);
    REQUIRE(first);
    REQUIRE(first->graph);
    CHECK(first->graph->exact);  // 150 items: built exactly
    CHECK(first->graph_refinements == 0);
    CHECK(first->graph_recall == -1);

    const auto refreshed = compute_item_layout(later, items, split, LayoutMethod::Umap, {}, first.get(), 1, 101, o);
    REQUIRE(refreshed);
    REQUIRE(refreshed->graph);
    CHECK(refreshed->warm);
    CHECK(refreshed->graph_refinements == 1);
    CHECK_FALSE(refreshed->graph->exact);
    CHECK(refreshed->graph_recall >= 0);
    CHECK(refreshed->graph_recall <= 1);
    // Item 4 (row 2 of the layout) now lies on item 10 (row 5): the refined graph found it.
    CHECK(refreshed->graph->neighbour(2, 0) == 5);

    // A refined graph whose measured recall is under the bar is rebuilt at the next refresh, and
    // the one after refines again.
    ItemLayoutOptions strict = o;
    strict.graph_min_recall = 2;  // no measured recall reaches it
    const auto rebuilt = compute_item_layout(later, items, split, LayoutMethod::Umap, {}, refreshed.get(), 1, 102, strict);
    REQUIRE(rebuilt);
    CHECK(rebuilt->warm);
    CHECK(rebuilt->graph_refinements == 0);
    CHECK(rebuilt->graph->exact);
    CHECK(rebuilt->graph_recall == -1);
    const auto again = compute_item_layout(later, items, split, LayoutMethod::Umap, {}, rebuilt.get(), 1, 103, strict);
    CHECK(again->graph_refinements == 1);

    // Other items, or t-SNE: no graph to refine from, built in full.
    const std::vector<int32_t> others(items.begin() + 1, items.end());
    const auto other = compute_item_layout(later, others, split, LayoutMethod::Umap, {}, first.get(), 1, 200, o);
    CHECK(other->graph_refinements == 0);
    CHECK(other->graph->exact);
    CHECK_FALSE(compute_item_layout(v, items, split, LayoutMethod::Tsne, {}, nullptr, 1, 100, o)->graph);
}

// The user map's points are rows of their own matrix (the sampled users' vectors), with ids and
// groups of their own; PCA then comes from their principal plane, and a refresh keeps its axes'
// signs so the picture does not flip.
TEST_CASE("a map of other points: rows, ids and groups of its own; PCA on their plane keeps its sign", "[layout][session]") {
    const Eigen::MatrixXf all = clustered_vectors();
    MapPoints p;
    p.subject = MapSubject::Users;
    p.vectors = std::make_shared<const Eigen::MatrixXf>(all.topRows(120));
    for (int k = 0; k < 120; ++k) {
        p.rows.push_back(k);
        p.ids.push_back(1000 + 3 * k);   // user ids, not rows
        p.groups.push_back(k % 5);       // five click buckets
    }
    ItemLayoutOptions o;
    o.neighbours = 10;
    const auto first = compute_map_layout(p, LayoutMethod::Pca, {}, nullptr, 2, 10, o);
    REQUIRE(first);
    CHECK(first->subject == MapSubject::Users);
    CHECK(first->items == p.ids);
    CHECK(first->xy == principal_plane(Mat<float>(all.topRows(120))));
    CHECK(first->faithfulness.per_group.size() == 5);

    // The same points with every vector's sign reversed: the same plane, its axes flipped; the
    // refresh turns them back to agree with the first picture.
    MapPoints flipped = p;
    flipped.vectors = std::make_shared<const Eigen::MatrixXf>(-all.topRows(120));
    const auto next = compute_map_layout(flipped, LayoutMethod::Pca, {}, first.get(), 2, 20, o);
    REQUIRE(next);
    CHECK(next->warm);
    for (size_t i = 0; i < first->xy.size(); ++i) CHECK(next->xy[i] == Approx(first->xy[i]).margin(1e-4));
    // Another run starts afresh.
    CHECK_FALSE(compute_map_layout(flipped, LayoutMethod::Pca, {}, first.get(), 3, 20, o)->warm);

    const auto umap = compute_map_layout(p, LayoutMethod::Umap, {}, nullptr, 2, 10, o);
    REQUIRE(umap);
    CHECK(umap->xy.size() == 240);
    CHECK(umap->faithfulness.overall.queries == 120);

    MapPoints bad = p;
    bad.groups.pop_back();
    CHECK_THROWS_AS(compute_map_layout(bad, LayoutMethod::Umap, {}, nullptr, 2, 10, o), Error);
    bad = p;
    bad.rows[3] = 500;
    CHECK_THROWS_AS(compute_map_layout(bad, LayoutMethod::Umap, {}, nullptr, 2, 10, o), Error);
}

TEST_CASE("the user map's points: a row per sampled user, in order, grouped by training clicks", "[layout][session]") {
    Split split;
    split.user_train_items = {{}, {1}, {1, 2, 3}, std::vector<int32_t>(10, 4), std::vector<int32_t>(30, 5)};
    const std::vector<int32_t> users{4, 0, 2};
    auto vectors = std::make_shared<const Eigen::MatrixXf>(Eigen::MatrixXf::Random(3, 8));
    const MapPoints p = user_map_points(vectors, users, split);
    CHECK(p.subject == MapSubject::Users);
    CHECK(p.vectors == vectors);
    CHECK(p.ids == users);
    CHECK(p.rows == std::vector<int32_t>{0, 1, 2});
    CHECK(p.groups == std::vector<int>{click_bucket(30), click_bucket(0), click_bucket(3)});
    CHECK(p.groups == std::vector<int>{4, 0, 2});
}
