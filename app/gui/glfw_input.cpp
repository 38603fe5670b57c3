#include "glfw_input.h"

#include <cfloat>

#include <GLFW/glfw3.h>

namespace app {

GlfwInput::GlfwInput(GLFWwindow* window) : window_(window) {
    glfwSetWindowUserPointer(window, this);
    prev_size_ = glfwSetWindowSizeCallback(window, on_size);
    prev_framebuffer_size_ = glfwSetFramebufferSizeCallback(window, on_framebuffer_size);
    prev_focus_ = glfwSetWindowFocusCallback(window, on_focus);
    prev_cursor_enter_ = glfwSetCursorEnterCallback(window, on_cursor_enter);
    prev_cursor_pos_ = glfwSetCursorPosCallback(window, on_cursor_pos);
    prev_mouse_button_ = glfwSetMouseButtonCallback(window, on_mouse_button);
    // The state before the first event: the only queries this class makes.
    glfwGetWindowSize(window, &win_w_, &win_h_);
    glfwGetFramebufferSize(window, &fb_w_, &fb_h_);
    focused_ = glfwGetWindowAttrib(window, GLFW_FOCUSED) != 0;
    glfwGetCursorPos(window, &cursor_x_, &cursor_y_);
    inside_ = cursor_x_ >= 0 && cursor_y_ >= 0 && cursor_x_ < win_w_ && cursor_y_ < win_h_;
    // GLFW 3.3 has no standard cursors for the diagonal and all-way resizes: the arrow stands in,
    // as in ImGui's backend.
    cursors_[ImGuiMouseCursor_Arrow] = glfwCreateStandardCursor(GLFW_ARROW_CURSOR);
    cursors_[ImGuiMouseCursor_TextInput] = glfwCreateStandardCursor(GLFW_IBEAM_CURSOR);
    cursors_[ImGuiMouseCursor_ResizeNS] = glfwCreateStandardCursor(GLFW_VRESIZE_CURSOR);
    cursors_[ImGuiMouseCursor_ResizeEW] = glfwCreateStandardCursor(GLFW_HRESIZE_CURSOR);
    cursors_[ImGuiMouseCursor_Hand] = glfwCreateStandardCursor(GLFW_HAND_CURSOR);
}

GlfwInput::~GlfwInput() {
    glfwSetWindowSizeCallback(window_, prev_size_);
    glfwSetFramebufferSizeCallback(window_, prev_framebuffer_size_);
    glfwSetWindowFocusCallback(window_, prev_focus_);
    glfwSetCursorEnterCallback(window_, prev_cursor_enter_);
    glfwSetCursorPosCallback(window_, prev_cursor_pos_);
    glfwSetMouseButtonCallback(window_, prev_mouse_button_);
    glfwSetWindowUserPointer(window_, nullptr);
    for (GLFWcursor* c : cursors_)
        if (c) glfwDestroyCursor(c);
}

GlfwInput* GlfwInput::of(GLFWwindow* w) { return static_cast<GlfwInput*>(glfwGetWindowUserPointer(w)); }

void GlfwInput::on_size(GLFWwindow* w, int width, int height) {
    GlfwInput* in = of(w);
    in->win_w_ = width;
    in->win_h_ = height;
    if (in->prev_size_) in->prev_size_(w, width, height);
}

void GlfwInput::on_framebuffer_size(GLFWwindow* w, int width, int height) {
    GlfwInput* in = of(w);
    in->fb_w_ = width;
    in->fb_h_ = height;
    if (in->prev_framebuffer_size_) in->prev_framebuffer_size_(w, width, height);
}

void GlfwInput::on_focus(GLFWwindow* w, int focused) {
    GlfwInput* in = of(w);
    in->focused_ = focused != 0;
    if (in->prev_focus_) in->prev_focus_(w, focused);
}

void GlfwInput::on_cursor_enter(GLFWwindow* w, int entered) {
    GlfwInput* in = of(w);
    in->inside_ = entered != 0;
    if (in->prev_cursor_enter_) in->prev_cursor_enter_(w, entered);
}

void GlfwInput::on_cursor_pos(GLFWwindow* w, double x, double y) {
    GlfwInput* in = of(w);
    in->cursor_x_ = x;
    in->cursor_y_ = y;
    if (in->prev_cursor_pos_) in->prev_cursor_pos_(w, x, y);
}

void GlfwInput::on_mouse_button(GLFWwindow* w, int button, int action, int mods) {
    GlfwInput* in = of(w);
    if (action == GLFW_PRESS && button >= 0 && button < ImGuiMouseButton_COUNT) in->just_pressed_[button] = true;
    if (in->prev_mouse_button_) in->prev_mouse_button_(w, button, action, mods);
}

void GlfwInput::new_frame() {
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(static_cast<float>(win_w_), static_cast<float>(win_h_));
    if (win_w_ > 0 && win_h_ > 0)
        io.DisplayFramebufferScale = ImVec2(static_cast<float>(fb_w_) / static_cast<float>(win_w_),
                                            static_cast<float>(fb_h_) / static_cast<float>(win_h_));
    const double now = glfwGetTime();
    io.DeltaTime = time_ > 0 && now > time_ ? static_cast<float>(now - time_) : 1.0f / 60.0f;
    time_ = now;

    // A press that came and went since the last frame still counts as held in this one, so a click
    // shorter than a frame is not lost. glfwGetMouseButton reads GLFW's own state: no round trip.
    for (int b = 0; b < ImGuiMouseButton_COUNT; ++b) {
        io.MouseDown[b] = just_pressed_[b] || glfwGetMouseButton(window_, b) == GLFW_PRESS;
        just_pressed_[b] = false;
    }
    const ImVec2 previous = io.MousePos;
    if (io.WantSetMousePos && focused_) {
        glfwSetCursorPos(window_, static_cast<double>(previous.x), static_cast<double>(previous.y));
        cursor_x_ = previous.x;
        cursor_y_ = previous.y;
    }
    io.MousePos = inside_ || focused_ ? ImVec2(static_cast<float>(cursor_x_), static_cast<float>(cursor_y_))
                                      : ImVec2(-FLT_MAX, -FLT_MAX);
    update_cursor_shape();
}

void GlfwInput::update_cursor_shape() {
    const ImGuiIO& io = ImGui::GetIO();
    if ((io.ConfigFlags & ImGuiConfigFlags_NoMouseCursorChange) || glfwGetInputMode(window_, GLFW_CURSOR) == GLFW_CURSOR_DISABLED)
        return;
    const ImGuiMouseCursor wanted = ImGui::GetMouseCursor();
    if (wanted == ImGuiMouseCursor_None || io.MouseDrawCursor) {
        glfwSetInputMode(window_, GLFW_CURSOR, GLFW_CURSOR_HIDDEN);  // GLFW ignores a mode already set
        shown_cursor_ = ImGuiMouseCursor_None;
        return;
    }
    glfwSetInputMode(window_, GLFW_CURSOR, GLFW_CURSOR_NORMAL);
    if (wanted == shown_cursor_) return;  // glfwSetCursor flushes to the X server every call
    GLFWcursor* c = wanted >= 0 && wanted < ImGuiMouseCursor_COUNT && cursors_[wanted] ? cursors_[wanted]
                                                                                         : cursors_[ImGuiMouseCursor_Arrow];
    glfwSetCursor(window_, c);
    shown_cursor_ = wanted;
}

}  // namespace app
