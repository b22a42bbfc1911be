#pragma once
// A Markdown (GitHub pipe table) regression table, the same layout as the LaTeX one: models side by
// side, standard errors in parentheses below the estimates, then fit statistics.

#include <string>
#include <vector>

#include "engine/comparison_table.hpp"

namespace spillover {

std::string write_markdown(const std::vector<EstimationResult>& results, const TableOptions& options = {});

}  // namespace spillover
