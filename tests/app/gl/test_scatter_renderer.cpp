// Tier 3, under Xvfb: the OpenGL scatter renderer draws coloured points with shaders/points.* into
// a texture, which reads back with the points where the view puts them; it redraws only when the
// points, the view or the size change (what keeps 100k points cheap in software GL).
#include <catch2/catch.hpp>

#include <epoxy/gl.h>
#include <GLFW/glfw3.h>

#include <string>
#include <vector>

#include "gl_context.h"
#include "render/scatter_renderer.h"

namespace {

// The texture's pixels, RGBA, row 0 at the bottom (GL order).
std::vector<uint8_t> texture_pixels(ImTextureID tex, int w, int h) {
    std::vector<uint8_t> px(static_cast<size_t>(w * h * 4));
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(reinterpret_cast<intptr_t>(tex)));
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glGetTexImage(GL_TEXTURE_2D, 0, GL_RGBA, GL_UNSIGNED_BYTE, px.data());
    return px;
}

struct Count {
    int red = 0, blue = 0, green = 0;
};

Count count_in(const std::vector<uint8_t>& px, int w, int x0, int x1, int y0, int y1) {
    Count c;
    for (int y = y0; y < y1; ++y)
        for (int x = x0; x < x1; ++x) {
            const uint8_t* p = &px[static_cast<size_t>((y * w + x) * 4)];
            c.red += p[0] > 180 && p[1] < 80 && p[2] < 80;
            c.blue += p[2] > 180 && p[0] < 80 && p[1] < 80;
            c.green += p[1] > 180 && p[0] < 80 && p[2] < 80;
        }
    return c;
}

}  // namespace

TEST_CASE("points land in the texture where the view puts them, in their colours", "[gl]") {
    GlContext gl;
    gfx::ScatterRenderer r;
    std::string error;
    REQUIRE(r.init(error));
    scatter::Points p;
    // Red cluster at x = -0.5, blue at x = +0.5, a hidden (alpha 0) green one at the centre.
    for (int i = 0; i < 50; ++i) {
        const float dy = static_cast<float>(i - 25) * 0.004f;
        p.xy.insert(p.xy.end(), {-0.5f, dy, 0.5f, dy, 0.0f, dy});
        p.rgba.insert(p.rgba.end(), {IM_COL32(255, 0, 0, 255), IM_COL32(0, 0, 255, 255), IM_COL32(0, 255, 0, 0)});
    }
    r.set_points(p);
    const int w = 200, h = 100;
    const ImTextureID tex = r.image({-1, -1, 1, 1}, w, h, 6.0f);
    REQUIRE(tex);
    const std::vector<uint8_t> px = texture_pixels(tex, w, h);
    const Count left = count_in(px, w, 0, w / 3, 0, h), right = count_in(px, w, 2 * w / 3, w, 0, h),
                middle = count_in(px, w, w / 3, 2 * w / 3, 0, h);
    CHECK(left.red > 50);
    CHECK(left.blue == 0);
    CHECK(right.blue > 50);
    CHECK(right.red == 0);
    CHECK(middle.green == 0);  // alpha 0 hides a point
    CHECK(middle.red + middle.blue == 0);
}

TEST_CASE("the texture is redrawn only when points, view or size change", "[gl]") {
    GlContext gl;
    gfx::ScatterRenderer r;
    std::string error;
    REQUIRE(r.init(error));
    scatter::Points p;
    p.xy = {0, 0, 0.1f, 0.1f};
    p.rgba = {IM_COL32(255, 0, 0, 255), IM_COL32(0, 0, 255, 255)};
    r.set_points(p);
    const scatter::View v{-1, -1, 1, 1};
    r.image(v, 100, 100, 3);
    CHECK(r.redraws() == 1);
    for (int i = 0; i < 10; ++i) r.image(v, 100, 100, 3);  // ten unchanged frames
    CHECK(r.redraws() == 1);
    r.image({-2, -2, 2, 2}, 100, 100, 3);
    CHECK(r.redraws() == 2);
    r.image({-2, -2, 2, 2}, 120, 100, 3);
    CHECK(r.redraws() == 3);
    r.set_points(p);
    r.image({-2, -2, 2, 2}, 120, 100, 3);  // new points are drawn in this frame, shown in the next
    CHECK(r.pending());
    r.image({-2, -2, 2, 2}, 120, 100, 3);
    CHECK_FALSE(r.pending());
    CHECK(r.redraws() == 4);
}

