// A screenshot the real app wrote under Xvfb, with the report beside it (where each panel drew,
// what was trained), and the colour test the pixel checks share.
#pragma once

#include <cmath>
#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <imgui.h>
#include <nlohmann/json.hpp>
#include <stb_image.h>

#include "render/colormap.h"

namespace towerlab::test {

struct Shot {
    int w = 0, h = 0;
    std::vector<uint8_t> rgb;
    nlohmann::json report;

    explicit Shot(const std::string& path) {
        int n = 0;
        uint8_t* data = stbi_load(path.c_str(), &w, &h, &n, 3);
        REQUIRE(data != nullptr);
        rgb.assign(data, data + static_cast<size_t>(w * h * 3));
        stbi_image_free(data);
        std::ifstream in(path + ".json");
        REQUIRE(in.good());
        in >> report;
    }
    const uint8_t* at(int x, int y) const { return &rgb[static_cast<size_t>((y * w + x) * 3)]; }

    struct Box {
        int x0, y0, x1, y1;
        bool contains(int x, int y) const { return x >= x0 && x < x1 && y >= y0 && y < y1; }
    };
    Box box(const std::string& name) const {
        INFO("layout rectangle " << name);
        REQUIRE(report["layout"].contains(name));
        const auto& r = report["layout"][name];
        return {static_cast<int>(r[0].get<double>()), static_cast<int>(r[1].get<double>()),
                static_cast<int>(r[0].get<double>() + r[2].get<double>()),
                static_cast<int>(r[1].get<double>() + r[3].get<double>())};
    }
    Box optional_box(const std::string& name) const {
        return report["layout"].contains(name) ? box(name) : Box{0, 0, 0, 0};
    }
};

// Whether pixel p is colour c drawn with some opacity t >= min_t over a dark background:
// p = bg + t (c - bg), within `tolerance` of that line.
inline bool looks_like(const uint8_t* p, ImU32 colour, double min_t = 0.45, double tolerance = 30) {
    float c[3];
    colormap::to_rgb(colour, c);
    const double bg[3] = {18, 20, 26};
    double d[3], v[3], dot = 0, vv = 0;
    for (int k = 0; k < 3; ++k) {
        d[k] = c[k] * 255 - bg[k];
        v[k] = p[k] - bg[k];
        dot += d[k] * v[k];
        vv += d[k] * d[k];
    }
    const double t = dot / vv;
    if (t < min_t || t > 1.1) return false;
    double residual = 0;
    for (int k = 0; k < 3; ++k) residual += (v[k] - t * d[k]) * (v[k] - t * d[k]);
    return std::sqrt(residual) < tolerance;
}

}  // namespace towerlab::test
