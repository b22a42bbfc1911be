#include "engine/figure_map_layer.hpp"

#include <cmath>
#include <numbers>
#include <stdexcept>

#include <fmt/format.h>

namespace spillover::figure {

namespace {

bool is_latitude(double y) { return y >= -90.0 && y <= 90.0; }

void check_latitudes(const std::vector<PlotShape>& shapes, const char* what, const char* item) {
    for (std::size_t i = 0; i < shapes.size(); ++i)
        for (const PlotRing& ring : shapes[i].rings)
            for (const PlotPoint& p : ring)
                if (!is_latitude(p.y))
                    throw std::invalid_argument(fmt::format(
                        "{}: {} {} has the latitude {}, outside [-90, 90]: in degrees? (lonlat)", what, item, i + 1, p.y));
}

void scale_x(std::vector<PlotShape>& shapes, double k) {
    for (PlotShape& shape : shapes)
        for (PlotRing& ring : shape.rings)
            for (PlotPoint& p : ring) p.x *= k;
}

// "31.2°N", "12.0°S", "0.0°".
std::string latitude_text(double phi) {
    const std::string degrees = fmt::format("{:.1f}\u00B0", std::fabs(phi));
    if (degrees == "0.0\u00B0") return degrees;
    return degrees + (phi > 0 ? "N" : "S");
}

}  // namespace

void validate_map_layer(const MapLayer& layer, const char* what) {
    if (!layer.polygons.empty() && !layer.points.empty())
        throw std::invalid_argument(fmt::format("{}: the units are given both as {} polygons and as {} points: give one",
                                                what, layer.polygons.size(), layer.points.size()));
    if (layer.units() == 0) throw std::invalid_argument(fmt::format("{}: no units to draw", what));
    for (std::size_t i = 0; i < layer.points.size(); ++i) {
        const PlotPoint& p = layer.points[i];
        if (!std::isfinite(p.x) || !std::isfinite(p.y))
            throw std::invalid_argument(fmt::format("{}: unit {} has a coordinate that is not a finite number", what, i + 1));
        if (layer.lonlat && !is_latitude(p.y))
            throw std::invalid_argument(
                fmt::format("{}: unit {} has the latitude {}, outside [-90, 90]: in degrees? (lonlat)", what, i + 1, p.y));
    }
    validate_shapes(layer.polygons, what);
    const std::string outline_what = std::string(what) + ": outline";
    validate_shapes(layer.outline, outline_what.c_str(), "feature");
    if (layer.lonlat) {
        check_latitudes(layer.polygons, what, "unit");
        check_latitudes(layer.outline, outline_what.c_str(), "feature");
    }
}

double mean_latitude(const MapLayer& layer) {
    double sum = 0.0;
    if (layer.of_points()) {
        for (const PlotPoint& p : layer.points) sum += p.y;
    } else {
        for (const PlotShape& shape : layer.polygons) {
            PlotBounds b;
            for (const PlotRing& ring : shape.rings)
                for (const PlotPoint& p : ring) b.add(p);
            sum += (b.min_y + b.max_y) / 2.0;
        }
    }
    return layer.units() == 0 ? 0.0 : sum / static_cast<double>(layer.units());
}

MapLayer planar_layer(const MapLayer& layer) {
    MapLayer plane = layer;
    if (!layer.lonlat) return plane;
    const double k = std::cos(mean_latitude(layer) * std::numbers::pi / 180.0);
    for (PlotPoint& p : plane.points) p.x *= k;
    scale_x(plane.polygons, k);
    scale_x(plane.outline, k);
    plane.lonlat = false;
    return plane;
}

PlotBounds bounds_of(const MapLayer& layer) {
    PlotBounds bounds = bounds_of(layer.polygons);
    for (const PlotPoint& p : layer.points) bounds.add(p);
    const PlotBounds outline = bounds_of(layer.outline);
    if (!outline.empty()) {
        bounds.add({outline.min_x, outline.min_y});
        bounds.add({outline.max_x, outline.max_y});
    }
    return bounds;
}

std::vector<std::string> map_layer_notes(const MapLayer& layer) {
    std::vector<std::string> notes;
    if (layer.lonlat) {
        const double phi = mean_latitude(layer);
        notes.push_back(fmt::format("Degrees drawn in the equirectangular projection at the units' mean latitude {}: "
                                    "x = longitude \u00B7 cos {:.1f}\u00B0, y = latitude",
                                    latitude_text(phi), phi));
    }
    if (layer.of_points() && !layer.outline.empty()) {
        const PlotBounds box = bounds_of(layer.outline);
        std::size_t outside = 0;
        for (const PlotPoint& p : layer.points)
            if (p.x < box.min_x || p.x > box.max_x || p.y < box.min_y || p.y > box.max_y) ++outside;
        if (outside > 0)
            notes.push_back(fmt::format("{} of {} points lie outside the outline's extent: are both in the same "
                                        "coordinates?",
                                        outside, layer.points.size()));
    }
    return notes;
}

}  // namespace spillover::figure
