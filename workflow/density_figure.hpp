#pragma once
// The figure of `spillover density --plot FILE`: the kernel density curves of some periods on one
// set of axes (engine/figure_density_curves.hpp), the regional papers' "distribution dynamics" chart.
//
// Which periods: those named (`--plot-periods 2012,2018,2023`), else every period when there are at
// most six, else four spread evenly from the first to the last (first, last and two between, by
// position) — more curves than that cannot be told apart, in colour or in print. The figure's note
// says which were left out.

#include <string>
#include <vector>

#include "engine/figure_options.hpp"
#include "inequality/density_by_period.hpp"

namespace spillover {

/// Indices of the periods drawn (see above); InputError naming a period that is not there.
std::vector<std::size_t> density_periods_shown(const DensityResult& result, const std::vector<std::string>& asked);

figure::FigureReport draw_density_figure(const DensityResult& result, const std::vector<std::string>& periods,
                                         const std::string& path);

}  // namespace spillover
