#pragma once
// Approximate ln|I − ρW| by the power series with Monte-Carlo traces (Barry & Pace 1999, "Monte
// Carlo estimates of the log determinant of large sparse matrices", Linear Algebra Appl. 289, 41–54),
// and the probe-block machinery shared by the three stochastic methods (mc, chebyshev, slq).
//
// The series
//     ln|I − ρW| = tr ln(I − ρW) = −Σ_{k≥1} ρ^k tr(W^k) / k,      f'(ρ) = −Σ_{k≥1} ρ^{k−1} tr(W^k),
// converges for |ρ| r < 1, r the spectral radius of W. It is truncated at m = options.mc_powers.
//   - tr(W) and tr(W²) = Σ_ij w_ij w_ji are exact (as R spatialreg's mcdet_setup for k = 2).
//   - tr(W^k), 3 ≤ k ≤ m, from p = options.probes Rademacher probes z_j: t_k ≈ mean_j z_jᵀ W^k z_j
//     (Hutchinson 1990; E zzᵀ = I). Any W, asymmetric too: the powers are applied step by step,
//     m block products. When W has a symmetric similar form S (weights/symmetric_similar.hpp) the
//     same traces are taken on S, tr(W^k) = tr(S^k), with the doubling identities
//     zᵀS^{2i}z = ‖S^i z‖², zᵀS^{2i+1}z = (S^i z)ᵀ(S^{i+1} z): ⌈m/2⌉ products instead of m.
//   Each probe gives its own full estimate f_j(ρ) (t_1, t_2 exact, t_k from z_j alone); the value is
//   their mean and its standard error SE = sd_j(f_j)/√p. Per ρ: O(p m) scalar work.
//
// Error bound (value; the derivative likewise, from its own per-probe spread and tail):
//     error_bound = z · SE + n (|ρ| r)^{m+1} / ((m+1)(1 − |ρ| r)),
//     derivative_error_bound = z · SE' + n r (|ρ| r)^m / (1 − |ρ| r),
// the tails from |tr(W^k)| ≤ n r^k (Barry & Pace's bound). r bounds the spectral radius: for W with
// a symmetric similar form, max(|1/interval.lower|, |1/interval.upper|) (the interval's ends are
// 1/λ_min and 1/λ_max; for a large row-standardised W the interval is (−1, 1) and r = 1, still a
// bound); otherwise the largest absolute row sum (Gershgorin). The tail counts every eigenvalue at
// modulus r, so it is loose near |ρ| r = 1: at ρ = 0.95 on a 1000-point kNN W it is 20 where the
// error is 0.07; below ρ ≈ 0.9 the SE term dominates.
// WARNING: where |ρ| r ≥ 1 the series diverges and both bounds are +infinity: for a row-standardised
// W the method is meant for |ρ| < 1; on the negative side beyond −1 (the interval reaches below −1
// when λ_min > −1) use chebyshev, slq or an exact method. Near |ρ| r = 1 raise mc_powers.
//
// The statistical term, for all three stochastic methods: the bound holds with the confidence of z
// standard errors, and the SE is itself estimated from the p probes. Over 200 seeds on Columbus and
// on 1000-point kNN weights the error exceeded the bound at 0.2–0.8 % of the evaluations with z = 3
// (Student's t with 29 degrees of freedom predicts 0.55 %; near the ends of the interval the
// per-probe estimates are skewed). Every bound also carries a rounding allowance (rounding_allowance
// below), so that it is not 0 at ρ = 0.
//
// Cost: the set-up is ⌈m/2⌉ (S) or m (W) sparse products with an n × p block, O(m · nnz · p),
// memory 2 blocks (S) or 3 (W) of 8np bytes. Measured on 2 cores with the defaults (p = 30,
// m = 60), kNN-6 weights: 0.35 s at n = 10^5, about 4 s at 10^6 (7·10^6 non-zeros, 240 MB blocks:
// 30 products of 0.05 s and as long again combining blocks, which is memory-bound; 0.4 s of
// renumbering; 0.2 s of probes); on the asymmetric kNN W (60 products) twice that. O(p m) per ρ.

#include <cstddef>
#include <cstdint>
#include <vector>

#include <Eigen/Dense>

#include "engine/parallel_for.hpp"
#include "solvers/logdet.hpp"

namespace spillover {

// ---------------------------------------------------------------------------------------------------
// Shared by the stochastic methods (logdet_monte_carlo, logdet_chebyshev, logdet_slq).

/// A sparse n × n matrix A — W itself, or its symmetric similar form S = D^{1/2} W D^{-1/2} — laid
/// out for products with a block of p probe vectors.
///
/// Units are renumbered in breadth-first order of the neighbour graph (Cuthill–McKee without the
/// degree sort), so that a unit's neighbours sit near it in memory. Traces and quadratic forms with
/// Rademacher probes do not depend on the numbering (tr(PAPᵀ)^k = tr A^k, and Pz is again a
/// Rademacher vector), while the product gains: on 10^6 uniform random points in input order one
/// block product (p = 30, one thread) took 0.87 s, and 0.12 s renumbered (scattered versus nearby
/// reads of the block's columns). The renumbering costs about 0.4 s at 10^6, mostly the search's
/// scattered reads of W's rows.
/// A block is a p × n column-major matrix: column i holds unit i's entries of the p probes, so a row
/// of A reads whole columns of contiguous memory.
///
/// S is built here (w_ij · √(d_i/d_j), in the new numbering), not by symmetric_similar(): that one
/// averages S with its transpose to make it symmetric to the last bit, which the probes do not need
/// and which cost 0.8 s at 10^6.
class ProbeOperator {
public:
    using Index = SpatialWeights::Index;
    enum class Form {
        Weights,           ///< A = W, any W
        SymmetricSimilar,  ///< A = S; std::invalid_argument when W has no symmetric similar form
    };

