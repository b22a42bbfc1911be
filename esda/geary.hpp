#pragma once
// Geary's C (Geary 1954; Cliff & Ord 1981, §1.5, §2.3), as spdep 1.2-7's geary.test (zero.policy =
// TRUE, adjust.n = TRUE) and geary.mc.
//
//     z = x − x̄,   C = ((n − 1) / (2 S0)) · Σ_ij w_ij (x_i − x_j)² / z'z,   E[C] = 1,
//     randomisation (default), K = n Σ z⁴ / (Σ z²)²:
//         Var[C] = [ (n − 1) S1 (n² − 3m + 3 − K (n − 1))
//                    − ¼ (n − 1) S2 (n² + 3m − 6 − K (n² − m + 2))
//                    + S0² (n² − 3 − K (n − 1)²) ] / (m (n − 2)(n − 3) S0²),
//     normality:
//         Var[C] = ((2 S1 + S2)(n − 1) − 4 S0²) / (2 (m + 1) S0²),
// where n counts the units with neighbours (adjust.n) and m all the units: spdep's geary.test mixes
// the two exactly like this (its `n` is the length of the neighbour list, `wc$n` the adjusted count);
// without islands m = n and these are Cliff & Ord's moments.
//
// Sign convention (spdep): positive autocorrelation makes C small, so z = (E[C] − C)/√Var[C] and the
// alternative "greater" (the default) means positive autocorrelation, C < 1; its p-value is
// P(Z > z). The permutation p-value follows the same direction: for "greater" it counts the
// permuted C at most the observed one ((#{C_perm ≤ C} + 1)/(N + 1), as spdep's geary.mc).
//
// Cost O(nnz(W)), O(N · nnz(W)) for N permutations.

#include <Eigen/Core>

#include "esda/autocorrelation_test.hpp"
#include "weights/spatial_weights.hpp"

namespace spillover {

/// Geary's C of `x` (in W's unit order): C, E[C] = 1, Var[C], z = (1 − C)/√Var, p, permutation p.
GlobalTest geary_test(const Eigen::VectorXd& x, const SpatialWeights& w, const GlobalTestOptions& options);

}  // namespace spillover
