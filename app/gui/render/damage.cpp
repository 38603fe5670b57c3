#include "render/damage.h"

#include <algorithm>
#include <cstring>

namespace render {
namespace {

std::vector<DamageTracker::Triangle> triangles_of(const ImDrawList& l) {
    std::vector<DamageTracker::Triangle> out;
    out.reserve(static_cast<size_t>(l.IdxBuffer.Size / 3));
    for (const ImDrawCmd& c : l.CmdBuffer) {
        if (c.UserCallback) continue;  // the app draws no callbacks; they would carry no triangles
        for (unsigned k = 0; k + 2 < c.ElemCount; k += 3) {
            DamageTracker::Triangle t;
            std::memset(&t, 0, sizeof t);  // padding too: triangles are compared as bytes
            for (int j = 0; j < 3; ++j) t.v[j] = l.VtxBuffer[static_cast<int>(c.VtxOffset + l.IdxBuffer[static_cast<int>(c.IdxOffset + k) + j])];
            t.clip = c.ClipRect;
            t.texture = c.TextureId;
            out.push_back(t);
        }
    }
    return out;
}

bool same(const DamageTracker::Triangle& a, const DamageTracker::Triangle& b) { return std::memcmp(&a, &b, sizeof a) == 0; }

DamageRect join(const DamageRect& a, const DamageRect& b) {
    return {std::min(a.x0, b.x0), std::min(a.y0, b.y0), std::max(a.x1, b.x1), std::max(a.y1, b.y1)};
}

// The pixels a triangle can touch (its box within its clip rectangle), added to `r`.
void add_bounds(const DamageTracker::Triangle& t, DamageRect& r) {
    DamageRect box{t.v[0].pos.x, t.v[0].pos.y, t.v[0].pos.x, t.v[0].pos.y};
    for (int j = 1; j < 3; ++j) box = join(box, {t.v[j].pos.x, t.v[j].pos.y, t.v[j].pos.x, t.v[j].pos.y});
    box = {std::max(box.x0, t.clip.x), std::max(box.y0, t.clip.y), std::min(box.x1, t.clip.z), std::min(box.y1, t.clip.w)};
    if (box.x1 <= box.x0 || box.y1 <= box.y0) return;
    r = r.area() > 0 ? join(r, box) : box;
}

// Where a list can draw: the box of its triangles, each within its clip rectangle, inside the
// display. (A command's clip rectangle alone is too loose: a window's background is drawn under
// a clip rectangle of the whole display.)
DamageRect bounds_of(const std::vector<DamageTracker::Triangle>& triangles, const DamageRect& display) {
    DamageRect r;
    for (const DamageTracker::Triangle& t : triangles) add_bounds(t, r);
    r = {std::max(r.x0, display.x0), std::max(r.y0, display.y0), std::min(r.x1, display.x1), std::min(r.y1, display.y1)};
    return r.x1 > r.x0 && r.y1 > r.y0 ? r : DamageRect{};
}

// Where the triangles `before` and `now` of one list differ: the run after their common beginning
// and before their common end, triangle by triangle when both runs are as long.
DamageRect changed_area(const std::vector<DamageTracker::Triangle>& before, const std::vector<DamageTracker::Triangle>& now) {
    const size_t n = std::min(before.size(), now.size());
    size_t head = 0;
    while (head < n && same(before[head], now[head])) ++head;
    size_t tail = 0;
    while (tail < n - head && same(before[before.size() - 1 - tail], now[now.size() - 1 - tail])) ++tail;
    DamageRect r;
    const size_t b_end = before.size() - tail, n_end = now.size() - tail;
    if (b_end - head == n_end - head) {
        for (size_t k = head; k < n_end; ++k)
            if (!same(before[k], now[k])) add_bounds(before[k], r), add_bounds(now[k], r);
    } else {
        for (size_t k = head; k < b_end; ++k) add_bounds(before[k], r);
        for (size_t k = head; k < n_end; ++k) add_bounds(now[k], r);
    }
    return r;
}

bool overlap(const DamageRect& a, const DamageRect& b) {
    return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

}  // namespace

std::vector<DamageRect> DamageTracker::update(const ImDrawData& d) {
    const ImVec2 origin = d.DisplayPos, size = d.DisplaySize;
    const DamageRect display{origin.x, origin.y, origin.x + size.x, origin.y + size.y};
    if (size.x != display_.x || size.y != display_.y) all_ = true;
    display_ = size;

    std::vector<DamageRect> damage;
    std::map<std::string, ListState> now;
    std::map<std::string, int> seen;  // a second list of one owner gets its own key
    for (int i = 0; i < d.CmdListsCount; ++i) {
        const ImDrawList& l = *d.CmdLists[i];
        std::string key = l._OwnerName ? l._OwnerName : "";
        const int nth = seen[key]++;
        if (nth > 0) key += "#" + std::to_string(nth);
        ListState s{i, {}, triangles_of(l)};
        s.bounds = bounds_of(s.triangles, display);
        const auto before = lists_.find(key);
        if (before == lists_.end() || before->second.order != i) {
            if (s.bounds.area() > 0) damage.push_back(s.bounds);
            if (before != lists_.end() && before->second.bounds.area() > 0) damage.push_back(before->second.bounds);
        } else {
            const DamageRect r = changed_area(before->second.triangles, s.triangles);  // empty when none differs
            if (r.area() > 0) damage.push_back(r);
        }
        now[key] = std::move(s);
    }
    for (const auto& [key, s] : lists_)
        if (!now.count(key) && s.bounds.area() > 0) damage.push_back(s.bounds);  // gone: uncover what it hid
    lists_ = std::move(now);

    if (all_) {
        all_ = false;
        return {display};
    }
    // Merge until no two overlap; then too many pieces, or most of the display, is the display.
    for (bool merged = true; merged;) {
        merged = false;
        for (size_t a = 0; a < damage.size() && !merged; ++a)
            for (size_t b = a + 1; b < damage.size() && !merged; ++b)
                if (overlap(damage[a], damage[b])) {
                    damage[a] = join(damage[a], damage[b]);
                    damage.erase(damage.begin() + static_cast<std::ptrdiff_t>(b));
                    merged = true;
                }
    }
    float area = 0;
    for (const DamageRect& r : damage) area += r.area();
    if (static_cast<int>(damage.size()) > kMaxRects || area > kFullShare * display.area()) return {display};
    return damage;
}

}  // namespace render
