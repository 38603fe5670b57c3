#include "export/imported_catalogue.h"

#include <algorithm>
#include <numeric>

#include "core/error.h"
#include "core/random.h"
#include "eval/pca_projection.h"

namespace towerlab {

ImportedCatalogue::ImportedCatalogue(ImportedEmbeddings embeddings, double head_share)
    : e_(std::move(embeddings)), exact_(e_.vectors) {
    if (!(head_share > 0 && head_share < 1)) throw Error(ErrorContext{"", 0, "head_share"}, "must be in (0, 1)");
    if (e_.has_clicks()) {
        // As split.h does for training clicks: head = the top share of the items that have clicks.
        std::vector<int32_t> warm;
        for (int i = 0; i < size(); ++i)
            if (e_.clicks[static_cast<size_t>(i)] > 0) warm.push_back(i);
        std::stable_sort(warm.begin(), warm.end(),
                         [&](int32_t a, int32_t b) { return e_.clicks[static_cast<size_t>(a)] > e_.clicks[static_cast<size_t>(b)]; });
        group_.assign(static_cast<size_t>(size()), ItemGroup::Cold);
        const size_t n_head = warm.empty() ? 0 : std::max<size_t>(1, static_cast<size_t>(head_share * static_cast<double>(warm.size()) + 0.5));
        for (size_t r = 0; r < warm.size(); ++r) group_[static_cast<size_t>(warm[r])] = r < n_head ? ItemGroup::Head : ItemGroup::Tail;
        for (ItemGroup g : group_) (g == ItemGroup::Head ? num_head : g == ItemGroup::Tail ? num_tail : num_cold)++;
    }
    mi_ = compute_mutual_information(e_.fields);
}

int ImportedCatalogue::find(const std::string& id) const {
    const auto it = std::find(e_.item_ids.begin(), e_.item_ids.end(), id);
    return it == e_.item_ids.end() ? -1 : static_cast<int>(it - e_.item_ids.begin());
}

CatalogueProjection ImportedCatalogue::projection(int max_points, uint64_t seed) const {
    CatalogueProjection p;
    std::vector<int32_t> items(static_cast<size_t>(size()));
    std::iota(items.begin(), items.end(), 0);
    if (max_points > 0 && size() > max_points) {
        Rng rng(seed);
        std::shuffle(items.begin(), items.end(), rng);
        items.resize(static_cast<size_t>(max_points));
        std::sort(items.begin(), items.end());
    }
    // The principal axes of the sampled points, pinned by sign (eval/pca_projection.h).
    const PcaFrame frame = pca_frame(e_.vectors, items);
    p.explained[0] = frame.explained[0];
    p.explained[1] = frame.explained[1];
    p.items = items;
    p.xy = pca_project(e_.vectors, items, frame);
    if (has_popularity())
        for (int32_t item : items) {
            p.clicks.push_back(e_.clicks[static_cast<size_t>(item)]);
            p.group.push_back(group(item));
        }
    return p;
}

ScoredList ImportedCatalogue::neighbours(int item, int k) const {
    if (item < 0 || item >= size()) throw Error(ErrorContext{"", 0, "item"}, "no item " + std::to_string(item));
    ScoredList all = exact_.search(e_.vectors.row(item).data(), k + 1);
    all.erase(std::remove_if(all.begin(), all.end(), [&](const ScoredItem& s) { return s.item == item; }), all.end());
    if (static_cast<int>(all.size()) > k) all.resize(static_cast<size_t>(k));
    return all;
}

ServingBenchReport ImportedCatalogue::ann_recall(const AnnIndexConfig& index, const ServingBenchConfig& bench, int queries,
                                                 uint64_t seed) const {
    const int q = std::max(1, std::min(queries, size()));
    std::vector<int32_t> rows(static_cast<size_t>(size()));
    std::iota(rows.begin(), rows.end(), 0);
    Rng rng(seed);
    std::shuffle(rows.begin(), rows.end(), rng);
    Mat<float> query(q, e_.vectors.cols());
    for (int r = 0; r < q; ++r) query.row(r) = e_.vectors.row(rows[static_cast<size_t>(r)]);
    return run_serving_benchmark(e_.vectors, query, index, bench);
}

}  // namespace towerlab
