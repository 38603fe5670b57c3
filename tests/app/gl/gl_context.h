// A GLFW window with a GL 3.3 core context, current for a test's lifetime (tier 3, under Xvfb).
#pragma once

#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include <GLFW/glfw3.h>

struct GlContext {
    GLFWwindow* win = nullptr;
    explicit GlContext(int width = 64, int height = 64) {
        // Under a loaded machine (ctest -j2) glfwInit once failed to reach the X server xvfb-run had
        // just started (one run in many); a few tries over up to 5 s ride that out.
        bool ready = glfwInit();
        for (int attempt = 0; !ready && attempt < 50; ++attempt) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            ready = glfwInit();
        }
        REQUIRE(ready);
        glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);
        glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
        glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
        glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
        glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
        win = glfwCreateWindow(width, height, "gl test", nullptr, nullptr);
        REQUIRE(win);
        glfwMakeContextCurrent(win);
    }
    ~GlContext() {
        glfwDestroyWindow(win);
        glfwTerminate();
    }
    GlContext(const GlContext&) = delete;
    GlContext& operator=(const GlContext&) = delete;
};
