// Feature fields of one side (user or item) of the two-tower model.
//
// Every categorical field reserves value 0 for "missing": an unknown value in real data and the
// value that self-supervised masking substitutes, so both share one learned embedding row.
// Real values are 1..cardinality. A continuous value reaches the model as a bucket index
// (see binning.h), i.e. it is a categorical field of kind Bucketized.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace towerlab {

enum class FieldKind {
    Id,                // the entity's own id: one value, cardinality = number of entities
    Categorical,       // one value out of a vocabulary (gender, region)
    MultiCategorical,  // a set of values, mean-pooled (genres, keywords)
    Bucketized,        // a continuous value cut into buckets (price, year, audience share)
};

const char* to_string(FieldKind kind);
FieldKind field_kind_from_string(const std::string& s);  // throws Error on unknown names

inline constexpr int32_t kMissingValue = 0;

struct FieldSpec {
    std::string name;
    FieldKind kind = FieldKind::Categorical;
    int cardinality = 0;                    // number of real values; table rows = cardinality + 1
    int embedding_dim = 8;                  // width of this field's embedding
    std::vector<std::string> value_names;   // optional display names, index v-1 for value v
    std::vector<double> bucket_edges;       // Bucketized only: upper edges of buckets 1..n-1

    int table_rows() const { return cardinality + 1; }
    std::string value_name(int32_t v) const;  // "missing" for 0, the name or "#v" otherwise
};

// Feature values of every entity of one side, stored per field in compressed rows: entity r's
// values of field f are values[offsets[r] .. offsets[r+1]). Single-valued fields hold exactly one
// value per entity; a multi-valued field with an empty set holds the single value kMissingValue.
struct FeatureColumn {
    std::vector<int32_t> offsets{0};
    std::vector<int32_t> values;
};

class FeatureTable {
public:
    FeatureTable() = default;
    explicit FeatureTable(std::vector<FieldSpec> fields);

    const std::vector<FieldSpec>& fields() const { return fields_; }
    std::vector<FieldSpec>& mutable_fields() { return fields_; }
    int num_fields() const { return static_cast<int>(fields_.size()); }
    int num_rows() const { return num_rows_; }
    int field_index(const std::string& name) const;  // -1 if absent
    int id_field() const;                            // index of the Id field, -1 if none

    // Appends one entity; values[f] are field f's values (empty = missing).
    void add_row(const std::vector<std::vector<int32_t>>& values);

    struct Values {
        const int32_t* begin_;
        const int32_t* end_;
        const int32_t* begin() const { return begin_; }
        const int32_t* end() const { return end_; }
        int size() const { return static_cast<int>(end_ - begin_); }
        int32_t operator[](int i) const { return begin_[i]; }
    };
    Values values(int row, int field) const {
        const FeatureColumn& c = columns_[static_cast<size_t>(field)];
        return {c.values.data() + c.offsets[static_cast<size_t>(row)],
                c.values.data() + c.offsets[static_cast<size_t>(row) + 1]};
    }
    int32_t value(int row, int field) const { return values(row, field)[0]; }

    const FeatureColumn& column(int field) const { return columns_[static_cast<size_t>(field)]; }
    void reserve(int rows);

private:
    std::vector<FieldSpec> fields_;
    std::vector<FeatureColumn> columns_;
    int num_rows_ = 0;
};

}  // namespace towerlab
