#pragma once
// The figures of a study (`spillover workflow --figures DIR`), drawn by workflow/fit_figure.hpp:
//   effects_<W>.<ext>             the direct, indirect and total effects with their intervals, of the
//                                 model selected for that W when it has spillovers (SAR, SDM), else
//                                 of the SDM;
//   residuals_<W>.<ext>           the Moran scatterplot of the OLS residuals (a panel's within-model
//                                 residuals, last period) on that W: what the LM tests test, the
//                                 line of slope Moran's I (the residuals' I for a row-standardised W);
//   coefficients_by_weights.<ext> the SDM's coefficients and ρ under every W side by side, the
//                                 robustness figure.
// <W> is the weights' name with every character other than a letter, digit, '-' or '_' made '_'.

#include <string>
#include <vector>

#include "engine/figure_options.hpp"
#include "workflow/study_pipeline.hpp"

namespace spillover {

/// Draws the figures into `folder` (made if missing) as `extension` (png, svg or pdf); one report
/// per figure. InputError for another extension or a folder that cannot be made.
std::vector<figure::FigureReport> draw_study_figures(const StudyResult& study, const std::string& folder,
                                                     const std::string& extension);

}  // namespace spillover
