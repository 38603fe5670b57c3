// The feature values of a batch of entities, as one tower consumes them: per field, compressed
// rows (values of row r are values[offsets[r] .. offsets[r+1])). Gathered from a FeatureTable and,
// for self-supervision, rewritten by an augmentation (masked fields become the single "missing"
// value 0; dropout removes values of multi-valued fields).
#pragma once

#include <cstdint>
#include <vector>

#include "data/feature_schema.h"

namespace towerlab {

struct FeatureBatch {
    int rows = 0;
    std::vector<FeatureColumn> columns;

    int num_fields() const { return static_cast<int>(columns.size()); }
    FeatureTable::Values values(int row, int field) const {
        const FeatureColumn& c = columns[static_cast<size_t>(field)];
        return {c.values.data() + c.offsets[static_cast<size_t>(row)],
                c.values.data() + c.offsets[static_cast<size_t>(row) + 1]};
    }

    // Clears to `num_fields` empty columns, keeping capacity (no allocation in a warm step).
    void reset(int num_fields);
    // Appends values for `field` of the row being built; call end_row() after all fields.
    void push(int field, const int32_t* begin, const int32_t* end);
    void push_value(int field, int32_t v);
    void end_row();

    // Rows `entities` of `table`. If `id_missing` is non-null, entity e gets ID = missing where
    // id_missing[e] is set (cold items served without their untrained ID row).
    void gather(const FeatureTable& table, const int32_t* entities, int n,
                const std::vector<uint8_t>* id_missing = nullptr);
    // Sets single-valued `field` of `row` to the "missing" value (ID dropout). The field must hold
    // exactly one value per row, as an ID field does.
    void set_missing(int field, int row);
    // Every row of `field` becomes the single "missing" value (an item tower without that field).
    void clear_field(int field);
    // Appends every row of `other` (same fields): one batch for several passes of a tower.
    void append(const FeatureBatch& other);
};

}  // namespace towerlab
