// An interactive 2-D scatter plot: coloured points in a canvas with pan (drag), zoom (wheel), fit
// (double-click) and the point under the mouse reported back. Points go to a scatter::Backend
// (the OpenGL texture cache) when there is one, else they are drawn as ImDrawList squares. Knows
// nothing of what the points are: the projection of a trained model and of imported embeddings
// both draw with it.
#pragma once

#include <cstdint>
#include <vector>

#include <imgui.h>

#include "render/scatter_backend.h"

namespace scatter {

// Kept by the caller between frames.
struct CanvasState {
    View view;
    View data_bounds;       // where most points are (0.5% .. 99.5% quantiles)
    bool auto_fit = true;   // follow the data until the user pans or zooms
};

struct CanvasResult {
    ImVec2 min, max;        // the canvas on screen
    long hovered = -1;      // index of the shown point nearest the mouse (within a few pixels)
    bool clicked = false;   // the hovered point was clicked (not dragged)
    View view;              // this frame's view

    ImVec2 to_screen(float x, float y) const {
        return ImVec2(min.x + (x - view.x_min) / (view.x_max - view.x_min) * (max.x - min.x),
                      max.y - (y - view.y_min) / (view.y_max - view.y_min) * (max.y - min.y));
    }
};

// Bounds that ignore a few far outliers: the 0.5% and 99.5% quantiles of each axis.
View robust_bounds(const std::vector<float>& xy);

// Draws the points (2 floats each; colour alpha 0 hides a point) into a canvas of `size`.
// `backend` (may be null) must already hold the same points (Backend::set_points).
CanvasResult canvas(const char* id, CanvasState& state, Backend* backend, const std::vector<float>& xy,
                    const std::vector<uint32_t>& rgba, float point_size, ImVec2 size);

}  // namespace scatter
