// EvalReport as JSON (for --json and files) and as a plain-text table (for the terminal).
#pragma once

#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "eval/retrieval_metrics.h"

namespace towerlab {

nlohmann::json to_json(const EvalReport& report);

// One row per (name, report): Recall@K and NDCG@K overall / head / long-tail / cold, coverage,
// head share of top-K; group sizes in the header.
void print_report_table(std::ostream& out, const std::vector<std::pair<std::string, EvalReport>>& rows, int k);

// Recall@K by the target's training clicks (click buckets), with the test users of each bucket.
void print_bucket_table(std::ostream& out, const std::vector<std::pair<std::string, EvalReport>>& rows, int k);

}  // namespace towerlab
