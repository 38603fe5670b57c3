// Dear ImGui's per-frame input from GLFW without asking the X server. The GLFW backend of ImGui
// 1.86 (ImGui_ImplGlfw_NewFrame) queries, every frame, the window size, the framebuffer size, the
// focus and the cursor position: four round trips to the X server, plus a cursor set and flush.
// Under Xvfb on the project's 2-core machines, with training and a layout task on the cores, each
// round trip waits until the X server gets a core: with 100,000 points on the UMAP map this phase
// alone had a p99 of 12 ms (towerlab --benchmark-seconds, phase new_frame).
//
// GlfwInput keeps the same facts from the events the X server sends anyway (GLFW's size,
// framebuffer, focus, cursor-enter, cursor-position and mouse-button callbacks), and its
// new_frame() sets what ImGui_ImplGlfw_NewFrame sets: display size and scale, time step, mouse
// position and buttons (a press shorter than a frame still counts as held), and the OS cursor's
// shape, set only when ImGui asks for another. Keys, characters, the wheel and focus events still
// reach ImGui through the backend's own callbacks, which ImGui_ImplGlfw_InitForOpenGL installs and
// which chain to these. Gamepad navigation is not used by the app and is not read.
#pragma once

#include <imgui.h>

struct GLFWwindow;
struct GLFWcursor;

namespace app {

class GlfwInput {
public:
    // Installs its callbacks on `window`, chained to the ones already there (they are still
    // called), and reads the window's state once. Create it before ImGui_ImplGlfw_InitForOpenGL
    // (window, true), and only one per window: the window's user pointer is this object.
    explicit GlfwInput(GLFWwindow* window);
    ~GlfwInput();
    GlfwInput(const GlfwInput&) = delete;
    GlfwInput& operator=(const GlfwInput&) = delete;

    // In place of ImGui_ImplGlfw_NewFrame(), before ImGui::NewFrame(); needs the current ImGui
    // context.
    void new_frame();

    int framebuffer_width() const { return fb_w_; }
    int framebuffer_height() const { return fb_h_; }

private:
    static GlfwInput* of(GLFWwindow* w);
    static void on_size(GLFWwindow* w, int width, int height);
    static void on_framebuffer_size(GLFWwindow* w, int width, int height);
    static void on_focus(GLFWwindow* w, int focused);
    static void on_cursor_enter(GLFWwindow* w, int entered);
    static void on_cursor_pos(GLFWwindow* w, double x, double y);
    static void on_mouse_button(GLFWwindow* w, int button, int action, int mods);
    void update_cursor_shape();

    GLFWwindow* window_;
    int win_w_ = 0, win_h_ = 0, fb_w_ = 0, fb_h_ = 0;
    bool focused_ = false, inside_ = false;
    double cursor_x_ = 0, cursor_y_ = 0;
    bool just_pressed_[ImGuiMouseButton_COUNT] = {};
    double time_ = 0;
    GLFWcursor* cursors_[ImGuiMouseCursor_COUNT] = {};
    int shown_cursor_ = -2;  // the ImGuiMouseCursor last given to GLFW (-2: none yet)
    // The callbacks found on the window, called after ours.
    void (*prev_size_)(GLFWwindow*, int, int) = nullptr;
    void (*prev_framebuffer_size_)(GLFWwindow*, int, int) = nullptr;
    void (*prev_focus_)(GLFWwindow*, int) = nullptr;
    void (*prev_cursor_enter_)(GLFWwindow*, int) = nullptr;
    void (*prev_cursor_pos_)(GLFWwindow*, double, double) = nullptr;
    void (*prev_mouse_button_)(GLFWwindow*, int, int, int) = nullptr;
};

}  // namespace app
