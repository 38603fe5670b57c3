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
#include "screenshot_fixture.h"
#include "render/colormap.h"

namespace {

using towerlab::test::looks_like;

// The screenshot of the CTest fixture before this test.
struct Shot : towerlab::test::Shot {
    Shot() : towerlab::test::Shot(TOWERLAB_CI_SCREENSHOT) {}
};

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
