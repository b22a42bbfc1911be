#pragma once
// PolygonLayer: the polygons of a vector file (shapefile, GeoPackage, GeoJSON, any OGR source), one
// (multi)polygon per unit, with the units' ids and centroids. Input to contiguity weights
// (contiguity.hpp) and, through the centroids, to point-based weights.
//
// Geometry is kept as read, vertex for vertex: every ring is stored as GDAL returns it (closed,
// first vertex == last vertex, for every valid source), parts and holes in file order. Nothing is
// simplified, deduplicated or re-oriented, because spdep's poly2nb counts vertex pairs and a
// repeated vertex counts twice there (see contiguity.hpp). Z and M are dropped.
//
// Centroids are the area-weighted centroids of the whole (multi)polygon, holes subtracted — OGR's
// Centroid() (GEOS), the same as sf::st_centroid on planar data. Coordinates are taken as planar;
// no reprojection happens here.
//
// The reading is done by GDAL in a module of its own, spillover_gdal.so, loaded on the first call
// (gdal/polygon_reader_module.hpp): a program that never reads a polygon file never loads GDAL.

#include <cstddef>
#include <string>
#include <vector>

namespace spillover {

struct Point {
    double x = 0.0;
    double y = 0.0;
};

/// A ring as stored in the file: closed (first vertex repeated at the end).
using Ring = std::vector<Point>;
/// rings[0] is the exterior ring, the others are holes.
using Polygon = std::vector<Ring>;
/// The parts of one feature (a Polygon feature is a MultiPolygon with one part).
using MultiPolygon = std::vector<Polygon>;

/// WARNING: the GDAL module fills this type across a dlopen boundary; a change of its members is a
/// change of the module's contract (gdal/polygon_reader_module.hpp: bump polygon_reader_symbol).
struct PolygonLayer {
    std::vector<std::string> ids;       ///< one per feature, unique, in record order
    std::vector<MultiPolygon> shapes;   ///< one per feature
    std::vector<Point> centroids;       ///< one per feature (empty when built in memory without them)
    std::string source;                 ///< the path (and layer) it was read from; used in messages

    std::size_t size() const noexcept { return shapes.size(); }
};

/// Reads every feature of `layer` (default: the first layer) of the OGR data source `path`.
/// Ids are the text of `id_field` (integers without a decimal part: 7, not 7.000000) or "1".."n" in
/// record order when `id_field` is empty. Throws InputError, with the path and the feature (1-based
/// record number and FID) where it applies, when: the source cannot be opened (GDAL's message), it
/// has no layer or no layer of that name, the id field does not exist (the fields are listed), a
/// feature has no geometry, an empty geometry or one that is not a Polygon/MultiPolygon, an id is
/// missing or repeats, or the layer has no feature. Throws std::runtime_error, naming the paths
/// tried, when the GDAL module cannot be found or loaded.
PolygonLayer read_polygon_layer(const std::string& path, const std::string& id_field = "",
                                const std::string& layer = "");

}  // namespace spillover
