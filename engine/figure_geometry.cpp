#include "engine/figure_geometry.hpp"

#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

namespace spillover::figure {

PlotBounds bounds_of(const std::vector<PlotShape>& shapes) {
    PlotBounds bounds;
    for (const PlotShape& shape : shapes)
        for (const PlotRing& ring : shape.rings)
            for (const PlotPoint& p : ring) bounds.add(p);
    return bounds;
}

void validate_shapes(const std::vector<PlotShape>& shapes, const char* what, const char* item) {
    for (std::size_t i = 0; i < shapes.size(); ++i) {
        const PlotShape& shape = shapes[i];
        if (shape.rings.empty()) throw std::invalid_argument(fmt::format("{}: {} {} has no ring", what, item, i + 1));
        for (std::size_t r = 0; r < shape.rings.size(); ++r) {
            const PlotRing& ring = shape.rings[r];
            if (ring.size() < 3)
                throw std::invalid_argument(
                    fmt::format("{}: ring {} of {} {} has {} vertices, a ring needs 3", what, r + 1, item, i + 1, ring.size()));
            for (const PlotPoint& p : ring)
                if (!std::isfinite(p.x) || !std::isfinite(p.y))
                    throw std::invalid_argument(
                        fmt::format("{}: {} {} has a vertex that is not a finite number", what, item, i + 1));
        }
    }
}

}  // namespace spillover::figure
