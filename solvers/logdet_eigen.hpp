#pragma once
// Exact ln|I − ρW| from all eigenvalues of W (Ord 1975): ln|I − ρW| = Σ_i ln|1 − ρλ_i|.
//
// When W has a symmetric similar form S (weights/symmetric_similar.hpp) the eigenvalues are real and
// come from the symmetric tridiagonal QR of dense S; otherwise from the real Schur form of dense W,
// complex eigenvalues in conjugate pairs (so the sum of ln|1 − ρλ| is the log of a real determinant).
// Set-up O(n³) time and 8n² bytes (LAPACK, weights/dense_eigenvalues.hpp); then O(n) per ρ. Any n whose
// dense matrix fits in memory: before the O(n³) work the constructor estimates memory (8n² bytes and
// LAPACK's workspace) and time (from the flop count and the rate measured on the project's machine);
// it throws InputError, naming the numbers, when the memory exceeds what /proc/meminfo says is
// available, and passes "eigen log-determinant: n = N, X GB, about T s" to LogDetOptions::notice when
// the estimate exceeds notice_seconds. description() names the estimate and the time taken.
// OpenBLAS threads: LogDetOptions::threads (0 = those the load average leaves idle). Measured here
// (bench/RESULTS.md; kNN-6 row-standardised, idle machine, one thread / two): symmetric similar W
// 0.43 / 0.37 s at 2000 units, 2.0 / 0.95 s at 3107, 9.0 / 4.9 s at 5000, 55 s (two) at 10 000;
// asymmetric W 1.8 / 1.4 s at 2000, 6.7 / 4.6 s at 3107, 36 / 22 s at 5000. Eigen's dense solvers,
// used before, took 3–8 times as long as one thread.

#include <string>

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
    std::string eigen_method_;  ///< all_eigenvalues' words, for the interval
};

}  // namespace spillover
