#pragma once
// The extreme real eigenvalues of W and the interval of the spatial parameter they imply.
//
// For a spatial model y = ρWy + ..., I − ρW is non-singular on 1/λ_min < ρ < 1/λ_max, where λ_min
// and λ_max are the smallest and largest real eigenvalues of W (spatialreg takes the real parts of
// all eigenvalues, 1/range(Re(λ)); we do the same). For a row-standardised W, λ_max = 1.
//
// How they are computed (the `method` field says which ran):
//   - W symmetric, or W = D⁻¹B with B symmetric (row-standardised contiguity; see
//     SpatialWeights::symmetric_scaling): the symmetric matrix S = D^{1/2} W D^{-1/2} has the same,
//     real, eigenvalues (Ord 1975).
//       n ≤ dense_limit: all eigenvalues of dense S (LAPACK dsyevd; weights/dense_eigenvalues.hpp).
//       otherwise: shift-invert Lanczos (Spectra SymEigsShiftSolver) at σ = ∓1.001·r, r = max row
//       sum of |W| ≥ |λ| (Gershgorin), so the eigenvalue nearest σ is the extreme one; one sparse
//       LDLᵀ factorisation (AMD ordering) of S − σI each. Plain Lanczos is avoided on purpose: on a
//       row-standardised kNN W with 10^5 units it took 82 s here (clustered spectrum).
//   - otherwise (asymmetric, e.g. kNN): complex eigenvalues.
//       n ≤ dense_limit: all eigenvalues (LAPACK dgeev), min and max real part.
//       otherwise: Arnoldi (Spectra GenEigsSolver) for the smallest and largest real part.
//       WARNING: slower and less certain than the symmetric route; symmetrise kNN weights when
//       the model allows it. For a row-standardised W the fallback interval (−1, 1) is always
//       admissible, since |λ| ≤ 1.

#include <string>

#include <Eigen/Dense>

#include "weights/spatial_weights.hpp"

namespace spillover {

struct SpectrumOptions {
    SpatialWeights::Index dense_limit = 2000;  ///< dense eigenvalues up to this n (cost O(n³))
    double tolerance = 1e-10;                  ///< relative tolerance of the iterative solvers
    int max_iterations = 3000;
    void validate() const;
};

struct ExtremeEigenvalues {
    double smallest = 0.0;  ///< smallest real eigenvalue (real part)
    double largest = 0.0;   ///< largest real eigenvalue (real part)
    std::string method;     ///< what ran, in words
    bool converged = true;  ///< false: the iterative solver did not converge; `message` says more
    std::string message;
    double rho_lower() const { return 1.0 / smallest; }
    double rho_upper() const { return 1.0 / largest; }
};

ExtremeEigenvalues extreme_eigenvalues(const SpatialWeights& w, const SpectrumOptions& options = {});

/// Every eigenvalue of W, dense, by LAPACK (weights/dense_eigenvalues.hpp): real (from the symmetric
/// similar S, dsyevd) when W has a symmetric similar form, otherwise complex in conjugate pairs (dgeev
/// on dense W). O(n³) time and 8n² bytes — dense_eigenvalues_cost(n, has_symmetric_similar(w)) says
/// how much before it starts; the log-determinant's and the impacts' exact routes. `threads`: OpenBLAS
/// threads (0 = those the load average leaves idle, weights/dense_eigenvalues.hpp); `method` says
/// how many ran.
struct AllEigenvalues {
    Eigen::VectorXcd values;
    bool real = true;    ///< all imaginary parts are zero by construction
    std::string method;  ///< what ran, in words
};
AllEigenvalues all_eigenvalues(const SpatialWeights& w, int threads = 0);

}  // namespace spillover
