// Tier 3, under Xvfb: ImGui's per-frame input kept from GLFW's events (app/gui/glfw_input.h)
// rather than asked of the X server each frame. The events are delivered by calling the window's
// installed callbacks, as glfwPollEvents would.
#include <catch2/catch.hpp>

#include <cfloat>

#include <imgui.h>

#include "gl_context.h"
#include "glfw_input.h"

namespace {

int g_counted = 0;  // calls reaching the callback installed before GlfwInput

struct Fixture {
    GlContext gl{200, 150};
    ImGuiContext* ctx = ImGui::CreateContext();
    Fixture() { glfwSetCursorPosCallback(gl.win, [](GLFWwindow*, double, double) { ++g_counted; }); }
    ~Fixture() { ImGui::DestroyContext(ctx); }

    void cursor(double x, double y) {
        const GLFWcursorposfun f = glfwSetCursorPosCallback(gl.win, nullptr);
        glfwSetCursorPosCallback(gl.win, f);
        f(gl.win, x, y);
    }
    void enter(bool inside) {
        const GLFWcursorenterfun f = glfwSetCursorEnterCallback(gl.win, nullptr);
        glfwSetCursorEnterCallback(gl.win, f);
        f(gl.win, inside ? GLFW_TRUE : GLFW_FALSE);
    }
    void focus(bool on) {
        const GLFWwindowfocusfun f = glfwSetWindowFocusCallback(gl.win, nullptr);
        glfwSetWindowFocusCallback(gl.win, f);
        f(gl.win, on ? GLFW_TRUE : GLFW_FALSE);
    }
    void button(int b, int action) {
        const GLFWmousebuttonfun f = glfwSetMouseButtonCallback(gl.win, nullptr);
        glfwSetMouseButtonCallback(gl.win, f);
        f(gl.win, b, action, 0);
    }
    void size(int w, int h) {
        const GLFWwindowsizefun f = glfwSetWindowSizeCallback(gl.win, nullptr);
        glfwSetWindowSizeCallback(gl.win, f);
        f(gl.win, w, h);
        const GLFWframebuffersizefun g = glfwSetFramebufferSizeCallback(gl.win, nullptr);
        glfwSetFramebufferSizeCallback(gl.win, g);
        g(gl.win, 2 * w, 2 * h);  // as on a display of two pixels a point
    }
};

}  // namespace

TEST_CASE("display size, scale and mouse position come from the window's events", "[gl][input]") {
    Fixture f;
    app::GlfwInput input(f.gl.win);
    input.new_frame();
    ImGuiIO& io = ImGui::GetIO();
    CHECK(io.DisplaySize.x == 200);  // read once, when created
    CHECK(io.DisplaySize.y == 150);
    CHECK(io.DeltaTime > 0);

    f.size(320, 240);
    f.enter(true);
    f.cursor(12, 34);
    input.new_frame();
    CHECK(io.DisplaySize.x == 320);
    CHECK(io.DisplaySize.y == 240);
    CHECK(io.DisplayFramebufferScale.x == 2);
    CHECK(input.framebuffer_width() == 640);
    CHECK(input.framebuffer_height() == 480);
    CHECK(io.MousePos.x == 12);
    CHECK(io.MousePos.y == 34);
    CHECK(g_counted == 1);  // the callback that was there before still hears of the motion

    // Outside the window and not focused: ImGui sees no mouse, as with ImGui's own backend.
    f.enter(false);
    f.focus(false);
    input.new_frame();
    CHECK(io.MousePos.x == -FLT_MAX);
    f.focus(true);  // focused, the last position counts again
    input.new_frame();
    CHECK(io.MousePos.x == 12);
}

TEST_CASE("a click shorter than a frame is held for one frame", "[gl][input]") {
    Fixture f;
    app::GlfwInput input(f.gl.win);
    ImGuiIO& io = ImGui::GetIO();
    input.new_frame();
    CHECK_FALSE(io.MouseDown[0]);
    f.button(GLFW_MOUSE_BUTTON_LEFT, GLFW_PRESS);
    f.button(GLFW_MOUSE_BUTTON_LEFT, GLFW_RELEASE);  // both between two frames
    input.new_frame();
    CHECK(io.MouseDown[0]);
    CHECK_FALSE(io.MouseDown[1]);
    input.new_frame();
    CHECK_FALSE(io.MouseDown[0]);
}

TEST_CASE("the window gets its callbacks back when the input goes", "[gl][input]") {
    Fixture f;
    const GLFWcursorposfun before = glfwSetCursorPosCallback(f.gl.win, nullptr);
    glfwSetCursorPosCallback(f.gl.win, before);
    {
        app::GlfwInput input(f.gl.win);
        const GLFWcursorposfun during = glfwSetCursorPosCallback(f.gl.win, nullptr);
        glfwSetCursorPosCallback(f.gl.win, during);
        CHECK(during != before);
    }
    const GLFWcursorposfun after = glfwSetCursorPosCallback(f.gl.win, nullptr);
    CHECK(after == before);
    CHECK(glfwGetWindowUserPointer(f.gl.win) == nullptr);
}
