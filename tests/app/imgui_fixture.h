// A real Dear ImGui context without a window or GL (the pattern of imgui's example_null): fixed
// display size and time step, the built-in font atlas built on the CPU. Tests run frames through
// it and assert on state or on the ImDrawData the frame produced.
#pragma once

#include <functional>

#include <imgui.h>

struct ImGuiFixture {
    ImGuiContext* ctx;

    explicit ImGuiFixture(ImVec2 display = ImVec2(1280, 800)) {
        ctx = ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = display;
        io.DeltaTime = 1.0f / 60;
        unsigned char* pixels = nullptr;
        int w = 0, h = 0;
        io.Fonts->AddFontDefault();
        io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    }
    ~ImGuiFixture() { ImGui::DestroyContext(ctx); }
    ImGuiFixture(const ImGuiFixture&) = delete;
    ImGuiFixture& operator=(const ImGuiFixture&) = delete;

    // One frame: NewFrame, body, Render. Returns the frame's draw data.
    ImDrawData* frame(const std::function<void()>& body) {
        ImGui::NewFrame();
        body();
        ImGui::Render();
        return ImGui::GetDrawData();
    }

    // One frame whose body runs inside a plain window covering the display.
    ImDrawData* window_frame(const std::function<void()>& body) {
        return frame([&] {
            ImGui::SetNextWindowPos(ImVec2(0, 0));
            ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
            ImGui::Begin("test", nullptr, ImGuiWindowFlags_NoDecoration);
            body();
            ImGui::End();
        });
    }

    void mouse(ImVec2 at, bool down = false, float wheel = 0) {
        ImGuiIO& io = ImGui::GetIO();
        io.MousePos = at;
        io.MouseDown[0] = down;
        io.MouseWheel = wheel;
    }

    static int vertices(const ImDrawData* d) { return d ? d->TotalVtxCount : 0; }
};
