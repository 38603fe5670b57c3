// Tier 3: what a person would see in the screenshot the real app wrote under Xvfb (the CTest
// fixture before this one runs `towerlab --screenshot`): points of both popularity colours in the
// projection, a heatmap coloured by value, a loss curve that falls. Regions come from the report
// the app wrote beside the PNG (where each panel drew), so layout changes do not break the checks.
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <stb_image.h>

#include "item_description.h"
#include "render/colormap.h"

namespace {

struct Shot {
    int w = 0, h = 0;
    std::vector<uint8_t> rgb;
    nlohmann::json report;

    Shot() {
        const std::string path = TOWERLAB_CI_SCREENSHOT;
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
bool looks_like(const uint8_t* p, ImU32 colour, double min_t = 0.45, double tolerance = 30) {
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

int count(const Shot& s, const Shot::Box& b, const Shot::Box& except, ImU32 colour) {
    int n = 0;
    for (int y = b.y0; y < b.y1; ++y)
        for (int x = b.x0; x < b.x1; ++x)
            if (!except.contains(x, y) && looks_like(s.at(x, y), colour)) ++n;
    return n;
}

}  // namespace

TEST_CASE("the screenshot is of the trained app at the requested size", "[gl][screenshot]") {
    Shot s;
    CHECK(s.w == 1280);
    CHECK(s.h == 800);
    CHECK(s.report["step"] == 400);
    CHECK(s.report["metrics"].get<int>() >= 2);
    for (int g = 0; g < 3; ++g) CHECK(s.report["projected"][g].get<int>() > 0);
}

TEST_CASE("the projection shows points of every popularity group in its colour", "[gl][screenshot]") {
    Shot s;
    const Shot::Box area = s.box("projection"), legend = s.box("projection.legend");
    const int head = count(s, area, legend, app::group_colour(towerlab::ItemGroup::Head));
    const int tail = count(s, area, legend, app::group_colour(towerlab::ItemGroup::Tail));
    const int cold = count(s, area, legend, app::group_colour(towerlab::ItemGroup::Cold));
    INFO("head " << head << ", tail " << tail << ", cold " << cold << " pixels");
    CHECK(head > 200);
    CHECK(tail > 200);
    CHECK(cold > 50);
    CHECK(tail > head);  // the long tail has more items than the head (and is drawn first)
}

TEST_CASE("the MI heatmap is drawn in many shades of its colour scale", "[gl][screenshot]") {
    Shot s;
    const Shot::Box b = s.box("heatmap");
    std::set<int> shades;
    int cells = 0;
    for (int y = b.y0; y < b.y1; ++y)
        for (int x = b.x0; x < b.x1; ++x) {
            const uint8_t* p = s.at(x, y);
            for (int k = 0; k <= 64; ++k) {
                float c[3];
                colormap::to_rgb(colormap::viridis(static_cast<float>(k) / 64), c);
                if (std::abs(p[0] - c[0] * 255) < 4 && std::abs(p[1] - c[1] * 255) < 4 && std::abs(p[2] - c[2] * 255) < 4) {
                    shades.insert(k / 8);
                    ++cells;
                    break;
                }
            }
        }
    INFO(cells << " viridis pixels in " << shades.size() << " of 9 bands");
    CHECK(cells > 5000);
    CHECK(shades.size() >= 5);
}

TEST_CASE("the total loss curve falls from left to right", "[gl][screenshot]") {
    Shot s;
    const Shot::Box b = s.box("loss.plot"), legend = s.optional_box("loss.legend");
    const ImU32 total = IM_COL32(240, 228, 66, 255);  // LossPanel's colour of the smoothed total
    // The mean row of the curve's pixels per column (screen y grows downwards: lower loss = larger y).
    std::vector<double> row;
    for (int x = b.x0 + 2; x < b.x1 - 2; ++x) {
        double sum = 0;
        int n = 0;
        for (int y = b.y0 + 1; y < b.y1 - 1; ++y)
            if (!legend.contains(x, y) && looks_like(s.at(x, y), total, 0.8, 25)) {
                sum += y;
                ++n;
            }
        if (n > 0) row.push_back(sum / n);
    }
    const int width = b.x1 - b.x0;
    INFO("curve found in " << row.size() << " of " << width << " columns");
    REQUIRE(row.size() > static_cast<size_t>(width) / 2);
    const size_t tenth = row.size() / 10;
    double first = 0, last = 0;
    for (size_t i = 0; i < tenth; ++i) {
        first += row[i];
        last += row[row.size() - 1 - i];
    }
    first /= static_cast<double>(tenth);
    last /= static_cast<double>(tenth);
    INFO("mean curve row: first tenth " << first << ", last tenth " << last);
    CHECK(last > first + 0.3 * (b.y1 - b.y0));  // falls by at least 30% of the plot's height
    CHECK(s.report["loss_total_last"].get<double>() < s.report["loss_total_first"].get<double>());
}
