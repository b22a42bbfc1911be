#pragma once
// Getis–Ord General G (Getis & Ord 1992), as spdep 1.2-7's globalG.test (zero.policy = TRUE,
// adjust.n = TRUE, B1correct = TRUE, adjust.x = TRUE).
//
//     G = Σ_ij w_ij x_i x_j / Σ_{i≠j} x_i x_j = x'Wx / ((Σ a)² − Σ a²),
// where a are the values of the units with neighbours (adjust.x), and with n the number of units with
// neighbours, S0, S1, S2 as esda/weights_constants.hpp,
//     E[G] = S0 / (n (n − 1)),
//     B0 = (n² − 3n + 3) S1 − n S2 + 3 S0²,     B1 = −[(n² − n) S1 − 2n S2 + 6 S0²],
//     B2 = −[2n S1 − (n + 3) S2 + 6 S0²],       B3 = 4 (n − 1) S1 − 2 (n + 1) S2 + 8 S0²,
//     B4 = S1 − S2 + S0²,   s_k = Σ a^k,
//     Var[G] = (B0 s2² + B1 s4 + B2 s1² s2 + B3 s1 s3 + B4 s1⁴) / ((s1² − s2)² n (n − 1)(n − 2)(n − 3)) − E[G]²,
//     z = (G − E[G]) / √Var[G]; "greater" (the default): high values cluster.
// These are the moments under randomisation (there is no normality form).
//
// Conventions: x must be non-negative (InputError otherwise, as spdep). G is defined for binary W
// (Getis & Ord's w_ij ∈ {0, 1}, usually a distance band); spdep accepts any W with a warning and
// applies these formulas to the W given, and so does this code — the `getis` command reads W binary
// by default, and its weights line says which transform was applied. Permutation p-value as
// esda/autocorrelation_test.hpp.

#include <Eigen/Core>

#include "esda/autocorrelation_test.hpp"
#include "weights/spatial_weights.hpp"

namespace spillover {

/// General G of `x` ≥ 0 (in W's unit order) with its moments, z, p and permutation p. InputError
/// naming the unit for a negative value; a W that is not binary adds a convention line.
GlobalTest getis_ord_test(const Eigen::VectorXd& x, const SpatialWeights& w, const GlobalTestOptions& options);

/// InputError naming the first unit with a negative value (G needs x ≥ 0).
void require_non_negative(const Eigen::VectorXd& x, const SpatialWeights& w, const char* statistic);

}  // namespace spillover
