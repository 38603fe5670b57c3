#include "data/feature_schema.h"

#include <algorithm>

#include "core/error.h"

namespace towerlab {

const char* to_string(FieldKind kind) {
    switch (kind) {
        case FieldKind::Id: return "id";
        case FieldKind::Categorical: return "categorical";
        case FieldKind::MultiCategorical: return "multi_categorical";
        case FieldKind::Bucketized: return "bucketized";
    }
    return "?";
}

FieldKind field_kind_from_string(const std::string& s) {
    if (s == "id") return FieldKind::Id;
    if (s == "categorical") return FieldKind::Categorical;
    if (s == "multi_categorical") return FieldKind::MultiCategorical;
    if (s == "bucketized") return FieldKind::Bucketized;
    throw Error("unknown field kind '" + s +
                "' (expected id, categorical, multi_categorical or bucketized)");
}

std::string FieldSpec::value_name(int32_t v) const {
    if (v == kMissingValue) return "missing";
    if (v > 0 && static_cast<size_t>(v) <= value_names.size()) return value_names[static_cast<size_t>(v) - 1];
    return "#" + std::to_string(v);
}

FeatureTable::FeatureTable(std::vector<FieldSpec> fields)
    : fields_(std::move(fields)), columns_(fields_.size()) {}

int FeatureTable::field_index(const std::string& name) const {
    for (size_t f = 0; f < fields_.size(); ++f)
        if (fields_[f].name == name) return static_cast<int>(f);
    return -1;
}

int FeatureTable::id_field() const {
    for (size_t f = 0; f < fields_.size(); ++f)
        if (fields_[f].kind == FieldKind::Id) return static_cast<int>(f);
    return -1;
}

void FeatureTable::reserve(int rows) {
    for (auto& c : columns_) {
        c.offsets.reserve(static_cast<size_t>(rows) + 1);
        c.values.reserve(static_cast<size_t>(rows));
    }
}

void FeatureTable::add_row(const std::vector<std::vector<int32_t>>& values) {
    if (values.size() != fields_.size())
        throw Error("FeatureTable::add_row: expected " + std::to_string(fields_.size()) +
                    " fields, got " + std::to_string(values.size()));
    for (size_t f = 0; f < fields_.size(); ++f) {
        const FieldSpec& spec = fields_[f];
        FeatureColumn& col = columns_[f];
        const auto& vs = values[f];
        if (spec.kind != FieldKind::MultiCategorical && vs.size() > 1)
            throw Error(ErrorContext{"", 0, spec.name}, "single-valued field given several values");
        if (vs.empty()) {
            col.values.push_back(kMissingValue);
        } else {
            for (int32_t v : vs) {
                if (v < 0 || v > spec.cardinality)
                    throw Error(ErrorContext{"", 0, spec.name},
                                "value " + std::to_string(v) + " outside 0.." +
                                    std::to_string(spec.cardinality));
                col.values.push_back(v);
            }
        }
        col.offsets.push_back(static_cast<int32_t>(col.values.size()));
    }
    ++num_rows_;
}

}  // namespace towerlab
