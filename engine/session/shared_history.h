// The loss curve of a run, shared between the training worker and every snapshot it publishes.
//
// A snapshot is published up to 20 times a second, and copying a million-step curve each time
// would cost a core. Here the points live in chunks of kChunk: a snapshot's copy shares every chunk
// (copying kChunk-th as many pointers as there are points), and the worker, the only writer,
// clones the last chunk before appending to it whenever a snapshot still holds it. So a published
// history never changes, and publishing costs O(points / kChunk + kChunk).
#pragma once

#include <cstddef>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <vector>

namespace towerlab {

struct LossPoint {
    long step = 0;
    float main = 0;           // L_main
    float self_weighted = 0;  // alpha * L_self
    float total = 0;
};

class LossHistory {
public:
    static constexpr size_t kChunk = 4096;

    LossHistory() = default;
    LossHistory(std::initializer_list<LossPoint> points) {
        for (const LossPoint& p : points) push_back(p);
    }

    // Worker side: the only thread that appends or clears a given history.
    void push_back(const LossPoint& p);
    void clear() { chunks_.clear(); size_ = 0; }
    // Drops the points after `step` (a restore to the last good parameters).
    void truncate_after(long step);

    size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    const LossPoint& operator[](size_t i) const { return (*chunks_[i / kChunk])[i % kChunk]; }
    const LossPoint& front() const { return (*this)[0]; }
    const LossPoint& back() const { return (*this)[size_ - 1]; }

    class const_iterator {
    public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = LossPoint;
        using difference_type = std::ptrdiff_t;
        using pointer = const LossPoint*;
        using reference = const LossPoint&;
        const_iterator(const LossHistory* h, size_t i) : h_(h), i_(i) {}
        reference operator*() const { return (*h_)[i_]; }
        pointer operator->() const { return &(*h_)[i_]; }
        const_iterator& operator++() { ++i_; return *this; }
        bool operator==(const const_iterator& o) const { return i_ == o.i_; }
        bool operator!=(const const_iterator& o) const { return i_ != o.i_; }

    private:
        const LossHistory* h_;
        size_t i_;
    };
    const_iterator begin() const { return {this, 0}; }
    const_iterator end() const { return {this, size_}; }

private:
    std::vector<std::shared_ptr<std::vector<LossPoint>>> chunks_;
    size_t size_ = 0;
};

}  // namespace towerlab
