// Colours that carry meaning: a perceptually ordered map for values in [0, 1] (viridis, sampled)
// and a qualitative palette for categories. Shared by the heatmap, the scatter and the legends.
#pragma once

#include <cstdint>

#include <imgui.h>

namespace colormap {

// Viridis at t in [0, 1] (clamped), as RGBA8 packed the ImGui way.
ImU32 viridis(float t);

// Category c of a qualitative palette (12 distinct colours, cycling).
ImU32 category(int c);

// Category c of n: the palette when n <= 12, else n hues spread evenly around the colour wheel
// (so 20 topics get 20 colours instead of a cycle).
ImU32 category(int c, int n);

// Unpacks an ImU32 into floats in [0, 1].
void to_rgb(ImU32 c, float rgb[3]);

}  // namespace colormap
