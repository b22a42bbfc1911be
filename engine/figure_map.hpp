#pragma once
// The drawing shared by the map figures (LISA clusters, choropleth): the units of a MapLayer
// (figure_map_layer.hpp) fitted into the page with one scale for x and y (no distortion: a square in
// the data is a square on the page), centred, and the legend beside it: to the right of a tall map,
// under a wide one, wherever it leaves the map the larger scale. No axes: a map's coordinates say
// nothing to its reader. Drawn in this order:
//
//   - the outline, if any: a very light grey fill (ground_grey) and a thin grey line (0.4 pt);
//   - polygon units: each filled with its colour (or hatched for no value) and outlined in thin grey
//     (0.3 pt; 0.1 pt past 3000 units);
//   - point units: each a filled circle of point_radius(n) points (see there) with a thin dark edge
//     (edge_grey, 0.5 pt; 0.3 pt for radii under 3 pt), so that the light colours (not significant, the palest class) show on white and
//     on the outline's grey. The radius is in points, not in data units: a point has no area, and a
//     circle the size of its data would vanish on a map of a country. Circles may overlap where units
//     crowd; the units marked `raised` (the significant LISA classes) are drawn last, so that an
//     overlap never hides a cluster under a non-significant unit. The map is inset by a radius, so
//     that a circle at the edge of the extent is whole.

#include <cstddef>
#include <vector>

#include "engine/figure_canvas.hpp"
#include "engine/figure_geometry.hpp"
#include "engine/figure_legend.hpp"
#include "engine/figure_map_layer.hpp"

namespace spillover::figure {

/// How one unit is filled.
struct UnitFill {
    Rgb colour = white;
    bool hatched = false;  ///< white with grey diagonal lines: no value
    bool raised = false;   ///< points: drawn after the units that are not, on top where circles overlap
};

/// The radius of each circle of a map of `units` point units, in points: 4 up to 100 units, 3 up to
/// 300, 2 up to 1000, 1.5 up to 3000, 1 beyond. On the default page (6.5 × 4.5 in) a map has about
/// 300 × 300 pt: 31 provinces get circles 2.8 mm across, their colour plain at a glance; each of
/// 3000 units has about 30 pt² of map, circles 3 pt across still leave gaps between most of them
/// (about a quarter of the map covered). Past that, crowded areas overlap: polygons, if there are
/// any, show many units better.
double point_radius(std::size_t units);

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

/// Draws the layer (validated with validate_map_layer first; lonlat projected by planar_layer here)
/// and the legend in `body`. `fills` has one entry per unit.
void draw_map(const Canvas& canvas, Rect body, const MapLayer& layer, const std::vector<UnitFill>& fills,
              const Legend& legend);

}  // namespace spillover::figure
