#pragma once
// The constants of W in the moments of the global statistics (Cliff & Ord 1981, ch. 1–2; spdep's
// spweights.constants with zero.policy = TRUE and adjust.n = TRUE):
//     S0 = Σ_ij w_ij,   S1 = ½ Σ_ij (w_ij + w_ji)² = Σ_ij w_ij² + Σ_ij w_ij w_ji,
//     S2 = Σ_i (w_i. + w_.i)²   (row sum plus column sum),
//     n  = the number of units with at least one neighbour (spdep's adjust.n = TRUE: islands are
//          left out of the count), n_all = all units.
// O(nnz(W)); no n × n matrix.

#include "weights/spatial_weights.hpp"

namespace spillover {

struct WeightsConstants {
    double n_all = 0.0;  ///< every unit
    double n = 0.0;      ///< units with at least one neighbour (spdep adjust.n = TRUE)
    double s0 = 0.0, s1 = 0.0, s2 = 0.0;
};

/// S0, S1, S2 and the counts of `w` (InputError when W has no link at all: nothing to test).
WeightsConstants weights_constants(const SpatialWeights& w);

/// Σ_i v_i (Wv)_i in one pass over W (no lag vector stored).
double lag_cross_product(const SpatialWeights& w, const Eigen::VectorXd& v);

}  // namespace spillover
