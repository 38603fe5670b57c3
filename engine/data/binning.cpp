#include "data/binning.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "data/feature_schema.h"

namespace towerlab {

int32_t bucket_of(double x, const std::vector<double>& edges) {
    if (std::isnan(x)) return kMissingValue;
    return 1 + static_cast<int32_t>(std::upper_bound(edges.begin(), edges.end(), x) - edges.begin());
}

std::string check_bucket_edges(const std::vector<double>& edges) {
    for (size_t k = 0; k < edges.size(); ++k) {
        if (!std::isfinite(edges[k])) return "edge " + std::to_string(k) + " is not a finite number";
        if (k > 0 && !(edges[k] > edges[k - 1])) return "edges must be strictly increasing";
    }
    return {};
}

std::vector<double> quantile_edges(std::vector<double> values, int buckets) {
    values.erase(std::remove_if(values.begin(), values.end(), [](double v) { return std::isnan(v); }), values.end());
    std::vector<double> edges;
    if (values.empty() || buckets < 2) return edges;
    std::sort(values.begin(), values.end());
    const size_t n = values.size();
    for (int k = 1; k < buckets; ++k) {
        const double e = values[std::min(n - 1, static_cast<size_t>(static_cast<double>(n) * k / buckets))];
        // an edge equal to the minimum would leave bucket 1 empty
        if (e > values.front() && (edges.empty() || e > edges.back())) edges.push_back(e);
    }
    return edges;
}

std::vector<double> uniform_edges(const std::vector<double>& values, int buckets) {
    double lo = INFINITY, hi = -INFINITY;
    for (double v : values)
        if (!std::isnan(v)) { lo = std::min(lo, v); hi = std::max(hi, v); }
    std::vector<double> edges;
    if (!(hi > lo) || buckets < 2) return edges;
    for (int k = 1; k < buckets; ++k) edges.push_back(lo + (hi - lo) * k / buckets);
    return edges;
}

std::vector<std::string> bucket_names(const std::vector<double>& edges) {
    auto num = [](double v) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%g", v);
        return std::string(buf);
    };
    std::vector<std::string> names;
    if (edges.empty()) return {"all"};
    names.push_back("<" + num(edges.front()));
    for (size_t k = 1; k < edges.size(); ++k) names.push_back("[" + num(edges[k - 1]) + ", " + num(edges[k]) + ")");
    names.push_back(">=" + num(edges.back()));
    return names;
}

}  // namespace towerlab
