#include "updates/click_days.h"

#include <algorithm>
#include <map>

#include "core/error.h"

namespace towerlab {

std::vector<ClickDay> split_into_days(const std::vector<Interaction>& clicks, int64_t period_seconds) {
    if (period_seconds <= 0) throw Error(ErrorContext{"", 0, "period_seconds"}, "must be positive");
    if (clicks.empty()) return {};
    int64_t origin = clicks[0].timestamp;
    for (const Interaction& c : clicks) origin = std::min(origin, c.timestamp);
    std::map<int64_t, ClickDay> by_period;
    for (const Interaction& c : clicks) {
        const int64_t p = (c.timestamp - origin) / period_seconds;
        ClickDay& d = by_period[p];
        d.start = origin + p * period_seconds;
        d.clicks.push_back(c);
    }
    std::vector<ClickDay> days;
    for (auto& [p, d] : by_period) {
        std::stable_sort(d.clicks.begin(), d.clicks.end(),
                         [](const Interaction& a, const Interaction& b) { return a.timestamp < b.timestamp; });
        days.push_back(std::move(d));
    }
    return days;
}

std::vector<std::vector<Interaction>> split_into_slices(const std::vector<Interaction>& day, int slices) {
    if (slices < 1) throw Error(ErrorContext{"", 0, "slices_per_day"}, "must be at least 1");
    std::vector<std::vector<Interaction>> out(static_cast<size_t>(slices));
    const size_t n = day.size();
    for (int s = 0; s < slices; ++s) {
        const size_t a = n * static_cast<size_t>(s) / static_cast<size_t>(slices);
        const size_t b = n * static_cast<size_t>(s + 1) / static_cast<size_t>(slices);
        out[static_cast<size_t>(s)].assign(day.begin() + static_cast<long>(a), day.begin() + static_cast<long>(b));
    }
    return out;
}

}  // namespace towerlab
