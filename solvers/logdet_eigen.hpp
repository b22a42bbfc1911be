#pragma once
// Exact ln|I − ρW| from all eigenvalues of W (Ord 1975): ln|I − ρW| = Σ_i ln|1 − ρλ_i|.
//
// When W has a symmetric similar form S (weights/symmetric_similar.hpp) the eigenvalues are real and
// come from the symmetric tridiagonal QR of dense S; otherwise from the real Schur form of dense W,
// complex eigenvalues in conjugate pairs (so the sum of ln|1 − ρλ| is the log of a real determinant).
// Set-up O(n³) time and 8n² bytes; then O(n) per ρ. For small n only (n ≤ eigen_limit).

#include <Eigen/Dense>

#include "solvers/logdet.hpp"

namespace spillover {

class LogDetEigen final : public LogDeterminant {
public:
    /// The interval (1/λ_min, 1/λ_max) from the eigenvalues themselves (one dense solve, not two).
    LogDetEigen(const SpatialWeights& w, const LogDetOptions& options);
    LogDetEigen(const SpatialWeights& w, RhoInterval interval, const LogDetOptions& options);

    LogDetValue evaluate(double rho, bool derivative = false) override;

private:
    Eigen::VectorXcd eigenvalues_;
    bool real_ = true;
};

}  // namespace spillover
