#include "engine/figure_lisa_map.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

#include "engine/figure_canvas.hpp"
#include "engine/figure_map.hpp"
#include "engine/figure_palette.hpp"

namespace spillover::figure {

namespace {

void check_data(const LisaMapData& data) {
    validate_map_layer(data.layer, "LISA cluster map");
    if (data.layer.units() != data.classes.size())
        throw std::invalid_argument(fmt::format("LISA cluster map: {} units but {} classes", data.layer.units(),
                                                data.classes.size()));
    for (std::size_t i = 0; i < data.classes.size(); ++i)
        if (std::find(lisa_classes.begin(), lisa_classes.end(), data.classes[i]) == lisa_classes.end())
            throw std::invalid_argument(fmt::format("LISA cluster map: unit {} has class code {}, not a LISA class",
                                                    i + 1, static_cast<int>(data.classes[i])));
}

Legend class_legend(const LisaMapData& data, const std::string& significance) {
    Legend legend{significance.empty() ? "LISA cluster" : "LISA cluster, " + significance, {}};
    for (LisaClass c : lisa_classes) {
        const auto n = std::count(data.classes.begin(), data.classes.end(), c);
        if (c == LisaClass::Neighbourless && n == 0) continue;
        legend.entries.push_back({fmt::format("{} ({})", lisa_class_name(c), n), SwatchKind::Box, lisa_colour(c), {}, MarkerShape::Circle});
    }
    return legend;
}

}  // namespace

FigureReport draw_lisa_map(const LisaMapData& data, const LisaMapOptions& options, const std::string& path) {
    options.validate();
    check_data(data);
    std::vector<UnitFill> fills;
    fills.reserve(data.classes.size());
    for (LisaClass c : data.classes)
        fills.push_back({lisa_colour(c), false, c != LisaClass::NotSignificant && c != LisaClass::Neighbourless});
    FigureReport report{path, data.layer.units(), map_layer_notes(data.layer)};
    Canvas canvas(path, options.figure);
    const Rect body = draw_title_and_notes(
        canvas, options.figure.title.empty() ? "LISA cluster map" : options.figure.title, report.notes);
    draw_map(canvas, body, data.layer, fills, class_legend(data, options.significance));
    canvas.finish();
    return report;
}

}  // namespace spillover::figure
