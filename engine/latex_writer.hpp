#pragma once
// A LaTeX regression table (booktabs), models side by side as in estout/esttab: estimates with
// significance stars, standard errors in parentheses below, ρ and λ, then fit statistics. Needs
// \usepackage{booktabs} in the document; the output is a tabular, ready to \input inside a table.

#include <string>
#include <vector>

#include "engine/comparison_table.hpp"

namespace spillover {

std::string write_latex(const std::vector<EstimationResult>& results, const TableOptions& options = {});

/// Escapes the characters LaTeX treats specially (& % $ # _ { } ~ ^ \).
std::string latex_escape(const std::string& text);

}  // namespace spillover
