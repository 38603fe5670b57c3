// A frame repaints only what changed (the damage of render/damage.h): under software GL (llvmpipe)
// the cost of a frame follows the pixels it fills and copies, and most panels draw the same pixels
// frame after frame. Two ways, chosen once from what the GL offers:
//   partial present  with GLX_MESA_copy_sub_buffer (Mesa, llvmpipe included): the damaged
//                    rectangles are repainted in the back buffer and only they are copied to the
//                    window, which keeps the rest. A frame with no damage costs nothing; the caller
//                    does not swap. A window exposure (the refresh callback) repaints everything.
//   kept texture     otherwise: the picture lives in a texture, the damage is repainted there, and
//                    the whole texture is copied to the back buffer before the caller's swap.
// A texture drawn by ImGui must change its id when its pixels change (render/scatter_renderer.h
// does), or the cache would keep showing the old pixels.
//
// Each damaged rectangle is cleared to the window colour and ImGui's draw data drawn into it with
// every command's clip rectangle cut down to it, so pixels outside stay as they were. The copy to
// the window's back buffer is a glBlitFramebuffer of the whole target. The result is the picture a
// full redraw gives (the GL screenshot tests compare pixels); `set_enabled(false)` draws every frame
// in full, the peer the benchmark compares against.
#pragma once

#include <array>
#include <vector>

#include <epoxy/gl.h>
#include <imgui.h>

#include "render/damage.h"

namespace gfx {

class FrameCache {
public:
    FrameCache() = default;
    ~FrameCache();
    FrameCache(const FrameCache&) = delete;
    FrameCache& operator=(const FrameCache&) = delete;

    // Draws `draw_data` into the window's framebuffer (bound as 0), `width` x `height` pixels,
    // cleared to `clear` where it repaints. Returns true when the frame is already on the window
    // (partial present): then the caller must not swap. Needs a current GL 3.3 context and the
    // ImGui OpenGL3 backend initialised.
    bool render(ImDrawData* draw_data, int width, int height, const ImVec4& clear);
    // The next frame repaints everything: the window was exposed, or a screenshot reads the whole
    // back buffer.
    void damage_all() { damage_.damage_all(); }
    // Whether frames are presented partially (GLX_MESA_copy_sub_buffer) rather than swapped.
    bool partial_present() const { return partial_; }
    void set_enabled(bool on) { enabled_ = on; }
    bool enabled() const { return enabled_; }
    // Of the display, the share repainted by the last frame (0: copied only; 1: all).
    double last_repainted_share() const { return last_share_; }

private:
    void ensure_target(int width, int height);
    void draw_clipped(ImDrawData* draw_data, const render::DamageRect& r);
    // Clears and redraws each rectangle in the bound framebuffer; returns their pixel rectangles
    // (x, y from the bottom, w, h) and their share of the display.
    double repaint(ImDrawData* d, const std::vector<render::DamageRect>& damage, int width, int height, const ImVec4& clear,
                   std::vector<std::array<int, 4>>& pixels);
    void choose_mode();

    render::DamageTracker damage_;
    bool enabled_ = true;
    bool chosen_ = false, partial_ = false;
    GLuint fbo_ = 0, texture_ = 0;
    int width_ = 0, height_ = 0;
    double last_share_ = 1;
};

}  // namespace gfx
