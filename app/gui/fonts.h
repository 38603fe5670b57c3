// The UI font: a readable TrueType font from a Debian font package, found at run time (no font is
// bundled). Lessons in Chinese (issue 9) will merge CJK glyphs from fonts-noto-cjk here.
#pragma once

#include <string>

#include <imgui.h>

namespace app {

struct FontChoice {
    std::string path;   // the file used, empty when ImGui's built-in font had to do
    float size = 0;     // pixels
};

// Adds the UI font to io.Fonts: $TOWERLAB_FONT if set, else the first of DejaVu Sans, Noto Sans,
// Liberation Sans that exists; else ImGui's built-in bitmap font scaled up (and path stays empty).
FontChoice load_ui_font(ImGuiIO& io, float size_pixels);

}  // namespace app
