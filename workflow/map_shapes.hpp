#pragma once
// The polygons of a map for the units of a result: a polygon file (shapefile, GeoPackage, GeoJSON;
// weights/polygon_layer.hpp) read and put in the units' order, as the figures take them
// (engine/figure_geometry.hpp). Every unit must have a polygon (InputError naming the first missing
// ids and the id field); features for units not in the data are left off the map, and `extra`
// counts them so the figure can say so. The same reader gives a map's outline (background): every
// feature of a polygon file, whatever its ids.

#include <cstddef>
#include <string>
#include <vector>

#include "engine/figure_geometry.hpp"

namespace spillover {

struct MapShapes {
    std::vector<figure::PlotShape> shapes;  ///< one per unit, in the units' order
    std::size_t extra = 0;                  ///< features of the file left off: not units of the data
};

/// The shapes of `units` from the features of `path` whose `id_field` (empty: 1..n in record order)
/// equals the unit's id.
MapShapes map_shapes(const std::vector<std::string>& units, const std::string& path, const std::string& id_field);

/// Every feature of `path`, in record order: the outline drawn under a map (figure_map_layer.hpp).
/// The features must be polygons or multipolygons (read_polygon_layer's errors otherwise).
std::vector<figure::PlotShape> outline_shapes(const std::string& path);

}  // namespace spillover
