#pragma once
// The polygons of a map for the units of a result: a polygon file (shapefile, GeoPackage, GeoJSON;
// weights/polygon_layer.hpp) read and put in the units' order, as the figures take them
// (engine/figure_geometry.hpp). Every unit must have a polygon (InputError naming the first missing
// ids and the id field); features for units not in the data are left off the map, and `extra`
// counts them so the figure can say so.

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

}  // namespace spillover
