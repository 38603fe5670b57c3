#include "render/frame_cache.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include <backends/imgui_impl_opengl3.h>
#include <epoxy/glx.h>

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

// The lists with a command inside `r`, every command's clip rectangle cut down to `r` (an empty
// one is skipped by the backend), the draw, and the rectangles put back: the draw data is ImGui's
// and is read again by the next rectangle. Lists outside `r` are left out, so each rectangle
// uploads only the vertices that can reach it.
void FrameCache::draw_clipped(ImDrawData* d, const render::DamageRect& r) {
    std::vector<ImDrawList*> lists;
    std::vector<ImVec4> saved;
    ImDrawData part = *d;
    part.TotalVtxCount = part.TotalIdxCount = 0;
    for (int i = 0; i < d->CmdListsCount; ++i) {
        ImDrawList* l = d->CmdLists[i];
        bool reaches = false;
        for (ImDrawCmd& c : l->CmdBuffer) {
            saved.push_back(c.ClipRect);
            c.ClipRect = ImVec4(std::max(c.ClipRect.x, r.x0), std::max(c.ClipRect.y, r.y0), std::min(c.ClipRect.z, r.x1),
                                std::min(c.ClipRect.w, r.y1));
            reaches = reaches || (c.ElemCount > 0 && c.ClipRect.z > c.ClipRect.x && c.ClipRect.w > c.ClipRect.y);
        }
        if (!reaches) continue;
        lists.push_back(l);
        part.TotalVtxCount += l->VtxBuffer.Size;
        part.TotalIdxCount += l->IdxBuffer.Size;
    }
    part.CmdLists = lists.data();
    part.CmdListsCount = static_cast<int>(lists.size());
    if (!lists.empty()) ImGui_ImplOpenGL3_RenderDrawData(&part);
    size_t k = 0;
    for (int i = 0; i < d->CmdListsCount; ++i)
        for (ImDrawCmd& c : d->CmdLists[i]->CmdBuffer) c.ClipRect = saved[k++];
}

void FrameCache::choose_mode() {
    chosen_ = true;
    Display* dpy = glXGetCurrentDisplay();
    partial_ = dpy && glXGetCurrentDrawable() && epoxy_has_glx_extension(dpy, DefaultScreen(dpy), "GLX_MESA_copy_sub_buffer");
}

double FrameCache::repaint(ImDrawData* d, const std::vector<render::DamageRect>& damage, int width, int height,
                           const ImVec4& clear, std::vector<std::array<int, 4>>& pixels) {
    const ImVec2 scale = d->FramebufferScale, origin = d->DisplayPos;
    glViewport(0, 0, width, height);
    double repainted = 0;
    for (render::DamageRect r : damage) {
        // Whole pixels, rounded outward, so the clear and the clipped draw cover the same ones.
        r.x0 = std::floor(r.x0);
        r.y0 = std::floor(r.y0);
        r.x1 = std::ceil(r.x1);
        r.y1 = std::ceil(r.y1);
        const int x0 = std::max(0, static_cast<int>((r.x0 - origin.x) * scale.x));
        const int x1 = std::min(width, static_cast<int>((r.x1 - origin.x) * scale.x));
        const int y0 = std::max(0, static_cast<int>((r.y0 - origin.y) * scale.y));
        const int y1 = std::min(height, static_cast<int>((r.y1 - origin.y) * scale.y));
        if (x1 <= x0 || y1 <= y0) continue;
        glEnable(GL_SCISSOR_TEST);
        glScissor(x0, height - y1, x1 - x0, y1 - y0);  // GL's y goes up
        glClearColor(clear.x, clear.y, clear.z, 1);
        glClear(GL_COLOR_BUFFER_BIT);
        draw_clipped(d, r);
        pixels.push_back({x0, height - y1, x1 - x0, y1 - y0});
        repainted += static_cast<double>(x1 - x0) * (y1 - y0);
    }
    glDisable(GL_SCISSOR_TEST);
    return width > 0 && height > 0 ? repainted / (static_cast<double>(width) * height) : 0;
}

bool FrameCache::render(ImDrawData* d, int width, int height, const ImVec4& clear) {
    if (!enabled_) {
        glBindFramebuffer(GL_FRAMEBUFFER, 0);
        glViewport(0, 0, width, height);
        glDisable(GL_SCISSOR_TEST);
        glClearColor(clear.x, clear.y, clear.z, 1);
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(d);
        last_share_ = 1;
        return false;
    }
    if (!chosen_) choose_mode();
    std::vector<std::array<int, 4>> pixels;
    if (partial_) {
        if (width != width_ || height != height_) damage_.damage_all();
        width_ = width;
        height_ = height;
        glBindFramebuffer(GL_FRAMEBUFFER, 0);
        last_share_ = repaint(d, damage_.update(*d), width, height, clear, pixels);
        Display* dpy = glXGetCurrentDisplay();
        const GLXDrawable drawable = glXGetCurrentDrawable();
        for (const std::array<int, 4>& p : pixels) glXCopySubBufferMESA(dpy, drawable, p[0], p[1], p[2], p[3]);
        return true;
    }
    ensure_target(width, height);
    glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
    last_share_ = repaint(d, damage_.update(*d), width, height, clear, pixels);
    glBindFramebuffer(GL_READ_FRAMEBUFFER, fbo_);
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, 0);
    glBlitFramebuffer(0, 0, width, height, 0, 0, width, height, GL_COLOR_BUFFER_BIT, GL_NEAREST);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    return false;
}

}  // namespace gfx
