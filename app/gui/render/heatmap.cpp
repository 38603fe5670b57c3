#include "render/heatmap.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "render/colormap.h"

namespace heatmap {

Hover draw(const char* id, const Matrix& m, const Options& options, float height) {
    Hover hover;
    const int k = static_cast<int>(m.labels.size());
    ImGui::PushID(id);
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float width = ImGui::GetContentRegionAvail().x;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    float label_w = 0;
    for (const std::string& s : m.labels) label_w = std::max(label_w, ImGui::CalcTextSize(s.c_str()).x);
    const float bar_w = 70;
    const float top = ImGui::GetTextLineHeight() * 1.2f;  // column labels are numbers (see legend text)
    const float grid_w = std::max(10.0f, width - label_w - 12 - bar_w);
    const float grid_h = std::max(10.0f, height - top - 4);
    const float cell = k > 0 ? std::max(4.0f, std::min(grid_w, grid_h) / static_cast<float>(k)) : 0;
    const ImVec2 g0(origin.x + label_w + 8, origin.y + top);
    const double span = m.hi > m.lo ? m.hi - m.lo : 1;

    ImGui::InvisibleButton("cells", ImVec2(width, height));
    const bool hovered = ImGui::IsItemHovered();
    const ImVec2 mouse = ImGui::GetIO().MousePos;

    for (int i = 0; i < k; ++i) {
        const float y = g0.y + static_cast<float>(i) * cell;
        dl->AddText(ImVec2(g0.x - 6 - ImGui::CalcTextSize(m.labels[static_cast<size_t>(i)].c_str()).x,
                           y + cell / 2 - ImGui::GetTextLineHeight() / 2),
                    ImGui::GetColorU32(ImGuiCol_Text), m.labels[static_cast<size_t>(i)].c_str());
        char num[8];
        std::snprintf(num, sizeof num, "%d", i + 1);
        dl->AddText(ImVec2(g0.x + static_cast<float>(i) * cell + cell / 2 - ImGui::CalcTextSize(num).x / 2, origin.y),
                    ImGui::GetColorU32(ImGuiCol_TextDisabled), num);
        for (int j = 0; j < k; ++j) {
            const double v = m.values[static_cast<size_t>(i)][static_cast<size_t>(j)];
            const ImVec2 a(g0.x + static_cast<float>(j) * cell, y), b(a.x + cell - 1, a.y + cell - 1);
            const float t = static_cast<float>((v - m.lo) / span);
            const ImU32 c = colormap::viridis(t);
            dl->AddRectFilled(a, b, c);
            if (options.show_values && cell >= 34) {
                char buf[16];
                std::snprintf(buf, sizeof buf, "%.*f", options.value_decimals, v);
                const ImU32 tc = t > 0.6f ? IM_COL32(0, 0, 0, 255) : IM_COL32(255, 255, 255, 230);
                const ImVec2 ts = ImGui::CalcTextSize(buf);
                dl->AddText(ImVec2(a.x + (cell - ts.x) / 2, a.y + (cell - ts.y) / 2), tc, buf);
            }
            if (hovered && mouse.x >= a.x && mouse.x < a.x + cell && mouse.y >= a.y && mouse.y < a.y + cell)
                hover = {i, j};
        }
    }
    // Highlighted groups: a bright outline around cells whose row and column are both highlighted.
    if (!options.highlight.empty())
        for (int i = 0; i < k; ++i)
            for (int j = 0; j < k; ++j)
                if (options.highlight[static_cast<size_t>(i)] && options.highlight[static_cast<size_t>(j)]) {
                    const ImVec2 a(g0.x + static_cast<float>(j) * cell, g0.y + static_cast<float>(i) * cell);
                    dl->AddRect(a, ImVec2(a.x + cell - 1, a.y + cell - 1), IM_COL32(255, 80, 80, 255), 0, 0, 2.5f);
                }
    if (hover.row >= 0) {
        const ImVec2 a(g0.x + static_cast<float>(hover.col) * cell, g0.y + static_cast<float>(hover.row) * cell);
        dl->AddRect(a, ImVec2(a.x + cell - 1, a.y + cell - 1), IM_COL32(255, 255, 255, 255), 0, 0, 1.5f);
    }

    // Colour bar.
    const float bx = g0.x + cell * static_cast<float>(k) + 14, by0 = g0.y, by1 = g0.y + cell * static_cast<float>(k);
    const int steps = 32;
    for (int s = 0; s < steps; ++s) {
        const float t0 = static_cast<float>(s) / steps, t1 = static_cast<float>(s + 1) / steps;
        dl->AddRectFilled(ImVec2(bx, by1 - (by1 - by0) * t1), ImVec2(bx + 14, by1 - (by1 - by0) * t0 + 1),
                          colormap::viridis((t0 + t1) / 2));
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", m.hi);
    dl->AddText(ImVec2(bx + 18, by0), ImGui::GetColorU32(ImGuiCol_TextDisabled), buf);
    std::snprintf(buf, sizeof buf, "%.2f", m.lo);
    dl->AddText(ImVec2(bx + 18, by1 - ImGui::GetTextLineHeight()), ImGui::GetColorU32(ImGuiCol_TextDisabled), buf);
    if (*m.unit) dl->AddText(ImVec2(bx + 18, (by0 + by1) / 2 - 7), ImGui::GetColorU32(ImGuiCol_TextDisabled), m.unit);
    ImGui::PopID();
    return hover;
}

}  // namespace heatmap
