// The UI font: a readable TrueType font from a Debian font package, found at run time (no font is
// bundled), and for the Chinese UI the CJK glyphs of a Simplified Chinese font merged into it.
//
// Only the glyphs the Chinese texts use are merged (an ImFontGlyphRangesBuilder over those texts):
// a few hundred characters instead of the 20,000 of the CJK block, so the atlas stays small.
// Without a CJK font the app says so and stays in English.
#pragma once

#include <string>
#include <vector>

#include <imgui.h>

namespace app {

struct CjkFont {
    std::string path;   // empty when none was found
    int index = 0;      // face index in a .ttc collection
};

// $TOWERLAB_CJK_FONT ("path" or "path:index"); else fontconfig's answer for Simplified Chinese
// (`fc-match` with lang=zh-cn) when it is a CJK font; else the known paths of fonts-noto-cjk,
// fonts-wqy-microhei and fonts-wqy-zenhei. $TOWERLAB_CJK_FONT=none disables Chinese.
CjkFont find_cjk_font();

struct FontChoice {
    std::string path;        // the Latin font used, empty when ImGui's built-in font had to do
    float size = 0;          // pixels
    CjkFont cjk;             // the merged CJK font; path empty when none
    int cjk_glyphs = 0;      // distinct CJK characters merged
    std::string cjk_note;    // why Chinese is unavailable (empty when it is available)
    bool chinese() const { return cjk_note.empty() && !cjk.path.empty(); }
};

// Adds the UI font to io.Fonts: $TOWERLAB_FONT if set, else the first of DejaVu Sans, Noto Sans,
// Liberation Sans that exists; else ImGui's built-in bitmap font scaled up (and path stays empty).
// Then merges the glyphs of `cjk_texts` from find_cjk_font() and builds the atlas to check that
// they are there (a font that lacks them is dropped and noted).
FontChoice load_ui_font(ImGuiIO& io, float size_pixels, const std::vector<std::string>& cjk_texts = {});

// Characters of `text` (UTF-8) that `font` has no glyph for.
std::vector<unsigned> missing_glyphs(const ImFont* font, const std::string& text);

}  // namespace app
