#pragma once
// Solving (I − ρW) X = B for a block of right-hand sides: the products A⁻¹B that the analytic
// information matrices (W A⁻¹ Xβ), the Hutchinson traces and the impacts need.
//
// The route, best first (the returned `route` says which ran):
//   - an exact sparse log-determinant passed in: its factor at ρ (CHOLMOD on the symmetric similar
//     system D^{1/2}(I − ρS)D^{-1/2}, or UMFPACK on A), reused if that ρ is already factorised;
//   - W similar to a symmetric S: block conjugate gradients on I − ρS (positive definite for ρ in
//     the interval), all columns sharing one sparse product per iteration;
//   - otherwise BiCGSTAB on A, column by column.
// The iterative routes stop at 1e-10 relative residual. No dense route: the one vector W A⁻¹Xβ of an
// information matrix costs O(links) per iteration this way, where a dense LU would cost O(n³).

#include <functional>
#include <string>

#include <Eigen/Dense>

#include "solvers/logdet.hpp"
#include "weights/spatial_weights.hpp"

namespace spillover {

struct SpatialSolver {
    std::function<Eigen::MatrixXd(const Eigen::MatrixXd&)> solve;  ///< B ↦ (I − ρW)⁻¹B
    std::string route;                                             ///< what solves, in words
};

/// A solver for I − ρW (ρ inside the interval where it is non-singular). `factorised`: an exact
/// sparse log-determinant set up for the same W (optional; it must outlive the solver).
SpatialSolver make_spatial_solver(const SpatialWeights& w, double rho, LogDeterminant* factorised = nullptr);

}  // namespace spillover
