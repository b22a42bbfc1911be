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

namespace spillover {

std::string write_csv(const std::vector<EstimationResult>& results);

}  // namespace spillover
