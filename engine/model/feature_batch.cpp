#include "model/feature_batch.h"

#include <string>

#include "core/error.h"

namespace towerlab {

void FeatureBatch::reset(int num_fields) {
    rows = 0;
    columns.resize(static_cast<size_t>(num_fields));
    for (auto& c : columns) {
        c.offsets.clear();
        c.offsets.push_back(0);
        c.values.clear();
    }
}

void FeatureBatch::push(int field, const int32_t* begin, const int32_t* end) {
    auto& v = columns[static_cast<size_t>(field)].values;
    v.insert(v.end(), begin, end);
}

void FeatureBatch::push_value(int field, int32_t value) { columns[static_cast<size_t>(field)].values.push_back(value); }

void FeatureBatch::end_row() {
    for (auto& c : columns) {
        if (static_cast<int32_t>(c.values.size()) == c.offsets.back()) c.values.push_back(kMissingValue);
        c.offsets.push_back(static_cast<int32_t>(c.values.size()));
    }
    ++rows;
}

void FeatureBatch::gather(const FeatureTable& table, const int32_t* entities, int n,
                          const std::vector<uint8_t>* id_missing) {
    const int nf = table.num_fields();
    reset(nf);
    const int id_field = id_missing ? table.id_field() : -1;
    for (int f = 0; f < nf; ++f) {
        auto& col = columns[static_cast<size_t>(f)];
        col.offsets.reserve(static_cast<size_t>(n) + 1);
        for (int r = 0; r < n; ++r) {
            const int e = entities[r];
            if (f == id_field && (*id_missing)[static_cast<size_t>(e)]) {
                col.values.push_back(kMissingValue);
            } else {
                auto vs = table.values(e, f);
                col.values.insert(col.values.end(), vs.begin(), vs.end());
            }
            col.offsets.push_back(static_cast<int32_t>(col.values.size()));
        }
    }
    rows = n;
}

void FeatureBatch::set_missing(int field, int row) {
    FeatureColumn& c = columns[static_cast<size_t>(field)];
    const int32_t at = c.offsets[static_cast<size_t>(row)];
    if (c.offsets[static_cast<size_t>(row) + 1] != at + 1)
        throw Error("FeatureBatch::set_missing: field " + std::to_string(field) + " of row " + std::to_string(row) +
                    " does not hold exactly one value");
    c.values[static_cast<size_t>(at)] = kMissingValue;
}

void FeatureBatch::clear_field(int field) {
    FeatureColumn& c = columns[static_cast<size_t>(field)];
    c.values.assign(static_cast<size_t>(rows), kMissingValue);
    c.offsets.resize(static_cast<size_t>(rows) + 1);
    for (int r = 0; r <= rows; ++r) c.offsets[static_cast<size_t>(r)] = r;
}

void FeatureBatch::append(const FeatureBatch& other) {
    if (other.columns.size() != columns.size())
        throw Error("FeatureBatch::append: " + std::to_string(other.columns.size()) + " fields onto " + std::to_string(columns.size()));
    for (size_t f = 0; f < columns.size(); ++f) {
        FeatureColumn& c = columns[f];
        const FeatureColumn& o = other.columns[f];
        const int32_t base = static_cast<int32_t>(c.values.size());
        c.values.insert(c.values.end(), o.values.begin(), o.values.end());
        for (size_t r = 1; r < o.offsets.size(); ++r) c.offsets.push_back(base + o.offsets[r]);
    }
    rows += other.rows;
}

}  // namespace towerlab
