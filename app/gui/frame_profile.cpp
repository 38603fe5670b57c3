#include "frame_profile.h"

#include <algorithm>

namespace app {

void FrameProfile::end_frame() {
    for (const auto& [name, s] : current_) history_[name];  // a phase first seen now starts its history
    for (auto& [name, h] : history_) {
        const auto it = current_.find(name);
        h.push_back(it == current_.end() ? 0.0f : static_cast<float>(it->second));
        if (h.size() > kWindow) h.pop_front();
    }
    current_.clear();
    ++frames_;
}

std::vector<FrameProfile::Phase> FrameProfile::summary() const {
    std::vector<Phase> out;
    for (const auto& [name, h] : history_) {
        if (h.empty()) continue;
        std::vector<float> v(h.begin(), h.end());
        std::sort(v.begin(), v.end());
        // Nearest rank, as the frame-time overlay's percentiles.
        const auto at = [&](double q) { return v[static_cast<size_t>(q * static_cast<double>(v.size() - 1) + 0.5)]; };
        double sum = 0;
        for (float x : v) sum += x;
        out.push_back({name, at(0.5), at(0.99), sum / static_cast<double>(v.size())});
    }
    std::sort(out.begin(), out.end(), [](const Phase& a, const Phase& b) { return a.p99 > b.p99; });
    return out;
}

}  // namespace app
