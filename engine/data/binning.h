// Binning: how a continuous value (a release year, a price, a share of female raters) becomes the
// bucket index of a Bucketized field.
//
// Edges e_1 < e_2 < ... < e_{n-1} cut the line into n buckets; edges are exclusive upper bounds:
//   bucket(x) = 1 + #{ k : e_k <= x }      so x < e_1 -> 1, e_1 <= x < e_2 -> 2, ..., x >= e_{n-1} -> n
// Value 0 stays "missing" (kMissingValue), the value for a NaN or an absent x.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace towerlab {

// 1..edges.size()+1 for a finite x; kMissingValue (0) for NaN.
int32_t bucket_of(double x, const std::vector<double>& edges);

// Empty string if edges are finite and strictly increasing, else what is wrong with them.
std::string check_bucket_edges(const std::vector<double>& edges);

// Edges at the k/n quantiles of `values` (NaN ignored), duplicates merged, so a column with many
// equal values gets fewer than n buckets rather than empty ones.
std::vector<double> quantile_edges(std::vector<double> values, int buckets);
// Edges cutting [min, max] of `values` (NaN ignored) into n equal widths.
std::vector<double> uniform_edges(const std::vector<double>& values, int buckets);

// Display names of the buckets: "<10", "[10, 20)", ">=100" ("all" when there are no edges).
std::vector<std::string> bucket_names(const std::vector<double>& edges);

}  // namespace towerlab