TEST_CASE("new points are drawn over several frames while the old picture stays", "[gl]") {
    GlContext gl;
    gfx::ScatterRenderer r;
    std::string error;
    REQUIRE(r.init(error));
    r.set_points_per_frame(1000);
    const auto cluster = [](float x, ImU32 colour) {
        scatter::Points p;
        for (int i = 0; i < 3000; ++i) {
            p.xy.insert(p.xy.end(), {x, static_cast<float>(i % 100) * 0.005f - 0.25f});
            p.rgba.push_back(colour);
        }
        return p;
    };
    const scatter::View v{-1, -1, 1, 1};
    const int w = 200, h = 100;
    r.set_points(cluster(-0.5f, IM_COL32(255, 0, 0, 255)));
    std::vector<uint8_t> px = texture_pixels(r.image(v, w, h, 4), w, h);  // first picture: at once
    CHECK(count_in(px, w, 0, w, 0, h).red > 50);
    CHECK(r.redraws() == 1);

    r.set_points(cluster(0.5f, IM_COL32(0, 0, 255, 255)));
    for (int frame = 0; frame < 3; ++frame) {  // 1000 of 3000 points a frame, the last slice included
        px = texture_pixels(r.image(v, w, h, 4), w, h);
        CHECK(r.pending());
        CHECK(count_in(px, w, 0, w, 0, h).red > 50);  // the old picture, whole
        CHECK(count_in(px, w, 0, w, 0, h).blue == 0);
    }
    px = texture_pixels(r.image(v, w, h, 4), w, h);  // the frame after the last slice: swap
    CHECK_FALSE(r.pending());
    CHECK(r.redraws() == 2);
    CHECK(count_in(px, w, 0, w, 0, h).red == 0);
    CHECK(count_in(px, w, 0, w, 0, h).blue > 50);

    // New points asked for at a new view in their first frame (a canvas fitting their bounds) are
    // drawn at that view, in slices like any new points: the old picture stays meanwhile.
    const scatter::View wide{-2, -1, 2, 1};
    r.set_points(cluster(-0.5f, IM_COL32(0, 255, 0, 255)));
    for (int frame = 0; frame < 3; ++frame) {
        px = texture_pixels(r.image(wide, w, h, 4), w, h);
        CHECK(r.pending());
        CHECK(count_in(px, w, 0, w, 0, h).blue > 50);
        CHECK(count_in(px, w, 0, w, 0, h).green == 0);
    }
    px = texture_pixels(r.image(wide, w, h, 4), w, h);
    CHECK_FALSE(r.pending());
    CHECK(r.redraws() == 3);
    // x = -0.5 at the wide view is column 75 (at the old view it would be 50).
    CHECK(count_in(px, w, 65, 85, 0, h).green > 50);
    CHECK(count_in(px, w, 40, 60, 0, h).green == 0);

    // A view change in a later frame while new points are pending (the user pans or zooms) draws
    // everything at once, the newest points included.
    r.set_points(cluster(0.5f, IM_COL32(255, 0, 0, 255)));
    px = texture_pixels(r.image(wide, w, h, 4), w, h);
    CHECK(r.pending());
    px = texture_pixels(r.image({-1, -1, 1, 1}, w, h, 4), w, h);
    CHECK_FALSE(r.pending());
    CHECK(r.redraws() == 4);
    CHECK(count_in(px, w, 0, w, 0, h).red > 50);
    CHECK(count_in(px, w, 0, w, 0, h).green == 0);
}

TEST_CASE("a missing shader is an error naming the file, not a crash", "[gl]") {
    GlContext gl;
    setenv("TOWERLAB_SHADERS", "/nonexistent/shaders", 1);
    gfx::ScatterRenderer r;
    std::string error;
    CHECK_FALSE(r.init(error));
    CHECK(error.find("/nonexistent/shaders/points.vert") != std::string::npos);
    unsetenv("TOWERLAB_SHADERS");
    CHECK(r.image({-1, -1, 1, 1}, 10, 10, 3) == nullptr);
}
