#pragma once
// The drawing shared by the map figures (LISA clusters, choropleth): the units fitted into the page
// with one scale for x and y (no distortion: a square in the data is a square on the page), centred,
// each filled with its colour (or hatched for no value) and outlined in thin grey (0.3 pt; 0.1 pt
// past 3000 units), and the legend beside it: to the right of a tall map, under a wide one,
// wherever it leaves the map the larger scale. No axes: a map's coordinates say nothing to its
// reader.

#include <cstddef>
#include <vector>

#include "engine/figure_canvas.hpp"
#include "engine/figure_geometry.hpp"
#include "engine/figure_legend.hpp"

namespace spillover::figure {

/// How one unit is filled.
struct UnitFill {
    Rgb colour = white;
    bool hatched = false;  ///< white with grey diagonal lines: no value
};

/// The uniform-scale mapping of data coordinates into a page rectangle, y flipped (north up).
class MapFit {
public:
    /// The largest scale at which `bounds` fits in `area`, centred in it. Throws
    /// std::invalid_argument when the bounds are empty or a single point.
    MapFit(const PlotBounds& bounds, Rect area);
    double page_x(double x) const { return offset_x_ + (x - min_x_) * scale_; }
    double page_y(double y) const { return offset_y_ - (y - min_y_) * scale_; }
    /// The page rectangle the map occupies (within the area given).
    const Rect& used() const noexcept { return used_; }

private:
    double scale_;
    double min_x_;
    double min_y_;
    double offset_x_;
    double offset_y_;
    Rect used_;
};

/// Draws the units (validated with validate_shapes first) and the legend in `body`. `fills` has
/// one entry per shape.
void draw_map(const Canvas& canvas, Rect body, const std::vector<PlotShape>& shapes, const std::vector<UnitFill>& fills,
              const Legend& legend);

}  // namespace spillover::figure
