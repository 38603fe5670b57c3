// The screenshot mode's output: the window's pixels as PNG (glReadPixels of the back buffer after
// the frame is drawn, before it is swapped) and a JSON report beside it with what the tests check
// the pixels against: where each panel drew (WindowRequests::layout, intents.h), the training state and frame times.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "app_window.h"

namespace gfx {

// RGBA8 pixels of the current GL read framebuffer, top row first. Needs a current GL context.
std::vector<uint8_t> read_pixels(int width, int height);

// Writes RGBA8 top-row-first pixels as PNG; false (and `error`) on failure.
bool write_png(const std::string& path, const std::vector<uint8_t>& rgba, int width, int height, std::string& error);

// `png_path` + ".json": {"width", "height", "step", "run", "layout": {name: [x, y, w, h]},
// "losses": n, "loss_total_first", "loss_total_last" (smoothed over the first and last tenth),
// "projected": [head, tail, cold], "metrics": n, "ready_s" (start to the first trainable run),
// "geometry": the last alignment/uniformity, "recall": {K: {overall, head, tail, cold}},
// "test_users": [overall, head, tail, cold] of the last evaluation,
// "language": "en" or "zh", "missing_glyphs": characters of that language's texts the font lacks,
// "frame_ms": {"frames", "p50", "p99", "work_p50", "work_p99"}}.
bool write_report(const std::string& png_path, app::AppWindow& window, int width, int height, double ready_s,
                  std::string& error);

}  // namespace gfx
