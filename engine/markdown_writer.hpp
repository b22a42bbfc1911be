#pragma once
// A Markdown (GitHub pipe table) regression table, the same layout as the LaTeX one: models side by
// side, standard errors in parentheses below the estimates, then fit statistics.

#include <string>
#include <vector>

#include "engine/comparison_table.hpp"
#include "engine/paper_table.hpp"
#include "engine/result_table.hpp"

namespace spillover {

std::string write_markdown(const std::vector<EstimationResult>& results, const TableOptions& options = {});

/// A StatisticsReport (engine/result_table.hpp): the tables and numbers of its LaTeX, each a pipe
/// table under its title in bold (the report's fields first, as a list), the stars' meaning, the
/// notes, the conventions and the status as paragraphs under the tables they close.
std::string write_markdown(const StatisticsReport& report, const TableOptions& options = {});

/// A PaperTable as a pipe table under its title in bold; a group's heading as a row in italics
/// (pipe tables have no rules inside), the notes as paragraphs below.
std::string write_markdown(const PaperTable& table);

}  // namespace spillover
