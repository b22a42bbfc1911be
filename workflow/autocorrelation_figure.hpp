#pragma once
// The figures of `spillover moran`: the Moran scatterplot (`--plot FILE`) and a map (`--map FILE`):
// the LISA cluster map with --local, else a choropleth of the variable in quantile classes
// (engine/figure_*.hpp). For a panel, the figures show one period (`--plot-period`, default the
// last), named in their titles.
//
// A map draws the units one of two ways (engine/figure_map_layer.hpp): as their polygons
// (`--polygons FILE [--polygon-id FIELD]`, workflow/map_shapes.hpp), or as points at coordinates
// taken from two columns of the data (`--coords X,Y`, workflow/map_points.hpp) — for units with no
// polygon layer, such as provinces known by their capitals. Either way `--outline FILE` draws every
// feature of a polygon file underneath as background (a country's border), and `--lonlat` says the
// coordinates (and the outline's) are degrees, drawn in the equirectangular projection at the units'
// mean latitude so that the map is not stretched east–west; the figure's notes say so.
//
// The scatterplot draws the line y = I·x with the I the report states (its least-squares slope when W
// is row-standardised, the default); with --local its points take the LISA classes. The cluster map
// uses the classes of the report (permutation p-values when computed, adjusted as asked, at the
// --significance level, named in the legend).

#include <string>
#include <utility>
#include <vector>

#include "engine/figure_options.hpp"
#include "workflow/autocorrelation_pipeline.hpp"

namespace spillover {

struct AutocorrelationFigureRequest {
    std::string plot;        ///< the scatterplot's file; empty: none
    std::string map;         ///< the map's file; empty: none
    std::string polygons;    ///< the map's units as polygons: a polygon file (or give `coords`)
    std::string polygon_id;  ///< its id field; empty: 1..n in record order
    std::string coords;      ///< the map's units as points: "X,Y", two numeric columns of the data (or give `polygons`)
    std::string outline;     ///< a polygon file drawn under the map as background, every feature; empty: none
    bool lonlat = false;     ///< the coordinates and the outline are longitude, latitude in degrees
    std::string period;      ///< the period shown; empty: the last
    double significance = 0.05;  ///< for the cluster map's legend

    bool any() const { return !plot.empty() || !map.empty(); }
    /// The two columns of `coords` ("lon,lat" → {"lon", "lat"}); InputError unless it names exactly two.
    std::pair<std::string, std::string> coordinate_columns() const;
    /// InputError, before any statistic is computed: a map with both polygons and coords or with
    /// neither; polygons, polygon_id, coords, outline or lonlat without a map (or polygon_id without
    /// polygons); coords that are not two columns X,Y; a figure of a statistic other than Moran; a
    /// file name that is not .svg, .pdf or .png.
    void validate(AutocorrelationStatistic statistic) const;
};

/// Draws the figures asked for; one report per figure drawn. The map's coordinates are read from the
/// data the result was computed from (result.input).
std::vector<figure::FigureReport> draw_autocorrelation_figures(const AutocorrelationResult& result,
                                                               const AutocorrelationFigureRequest& request);

}  // namespace spillover
