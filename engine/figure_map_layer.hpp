#pragma once
// MapLayer: what a map figure (the LISA cluster map, the choropleth) draws — its units, each either a
// polygon or a point, and an optional outline under them.
//
// Units are polygons when a polygon layer of them exists (tracts, counties). They are points when only
// a position is known — the provinces of China through their capitals' coordinates, firms, grid
// cells: each unit is then a filled circle (figure_map.hpp has its size and why). Either way a unit
// takes its colour from the figure (its LISA class, its quantile class), so the two kinds of map read
// the same and share one legend.
//
// The outline is background, not units: a country's border, a coastline, the polygons of the study
// area (any polygons; every feature). It is drawn first, with no class and no colour of its own, and
// together with the units it sets the map's extent.
//
// Coordinates are planar (projected, or any x and y) unless `lonlat`: then x is longitude and y
// latitude in degrees, and the map draws (λ, φ) at (λ·cos φ̄, φ), φ̄ the mean latitude of the units (of
// the points; for polygons, of the centres of their bounding boxes), the outline with the same φ̄.
// This is the equirectangular (equidistant cylindrical) projection with standard parallel φ̄ (Snyder
// 1987, "Map Projections: A Working Manual", USGS Professional Paper 1395). Drawing degrees as planar
// coordinates would stretch the map east–west by 1/cos φ (1.2 times at China's 35°N, twice at 60°N);
// at φ̄ the projection makes a degree east as long on the page as it is on the ground. Away from φ̄
// the east–west scale drifts by cos φ / cos φ̄: right for a province or a country, visibly wrong for a
// continent — project such data before drawing it. A lonlat figure says in a note which φ̄ it used.

#include <cstddef>
#include <string>
#include <vector>

#include "engine/figure_geometry.hpp"

namespace spillover::figure {

/// Members initialised with {} so that `MapLayer{shapes}` and `MapLayer{{}, points}` list only what
/// they use (GCC's -Wmissing-field-initializers skips members with an initialiser).
struct MapLayer {
    std::vector<PlotShape> polygons{};  ///< the units as polygons, one per unit; empty when they are points
    std::vector<PlotPoint> points{};    ///< the units as points, one per unit; empty when they are polygons
    std::vector<PlotShape> outline{};   ///< background features, drawn first; empty: none
    bool lonlat = false;                ///< x longitude, y latitude, in degrees (units and outline)

    bool of_points() const noexcept { return !points.empty(); }
    /// The number of units: points or polygons.
    std::size_t units() const noexcept { return of_points() ? points.size() : polygons.size(); }
};

/// Throws std::invalid_argument, starting with `what` (the figure's name), when the layer has both
/// polygons and points, has no unit, a point is not finite (its unit named, 1-based), a polygon or
/// an outline feature is not drawable (validate_shapes), or, with lonlat, a latitude lies outside
/// [−90, 90] (the coordinates are then projected, not degrees).
void validate_map_layer(const MapLayer& layer, const char* what);

/// φ̄, the mean latitude of the units in degrees, as defined above (the layer's y read as latitude).
double mean_latitude(const MapLayer& layer);

/// The layer on the page's plane: for lonlat, a copy with every x (units and outline) multiplied by
/// cos φ̄ and lonlat cleared; otherwise an unchanged copy.
MapLayer planar_layer(const MapLayer& layer);

/// The bounds of the units and the outline together (as given: before planar_layer).
PlotBounds bounds_of(const MapLayer& layer);

/// The notes a map of this layer carries at its foot: for lonlat, the projection and its φ̄; for
/// points with an outline, how many points lie outside the outline's bounding box (points and
/// outline in two coordinate systems look like that).
std::vector<std::string> map_layer_notes(const MapLayer& layer);

}  // namespace spillover::figure
