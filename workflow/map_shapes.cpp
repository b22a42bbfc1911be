#include "workflow/map_shapes.hpp"

#include <unordered_map>

#include "engine/input_error.hpp"
#include "weights/polygon_layer.hpp"

namespace spillover {

namespace {

figure::PlotShape plot_shape(const MultiPolygon& parts) {
    figure::PlotShape shape;
    for (const Polygon& polygon : parts)
        for (const Ring& ring : polygon) {
            figure::PlotRing& out = shape.rings.emplace_back();
            out.reserve(ring.size());
            for (const Point& p : ring) out.push_back({p.x, p.y});
        }
    return shape;
}

}  // namespace

MapShapes map_shapes(const std::vector<std::string>& units, const std::string& path, const std::string& id_field) {
    const PolygonLayer layer = read_polygon_layer(path, id_field);
    std::unordered_map<std::string, std::size_t> feature_of;
    for (std::size_t f = 0; f < layer.size(); ++f) feature_of.emplace(layer.ids[f], f);
    MapShapes out;
    std::string missing;
    std::size_t missing_count = 0;
    for (const std::string& unit : units) {
        const auto found = feature_of.find(unit);
        if (found == feature_of.end()) {
            if (++missing_count <= 5) missing += (missing.empty() ? "\"" : ", \"") + unit + "\"";
            continue;
        }
        out.shapes.push_back(plot_shape(layer.shapes[found->second]));
    }
    if (missing_count > 0)
        throw InputError(layer.source + ": " + std::to_string(missing_count) + " unit(s) of the data have no polygon (" +
                         missing + (missing_count > 5 ? ", ..." : "") + ") — " +
                         (id_field.empty() ? "give the id field with --polygon-id" : "id field '" + id_field + "'"));
    out.extra = layer.size() - units.size();
    return out;
}

std::vector<figure::PlotShape> outline_shapes(const std::string& path) {
    const PolygonLayer layer = read_polygon_layer(path);
    std::vector<figure::PlotShape> shapes;
    shapes.reserve(layer.size());
    for (const MultiPolygon& feature : layer.shapes) shapes.push_back(plot_shape(feature));
    return shapes;
}

}  // namespace spillover
