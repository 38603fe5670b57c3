#include "serving/ann_index.h"

#include <algorithm>
#include <chrono>
#include <functional>
#include <queue>

#include <hnswlib.h>
#include <omp.h>

#include "core/error.h"
#include "core/thread_count.h"

namespace towerlab {

void AnnIndexConfig::validate() const {
    auto need = [](bool ok, const char* field, const char* what) {
        if (!ok) throw Error(ErrorContext{"", 0, field}, what);
    };
    need(M >= 2 && M <= 1024, "M", "must be in 2..1024");
    need(ef_construction >= 1 && ef_construction <= 100000, "ef_construction", "must be in 1..100000");
    need(ef_search >= 1 && ef_search <= 100000, "ef_search", "must be in 1..100000");
    need(threads >= 1 && threads <= 1024, "threads", "must be in 1..1024");
}

struct AnnIndex::Graph {
    hnswlib::InnerProductSpace space;
    hnswlib::HierarchicalNSW<float> hnsw;
    int dim;
    Graph(int d, size_t n, const AnnIndexConfig& c)
        : space(static_cast<size_t>(d)),
          hnsw(&space, n, static_cast<size_t>(c.M), static_cast<size_t>(c.ef_construction), static_cast<size_t>(c.seed)),
          dim(d) {}
};

AnnIndex::AnnIndex(const Mat<float>& items, const AnnIndexConfig& config) : config_(config) {
    config_.validate();
    if (items.rows() == 0 || items.cols() == 0)
        throw Error(ErrorContext{"", 0, "item_vectors"}, "an index needs at least one item and one dimension");
    const auto t0 = std::chrono::steady_clock::now();
    const size_t n = static_cast<size_t>(items.rows());
    graph_ = std::make_unique<Graph>(static_cast<int>(items.cols()), n, config_);
    auto& hnsw = graph_->hnsw;
    // hnswlib's addPoint locks per node, so insertion runs in parallel. The first point is added
    // alone: it becomes the entry point every later insertion starts from. (hnswlib 0.6.2 draws
    // each node's level from one unguarded generator, so parallel inserts race on its state; the
    // levels stay random and the index correct; docs/reliability.md, ThreadSanitizer.)
    hnsw.addPoint(items.row(0).data(), 0);
#pragma omp parallel for num_threads(omp_threads(config_.threads)) schedule(dynamic, 256)
    for (long i = 1; i < static_cast<long>(n); ++i) hnsw.addPoint(items.row(i).data(), static_cast<size_t>(i));
    hnsw.setEf(static_cast<size_t>(config_.ef_search));
    build_seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

AnnIndex::~AnnIndex() = default;
AnnIndex::AnnIndex(AnnIndex&&) noexcept = default;
AnnIndex& AnnIndex::operator=(AnnIndex&&) noexcept = default;

ScoredList AnnIndex::search(const float* query, int k) const {
    ScoredList out;
    if (k <= 0) return out;
    auto heap = graph_->hnsw.searchKnn(query, static_cast<size_t>(k));  // worst on top
    out.resize(heap.size());
    for (size_t r = heap.size(); r-- > 0;) {
        out[r] = {static_cast<int32_t>(heap.top().second), 1.0f - heap.top().first};
        heap.pop();
    }
    return out;
}

ScoredList AnnIndex::search_from(const float* query, int k, const std::vector<int32_t>& entry_items) const {
    if (entry_items.empty()) return search(query, k);
    ScoredList out;
    if (k <= 0) return out;
    const auto& h = graph_->hnsw;
    const size_t ef = std::max(static_cast<size_t>(config_.ef_search), static_cast<size_t>(k));
    using Hit = std::pair<float, hnswlib::tableint>;  // (distance 1 - <q, x>, internal id)
    std::priority_queue<Hit> best;                                           // worst on top, at most ef
    std::priority_queue<Hit, std::vector<Hit>, std::greater<Hit>> frontier;  // closest first
    hnswlib::VisitedList* visited = h.visited_list_pool_->getFreeVisitedList();
    const auto tag = visited->curV;
    auto visit = [&](hnswlib::tableint id) {
        if (visited->mass[id] == tag) return;
        visited->mass[id] = tag;
        const float d = h.fstdistfunc_(query, h.getDataByInternalId(id), h.dist_func_param_);
        if (best.size() < ef || d < best.top().first) {
            frontier.emplace(d, id);
            best.emplace(d, id);
            if (best.size() > ef) best.pop();
        }
    };
    for (int32_t item : entry_items) {
        const auto it = h.label_lookup_.find(static_cast<hnswlib::labeltype>(item));
        if (it != h.label_lookup_.end()) visit(it->second);
    }
    // Best-first expansion over layer 0, stopping when the closest unexpanded node is worse than
    // the ef-th best found (hnswlib's searchBaseLayerST with several entry points).
    while (!frontier.empty()) {
        const Hit current = frontier.top();
        if (best.size() >= ef && current.first > best.top().first) break;
        frontier.pop();
        hnswlib::linklistsizeint* links = h.get_linklist0(current.second);
        const size_t n = h.getListCount(links);
        const auto* neighbours = reinterpret_cast<const hnswlib::tableint*>(links + 1);
        for (size_t j = 0; j < n; ++j) visit(neighbours[j]);
    }
    h.visited_list_pool_->releaseVisitedList(visited);
    while (best.size() > static_cast<size_t>(k)) best.pop();
    out.resize(best.size());
    for (size_t r = best.size(); r-- > 0;) {
        out[r] = {static_cast<int32_t>(h.getExternalLabel(best.top().second)), 1.0f - best.top().first};
        best.pop();
    }
    return out;
}

void AnnIndex::set_ef_search(int ef) {
    if (ef < 1) throw Error(ErrorContext{"", 0, "ef_search"}, "must be at least 1");
    config_.ef_search = ef;
    graph_->hnsw.setEf(static_cast<size_t>(ef));
}

int AnnIndex::size() const { return static_cast<int>(graph_->hnsw.cur_element_count); }
int AnnIndex::dim() const { return graph_->dim; }

size_t AnnIndex::memory_bytes() const {
    const auto& h = graph_->hnsw;
    size_t upper = 0;  // links of the upper layers, allocated per node with a level above 0
    for (size_t i = 0; i < h.cur_element_count; ++i)
        if (h.element_levels_[i] > 0) upper += h.size_links_per_element_ * static_cast<size_t>(h.element_levels_[i]);
    return h.cur_element_count * h.size_data_per_element_ + upper;
}

}  // namespace towerlab
