#pragma once
// Every eigenvalue of a dense matrix, by LAPACK (on the project's machine OpenBLAS's LAPACK, threaded):
// the one place the O(n³) dense eigenvalue problems of spillover are solved — all_eigenvalues of W
// (weights/spectrum.hpp), hence the eigen log-determinant, the impacts' exact route and the dense
// interval of ρ, and the eigen-decompositions of the random-effects error model.
//
//   symmetric, values only   dsyevd with jobz = 'N': Householder reduction to tridiagonal form (dsytrd,
//                            (4/3)n³ flops, half of them in matrix–vector products, so bound by memory
//                            bandwidth more than by the cores) and the root-free tridiagonal QR (dsterf,
//                            O(n²)). 8n² bytes for the matrix, O(n) workspace.
//   symmetric, vectors too   dsyevd with jobz = 'V' (divide and conquer): 8n² bytes more for the vectors
//                            and a workspace of 1 + 6n + 2n² doubles.
//   general, values only     dgeev with jobvl = jobvr = 'N': balancing, Hessenberg reduction (dgehrd,
//                            (10/3)n³) and the multishift QR of dhseqr (about 10n³ in all; Golub & Van
//                            Loan 2013, §7.5.6). Complex eigenvalues in conjugate pairs.
//
// Measured against Eigen's dense solvers (SelfAdjointEigenSolver, EigenSolver), which these replace:
// bench/bench_dense_eigenvalues.cpp and bench/RESULTS.md. The eigenvalues agree to rounding (the
// tests compare them to 1e-10); the general route balances the matrix first (Eigen's does not).
//
// Threads. `threads` > 0 is used as given (at most the hardware's); 0, the default, takes the
// hardware threads that the one-minute load average leaves idle, at least one. Measured on the
// project's 2-core machine: idle, two threads took 0.95 s where one took 2.0 (symmetric, 3107 units)
// and 22 s where one took 36 (general, 5000); while other processes held the cores (load 4–7) two
// threads were 2–7 times slower than one in wall time (symmetric 2000 units: 12.2 s against 2.6;
// 3107: 91 s against 13; general 1000: 27 s against 1.3) — the Householder reduction synchronises its
// threads about n times, and each wait is a scheduler slice.
//
// dense_eigenvalues_cost says what a problem of order n will take before it starts (memory from
// LAPACK's own workspace query, time from a flop count and the rate measured on this machine), so a
// caller can refuse what does not fit in memory and announce what will take long.

#include <cstdint>
#include <string>

#include <Eigen/Dense>

namespace spillover {

/// What the dense eigenvalues of an n × n matrix will take, before the O(n³) work.
struct DenseEigenCost {
    std::int64_t n = 0;
    bool symmetric = true;
    double matrix_bytes = 0.0;     ///< 8n²: the dense matrix LAPACK works in (and overwrites)
    double workspace_bytes = 0.0;  ///< LAPACK's optimal workspace (its lwork query) and the eigenvalues
    double flops = 0.0;            ///< (4/3)n³ symmetric, 10n³ general
    double seconds = 0.0;          ///< flops at the rate measured on the project's machine (see the .cpp)
    double bytes() const { return matrix_bytes + workspace_bytes; }
    /// "0.80 GB, about 40 s".
    std::string summary() const;
};

/// The cost of symmetric_eigenvalues (symmetric = true) or general_eigenvalues of order n ≥ 0.
DenseEigenCost dense_eigenvalues_cost(std::int64_t n, bool symmetric);

/// The OpenBLAS threads a call with `threads` uses (see "Threads" above).
int dense_eigen_threads(int threads);

/// Bytes of memory the kernel says are available now without swapping (MemAvailable in
/// /proc/meminfo); a negative value when it cannot be read.
double available_memory_bytes();

/// InputError when cost.bytes() exceeds available_memory_bytes() (nothing when that cannot be read):
/// "WHAT needs X GB for the dense eigenvalues of W (N units: Y GB for the n x n matrix and Z GB of
/// LAPACK workspace), and A GB of memory is available: INSTEAD".
void check_memory(const DenseEigenCost& cost, const std::string& what, const std::string& instead);

/// The eigenvalues of the symmetric matrix `a` (its lower triangle is read), ascending: dsyevd,
/// jobz = 'N'. NumericalFailure if LAPACK does not converge. `threads`: threads of OpenBLAS, when it
/// is the BLAS, during the call (0 = the idle ones, above); its setting is restored afterwards.
Eigen::VectorXd symmetric_eigenvalues(Eigen::MatrixXd a, int threads = 0);

/// Eigenvalues (ascending) and orthonormal eigenvectors (columns, in the same order) of the symmetric
/// matrix `a`: dsyevd, jobz = 'V'.
struct SymmetricEigen {
    Eigen::VectorXd values;
    Eigen::MatrixXd vectors;
};
SymmetricEigen symmetric_eigen(Eigen::MatrixXd a, int threads = 0);

/// The eigenvalues of the square matrix `a`, complex in conjugate pairs (the one with the positive
/// imaginary part first, exactly conjugate): dgeev, jobvl = jobvr = 'N'.
Eigen::VectorXcd general_eigenvalues(Eigen::MatrixXd a, int threads = 0);

}  // namespace spillover
