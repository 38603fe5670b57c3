// What a user should see of their data before training (the app's dataset view): sizes and
// sparsity, the clicks-per-item curve with the head / long-tail cut and the cold items, the share
// of clicks the head takes, items per click bucket, and each field's vocabulary and missing share.
// Everything is counted from the split's training clicks, as the model sees them.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "data/dataset.h"
#include "data/split.h"

namespace towerlab {

struct FieldProfile {
    std::string name;
    int vocabulary = 0;        // the field's cardinality (values besides "missing")
    int values_used = 0;       // distinct values that occur
    double missing_share = 0;  // rows whose value is "missing"
    double mean_values = 0;    // values per row (above 1 for multi-valued fields)
};

struct DatasetProfile {
    int users = 0, items = 0;
    long positives = 0, train_clicks = 0;
    double sparsity = 0;                 // 1 - positives / (users x items)
    // Items with training clicks, most clicked first: clicks[r] for rank r + 1 (log-log curve).
    std::vector<float> clicks_by_rank;
    int num_head = 0, num_tail = 0, num_cold = 0;  // the head is ranks 1..num_head
    double head_click_share = 0;         // share of training clicks on head items
    std::array<int, kNumClickBuckets> items_by_bucket{};  // items per click_bucket()
    std::vector<FieldProfile> item_fields, user_fields;
};

DatasetProfile profile_dataset(const Dataset& data, const Split& split);

}  // namespace towerlab
