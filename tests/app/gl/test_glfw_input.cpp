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

// The callback a GLFW setter has installed on `w` (taken off and put back), to call as GLFW would.
template <class Fn>
Fn installed(GLFWwindow* w, Fn (*set)(GLFWwindow*, Fn)) {
    const Fn f = set(w, nullptr);
    set(w, f);
    return f;
}

struct Fixture {
    GlContext gl{200, 150};
    ImGuiContext* ctx = ImGui::CreateContext();
    Fixture() { glfwSetCursorPosCallback(gl.win, [](GLFWwindow*, double, double) { ++g_counted; }); }
    ~Fixture() { ImGui::DestroyContext(ctx); }

    void cursor(double x, double y) { installed(gl.win, glfwSetCursorPosCallback)(gl.win, x, y); }
    void enter(bool inside) { installed(gl.win, glfwSetCursorEnterCallback)(gl.win, inside ? GLFW_TRUE : GLFW_FALSE); }
    void focus(bool on) { installed(gl.win, glfwSetWindowFocusCallback)(gl.win, on ? GLFW_TRUE : GLFW_FALSE); }
    void button(int b, int action) { installed(gl.win, glfwSetMouseButtonCallback)(gl.win, b, action, 0); }
    void size(int w, int h) {
        installed(gl.win, glfwSetWindowSizeCallback)(gl.win, w, h);
        installed(gl.win, glfwSetFramebufferSizeCallback)(gl.win, 2 * w, 2 * h);  // two pixels a point
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
    const GLFWcursorposfun before = installed(f.gl.win, glfwSetCursorPosCallback);
    {
        app::GlfwInput input(f.gl.win);
        CHECK(installed(f.gl.win, glfwSetCursorPosCallback) != before);
    }
    CHECK(installed(f.gl.win, glfwSetCursorPosCallback) == before);
    CHECK(glfwGetWindowUserPointer(f.gl.win) == nullptr);
}
