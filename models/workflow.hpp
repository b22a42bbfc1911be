#pragma once
// The fit workflow shared by the command line and the demo: read the data, parse the formula, build
// the design matrix, read W aligned with the data's ids, fit each model asked for, and return the
// results. Keeping it here (not in cli/) keeps the command line free of statistics and lets tests
// run exactly what the command runs.
//
// Rows: OLS alone drops rows with a missing value (as R's lm); as soon as a spatial model is asked
// for, a missing value is an error naming the id and column (dropping a row would change W).
// Impacts (when asked for): computed for each model with spillovers right after its fit, on the W
// it was fitted with, and timed as the stage "impacts" (models/impacts.hpp).
// W: read with the data's ids as its unit order (every data id must be in the file, and the file
// may hold no other unit), then transformed as requested — row-standardised by default, as
// spdep's nb2listw default style "W". "none" keeps the file's weights.

#include <optional>
#include <string>
#include <vector>

#include "engine/csv_reader.hpp"
#include "engine/design_matrix.hpp"
#include "models/impacts.hpp"
#include "models/lm_tests.hpp"
#include "models/ols.hpp"
#include "models/spatial_fit.hpp"
#include "weights/spatial_weights.hpp"

namespace spillover {

struct FitRequest {
    std::string data_path;   ///< CSV or Stata .dta
    std::string formula;     ///< "y ~ x1 + x2"
    std::vector<std::string> models{"ols"};  ///< fitted in this order, reported side by side
    std::string id_column;   ///< empty: ids 1..n in row order
    std::string weights_path;               ///< required by every model but ols
    std::string weights_transform = "row";  ///< none, binary, row, spectral, minmax
    CsvOptions csv;
    OlsOptions ols;
    SpatialFitOptions spatial;
    /// Direct, indirect and total effects of every model with spillovers (sar, sdm, sac, slx, sdem);
    /// none when empty.
    std::optional<ImpactsOptions> impacts;
    void validate() const;
};

/// Runs the request. Bad input throws InputError (or std::invalid_argument); each result carries
/// the formula, the timings of each stage and its status. OLS comes back in the same result type
/// (no ρ, λ or log-determinant).
std::vector<SpatialFit> run_fit(const FitRequest& request);

/// The OLS spatial diagnostics of the request's formula on its W (models/lm_tests.hpp): Moran's I of
/// the residuals and the LM tests. `models` is ignored; a missing value is an error, as for the
/// spatial models the tests are meant to choose between.
LmTestsResult run_lm_tests(const FitRequest& request);

/// W from `path` with the units in the order of `ids`, transformed by `transform` (a name as in
/// weights/spatial_weights.hpp). `description` receives one line saying what W is.
SpatialWeights read_weights_for(const std::vector<std::string>& ids, const std::string& path,
                                const std::string& transform, std::string* description = nullptr);

}  // namespace spillover
