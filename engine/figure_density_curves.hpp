#pragma once
// Kernel density curves by period (the "dynamic evolution" figure of regional-inequality papers):
// one curve per period, each a polyline through its (x, density) points, on shared axes with ticks,
// and a legend naming the periods in order. The curves are drawn as given: the density estimates
// (kernel, bandwidth, grid) are the statistic's business, stated by the report that made them.
//
// Curve i has Okabe–Ito colour i and dash pattern i (solid, dashed, dotted, dash-dot, long dash,
// dash-dot-dot; figure_palette.hpp and figure_marks.hpp), so that the periods stay apart in
// greyscale print and for colour-blind readers; past 8 curves a colour repeats (with another dash),
// past 24 a colour and dash together, and a note says so. The y axis starts at 0. The legend sits
// in the plot's top right corner, or top left when fewer curve points fall under it there. A point
// whose x or density is not finite is skipped (the curve breaks there) and counted in a note.

#include <string>
#include <vector>

#include "engine/figure_options.hpp"

namespace spillover::figure {

struct DensityCurve {
    std::string label;             ///< the legend's text, e.g. "2012"; empty: "Curve i"
    std::vector<double> x;         ///< grid, increasing
    std::vector<double> density;   ///< the estimate at each x, ≥ 0
};

struct DensityCurvesData {
    std::vector<DensityCurve> curves;
};

struct DensityCurvesOptions {
    FigureOptions figure;             ///< title default: "Kernel density by period"
    std::string x_label = "Value";
    std::string y_label = "Density";
    std::string legend_title;         ///< e.g. "Year"; empty: none

    void validate() const { figure.validate(); }
};

/// Draws the curves to `path` (.svg, .pdf or .png). Throws std::invalid_argument when there is no
/// curve, a curve's x and density differ in length, a curve has fewer than 2 finite points, its x
/// decrease, or a density is negative (the curve is named); InputError for a path it cannot write.
FigureReport draw_density_curves(const DensityCurvesData& data, const DensityCurvesOptions& options,
                                 const std::string& path);

}  // namespace spillover::figure
