#pragma once
// Local Getis–Ord statistics Gi and Gi* (Getis & Ord 1992; Ord & Getis 1995), as spdep 1.2-7's
// localG (its z-values, and with return_internals = TRUE G, E[G], Var[G]); Gi* is localG on a W
// whose neighbour sets include the unit itself (spdep's include.self()).
//
// With n all units, L_i = (Wx)_i, W_i = Σ_j w_ij, S1_i = Σ_j w_ij²:
//   Gi  (no self term):  x̄_i = (Σx − x_i)/(n − 1),  s_i² = (Σx² − x_i²)/(n − 1) − x̄_i²,
//       Z_i = (L_i − W_i x̄_i) / √(s_i² ((n − 1) S1_i − W_i²)/(n − 2)),
//       G_i = L_i / (Σx − x_i),  E[G_i] = W_i x̄_i / (Σx − x_i),  Var[G_i] = s_i² ((n − 1) S1_i − W_i²)/(n − 2) / (Σx − x_i)²;
//   Gi* (w_ii in W):     x̄ = mean(x), s² = Σ(x − x̄)²/n,
//       Z_i = (L_i − W_i x̄) / √(s² (n S1_i − W_i²)/(n − 1)),
//       G_i = L_i / Σx,  E[G_i] = W_i x̄ / Σx,  Var[G_i] = s² (n S1_i − W_i²)/(n − 1) / (Σx)².
// The z-values do not change when a row of W is scaled, so a row-standardised and a binary W give the
// same Z (G itself changes). spdep's localG does not require x ≥ 0; neither does this.
//
// star_weights(w): W with each unit added to its own neighbours with weight 1 (spdep's include.self
// then nb2listw, which gives self-links weight 1), to be transformed afterwards as the user asked —
// so pass it the W as read, before its transform. An island then has itself as its only neighbour.
//
// Permutation p-values (conditional: the unit's own value, and for Gi* its self term, kept; esda/
// local_inference.hpp), their adjustment and the classes: "Hot spot" (significant, Z > 0), "Cold spot"
// (significant, Z < 0), "Not significant", "No neighbours" (a unit without a neighbour other than
// itself). Cost O(nnz(W)), O(N · nnz(W)) with permutations.

#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Core>

#include "engine/estimation_result.hpp"
#include "esda/local_inference.hpp"
#include "weights/spatial_weights.hpp"

namespace spillover {

enum class HotSpot { NotSignificant, Hot, Cold, NoNeighbours };
/// "Hot spot", "Cold spot", "Not significant", "No neighbours".
std::string_view to_string(HotSpot cluster);

struct LocalGResult {
    bool star = false;
    Eigen::VectorXd g, expected, variance, z, p_value;  ///< spdep's internals G, E, V, and Z, p
    Eigen::VectorXd permutation_p_value;                 ///< NaN without permutations
    Eigen::VectorXd p_adjusted;                          ///< of the p-values the classes use
    std::vector<HotSpot> cluster;
    std::vector<std::string> conventions;
    FitStatus status = FitStatus::Ok;
    std::string message;
};

/// W with w_ii = 1 added for every unit (an existing diagonal entry is set to 1), transform None.
SpatialWeights star_weights(const SpatialWeights& w);

/// Gi of `x` (star = false; W without diagonal) or Gi* (star = true; W from star_weights, then
/// transformed). std::invalid_argument when the sizes differ or, for Gi*, a unit lacks its self-link.
LocalGResult local_g(const Eigen::VectorXd& x, const SpatialWeights& w, bool star, const LocalInferenceOptions& options);

}  // namespace spillover
