// The OpenGL scatter backend: points in a VBO drawn as GL_POINTS with shaders/points.{vert,frag}
// into an offscreen texture (FBO). The texture is redrawn only when the points, the view or the
// size change; every other frame the panel just composites it (ImGui::Image). Software GL pays
// ~30-45 ms per 100k points rasterised, so this is what keeps a 100k-point projection smooth.
//
// New points (a fresh projection while training) are rasterised progressively: at most
// points_per_frame() of them per frame into a second texture while the first stays on screen, and
// the two swap in the frame after the last slice (so no frame both rasterises and repaints the
// canvas). They are drawn at the first view asked for after they arrived (a canvas that
// follows its data fits their bounds in that frame), so a layout whose extent changed is not
// redrawn in full at once. Any other view change (the user pans or zooms) or a size change redraws
// at once, in full, into the texture not on screen, which is then shown: whenever the image's
// pixels change, so does its texture (what render/damage.h sees of it). Until the swap, the canvas
// shows the previous points' picture under the new points' view and hover: a few frames' lag.
#pragma once

#include <string>

#include <epoxy/gl.h>

#include "render/scatter_backend.h"

namespace gfx {

class ScatterRenderer final : public scatter::Backend {
public:
    ScatterRenderer() = default;
    ~ScatterRenderer() override;
    ScatterRenderer(const ScatterRenderer&) = delete;
    ScatterRenderer& operator=(const ScatterRenderer&) = delete;

    // Needs a current GL 3.3 context. Returns false and fills `error` if the shaders fail.
    bool init(std::string& error);

    void set_points(const scatter::Points& points) override;
    ImTextureID image(const scatter::View& view, int width, int height, float point_size) override;
    long redraws() const override { return redraws_; }

    int points_per_frame() const { return points_per_frame_; }
    void set_points_per_frame(int n) { points_per_frame_ = n > 0 ? n : 1; }
    bool pending() const { return pending_; }  // new points still being rasterised
    // Benchmarks only: rasterise the points every frame, to measure what the texture cache saves.
    void set_always_redraw(bool on) { always_redraw_ = on; }

private:
    struct Buffers {
        GLuint vao = 0, position = 0, colour = 0;
        GLsizei count = 0;
    };
    struct Target {
        GLuint fbo = 0, texture = 0;
    };
    void ensure_targets(int width, int height);
    // Draws points [first, first + count) of `b` into `t`, clearing it first when `clear`.
    void draw(const Buffers& b, const Target& t, const scatter::View& view, GLint first, GLsizei count, bool clear);

    GLuint program_ = 0;
    GLint u_view_ = -1, u_point_size_ = -1;
    Buffers buffers_[2];
    Target targets_[2];
    int shown_buffers_ = 0;   // the points the front texture shows (or will, after a full redraw)
    int front_ = 0;           // the texture on screen; the other is drawn progressively
    bool pending_ = false;    // buffers_[1 - shown_buffers_] holds newer points
    GLint pending_drawn_ = 0; // of those, how many are in the back texture so far
    int tex_w_ = 0, tex_h_ = 0;
    bool dirty_ = true;       // the front texture must be redrawn in full
    scatter::View front_view_;    // the view the front texture was drawn at
    scatter::View pending_view_;  // the view the new points are drawn at: the first view asked
                                  // for after they arrived (while pending_drawn_ is still 0)
    float last_point_size_ = 0;
    long redraws_ = 0;
    int points_per_frame_ = 4000;   // 100,000 points in 25 frames (0.4 s). Under llvmpipe with
                                    // training beside (2-core VM), 100,000 points drawn in one
                                    // frame took 48-77 ms. With the other repaints cut (the loss
                                    // plot's envelope, the swap a frame later), the 100k UMAP
                                    // benchmark's frame work p99 was 11.5 and 14.1 ms with slices
                                    // of 4,000 against 19.6 and 18.7 ms with 10,000
    bool always_redraw_ = false;
};

}  // namespace gfx
