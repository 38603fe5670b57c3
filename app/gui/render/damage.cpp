#include "render/damage.h"

#include <algorithm>
#include <cstring>

namespace render {
namespace {

// FNV-1a over bytes, 64-bit: enough to tell two frames of one list apart (a collision would leave
// one stale frame until the list changes again).
struct Fnv {
    uint64_t h = 1469598103934665603ull;
    void add(const void* data, size_t n) {
        const auto* p = static_cast<const unsigned char*>(data);
        for (size_t i = 0; i < n; ++i) h = (h ^ p[i]) * 1099511628211ull;
    }
    template <class T>
    void add(const T& v) { add(&v, sizeof v); }
};

uint64_t fingerprint(const ImDrawList& l) {
    Fnv f;
    f.add(l.VtxBuffer.Data, static_cast<size_t>(l.VtxBuffer.Size) * sizeof(ImDrawVert));
    f.add(l.IdxBuffer.Data, static_cast<size_t>(l.IdxBuffer.Size) * sizeof(ImDrawIdx));
    for (const ImDrawCmd& c : l.CmdBuffer) {
        f.add(c.ClipRect);
        f.add(c.TextureId);
        f.add(c.VtxOffset);
        f.add(c.IdxOffset);
        f.add(c.ElemCount);
        f.add(c.UserCallback);
    }
    return f.h;
}

// Where a list can draw: the box around its vertices (a triangle fills no pixel outside it),
// within the union of its commands' clip rectangles and the display. The clip rectangles alone
// are too loose: a window's background is drawn under a clip rectangle of the whole display.
DamageRect bounds_of(const ImDrawList& l, ImVec2 origin, ImVec2 size) {
    DamageRect clip{origin.x + size.x, origin.y + size.y, origin.x, origin.y};
    for (const ImDrawCmd& c : l.CmdBuffer) {
        if (c.ElemCount == 0) continue;
        clip.x0 = std::min(clip.x0, c.ClipRect.x);
        clip.y0 = std::min(clip.y0, c.ClipRect.y);
        clip.x1 = std::max(clip.x1, c.ClipRect.z);
        clip.y1 = std::max(clip.y1, c.ClipRect.w);
    }
    DamageRect r{clip.x1, clip.y1, clip.x0, clip.y0};
    for (const ImDrawVert& v : l.VtxBuffer) {
        r.x0 = std::min(r.x0, v.pos.x);
        r.y0 = std::min(r.y0, v.pos.y);
        r.x1 = std::max(r.x1, v.pos.x);
        r.y1 = std::max(r.y1, v.pos.y);
    }
    r.x0 = std::max({r.x0, clip.x0, origin.x});
    r.y0 = std::max({r.y0, clip.y0, origin.y});
    r.x1 = std::min({r.x1, clip.x1, origin.x + size.x});
    r.y1 = std::min({r.y1, clip.y1, origin.y + size.y});
    if (r.x1 <= r.x0 || r.y1 <= r.y0) return {};
    return r;
}

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

// The pixels a triangle can touch: its box within its clip rectangle (empty when outside it).
void add_bounds(const DamageTracker::Triangle& t, DamageRect& r) {
    float x0 = t.v[0].pos.x, y0 = t.v[0].pos.y, x1 = x0, y1 = y0;
    for (int j = 1; j < 3; ++j) {
        x0 = std::min(x0, t.v[j].pos.x);
        y0 = std::min(y0, t.v[j].pos.y);
        x1 = std::max(x1, t.v[j].pos.x);
        y1 = std::max(y1, t.v[j].pos.y);
    }
    x0 = std::max(x0, t.clip.x);
    y0 = std::max(y0, t.clip.y);
    x1 = std::min(x1, t.clip.z);
    y1 = std::min(y1, t.clip.w);
    if (x1 <= x0 || y1 <= y0) return;
    if (r.area() <= 0) {
        r = {x0, y0, x1, y1};
        return;
    }
    r = {std::min(r.x0, x0), std::min(r.y0, y0), std::max(r.x1, x1), std::max(r.y1, y1)};
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

DamageRect join(const DamageRect& a, const DamageRect& b) {
    return {std::min(a.x0, b.x0), std::min(a.y0, b.y0), std::max(a.x1, b.x1), std::max(a.y1, b.y1)};
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
        ListState s{fingerprint(l), i, bounds_of(l, origin, size), triangles_of(l)};
        const auto before = lists_.find(key);
        if (before == lists_.end() || before->second.order != i) {
            if (s.bounds.area() > 0) damage.push_back(s.bounds);
            if (before != lists_.end() && before->second.bounds.area() > 0) damage.push_back(before->second.bounds);
        } else if (before->second.fingerprint != s.fingerprint) {
            const DamageRect r = changed_area(before->second.triangles, s.triangles);
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
