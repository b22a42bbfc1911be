#pragma once
// The figures of `spillover moran`: the Moran scatterplot (`--plot FILE`) and a map (`--map FILE`
// with `--polygons FILE`): the LISA cluster map with --local, else a choropleth of the variable in
// quantile classes (engine/figure_*.hpp). For a panel, the figures show one period (`--plot-period`,
// default the last), named in their titles.
//
// The scatterplot draws the line y = I·x with the I the report states (its least-squares slope when W
// is row-standardised, the default); with --local its points take the LISA classes. The cluster map
// uses the classes of the report (permutation p-values when computed, adjusted as asked, at the
// --significance level, named in the legend).

#include <string>
#include <vector>

#include "engine/figure_options.hpp"
#include "workflow/autocorrelation_pipeline.hpp"

namespace spillover {

struct AutocorrelationFigureRequest {
    std::string plot;        ///< the scatterplot's file; empty: none
    std::string map;         ///< the map's file; empty: none
    std::string polygons;    ///< the polygon file of the map (required with `map`)
    std::string polygon_id;  ///< its id field; empty: 1..n in record order
    std::string period;      ///< the period shown; empty: the last
    double significance = 0.05;  ///< for the cluster map's legend

    bool any() const { return !plot.empty() || !map.empty(); }
    /// InputError: a map without polygons, polygons without a map, a figure of a statistic other than Moran,
    /// a file name that is not .svg, .pdf or .png.
    void validate(AutocorrelationStatistic statistic) const;
};

/// Draws the figures asked for; one report per figure drawn.
std::vector<figure::FigureReport> draw_autocorrelation_figures(const AutocorrelationResult& result,
                                                               const AutocorrelationFigureRequest& request);

}  // namespace spillover
