// Gradient of an embedding table, stored only for the rows a step touched. Adding to a row and
// clearing cost O(touched rows), never O(table rows): that keeps a step's cost flat in catalogue
// size (1M items cost what 5k do).
#pragma once

#include <cstdint>
#include <vector>

namespace towerlab {

template <typename S>
class SparseRowGradient {
public:
    void resize(int table_rows, int dim) {
        dim_ = dim;
        slot_.assign(static_cast<size_t>(table_rows), -1);
        rows_.clear();
        values_.clear();
    }
    int dim() const { return dim_; }

    // Pointer to row r's gradient (zeroed on first touch this step).
    S* row(int32_t r) {
        int32_t& s = slot_[static_cast<size_t>(r)];
        if (s < 0) {
            s = static_cast<int32_t>(rows_.size());
            rows_.push_back(r);
            values_.resize(values_.size() + static_cast<size_t>(dim_), S(0));
        }
        return values_.data() + static_cast<size_t>(s) * static_cast<size_t>(dim_);
    }
    const std::vector<int32_t>& touched_rows() const { return rows_; }
    const S* slot_values(size_t slot) const { return values_.data() + slot * static_cast<size_t>(dim_); }
    S* slot_values(size_t slot) { return values_.data() + slot * static_cast<size_t>(dim_); }

    void clear() {
        for (int32_t r : rows_) slot_[static_cast<size_t>(r)] = -1;
        rows_.clear();
        values_.clear();  // keeps capacity
    }

private:
    int dim_ = 0;
    std::vector<int32_t> slot_;  // table row -> slot in values_, -1 if untouched
    std::vector<int32_t> rows_;
    std::vector<S> values_;
};

}  // namespace towerlab
