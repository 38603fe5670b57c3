// The last frame's picture kept in a texture, so a frame repaints only what changed (the damage
// of render/damage.h) and copies the picture to the window: under software GL (llvmpipe) the cost
// of a frame follows the pixels it fills, and most panels draw the same pixels frame after frame.
// A frame with no damage is one copy; a new loss point repaints the loss panel, not the window.
// A texture drawn by ImGui must change its id when its pixels change (render/scatter_renderer.h
// does), or the cache would keep showing the old pixels.
//
// Each damaged rectangle is cleared to the window colour and ImGui's draw data drawn into it with
// every command's clip rectangle cut down to it, so pixels outside stay as they were. The copy to
// the window's back buffer is a glBlitFramebuffer of the whole target. The result is the picture a
// full redraw gives (the GL screenshot tests compare pixels); `set_enabled(false)` draws every frame
// in full, the peer the benchmark compares against.
#pragma once

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
    // cleared to `clear` where it repaints. Needs a current GL 3.3 context and the ImGui OpenGL3
    // backend initialised.
    void render(ImDrawData* draw_data, int width, int height, const ImVec4& clear);
    void set_enabled(bool on) { enabled_ = on; }
    bool enabled() const { return enabled_; }
    // Of the display, the share repainted by the last frame (0: copied only; 1: all).
    double last_repainted_share() const { return last_share_; }

private:
    void ensure_target(int width, int height);
    void draw_clipped(ImDrawData* draw_data, const render::DamageRect& r);

    render::DamageTracker damage_;
    bool enabled_ = true;
    GLuint fbo_ = 0, texture_ = 0;
    int width_ = 0, height_ = 0;
    double last_share_ = 1;
};

}  // namespace gfx
