#pragma once
// The symmetric matrix similar to W, when there is one (Ord 1975).
//
// If W is symmetric, S = W. If W = D⁻¹B with B symmetric and D = diag(d) positive (a
// row-standardised symmetric matrix: contiguity, symmetrised kNN; SpatialWeights records d), then
//     S = D^{1/2} W D^{-1/2} = D^{-1/2} B D^{-1/2}
// is symmetric and similar to W: same eigenvalues (all real), same determinant of I − ρS and I − ρW.
// Symmetric solvers (Lanczos, sparse Cholesky) then apply to any such W.

#include <cstdint>

#include <Eigen/SparseCore>

#include "weights/spatial_weights.hpp"

namespace spillover {

using SymmetricSparse = Eigen::SparseMatrix<double, Eigen::ColMajor, SpatialWeights::Index>;

/// W is symmetric, or of the form D⁻¹B with B symmetric (its symmetric scaling is recorded).
bool has_symmetric_similar(const SpatialWeights& w);

/// S as above, symmetric to the last bit (the two rounded halves are averaged). Throws
/// std::invalid_argument when W has no symmetric similar form. Cost O(nnz).
SymmetricSparse symmetric_similar(const SpatialWeights& w);

}  // namespace spillover
