#pragma once
// The marks that tell series apart without colour, so that a figure printed in greyscale or seen by a
// colour-blind reader stays readable: dash patterns for curves, marker shapes for points, and a
// hatch for "no value" areas of a map.
//
// Series i uses dash_pattern(i) and marker_shape(i) with category_colour(i) (figure_palette.hpp).
// Dash patterns in order: solid, dashed, dotted, dash-dot, long dash, dash-dot-dot, then repeated;
// markers: circle, square, triangle, diamond, then repeated.

#include <cstddef>
#include <vector>

#include "engine/figure_canvas.hpp"

namespace spillover::figure {

enum class MarkerShape { Circle, Square, Triangle, Diamond };

/// The dash lengths (points, on/off alternating; empty: solid) for series `i`.
std::vector<double> dash_pattern(std::size_t i);

MarkerShape marker_shape(std::size_t i);

/// Strokes the current path with `width` points, the dash pattern and round caps (so that a dotted
/// line's dots are round), then clears the dash.
void stroke_dashed(const Canvas& canvas, const std::vector<double>& dash, double width);

/// A marker of `radius` points at (x, y): filled with `fill`, outlined with `outline` (0.5 pt).
void draw_marker(const Canvas& canvas, MarkerShape shape, double x, double y, double radius, Rgb fill, Rgb outline);

/// Fills the current path white with thin grey diagonal lines, keeping the path (for a border).
void fill_hatched(const Canvas& canvas);

}  // namespace spillover::figure
