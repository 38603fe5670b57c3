#include "render/scatter_renderer.h"

#include <algorithm>
#include <cstdint>

#include "render/shader_program.h"

namespace gfx {

ScatterRenderer::~ScatterRenderer() {
    for (Target& t : targets_) {
        if (t.texture) glDeleteTextures(1, &t.texture);
        if (t.fbo) glDeleteFramebuffers(1, &t.fbo);
    }
    for (Buffers& b : buffers_) {
        if (b.position) glDeleteBuffers(1, &b.position);
        if (b.colour) glDeleteBuffers(1, &b.colour);
        if (b.vao) glDeleteVertexArrays(1, &b.vao);
    }
    if (program_) glDeleteProgram(program_);
}

bool ScatterRenderer::init(std::string& error) {
    program_ = load_program("points", error);
    if (!program_) return false;
    u_view_ = glGetUniformLocation(program_, "u_view");
    u_point_size_ = glGetUniformLocation(program_, "u_point_size");
    for (Buffers& b : buffers_) {
        glGenVertexArrays(1, &b.vao);
        glGenBuffers(1, &b.position);
        glGenBuffers(1, &b.colour);
        glBindVertexArray(b.vao);
        glBindBuffer(GL_ARRAY_BUFFER, b.position);
        glEnableVertexAttribArray(0);
        glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 0, nullptr);
        glBindBuffer(GL_ARRAY_BUFFER, b.colour);
        glEnableVertexAttribArray(1);
        glVertexAttribPointer(1, 4, GL_UNSIGNED_BYTE, GL_TRUE, 0, nullptr);  // ImU32 is R,G,B,A in memory
    }
    glBindVertexArray(0);
    glBindBuffer(GL_ARRAY_BUFFER, 0);
    return true;
}

void ScatterRenderer::set_points(const scatter::Points& points) {
    if (!program_) return;
    // Into the buffers the screen does not show; the front texture keeps the old points meanwhile.
    Buffers& b = buffers_[1 - shown_buffers_];
    b.count = static_cast<GLsizei>(points.rgba.size());
    glBindBuffer(GL_ARRAY_BUFFER, b.position);
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(points.xy.size() * sizeof(float)), points.xy.data(),
                 GL_DYNAMIC_DRAW);
    glBindBuffer(GL_ARRAY_BUFFER, b.colour);
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(points.rgba.size() * sizeof(uint32_t)), points.rgba.data(),
                 GL_DYNAMIC_DRAW);
    glBindBuffer(GL_ARRAY_BUFFER, 0);
    pending_ = true;
    pending_drawn_ = 0;
}

void ScatterRenderer::ensure_targets(int width, int height) {
    if (targets_[0].texture && width == tex_w_ && height == tex_h_) return;
    for (Target& t : targets_) {
        if (!t.texture) glGenTextures(1, &t.texture);
        if (!t.fbo) glGenFramebuffers(1, &t.fbo);
        glBindTexture(GL_TEXTURE_2D, t.texture);
        glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
        glBindFramebuffer(GL_FRAMEBUFFER, t.fbo);
        glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, t.texture, 0);
    }
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    tex_w_ = width;
    tex_h_ = height;
    dirty_ = true;
}

void ScatterRenderer::draw(const Buffers& b, const Target& t, const scatter::View& view, GLint first, GLsizei count,
                           bool clear) {
    GLint old_fbo = 0, old_vp[4];
    glGetIntegerv(GL_FRAMEBUFFER_BINDING, &old_fbo);
    glGetIntegerv(GL_VIEWPORT, old_vp);
    const GLboolean blend = glIsEnabled(GL_BLEND), scissor = glIsEnabled(GL_SCISSOR_TEST);
    glBindFramebuffer(GL_FRAMEBUFFER, t.fbo);
    glViewport(0, 0, tex_w_, tex_h_);
    glDisable(GL_SCISSOR_TEST);
    if (clear) {
        glClearColor(0.07f, 0.08f, 0.10f, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
    }
    if (count > 0) {
        glEnable(GL_BLEND);
        glBlendFunc(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA);
        glEnable(GL_PROGRAM_POINT_SIZE);
        glUseProgram(program_);
        glUniform4f(u_view_, view.x_min, view.y_min, view.x_max, view.y_max);
        glUniform1f(u_point_size_, last_point_size_);
        glBindVertexArray(b.vao);
        glDrawArrays(GL_POINTS, first, count);
        // Hand the slice to the rasteriser now. llvmpipe otherwise keeps a texture's draws queued
        // until the texture is read: every slice of 100,000 new points was rasterised in the frame
        // that first showed them (12-47 ms frames; with the flush, under 8.3 ms).
        glFlush();
        glBindVertexArray(0);
        glUseProgram(0);
    }
    glBindFramebuffer(GL_FRAMEBUFFER, static_cast<GLuint>(old_fbo));
    glViewport(old_vp[0], old_vp[1], old_vp[2], old_vp[3]);
    if (!blend) glDisable(GL_BLEND);
    if (scissor) glEnable(GL_SCISSOR_TEST);
}

ImTextureID ScatterRenderer::image(const scatter::View& view, int width, int height, float point_size) {
    if (!program_ || width <= 0 || height <= 0) return nullptr;
    ensure_targets(width, height);
    if (always_redraw_ || point_size != last_point_size_) dirty_ = true;
    last_point_size_ = point_size;
    if (pending_ && pending_drawn_ == 0) {
        // The first view asked for after new points arrived is theirs: a canvas that follows its
        // data fits the new bounds in the same frame. Redrawing everything at once for it would
        // put 100,000 points in one frame (~50 ms on llvmpipe); the slices draw them at that view
        // instead, while the old picture stays on screen a few frames more.
        pending_view_ = view;
    } else if (!(view == (pending_ ? pending_view_ : front_view_))) {
        dirty_ = true;  // the user panned or zoomed
    }
    if (dirty_) {
        // Everything now at this view, the newest points included.
        if (pending_) {
            shown_buffers_ = 1 - shown_buffers_;
            pending_ = false;
        }
        // Into the other texture, then shown: the image changes texture whenever its pixels change,
        // so a frame cache (render/frame_cache.h) sees the change in ImGui's draw data.
        const Buffers& b = buffers_[shown_buffers_];
        front_ = 1 - front_;
        front_view_ = view;
        draw(b, targets_[front_], view, 0, b.count, true);
        dirty_ = false;
        ++redraws_;
    } else if (pending_) {
        // New points: the next slice into the back texture, and once all are in, the swap in the
        // frame after the last slice. Showing a new texture repaints the whole canvas (the frame
        // cache sees a new image), and new points arrive with a snapshot, whose frame already
        // repaints the loss curves: a frame that rasterised points and composited them too cost
        // about twice a frame that did one of the three under llvmpipe.
        const Buffers& b = buffers_[1 - shown_buffers_];
        const bool all_in = b.count > 0 && pending_drawn_ >= b.count;
        if (!all_in) {
            const GLsizei n = std::min<GLsizei>(points_per_frame_, b.count - pending_drawn_);
            draw(b, targets_[1 - front_], pending_view_, pending_drawn_, n, pending_drawn_ == 0);
            pending_drawn_ += n;
        }
        if (all_in || b.count == 0) {  // no points: the cleared texture is shown at once
            front_ = 1 - front_;
            front_view_ = pending_view_;
            shown_buffers_ = 1 - shown_buffers_;
            pending_ = false;
            ++redraws_;
        }
    }
    return reinterpret_cast<ImTextureID>(static_cast<intptr_t>(targets_[front_].texture));
}

}  // namespace gfx
