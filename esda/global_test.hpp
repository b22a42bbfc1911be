#pragma once
// The steps every global test shares once its statistic and null moments are known (Moran's I,
// Geary's C, General G): the result started with W's constants and the options, the normal deviate
// and its p-value (or a warning when the variance is not positive), and the permutation p-value from
// the permutation counts (esda/permutation_test.hpp).

#include <string>

#include "esda/autocorrelation_test.hpp"
#include "esda/permutation_test.hpp"
#include "esda/weights_constants.hpp"

namespace spillover {

/// A GlobalTest named `statistic` with the options' assumption and alternative and W's n, n_all, S0.
GlobalTest begin_global_test(std::string statistic, const WeightsConstants& c, const GlobalTestOptions& options);

/// z = sign·(value − expected)/√variance and its p-value under `alternative`; when the variance is not
/// positive, status Warning with `trouble` ("Var[I] <= 0 ...") and z, p left NaN. Geary's C takes
/// sign −1 (spdep: positive autocorrelation is C below 1).
void set_normal_inference(GlobalTest& t, Alternative alternative, const std::string& trouble, double sign = 1.0);

/// The permutation p-value (esda/alternative.hpp) and the draws' mean and SD from `counts`.
void set_permutation_inference(GlobalTest& t, const PermutationCounts& counts, Alternative alternative);

}  // namespace spillover
