#pragma once
// The figure of `spillover fit --plot FILE`: the coefficient chart of the models fitted, or, with
// --impacts, the effects chart (engine/figure_coefficient_chart.hpp).
//
// - With effects (any model reports them): a row per regressor, Direct / Indirect / Total side by
//   side, each with the interval the effects report gives (the simulated or analytic interval at
//   ImpactsReport::level). With several models reporting effects, each model's effects are a group
//   of their own ("sdm: Direct" ...). A dynamic panel's short- and long-run effects are series of
//   their own ("short run: Direct", "long run: Direct" ...).
// - Without: a row per coefficient (intercept left out: its scale dwarfs the slopes), ρ and λ as rows
//   of their own, one group per model, each estimate ± the critical value of its reference
//   distribution (t or normal, engine/distributions.hpp) times its standard error, at 95 %.

#include <string>
#include <vector>

#include "engine/estimation_result.hpp"
#include "engine/figure_options.hpp"

namespace spillover {

/// Draws the chart of `results` to `path` (.svg, .pdf or .png); `title` replaces the default one
/// ("Coefficients (y)", "Effects of sdm (y)") when not empty.
figure::FigureReport draw_fit_figure(const std::vector<EstimationResult>& results, const std::string& path,
                                     const std::string& title = "");

}  // namespace spillover
