#include "render/colormap.h"

#include <algorithm>
#include <cmath>

namespace colormap {

ImU32 viridis(float t) {
    // Nine samples of matplotlib's viridis, linearly interpolated.
    static const float stops[9][3] = {{68, 1, 84},    {71, 44, 122},  {59, 81, 139},   {44, 113, 142}, {33, 144, 141},
                                      {39, 173, 129}, {92, 200, 99},  {170, 220, 50}, {253, 231, 37}};
    if (!std::isfinite(t)) t = 0;
    t = std::clamp(t, 0.0f, 1.0f) * 8;
    const int i = std::min(7, static_cast<int>(t));
    const float f = t - static_cast<float>(i);
    float c[3];
    for (int k = 0; k < 3; ++k) c[k] = stops[i][k] + (stops[i + 1][k] - stops[i][k]) * f;
    return IM_COL32(static_cast<int>(c[0]), static_cast<int>(c[1]), static_cast<int>(c[2]), 255);
}

ImU32 category(int c) {
    static const ImU32 palette[12] = {
        IM_COL32(31, 119, 180, 255), IM_COL32(255, 127, 14, 255), IM_COL32(44, 160, 44, 255),
        IM_COL32(214, 39, 40, 255),  IM_COL32(148, 103, 189, 255), IM_COL32(140, 86, 75, 255),
        IM_COL32(227, 119, 194, 255), IM_COL32(188, 189, 34, 255), IM_COL32(23, 190, 207, 255),
        IM_COL32(174, 199, 232, 255), IM_COL32(255, 187, 120, 255), IM_COL32(152, 223, 138, 255)};
    return palette[((c % 12) + 12) % 12];
}

ImU32 category(int c, int n) {
    if (n <= 12) return category(c);
    float r, g, b;
    const float hue = std::fmod(static_cast<float>(((c % n) + n) % n) / static_cast<float>(n) + 0.02f, 1.0f);
    const float value = (c % 2) ? 0.78f : 0.98f;  // alternate brightness so neighbours in hue differ more
    ImGui::ColorConvertHSVtoRGB(hue, 0.72f, value, r, g, b);
    return IM_COL32(static_cast<int>(r * 255), static_cast<int>(g * 255), static_cast<int>(b * 255), 255);
}

void to_rgb(ImU32 c, float rgb[3]) {
    rgb[0] = static_cast<float>((c >> IM_COL32_R_SHIFT) & 0xFF) / 255.0f;
    rgb[1] = static_cast<float>((c >> IM_COL32_G_SHIFT) & 0xFF) / 255.0f;
    rgb[2] = static_cast<float>((c >> IM_COL32_B_SHIFT) & 0xFF) / 255.0f;
}

}  // namespace colormap
