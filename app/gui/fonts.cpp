#include "fonts.h"

#include <cstdlib>
#include <fstream>
#include <vector>

namespace app {

FontChoice load_ui_font(ImGuiIO& io, float size_pixels) {
    // Latin-1, Greek (tau, alpha), punctuation, arrows and mathematical operators.
    static const ImWchar kRanges[] = {0x0020, 0x00FF, 0x0370, 0x03FF, 0x2000, 0x206F, 0x2190, 0x21FF, 0x2200, 0x22FF, 0};
    std::vector<std::string> candidates;
    if (const char* env = std::getenv("TOWERLAB_FONT")) candidates.push_back(env);
    candidates.push_back("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
    candidates.push_back("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf");
    candidates.push_back("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf");
    for (const std::string& path : candidates) {
        if (!std::ifstream(path).good()) continue;
        ImFontConfig cfg;
        cfg.OversampleH = 2;
        cfg.OversampleV = 1;
        if (io.Fonts->AddFontFromFileTTF(path.c_str(), size_pixels, &cfg, kRanges)) return {path, size_pixels};
    }
    ImFontConfig cfg;
    cfg.SizePixels = 13;
    io.Fonts->AddFontDefault(&cfg);
    io.FontGlobalScale = size_pixels / 13.0f;
    return {"", size_pixels};
}

}  // namespace app
