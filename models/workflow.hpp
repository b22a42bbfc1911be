#pragma once
// The fit workflow shared by the command line and the demo: read the data, parse the formula, build
// the design matrix, fit, and return the result. Keeping it here (not in cli/) keeps the command line
// free of statistics and lets tests run exactly what the command runs.

#include <string>

#include "engine/csv_reader.hpp"
#include "models/ols.hpp"

namespace spillover {

struct FitRequest {
    std::string data_path;   ///< CSV or Stata .dta
    std::string formula;     ///< "y ~ x1 + x2"
    std::string model = "ols";
    std::string id_column;   ///< empty: ids 1..n in row order
    CsvOptions csv;
    OlsOptions ols;
    void validate() const;
};

/// Runs the request. Bad input throws InputError (or std::invalid_argument); the result carries the
/// formula, the timings of each stage and its status.
OlsFit run_fit(const FitRequest& request);

}  // namespace spillover
