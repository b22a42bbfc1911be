#pragma once
// ln|det M| and solves with M for every matrix M of one fixed sparse pattern, as Eigen's sparse
// modules split the work: the pattern is analysed once (fill-reducing ordering, symbolic
// factorisation), then each set of values costs one numeric factorisation. Several factorisations
// run at once, one per workspace (thread), each keeping its last factor for solves.
//
// Two back-ends, by what the caller knows about M:
//   SparseCholesky  M symmetric positive definite (the lower triangle is given): CHOLMOD LLᵀ with
//                   an AMD ordering; ln|M| = 2 Σ ln L_ii, NaN when M is not positive definite.
//                   Simplicial or supernodal by CHOLMOD's own cost rule (supernodal when the flops
//                   per factor entry reach 40): a planar W's factor has tiny supernodes, where the
//                   simplicial factorisation is several times faster (bench/RESULTS.md, issue 15).
//   SparseLu        any non-singular M: UMFPACK's multifrontal LU (Davis 2004); ln|det M| from the
//                   mantissa and exponent, so nothing overflows; NaN when M is singular.
// Both run with denormals flushed to zero: the factors of I − ρW decay geometrically away from the
// diagonal and arithmetic on subnormals is slow on x86, while a subnormal adds nothing to ln L_ii.
//
// The users: the exact log-determinants (logdet_cholesky.hpp, logdet_lu.hpp) on the pattern of
// I − ρW, and the exact traces (exact_traces.hpp) on patterns such as that of (I − ρW)ᵀ(I − ρW).

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include <Eigen/Dense>
#include <Eigen/SparseCore>

namespace spillover {

/// A square pattern in compressed columns (rows sorted in each column) with every diagonal entry
/// present, so that I + (anything on the pattern) keeps it. `lower`: only the lower triangle of a
/// symmetric matrix is stored.
struct SparsePattern {
    using Matrix = Eigen::SparseMatrix<double, Eigen::ColMajor, std::int64_t>;
    std::int64_t n = 0;
    std::vector<std::int64_t> column_starts, rows;
    bool lower = false;

    /// The union of the patterns of `terms` (all n × n) and the diagonal; lower triangle only when
    /// `lower_triangle`.
    static SparsePattern union_of(std::span<const Matrix* const> terms, bool lower_triangle);
    std::size_t entries() const { return rows.size(); }
    /// Σ coefficient_k · term_k + diagonal · I as values on this pattern (each term's pattern must
    /// lie inside it).
    std::vector<double> values(std::span<const Matrix* const> terms, std::span<const double> coefficients,
                               double diagonal) const;
};

class SparseFactorisation {
public:
    virtual ~SparseFactorisation() = default;
    /// Factorises M (`values` on the pattern) in `workspace` and returns ln|det M|; NaN when M is
    /// singular (or, for Cholesky, not positive definite).
    virtual double log_determinant(std::span<const double> values, int workspace) = 0;
    /// M⁻¹B with the factor last computed in `workspace` (the transposed system when asked).
    virtual Eigen::MatrixXd solve(const Eigen::MatrixXd& b, int workspace, bool transposed = false) = 0;
    int workspaces() const noexcept { return workspaces_; }
    /// Floating-point operations of one numeric factorisation (CHOLMOD's count; UMFPACK's estimate).
    double flops() const noexcept { return flops_; }
    /// The back-end, ordering, fill and workspaces, in words.
    const std::string& description() const noexcept { return description_; }

protected:
    int workspaces_ = 1;
    double flops_ = 0.0;
    std::string description_;
};

/// Analyses `pattern` (lower triangle) for CHOLMOD LLᵀ with `workspaces` workspaces.
std::unique_ptr<SparseFactorisation> make_sparse_cholesky(SparsePattern pattern, int workspaces);
/// Analyses `pattern` (full) for UMFPACK LU; `representative` values steer the pivot order.
std::unique_ptr<SparseFactorisation> make_sparse_lu(SparsePattern pattern, std::span<const double> representative,
                                                    int workspaces);

/// Asks OpenBLAS, if it is the BLAS in use, for one thread: the supernodes of a planar graph are
/// small and a threaded BLAS spends more in synchronisation than it saves; the two cores go to two
/// factorisations at once instead. True if it was OpenBLAS.
bool single_threaded_blas();

}  // namespace spillover
