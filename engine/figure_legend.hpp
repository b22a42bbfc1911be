#pragma once
// Legend: a boxed list of swatches and labels, with an optional title: boxes for map classes (a
// hatched box for "no value"), line samples for curves, markers for points. Measured first, then
// drawn where the chart has room for it.

#include <string>
#include <vector>

#include "engine/figure_canvas.hpp"
#include "engine/figure_marks.hpp"

namespace spillover::figure {

enum class SwatchKind { Box, HatchedBox, Line, Marker };

struct LegendEntry {
    std::string label;
    SwatchKind kind = SwatchKind::Box;
    Rgb colour = black;
    std::vector<double> dash;                  ///< for Line: figure_marks.hpp's dash_pattern
    MarkerShape marker = MarkerShape::Circle;  ///< for Marker
};

struct Legend {
    std::string title;  ///< empty: none
    std::vector<LegendEntry> entries;
};

/// Width and height of the legend's box, in points.
struct LegendSize {
    double w = 0.0;
    double h = 0.0;
};

LegendSize measure_legend(const Canvas& canvas, const Legend& legend);

/// Draws the legend with its box's top-left corner at (x, y): a white box with a thin grey frame, so
/// that it stays readable over data.
void draw_legend(const Canvas& canvas, const Legend& legend, double x, double y);

/// Points between a chart and a legend beside it.
inline constexpr double legend_gap = 10.0;

/// Draws `legend` beside the chart and returns the part of `body` left for the chart: to the right,
/// top-aligned, unless the legend would take more than 30 % of the width (a narrow page), then
/// under the chart, centred.
Rect draw_legend_beside(const Canvas& canvas, Rect body, const Legend& legend);

}  // namespace spillover::figure
