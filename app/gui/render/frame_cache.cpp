#include "render/frame_cache.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include <backends/imgui_impl_opengl3.h>

namespace gfx {

FrameCache::~FrameCache() {
    if (fbo_) glDeleteFramebuffers(1, &fbo_);
    if (texture_) glDeleteTextures(1, &texture_);
}

void FrameCache::ensure_target(int width, int height) {
    if (fbo_ && width == width_ && height == height_) return;
    if (!texture_) glGenTextures(1, &texture_);
    if (!fbo_) glGenFramebuffers(1, &fbo_);
    glBindTexture(GL_TEXTURE_2D, texture_);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, texture_, 0);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    width_ = width;
    height_ = height;
    damage_.damage_all();  // a new target holds nothing yet
}

// Every command's clip rectangle cut down to `r` (an empty one is skipped by the backend), the
// draw, and the rectangles put back: the draw data is ImGui's and is read again next pass.
void FrameCache::draw_clipped(ImDrawData* d, const render::DamageRect& r) {
    std::vector<ImVec4> saved;
    for (int i = 0; i < d->CmdListsCount; ++i)
        for (ImDrawCmd& c : d->CmdLists[i]->CmdBuffer) {
            saved.push_back(c.ClipRect);
            c.ClipRect = ImVec4(std::max(c.ClipRect.x, r.x0), std::max(c.ClipRect.y, r.y0), std::min(c.ClipRect.z, r.x1),
                                std::min(c.ClipRect.w, r.y1));
        }
    ImGui_ImplOpenGL3_RenderDrawData(d);
    size_t k = 0;
    for (int i = 0; i < d->CmdListsCount; ++i)
        for (ImDrawCmd& c : d->CmdLists[i]->CmdBuffer) c.ClipRect = saved[k++];
}

void FrameCache::render(ImDrawData* d, int width, int height, const ImVec4& clear) {
    if (!enabled_) {
        glBindFramebuffer(GL_FRAMEBUFFER, 0);
        glViewport(0, 0, width, height);
        glDisable(GL_SCISSOR_TEST);
        glClearColor(clear.x, clear.y, clear.z, 1);
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(d);
        last_share_ = 1;
        return;
    }
    ensure_target(width, height);
    const std::vector<render::DamageRect> damage = damage_.update(*d);
    const ImVec2 scale = d->FramebufferScale, origin = d->DisplayPos;
    glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
    glViewport(0, 0, width, height);
    double repainted = 0;
    for (render::DamageRect r : damage) {
        // Whole pixels, rounded outward, so the clear and the clipped draw cover the same ones.
        r.x0 = std::floor(r.x0);
        r.y0 = std::floor(r.y0);
        r.x1 = std::ceil(r.x1);
        r.y1 = std::ceil(r.y1);
        const int x0 = static_cast<int>((r.x0 - origin.x) * scale.x), x1 = static_cast<int>((r.x1 - origin.x) * scale.x);
        const int y0 = static_cast<int>((r.y0 - origin.y) * scale.y), y1 = static_cast<int>((r.y1 - origin.y) * scale.y);
        glEnable(GL_SCISSOR_TEST);
        glScissor(x0, height - y1, x1 - x0, y1 - y0);  // GL's y goes up
        glClearColor(clear.x, clear.y, clear.z, 1);
        glClear(GL_COLOR_BUFFER_BIT);
        draw_clipped(d, r);
        repainted += static_cast<double>(x1 - x0) * (y1 - y0);
    }
    last_share_ = width > 0 && height > 0 ? repainted / (static_cast<double>(width) * height) : 0;
    glDisable(GL_SCISSOR_TEST);
    glBindFramebuffer(GL_READ_FRAMEBUFFER, fbo_);
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, 0);
    glBlitFramebuffer(0, 0, width, height, 0, 0, width, height, GL_COLOR_BUFFER_BIT, GL_NEAREST);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
}

}  // namespace gfx
