#pragma once
// A StatisticsReport as text, the way R prints summaries: the report's fields as a list, each table
// under its title (a single-row table as a list of its columns, any other as aligned columns with
// R's significance codes and their legend when it has stars), the tables' notes, then the
// conventions as `Note:` lines and the `Status:` line (the layout: engine/result_table.hpp).

#include <string>

#include "engine/result_table.hpp"

namespace spillover {

std::string write_text(const StatisticsReport& report);

}  // namespace spillover
