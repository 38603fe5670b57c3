#include "render/scatter_renderer.h"

#include <cstdint>

#include "render/shader_program.h"

namespace gfx {

ScatterRenderer::~ScatterRenderer() {
    if (texture_) glDeleteTextures(1, &texture_);
    if (fbo_) glDeleteFramebuffers(1, &fbo_);
    if (vbo_pos_) glDeleteBuffers(1, &vbo_pos_);
    if (vbo_col_) glDeleteBuffers(1, &vbo_col_);
    if (vao_) glDeleteVertexArrays(1, &vao_);
    if (program_) glDeleteProgram(program_);
}

bool ScatterRenderer::init(std::string& error) {
    program_ = load_program("points", error);
    if (!program_) return false;
    u_view_ = glGetUniformLocation(program_, "u_view");
    u_point_size_ = glGetUniformLocation(program_, "u_point_size");
    glGenVertexArrays(1, &vao_);
    glGenBuffers(1, &vbo_pos_);
    glGenBuffers(1, &vbo_col_);
    glBindVertexArray(vao_);
    glBindBuffer(GL_ARRAY_BUFFER, vbo_pos_);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 0, nullptr);
    glBindBuffer(GL_ARRAY_BUFFER, vbo_col_);
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(1, 4, GL_UNSIGNED_BYTE, GL_TRUE, 0, nullptr);  // ImU32 is R,G,B,A in memory
    glBindVertexArray(0);
    glBindBuffer(GL_ARRAY_BUFFER, 0);
    return true;
}

void ScatterRenderer::set_points(const scatter::Points& points) {
    if (!program_) return;
    count_ = static_cast<GLsizei>(points.rgba.size());
    glBindBuffer(GL_ARRAY_BUFFER, vbo_pos_);
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(points.xy.size() * sizeof(float)), points.xy.data(),
                 GL_DYNAMIC_DRAW);
    glBindBuffer(GL_ARRAY_BUFFER, vbo_col_);
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(points.rgba.size() * sizeof(uint32_t)), points.rgba.data(),
                 GL_DYNAMIC_DRAW);
    glBindBuffer(GL_ARRAY_BUFFER, 0);
    dirty_ = true;
}

void ScatterRenderer::ensure_target(int width, int height) {
    if (texture_ && width == tex_w_ && height == tex_h_) return;
    if (!texture_) glGenTextures(1, &texture_);
    if (!fbo_) glGenFramebuffers(1, &fbo_);
    glBindTexture(GL_TEXTURE_2D, texture_);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, texture_, 0);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    tex_w_ = width;
    tex_h_ = height;
    dirty_ = true;
}

ImTextureID ScatterRenderer::image(const scatter::View& view, int width, int height, float point_size) {
    if (!program_ || width <= 0 || height <= 0) return nullptr;
    ensure_target(width, height);
    if (dirty_ || always_redraw_ || !(view == last_view_) || point_size != last_point_size_) {
        GLint old_fbo = 0, old_vp[4];
        glGetIntegerv(GL_FRAMEBUFFER_BINDING, &old_fbo);
        glGetIntegerv(GL_VIEWPORT, old_vp);
        const GLboolean blend = glIsEnabled(GL_BLEND), scissor = glIsEnabled(GL_SCISSOR_TEST);
        glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
        glViewport(0, 0, width, height);
        glDisable(GL_SCISSOR_TEST);
        glClearColor(0.07f, 0.08f, 0.10f, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
        glEnable(GL_BLEND);
        glBlendFunc(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA);
        glEnable(GL_PROGRAM_POINT_SIZE);
        glUseProgram(program_);
        glUniform4f(u_view_, view.x_min, view.y_min, view.x_max, view.y_max);
        glUniform1f(u_point_size_, point_size);
        glBindVertexArray(vao_);
        glDrawArrays(GL_POINTS, 0, count_);
        glBindVertexArray(0);
        glUseProgram(0);
        glBindFramebuffer(GL_FRAMEBUFFER, static_cast<GLuint>(old_fbo));
        glViewport(old_vp[0], old_vp[1], old_vp[2], old_vp[3]);
        if (!blend) glDisable(GL_BLEND);
        if (scissor) glEnable(GL_SCISSOR_TEST);
        last_view_ = view;
        last_point_size_ = point_size;
        dirty_ = false;
        ++redraws_;
    }
    return reinterpret_cast<ImTextureID>(static_cast<intptr_t>(texture_));
}

}  // namespace gfx
