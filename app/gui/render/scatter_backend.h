// What a scatter plot needs from a renderer, without naming one: upload coloured points once,
// then get an image of them for a view rectangle and a size. The OpenGL implementation
// (scatter_renderer.h) draws into a texture only when points, view or size changed, so a frame
// that changes nothing costs one textured quad however many points there are.
#pragma once

#include <cstdint>
#include <vector>

#include <imgui.h>

namespace scatter {

struct View {
    float x_min = -1, y_min = -1, x_max = 1, y_max = 1;
    bool operator==(const View& o) const {
        return x_min == o.x_min && y_min == o.y_min && x_max == o.x_max && y_max == o.y_max;
    }
};

struct Points {
    std::vector<float> xy;         // 2 per point, data space
    std::vector<uint32_t> rgba;    // ImU32 colour per point; alpha 0 hides the point
};

class Backend {
public:
    virtual ~Backend() = default;
    virtual void set_points(const Points& points) = 0;
    // Texture holding the points drawn for `view` at width x height pixels (row 0 at the bottom,
    // so draw it with uv0 = (0,1), uv1 = (1,0)); a null id when nothing can be drawn.
    virtual ImTextureID image(const View& view, int width, int height, float point_size) = 0;
    virtual long redraws() const = 0;  // how many times the points were rasterised (for the overlay)
};

}  // namespace scatter
