#include "serving/query_routing.h"

#include <algorithm>
#include <chrono>

#include "core/error.h"

namespace towerlab {

void QueryRoutingConfig::validate() const {
    auto need = [](bool ok, const char* field, const char* what) {
        if (!ok) throw Error(ErrorContext{"", 0, field}, what);
    };
    need(bridges >= 1, "bridges", "must be at least 1");
    need(neighbours >= 1, "neighbours", "must be at least 1");
    need(entries_per_bridge >= 1, "entries_per_bridge", "must be at least 1");
}

QueryRouter::QueryRouter(const Mat<float>& bridge_queries, const BruteForceIndex& items, const QueryRoutingConfig& config,
                         int threads)
    : config_(config) {
    config_.validate();
    if (bridge_queries.rows() == 0) throw Error(ErrorContext{"", 0, "bridge_queries"}, "routing needs at least one training query");
    if (bridge_queries.cols() != items.dim())
        throw Error(ErrorContext{"", 0, "bridge_queries"}, "bridge queries have " + std::to_string(bridge_queries.cols()) +
                                                               " dimensions, items " + std::to_string(items.dim()));
    const auto t0 = std::chrono::steady_clock::now();
    // Keep an evenly spaced subset when more bridges are given than wanted (the caller samples).
    const Eigen::Index n = std::min<Eigen::Index>(bridge_queries.rows(), config_.bridges);
    Mat<float> kept(n, bridge_queries.cols());
    for (Eigen::Index r = 0; r < n; ++r) kept.row(r) = bridge_queries.row(r * bridge_queries.rows() / n);
    const std::vector<ScoredList> top = items.search_batch(kept, config_.entries_per_bridge, threads);
    entries_.resize(top.size());
    for (size_t b = 0; b < top.size(); ++b)
        for (const ScoredItem& s : top[b]) entries_[b].push_back(s.item);
    bridges_ = BruteForceIndex(std::move(kept));
    build_seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

std::vector<int32_t> QueryRouter::entry_items(const float* query) const {
    std::vector<int32_t> out;
    out.reserve(static_cast<size_t>(config_.neighbours) * static_cast<size_t>(config_.entries_per_bridge));
    for (const ScoredItem& b : bridges_.search(query, config_.neighbours))
        out.insert(out.end(), entries_[static_cast<size_t>(b.item)].begin(), entries_[static_cast<size_t>(b.item)].end());
    return out;
}

}  // namespace towerlab
