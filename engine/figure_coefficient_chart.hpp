#pragma once
// The coefficient (or effects) chart: one row per variable, labelled on the left, and in each row a
// dot per estimate with its interval as a horizontal bar, a dashed vertical line at zero. Estimates
// of several groups (Direct / Indirect / Total effects of each variable, or one group per model) sit
// side by side in the row, each group with its Okabe–Ito colour and marker shape (circle, square,
// triangle, diamond; figure_palette.hpp, figure_marks.hpp), named in a legend beside the chart that
// also says what the bars are (`interval_label`).
//
// Rows appear top to bottom, and groups within a row, in the order of their first estimate. The
// intervals are drawn as given (the statistic says at which level and how they were made: analytic
// or simulated). An estimate that is not finite is left out, one without a finite interval is drawn
// as a dot alone; both are counted in a note.

#include <string>
#include <vector>

#include "engine/figure_options.hpp"

namespace spillover::figure {

struct CoefficientEstimate {
    std::string label;   ///< the row: a variable, e.g. "INC"
    std::string group;   ///< the series: "Direct", a model's name; empty for a chart of one series
    double estimate = 0.0;
    double lower = 0.0;  ///< the interval's bounds, lower ≤ estimate ≤ upper; NaN: no interval
    double upper = 0.0;
};

struct CoefficientChartData {
    std::vector<CoefficientEstimate> estimates;
};

struct CoefficientChartOptions {
    FigureOptions figure;                                  ///< title default: "Estimates"
    std::string x_label = "Estimate";
    std::string interval_label = "95% confidence interval";  ///< the legend's entry for the bars

    void validate() const { figure.validate(); }
};

/// Draws the chart to `path` (.svg, .pdf or .png). Throws std::invalid_argument when there is no
/// estimate, none is finite, an interval does not contain its estimate, or the same (label, group)
/// appears twice (each named); InputError for a path it cannot write.
FigureReport draw_coefficient_chart(const CoefficientChartData& data, const CoefficientChartOptions& options,
                                    const std::string& path);

}  // namespace spillover::figure
