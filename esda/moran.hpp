#pragma once
// Global Moran's I (Moran 1950; Cliff & Ord 1981, §1.5 and §2.3), as spdep 1.2-7's moran.test (with
// zero.policy = TRUE, adjust.n = TRUE) and moran.mc.
//
//     z = x − x̄ (x̄ over all n_all units),   I = (n / S0) · z'Wz / z'z,
//     E[I] = −1/(n − 1),
//     randomisation (default):
//         Var[I] = [n (S1 (n² − 3n + 3) − n S2 + 3 S0²) − K (S1 (n² − n) − 2n S2 + 6 S0²)]
//                  / ((n − 1)(n − 2)(n − 3) S0²) − E[I]²,
//         K = n_all Σ z⁴ / (Σ z²)²   (the sample kurtosis, over all units as spdep),
//     normality:
//         Var[I] = (n² S1 − n S2 + 3 S0²) / (S0² (n² − 1)) − E[I]²,
//     z = (I − E[I]) / √Var[I]; p by the alternative (spdep's default "greater").
// S0, S1, S2 and n as esda/weights_constants.hpp: n counts the units with neighbours (spdep's
// adjust.n = TRUE), while x̄, z'z and K run over all units, exactly as spdep does with islands.
// Permutation p-value as esda/autocorrelation_test.hpp: z permuted over the units, I recomputed.
//
// Cost: O(nnz(W)) for the statistic and its moments, O(N · nnz(W)) for N permutations.
//
// WARNING: I is about the W given. A row-standardised W (the default transform) and a binary W give
// different I and moments; report which (the pipeline's weights line does).
//
// Example:
//     const GlobalTest t = moran_test(crime, w, {});           // randomisation, greater, 999 draws
//     std::cout << t.value << " " << t.z << " " << t.permutation_p_value;

#include <Eigen/Core>

#include "esda/autocorrelation_test.hpp"
#include "weights/spatial_weights.hpp"

namespace spillover {

/// Moran's I of `x` (in W's unit order) with its moments, z, p and permutation p. std::invalid_argument
/// when the sizes differ, InputError when W has no link; a constant x or Var[I] ≤ 0 gives status Warning.
GlobalTest moran_test(const Eigen::VectorXd& x, const SpatialWeights& w, const GlobalTestOptions& options);

}  // namespace spillover
