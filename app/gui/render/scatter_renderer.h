// The OpenGL scatter backend: points in one VBO drawn as GL_POINTS with shaders/points.{vert,frag}
// into an offscreen texture (FBO). The texture is redrawn only when the points, the view or the
// size change; every other frame the panel just composites it (ImGui::Image). Software GL pays
// ~30-45 ms per 100k points rasterised, so this is what keeps a 100k-point projection smooth.
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
    // Benchmarks only: rasterise the points every frame, to measure what the texture cache saves.
    void set_always_redraw(bool on) { always_redraw_ = on; }

private:
    void ensure_target(int width, int height);

    GLuint program_ = 0, vao_ = 0, vbo_pos_ = 0, vbo_col_ = 0;
    GLuint fbo_ = 0, texture_ = 0;
    GLint u_view_ = -1, u_point_size_ = -1;
    int tex_w_ = 0, tex_h_ = 0;
    GLsizei count_ = 0;
    bool dirty_ = true;
    scatter::View last_view_;
    float last_point_size_ = 0;
    long redraws_ = 0;
    bool always_redraw_ = false;
};

}  // namespace gfx
