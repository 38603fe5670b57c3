// A labelled matrix heatmap drawn with ImDrawList: one cell per value coloured by viridis over
// [lo, hi], row and column labels, a colour bar, optional highlighted rows/columns, and the hovered
// cell reported back. Knows nothing of what the values mean.
#pragma once

#include <string>
#include <vector>

#include <imgui.h>

namespace heatmap {

struct Matrix {
    std::vector<std::string> labels;         // row i and column i share label i
    std::vector<std::vector<double>> values; // square, labels.size() rows
    double lo = 0, hi = 1;                   // colour range
    const char* unit = "";                   // shown in the colour bar caption and hover
};

struct Hover {
    int row = -1, col = -1;
};

struct Options {
    std::vector<bool> highlight;  // per label: outline its row and column cells
    bool show_values = true;      // print values in cells when they are large enough
    int value_decimals = 2;
};

// Draws into the remaining content region (height `height`); returns the hovered cell.
Hover draw(const char* id, const Matrix& m, const Options& options, float height);

}  // namespace heatmap
