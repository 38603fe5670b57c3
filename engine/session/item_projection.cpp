#include "session/item_projection.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/random.h"

namespace towerlab {

std::vector<int32_t> stratified_sample(const Split& split, int num_items, int budget, uint64_t seed) {
    std::vector<int32_t> all(static_cast<size_t>(num_items));
    std::iota(all.begin(), all.end(), 0);
    if (num_items <= budget) return all;
    std::array<std::vector<int32_t>, 3> groups;
    for (int32_t i = 0; i < num_items; ++i) groups[static_cast<size_t>(split.item_group[static_cast<size_t>(i)])].push_back(i);
    Rng rng(seed);
    std::vector<int32_t> out;
    for (auto& g : groups) {
        const long share = static_cast<long>(static_cast<double>(budget) * static_cast<double>(g.size()) / num_items);
        const long quota = std::min<long>(static_cast<long>(g.size()), std::max<long>(share, budget / 10));
        std::shuffle(g.begin(), g.end(), rng);
        out.insert(out.end(), g.begin(), g.begin() + quota);
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::array<std::vector<float>, 3> angle_densities(const std::vector<float>& angle, const std::vector<int32_t>& items,
                                                  const Split& split) {
    constexpr int B = ProjectedItems::kAngleBins;
    constexpr double kPi = 3.14159265358979323846;
    std::array<std::vector<double>, 3> counts;
    for (auto& c : counts) c.assign(B, 0.0);
    for (size_t k = 0; k < items.size(); ++k) {
        const int g = static_cast<int>(split.item_group[static_cast<size_t>(items[k])]);
        int b = static_cast<int>(std::floor((angle[k] + kPi) / (2 * kPi) * B));
        counts[static_cast<size_t>(g)][static_cast<size_t>(std::clamp(b, 0, B - 1))] += 1;
    }
    std::array<std::vector<float>, 3> out;
    for (size_t g = 0; g < 3; ++g) {
        std::vector<double> h = counts[g];
        const double n = std::accumulate(h.begin(), h.end(), 0.0);
        if (n == 0) continue;
        for (int pass = 0; pass < 2; ++pass) {
            std::vector<double> s(B, 0.0);
            static const double kernel[5] = {1 / 16.0, 4 / 16.0, 6 / 16.0, 4 / 16.0, 1 / 16.0};
            for (int b = 0; b < B; ++b)
                for (int d = -2; d <= 2; ++d) s[static_cast<size_t>(b)] += kernel[d + 2] * h[static_cast<size_t>((b + d + B) % B)];
            h.swap(s);
        }
        out[g].resize(B);
        for (int b = 0; b < B; ++b) out[g][static_cast<size_t>(b)] = static_cast<float>(h[static_cast<size_t>(b)] / (n * 2 * kPi / B));
    }
    return out;
}

std::shared_ptr<ProjectedItems> project_items(const Eigen::MatrixXf& e, const std::vector<int32_t>& items,
                                              const Split& split, long step, PcaFrame& frame) {
    frame = pca_frame(e, {}, frame.empty() ? nullptr : &frame);
    auto p = std::make_shared<ProjectedItems>();
    p->step = step;
    p->items = items;
    p->xy = pca_project(e, items, frame);
    p->angle.resize(items.size());
    for (size_t k = 0; k < items.size(); ++k) p->angle[k] = std::atan2(p->xy[2 * k + 1], p->xy[2 * k]);
    p->angle_density = angle_densities(p->angle, p->items, split);
    return p;
}

}  // namespace towerlab
