#pragma once
// The traces in the analytic information matrix of spatial ML models (Ord 1975; Anselin 1988,
// ch. 6; LeSage & Pace 2009, §3.2), with A = I − ρW:
//
//     T1 = tr(W A⁻¹) = −d/dρ ln|A|,   T2 = tr((W A⁻¹)²) = −d²/dρ² ln|A|,   T3 = tr((W A⁻¹)ᵀ W A⁻¹),
//
// and SAC's mixed traces with B = I − λW. For example the lag model's ρρ entry is
// T2 + T3 + (W A⁻¹Xβ)ᵀ(W A⁻¹Xβ)/σ², and its ρσ² entry T1/σ².
//
// Routes (TraceMethod; the result's `method` says which ran):
//   exact, dense    n ≤ dense_limit: the dense LU of A (M = A⁻¹W, which equals W A⁻¹: T1 = Σ M_ii,
//                   T2 = Σ M_ij M_ji, T3 = Σ M_ij²). O(n³), cheapest below a few hundred units.
//   exact, sparse   above: derivatives of exact sparse log-determinants (solvers/exact_traces.hpp),
//                   no n × n matrix; the same numbers as spatialreg's dense ones to about 1e-10.
//   stochastic      Hutchinson estimates, no n × n matrix and no extra factorisation. With p
//                   Rademacher probes Z (seeded): X₁ = A⁻¹Z, Y = W X₁, X₂ = A⁻¹ Y,
//                   T1 ≈ mean zᵀy, T2 ≈ mean zᵀ W x₂, T3 ≈ mean ‖y‖², each with its standard error
//                   over the probes (reported; the relative error falls like 1/√(n p) for a sparse
//                   W, since the diagonal dominates). The 2p solves with A use the factor of an
//                   exact log-determinant when one is passed, otherwise conjugate gradients on the
//                   symmetric similar system or BiCGSTAB on A, to 1e-10 relative residual.
//   auto            exact up to exact_limit units (dense or sparse, whichever is cheaper), and above it
//                   while the sparse route's predicted cost stays within exact_budget seconds; else
//                   stochastic. The prediction: two pencils of (2·levels + 1) factorisations whose
//                   patterns hold the two-step neighbours, each about 15 times the flops of the
//                   log-determinant's own factorisation (measured: 3.5x on the 25,357 house sales,
//                   14x on kNN-6), at 1.5 Gflop/s. On these VMs the 25,357 house sales stay exact
//                   (0.3 s), kNN-6 on 30,000 points goes stochastic (exact: 3.8 s against 0.1 s).

#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>

#include "solvers/logdet.hpp"
#include "weights/spatial_weights.hpp"

namespace spillover {

enum class TraceMethod { Auto, Exact, Stochastic };
/// "auto", "exact", "stochastic".
std::string_view to_string(TraceMethod method);
/// The inverse of to_string; InputError naming the choices otherwise.
TraceMethod parse_trace_method(std::string_view name);

struct TraceOptions {
    TraceMethod method = TraceMethod::Auto;
    /// Exact traces by the dense LU up to this n (below it the O(n³) LU is cheaper than the sparse
    /// factorisations; measured: bench/RESULTS.md, issue 15).
    SpatialWeights::Index dense_limit = 400;
    /// auto: exact traces up to this n, and above it while their predicted cost is at most
    /// exact_budget seconds (needs the log-determinant's factorisation; see above).
    SpatialWeights::Index exact_limit = 10'000;
    double exact_budget = 1.0;
    int threads = 0;  ///< sparse factorisations at once (0 = hardware threads)
    /// Hutchinson probes of the stochastic route. Each costs two solves with A (at 10^6 units about 0.3 s with the
    /// Cholesky factor); the relative standard error falls like 1/√(n p), so a few suffice at large n.
    int probes = 12;
    std::uint64_t seed = 20261129;
    void validate() const;
};

struct TraceEstimate {
    double value = 0.0;
    double std_error = 0.0;  ///< 0 when exact
};

struct SpatialTraces {
    TraceEstimate wa;          ///< T1 = tr(W A⁻¹)
    TraceEstimate wa_squared;  ///< T2 = tr((W A⁻¹)²)
    TraceEstimate wa_cross;    ///< T3 = tr((W A⁻¹)ᵀ W A⁻¹)
    /// tr((WᵀW + W²)A⁻¹), the variance term of the LM test for residual autocorrelation after a lag
    /// fit (Anselin 1988, p. 106): exact traces only, NaN for Hutchinson estimates.
    double lm_residual = NAN;
    bool exact = true;
    std::string method;        ///< what ran, in words
};

/// SAC's mixed traces (B = I − λW).
struct MixedTraces {
    double cross = 0.0;    ///< tr((WB⁻¹)ᵀWA⁻¹)
    double product = 0.0;  ///< tr(WA⁻¹ WB⁻¹)
};

/// tr(W²) = Σ_ij w_ij w_ji, looking w_ji up in row j (its columns are sorted): no Wᵀ is built,
/// which at 10^6 units costs more than the lookups. O(links · log(row length)).
double trace_of_square(const SpatialWeights& w);

/// True when `options` give exact traces for W (the route auto takes, or the one requested).
/// `factorised`: the exact sparse log-determinant whose factorisation cost predicts theirs.
bool exact_traces_for(const SpatialWeights& w, const TraceOptions& options, const LogDeterminant* factorised = nullptr);

/// The traces at ρ (inside the interval where A is non-singular). `factorised`: an exact
/// log-determinant set up for the same W, whose factorisations are then reused (optional).
SpatialTraces spatial_traces(const SpatialWeights& w, double rho, const TraceOptions& options = {},
                             LogDeterminant* factorised = nullptr);

/// SAC's mixed traces at (ρ, λ), by the same route as spatial_traces.
MixedTraces mixed_traces(const SpatialWeights& w, double rho, double lambda, const TraceOptions& options = {},
                         LogDeterminant* factorised = nullptr);

}  // namespace spillover
