// Tier 3: the Chinese UI as the real app drew it under Xvfb (`towerlab --language zh --screenshot`,
// the CTest fixture before this one): the font has every character of the Chinese texts, and the
// menu labels 文件 and 视图 are drawn as two different ink patterns. Characters without a glyph would
// all be drawn as the same fallback ('?' or a box), so two different labels would look alike.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <stb_image.h>

namespace {

struct Gray {
    int w = 0, h = 0;
    std::vector<float> v;  // 0..255 luminance
    nlohmann::json report;

    explicit Gray(const std::string& path) {
        int n = 0;
        uint8_t* data = stbi_load(path.c_str(), &w, &h, &n, 3);
        REQUIRE(data != nullptr);
        v.resize(static_cast<size_t>(w * h));
        for (int i = 0; i < w * h; ++i) v[static_cast<size_t>(i)] = 0.299f * data[3 * i] + 0.587f * data[3 * i + 1] + 0.114f * data[3 * i + 2];
        stbi_image_free(data);
        std::ifstream in(path + ".json");
        REQUIRE(in.good());
        in >> report;
    }

    // The label's pixels: its layout rectangle, `inset` pixels inside (the menu item's padding).
    std::vector<float> crop(const std::string& name, int& cw, int& ch) const {
        INFO(name);
        REQUIRE(report["layout"].contains(name));
        const auto& r = report["layout"][name];
        const int x0 = static_cast<int>(r[0].get<double>()), y0 = static_cast<int>(r[1].get<double>());
        cw = static_cast<int>(r[2].get<double>());
        ch = static_cast<int>(r[3].get<double>());
        std::vector<float> out;
        for (int y = y0; y < y0 + ch; ++y)
            for (int x = x0; x < x0 + cw; ++x) out.push_back(v[static_cast<size_t>(y * w + x)]);
        return out;
    }
};

// Share of pixels clearly brighter than the label's darkest tenth (text is light on dark).
double ink(const std::vector<float>& px) {
    std::vector<float> s = px;
    std::sort(s.begin(), s.end());
    const float bg = s[s.size() / 10];
    int n = 0;
    for (float p : px) n += p > bg + 60;
    return static_cast<double>(n) / static_cast<double>(px.size());
}

}  // namespace

TEST_CASE("the Chinese screenshot's characters have glyphs of their own", "[gl][i18n]") {
    const Gray shot(TOWERLAB_CI_SCREENSHOT_ZH);
    CHECK(shot.report["language"] == "zh");
    CHECK(shot.report["missing_glyphs"] == 0);

    int w1 = 0, h1 = 0, w2 = 0, h2 = 0;
    const std::vector<float> file = shot.crop("menu.file", w1, h1);
    const std::vector<float> view = shot.crop("menu.view", w2, h2);
    INFO("ink " << ink(file) << " / " << ink(view));
    CHECK(ink(file) > 0.05);
    CHECK(ink(view) > 0.05);
    // Align the two labels (same height, the narrower width) and compare them pixel by pixel.
    const int w = std::min(w1, w2), h = std::min(h1, h2);
    int differ = 0;
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            differ += std::abs(file[static_cast<size_t>(y * w1 + x)] - view[static_cast<size_t>(y * w2 + x)]) > 60;
    INFO("differing pixels " << differ << " of " << w * h);
    CHECK(differ > w * h / 20);
}
