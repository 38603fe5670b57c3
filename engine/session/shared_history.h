// A run's history of points (losses, evaluations, geometry), shared between the training worker
// and every snapshot it publishes.
//
// A snapshot is published up to 20 times a second, and copying a million-step curve each time
// would cost a core and make a frame's cost grow with the length of the run. Here the points live
// in chunks of kChunk: a snapshot's copy shares every chunk (copying kChunk-th as many pointers as
// there are points), and the worker, the only writer, clones the last chunk before appending to it
// whenever a snapshot still holds it. So a published history never changes, and publishing costs
// O(points / kChunk + kChunk).
#pragma once

#include <cstddef>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <vector>

namespace towerlab {

// Point: any value with a `long step` member, appended in non-decreasing step order.
template <typename Point>
class SharedHistory {
public:
    static constexpr size_t kChunk = 4096;

    SharedHistory() = default;
    SharedHistory(std::initializer_list<Point> points) {
        for (const Point& p : points) push_back(p);
    }

    // Worker side: the only thread that appends to or cuts a given history.
    void push_back(Point p) {
        if (size_ % kChunk == 0) {
            chunks_.push_back(std::make_shared<std::vector<Point>>());
            chunks_.back()->reserve(kChunk);
        } else if (chunks_.back().use_count() > 1) {
            // A published copy holds the last chunk: append to a clone, never to what it reads. Only
            // the worker makes new references, so a count of 1 means nobody else can be reading it.
            auto clone = std::make_shared<std::vector<Point>>();
            clone->reserve(kChunk);
            clone->assign(chunks_.back()->begin(), chunks_.back()->end());
            chunks_.back() = std::move(clone);
        }
        chunks_.back()->push_back(std::move(p));
        ++size_;
    }
    void clear() {
        chunks_.clear();
        size_ = 0;
    }
    // Drops the points after `step` (a restore to earlier parameters).
    void truncate_after(long step) { keep_if([step](const Point& p) { return p.step <= step; }); }
    // Drops the points at `step` (recomputed after the parameters at that step changed).
    void erase_step(long step) { keep_if([step](const Point& p) { return p.step != step; }); }

    size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    const Point& operator[](size_t i) const { return (*chunks_[i / kChunk])[i % kChunk]; }
    const Point& front() const { return (*this)[0]; }
    const Point& back() const { return (*this)[size_ - 1]; }

    class const_iterator {
    public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = Point;
        using difference_type = std::ptrdiff_t;
        using pointer = const Point*;
        using reference = const Point&;
        const_iterator(const SharedHistory* h, size_t i) : h_(h), i_(i) {}
        reference operator*() const { return (*h_)[i_]; }
        pointer operator->() const { return &(*h_)[i_]; }
        const_iterator& operator++() {
            ++i_;
            return *this;
        }
        bool operator==(const const_iterator& o) const { return i_ == o.i_; }
        bool operator!=(const const_iterator& o) const { return i_ != o.i_; }

    private:
        const SharedHistory* h_;
        size_t i_;
    };
    const_iterator begin() const { return {this, 0}; }
    const_iterator end() const { return {this, size_}; }

private:
    // Rebuilt rather than edited in place: published copies keep reading the old chunks.
    template <typename Keep>
    void keep_if(Keep keep) {
        SharedHistory kept;
        for (const Point& p : *this)
            if (keep(p)) kept.push_back(p);
        *this = std::move(kept);
    }

    std::vector<std::shared_ptr<std::vector<Point>>> chunks_;
    size_t size_ = 0;
};

}  // namespace towerlab
