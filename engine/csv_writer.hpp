#pragma once
// CSV output of fitted models in long ("tidy") form, one row per number, for scripts and
// spreadsheets: model,section,name,estimate,std_error,statistic,p_value. Sections: "coefficient",
// "spatial" (rho, lambda) and "fit" (sigma2, log_likelihood, aic, bic, n and the model's statistics,
// with only `estimate` filled) and "test" (LR, Wald, LM tests: `statistic` and `p_value`, with the
// degrees of freedom as `estimate`). Numbers are written with the shortest round-trip decimal; a number
// that could not be computed is an empty cell (R reads it as NA).

#include <string>
#include <vector>

#include "engine/estimation_result.hpp"
#include "engine/result_table.hpp"

namespace spillover {

std::string write_csv(const std::vector<EstimationResult>& results);

/// A StatisticsReport in long form, one value per line: table,row,column,value, where (table, row,
/// column) is the value's place in the report's JSON: table "report" for the report's own object
/// (fields, the rows of a table without a key, then each convention as a "conventions" line, status,
/// message), row empty where the JSON has no row level (fields, a single-object table). Texts are
/// quoted as RFC 4180 asks, numbers round-trip, NaN is an empty cell.
std::string write_csv(const StatisticsReport& report);

/// One table as a plain ("wide") CSV file, for data a script reads back (an index per unit-period, a
/// density grid): a header of the column keys, preceded by the table's array_key when it has one
/// (the row keys are then the first field), and a line per row. Texts quoted as RFC 4180 asks,
/// numbers round-trip, NaN is an empty cell.
std::string write_table_csv(const ResultTable& table);

}  // namespace spillover
