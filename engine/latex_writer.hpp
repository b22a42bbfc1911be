#pragma once
// A LaTeX regression table (booktabs), models side by side as in estout/esttab: estimates with
// significance stars, standard errors in parentheses below, ρ and λ, then fit statistics. Needs
// \usepackage{booktabs} in the document; the output is a tabular, ready to \input inside a table.

#include <string>
#include <vector>

#include "engine/comparison_table.hpp"
#include "engine/paper_table.hpp"
#include "engine/result_table.hpp"

namespace spillover {

std::string write_latex(const std::vector<EstimationResult>& results, const TableOptions& options = {});

/// A StatisticsReport (engine/result_table.hpp): a tabular per table, the report's fields first as
/// a list, each under its title as a % comment; `options.decimals` fixed decimals, the paper's stars
/// on the starred column, and the stars' meaning, the notes, the conventions and the status as
/// footnote lines. Tabulars are separated by a blank line.
std::string write_latex(const StatisticsReport& report, const TableOptions& options = {});

/// A PaperTable as a booktabs tabular: the headings, each group after a \midrule (its heading in
/// italics across the table), then the notes in a minipage of the text width below it (wrapped:
/// a long note inside the tabular would widen it). The title is not printed (it is the caption of
/// the float the caller puts the tabular in).
std::string write_latex(const PaperTable& table);

/// Escapes the characters LaTeX treats specially (& % $ # _ { } ~ ^ \).
std::string latex_escape(const std::string& text);

}  // namespace spillover
