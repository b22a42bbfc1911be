#pragma once
// Bivariate Moran's I (Anselin, Syabri & Smirnov 2002; GeoDa's bivariate Moran scatterplot): x
// against the spatial lag of y,
//     I_B = Σ_i z_x,i (W z_y)_i / n,    z standardised by the population standard deviation,
// the slope of W z_y on z_x for a row-standardised W. spdep's moran_bv(x, y) gives the same number
// (it scales by the sample SD and divides by Σ z_x² = n − 1, which cancels). n counts all units;
// an island contributes 0 (spdep's moran_bv refuses islands).
//
// Inference under the permutation of y over the units with x held (esda's Moran_BV, GeoDa). Then
// I_B = a'z_y,π / n with a = W'z_x is linear in the permuted values, so its permutation moments are
// exact (Wald & Wolfowitz 1944): E[I_B] = 0 (Σ z_y = 0) and
//     Var[I_B] = Σ_j (a_j − ā)² · Σ_j z_y,j² / ((n − 1) n²) = Σ_j (a_j − ā)² / (n (n − 1)),
// and z = I_B / √Var[I_B] with its normal p-value; the permutation p-value from N draws as
// esda/autocorrelation_test.hpp (GeoDa and esda report the draws' mean and SD instead of these exact
// moments: their z differs from this one by Monte Carlo error). spdep's moran_bv permutes the
// (x, y) pairs together, a different null; its draws are not reproduced.
//
// Cost O(nnz(W)), O(N · n) for N permutations.

#include <Eigen/Core>

#include "esda/autocorrelation_test.hpp"
#include "weights/spatial_weights.hpp"

namespace spillover {

/// I_B of x against W y (both in W's unit order) with its exact permutation moments, z, p and the
/// permutation p-value; options.assumption is not used. A constant x or y gives status Warning.
GlobalTest bivariate_moran_test(const Eigen::VectorXd& x, const Eigen::VectorXd& y, const SpatialWeights& w,
                                const GlobalTestOptions& options);

}  // namespace spillover
