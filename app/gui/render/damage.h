// Which parts of the window changed since the last frame, from ImGui's draw data alone: the
// damage a frame cache (render/frame_cache.h) repaints, leaving the rest of the last picture as
// it was. Under a software rasteriser (Mesa's llvmpipe, the CI machines) filling the whole window
// every frame was 95% of a frame's cost, while between two published snapshots most panels draw
// exactly what they drew before.
//
// Each draw list (one per ImGui window, popup or tooltip, named by its owner) is read as its
// triangles (indices resolved, with clip rectangle and texture) and compared with the last
// frame's: the run between the common beginning and the common end, and inside it only the
// triangles that differ when both runs are as long, is the damage, where they are now and where
// they were. A pixel outside it is covered by the same triangles in the same order as before, so a
// new step number damages its text, not its window. A list that moved in the drawing order,
// appeared or went away damages its whole area. A texture ImGui draws must change its id when its
// pixels change (render/scatter_renderer.h does); damage_all() is for what draw data cannot show
// (an exposed window, a screenshot that reads every pixel). No GL here: the tier-2 tests run it
// on real draw data.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <imgui.h>

namespace render {

struct DamageRect {
    float x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // ImGui display coordinates, y down
    float area() const { return (x1 - x0) * (y1 - y0); }
};

class DamageTracker {
public:
    // The rectangles to repaint this frame: none when nothing changed, the whole display on the
    // first frame, after damage_all() and when the display size changed. Overlapping rectangles
    // are merged; more than kMaxRects, or more than kFullShare of the display, become the display.
    std::vector<DamageRect> update(const ImDrawData& draw_data);
    // The next update() repaints everything (a texture changed, the target was recreated).
    void damage_all() { all_ = true; }

    static constexpr int kMaxRects = 12;
    static constexpr float kFullShare = 0.7f;

    // One triangle as drawn: its vertices (indices resolved), clip rectangle and texture.
    struct Triangle {
        ImDrawVert v[3];
        ImVec4 clip;
        ImTextureID texture;
    };

private:
    struct ListState {
        int order = 0;
        DamageRect bounds;
        std::vector<Triangle> triangles;
    };
    std::map<std::string, ListState> lists_;
    ImVec2 display_{0, 0};
    bool all_ = true;
};

}  // namespace render
