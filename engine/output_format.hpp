#pragma once
// The output formats of `spillover fit --format` (and of every command with tables), and one entry
// point per kind of result that writes it in any of them.

#include <string>
#include <string_view>
#include <vector>

#include "engine/comparison_table.hpp"
#include "engine/estimation_result.hpp"
#include "engine/result_table.hpp"

namespace spillover {

enum class OutputFormat { Text, Json, Latex, Markdown, Csv };

/// "text", "json", "latex", "markdown" (or "md"), "csv"; InputError otherwise, listing the choices.
OutputFormat parse_output_format(std::string_view name);

std::string write_results(const std::vector<EstimationResult>& results, OutputFormat format,
                          const TableOptions& table_options = {});

/// A report of statistics (LM tests, statistics by period ...) in `format`: the layout of each
/// format is in engine/result_table.hpp. `table_options` apply to LaTeX and Markdown.
std::string write_report(const StatisticsReport& report, OutputFormat format, const TableOptions& table_options = {});

}  // namespace spillover
