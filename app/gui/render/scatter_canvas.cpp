#include "render/scatter_canvas.h"

#include <algorithm>
#include <cmath>

namespace scatter {
namespace {

constexpr float kHoverRadius = 8.0f;

// The q-quantile of v (copied).
float quantile(std::vector<float> v, double q) {
    if (v.empty()) return 0;
    const size_t k = static_cast<size_t>(std::clamp(q, 0.0, 1.0) * static_cast<double>(v.size() - 1));
    std::nth_element(v.begin(), v.begin() + static_cast<long>(k), v.end());
    return v[k];
}

// Equal scale on both axes (distances mean the same in every direction), 8% margin.
View fit(const View& b, float aspect) {
    const float cx = (b.x_min + b.x_max) / 2, cy = (b.y_min + b.y_max) / 2;
    float w = std::max(1e-6f, b.x_max - b.x_min) * 1.16f;
    float h = std::max(1e-6f, b.y_max - b.y_min) * 1.16f;
    if (w / h < aspect) w = h * aspect;
    else h = w / aspect;
    return {cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2};
}

}  // namespace

View robust_bounds(const std::vector<float>& xy) {
    std::vector<float> xs, ys;
    xs.reserve(xy.size() / 2);
    ys.reserve(xy.size() / 2);
    for (size_t i = 0; i + 1 < xy.size(); i += 2) {
        xs.push_back(xy[i]);
        ys.push_back(xy[i + 1]);
    }
    return {quantile(xs, 0.005), quantile(ys, 0.005), quantile(xs, 0.995), quantile(ys, 0.995)};
}

CanvasResult canvas(const char* id, CanvasState& st, Backend* backend, const std::vector<float>& xy,
                    const std::vector<uint32_t>& rgba, float point_size, ImVec2 size) {
    CanvasResult r;
    r.min = ImGui::GetCursorScreenPos();
    size.x = std::max(50.0f, size.x);
    size.y = std::max(50.0f, size.y);
    r.max = ImVec2(r.min.x + size.x, r.min.y + size.y);
    ImGui::InvisibleButton(id, size);
    const bool hovered = ImGui::IsItemHovered();
    ImGuiIO& io = ImGui::GetIO();
    const size_t n = std::min(xy.size() / 2, rgba.size());
    if (st.auto_fit && n > 0) st.view = fit(st.data_bounds, size.x / size.y);
    View& v = st.view;
    const float mx = v.x_min + (io.MousePos.x - r.min.x) / size.x * (v.x_max - v.x_min);
    const float my = v.y_min + (r.max.y - io.MousePos.y) / size.y * (v.y_max - v.y_min);
    const bool dragging = ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 2.0f);
    if (dragging) {
        const float dx = -io.MouseDelta.x / size.x * (v.x_max - v.x_min);
        const float dy = io.MouseDelta.y / size.y * (v.y_max - v.y_min);
        v = {v.x_min + dx, v.y_min + dy, v.x_max + dx, v.y_max + dy};
        st.auto_fit = false;
    }
    if (hovered && io.MouseWheel != 0) {
        const float f = std::pow(0.85f, io.MouseWheel);
        v = {mx + (v.x_min - mx) * f, my + (v.y_min - my) * f, mx + (v.x_max - mx) * f, my + (v.y_max - my) * f};
        st.auto_fit = false;
    }
    if (hovered && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) st.auto_fit = true;
    r.view = v;

    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->PushClipRect(r.min, r.max, true);
    ImTextureID tex = nullptr;
    if (backend && n > 0) {
        const ImVec2 scale = io.DisplayFramebufferScale;
        tex = backend->image(v, static_cast<int>(size.x * scale.x), static_cast<int>(size.y * scale.y), point_size * scale.x);
    }
    if (tex) {
        dl->AddImage(tex, r.min, r.max, ImVec2(0, 1), ImVec2(1, 0));
    } else {
        dl->AddRectFilled(r.min, r.max, IM_COL32(18, 20, 26, 255));
        const float half = point_size / 2;
        for (size_t i = 0; i < n; ++i) {
            if ((rgba[i] & IM_COL32_A_MASK) == 0) continue;
            const ImVec2 c = r.to_screen(xy[2 * i], xy[2 * i + 1]);
            dl->AddRectFilled(ImVec2(c.x - half, c.y - half), ImVec2(c.x + half, c.y + half), rgba[i]);
        }
    }
    dl->PopClipRect();

    if (hovered && !ImGui::IsMouseDragging(ImGuiMouseButton_Left, 2.0f)) {
        float best = kHoverRadius * kHoverRadius;
        for (size_t i = 0; i < n; ++i) {
            if ((rgba[i] & IM_COL32_A_MASK) == 0) continue;
            const ImVec2 c = r.to_screen(xy[2 * i], xy[2 * i + 1]);
            const float dd = (c.x - io.MousePos.x) * (c.x - io.MousePos.x) + (c.y - io.MousePos.y) * (c.y - io.MousePos.y);
            if (dd <= best) {
                best = dd;
                r.hovered = static_cast<long>(i);
            }
        }
        r.clicked = r.hovered >= 0 && ImGui::IsMouseReleased(ImGuiMouseButton_Left) && io.MouseDragMaxDistanceSqr[0] < 16;
    }
    return r;
}

}  // namespace scatter
