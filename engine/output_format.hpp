#pragma once
// The output formats of `spillover fit --format`, and one entry point that writes results in any of
// them.

#include <string>
#include <string_view>
#include <vector>

#include "engine/comparison_table.hpp"
#include "engine/estimation_result.hpp"

namespace spillover {

enum class OutputFormat { Text, Json, Latex, Markdown, Csv };

/// "text", "json", "latex", "markdown" (or "md"), "csv"; InputError otherwise, listing the choices.
OutputFormat parse_output_format(std::string_view name);

std::string write_results(const std::vector<EstimationResult>& results, OutputFormat format,
                          const TableOptions& table_options = {});

}  // namespace spillover