    /// threads: 0 = hardware threads. Results do not depend on it.
    ProbeOperator(const SpatialWeights& w, Form form, int threads);

    Index n() const noexcept { return static_cast<Index>(starts_.size()) - 1; }
    Form form() const noexcept { return form_; }
    int threads() const noexcept { return threads_; }
    /// tr(A).
    double trace() const;
    /// tr(A²) = Σ_ij a_ij a_ji.
    double trace_of_square() const;
    /// max_i Σ_j |a_ij| ≥ the spectral radius of A (Gershgorin).
    double max_abs_row_sum() const;

    /// The p × n block of p Rademacher probes from `seed`: rademacher_probes(p, n, seed), whose
    /// column-by-column bit stream then fills each unit's p entries contiguously.
    Eigen::MatrixXd probes(int p, std::uint64_t seed) const;

    /// Rows are handed out in chunks of this many; per-chunk partial sums, added in chunk order,
    /// make every reduction independent of the number of threads. 512 rows of 30 probes make a
    /// 120 KB block, so a chunk's product and the blocks it is combined with stay in L2 cache
    /// (2048 rows were 10 % slower at 10^6).
    static constexpr Index chunk_rows = 512;
    std::size_t chunks() const noexcept { return static_cast<std::size_t>((n() + chunk_rows - 1) / chunk_rows); }

    /// For every chunk of rows [first, first + count), in parallel: the p × count block Y (an
    /// Eigen::Ref<const Eigen::MatrixXd>) whose column c is Σ_j a_{first+c, j} x.col(j), those rows
    /// of A times the block x, handed to work(chunk, first, Y). `work` may write columns
    /// [first, first + count) of other blocks, not of x.
    template <class Work>
    void multiply(const Eigen::MatrixXd& x, Work&& work) const;
    /// work(chunk, first, count) for every chunk, in parallel: a streaming pass over blocks.
    template <class Work>
    void each_chunk(Work&& work) const;

private:
    /// Y.col(c) = row first + c of A times x, for c < Y.cols().
    void multiply_rows(Index first, const Eigen::MatrixXd& x, Eigen::Ref<Eigen::MatrixXd> y) const;
    /// Fills the CSR arrays in breadth-first order and returns the order (old index of each new one).
    std::vector<Index> build_breadth_first(const SpatialWeights::Matrix& w);
    void sort_row(std::size_t first, std::size_t last);
    void scale_similar(const Eigen::VectorXd& d, const std::vector<Index>& order);

    Form form_;
    int threads_;
    std::vector<Index> starts_;  // CSR in the breadth-first numbering, columns sorted in each row
    std::vector<Index> columns_;
    std::vector<double> values_;
};

/// Mean of the per-probe estimates and its standard error sd/√p.
struct ProbeMean {
    double mean = 0.0;
    double standard_error = 0.0;
};
ProbeMean probe_mean(const Eigen::Ref<const Eigen::VectorXd>& estimates);

/// Added to every error bound for the rounding of sums over n units and p probes (and of the exact
/// reference): 10⁻¹² (n · scale + |x|), x the value or derivative, scale 1 for the value and the
/// spectral-radius bound for the derivative. Far below the statistical terms except near ρ = 0,
/// where those vanish and a zero bound would claim more than double precision holds.
double rounding_allowance(double n, double scale, double x);

// ---------------------------------------------------------------------------------------------------

class LogDetMonteCarlo final : public LogDeterminant {
public:
    /// Any W. The interval is where ρ may be evaluated; it also sets r (see above) when W has a
    /// symmetric similar form.
    LogDetMonteCarlo(const SpatialWeights& w, RhoInterval interval, const LogDetOptions& options);

    LogDetValue evaluate(double rho, bool derivative = false) override;

    /// The spectral-radius bound r of the truncation term.
    double radius_bound() const noexcept { return radius_; }
    /// m × p: z_jᵀ A^k z_j in row k − 1 (rows 0 and 1 hold the exact tr(A), tr(A²) for every probe).
    const Eigen::MatrixXd& power_traces() const noexcept { return traces_; }

private:
    void power_moments_symmetric(const ProbeOperator& s, const LogDetOptions& options);
    void power_moments_general(const ProbeOperator& w, const LogDetOptions& options);

    Eigen::MatrixXd traces_;
    double radius_ = 0.0;
    double z_ = 0.0;
};

// ---------------------------------------------------------------------------------------------------

template <class Work>
void ProbeOperator::multiply(const Eigen::MatrixXd& x, Work&& work) const {
    // One workspace per thread: a fresh p × chunk_rows buffer per chunk cost page faults and TLB
    // shootdowns as the allocator returned it to the system.
    std::vector<Eigen::MatrixXd> workspace(static_cast<std::size_t>(threads_), Eigen::MatrixXd(x.rows(), chunk_rows));
    parallel_for(chunks(), threads_, [&](std::size_t chunk, int thread) {
        const Index first = static_cast<Index>(chunk) * chunk_rows;
        const auto y = workspace[static_cast<std::size_t>(thread)].leftCols(std::min(chunk_rows, n() - first));
        multiply_rows(first, x, y);
        work(chunk, first, Eigen::Ref<const Eigen::MatrixXd>(y));
    });
}

template <class Work>
void ProbeOperator::each_chunk(Work&& work) const {
    parallel_for(chunks(), threads_, [&](std::size_t chunk, int) {
        const Index first = static_cast<Index>(chunk) * chunk_rows;
        work(chunk, first, std::min(chunk_rows, n() - first));
    });
}

}  // namespace spillover
