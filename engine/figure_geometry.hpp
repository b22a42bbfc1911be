#pragma once
// The plain geometry the map figures draw: a unit is a PlotShape, the rings of all its parts and
// holes. It lives in spillover::figure so that it never meets weights/polygon_layer.hpp's
// Point/Ring/Polygon (a caller converting one into the other includes both); the engine cannot read
// polygon files, so the layer that reads them converts (a copy of the vertices, once per figure).
//
// A shape is filled with the even-odd rule: a hole is a ring inside an exterior ring, whatever the
// orientation of either, and an island in a lake inside a hole is filled again. So the rings can be
// passed as a file stores them, with no re-orientation. Coordinates are planar (projected or
// longitude/latitude taken as planar); the map keeps one unit of x equal to one unit of y.

#include <cstddef>
#include <limits>
#include <vector>

namespace spillover::figure {

struct PlotPoint {
    double x = 0.0;
    double y = 0.0;
};

/// A closed ring; the closing vertex may be repeated or not (both are drawn the same).
using PlotRing = std::vector<PlotPoint>;

/// One map unit: the exterior rings of its parts and their holes, in any order.
struct PlotShape {
    std::vector<PlotRing> rings;
};

/// The smallest axis-aligned box holding every vertex; empty() until a point is added.
struct PlotBounds {
    double min_x = std::numeric_limits<double>::infinity();
    double min_y = std::numeric_limits<double>::infinity();
    double max_x = -std::numeric_limits<double>::infinity();
    double max_y = -std::numeric_limits<double>::infinity();

    bool empty() const noexcept { return !(min_x <= max_x && min_y <= max_y); }
    double width() const noexcept { return max_x - min_x; }
    double height() const noexcept { return max_y - min_y; }
    void add(PlotPoint p) noexcept {
        if (p.x < min_x) min_x = p.x;
        if (p.x > max_x) max_x = p.x;
        if (p.y < min_y) min_y = p.y;
        if (p.y > max_y) max_y = p.y;
    }
};

/// The bounds of every vertex of every shape.
PlotBounds bounds_of(const std::vector<PlotShape>& shapes);

/// Throws std::invalid_argument naming `what` and the shape as `item` and its 1-based number ("unit
/// 3", "feature 3") when a shape has no ring, a ring has fewer than 3 vertices, or a coordinate is
/// not finite: a map of such a unit would be silently wrong (a missing unit looks like a hole in the
/// study area).
void validate_shapes(const std::vector<PlotShape>& shapes, const char* what, const char* item = "unit");

}  // namespace spillover::figure
