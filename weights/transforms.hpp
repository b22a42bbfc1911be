#pragma once
// Transforms of a spatial weights matrix, with spdep's names in brackets.
//
//   binary   (B)       w_ij → 1 for every link.
//   row      (W)       w_ij → w_ij / Σ_j w_ij; an island's row stays 0 (spdep zero.policy = TRUE).
//                      When the input is symmetric, the result remembers its row sums d so that
//                      later steps can use the symmetric matrix D^{1/2} W D^{-1/2} (Ord 1975); a row
//                      whose sum overflows (weights near 1e308) is divided by its largest weight
//                      first, and then d is not remembered.
//   spectral           W → W / max|λ(W)|, the largest eigenvalue modulus (weights/spectrum.hpp).
//   minmax             W → W / min(max_i Σ_j w_ij, max_j Σ_i w_ij) (Kelejian & Prucha 2010; spdep
//                      style "minmax"). Keeps symmetry; unlike row-standardising, keeps the
//                      relative weights across rows. minmax and spectral refuse a scale that is
//                      not finite (InputError).
//   none               unchanged.
// Symmetrising:
//   union              i ~ j when i lists j or j lists i, every link 1 (spdep make.sym.nb): the usual
//                      way to make kNN symmetric.
//   average            (W + Wᵀ)/2.
//
// WARNING: the direct/indirect effects of spatial models are usually reported for row-standardised
// W; with another transform ρ's admissible interval and the effects' scale change with it.

#include "weights/spatial_weights.hpp"

namespace spillover {

SpatialWeights transformed(const SpatialWeights& w, WeightsTransform transform);

enum class SymmetriseRule { Union, Average };
SpatialWeights symmetrised(const SpatialWeights& w, SymmetriseRule rule);

/// W marked with the transform its values show: Binary when every weight is 1; Row when every
/// non-island row sums to 1 (to 1e-12), and then, if the pattern is symmetric and each row's weights
/// are equal (w_ij = 1/card_i: a row-standardised symmetric binary W), the symmetric scaling d = card.
/// Otherwise W as it is. Used for weights read from files, which do not record their transform.
SpatialWeights with_inferred_transform(SpatialWeights w);

/// Row sums Σ_j w_ij.
Eigen::VectorXd row_sums(const SpatialWeights& w);

}  // namespace spillover
