#pragma once
// The traces in the analytic information matrix of spatial ML models (Ord 1975; Anselin 1988,
// ch. 6; LeSage & Pace 2009, §3.2), with A = I − ρW:
//
//     T1 = tr(W A⁻¹) = −d/dρ ln|A|,   T2 = tr((W A⁻¹)²) = −d²/dρ² ln|A|,   T3 = tr((W A⁻¹)ᵀ W A⁻¹).
//
// For example the lag model's ρρ entry is T2 + T3 + (W A⁻¹Xβ)ᵀ(W A⁻¹Xβ)/σ², and its ρσ² entry T1/σ².
//
// n ≤ dense_limit: exact, from the dense LU of A (M = A⁻¹W, which equals W A⁻¹: T1 = Σ M_ii,
// T2 = Σ M_ij M_ji, T3 = Σ M_ij²). O(n³): 2000 units take a fraction of a second.
//
// Larger n: Hutchinson estimates, no n × n matrix anywhere. With p Rademacher probes Z (seeded):
//     X₁ = A⁻¹Z,  Y = W X₁ = (W A⁻¹) Z,  X₂ = A⁻¹ Y,
//     T1 ≈ mean zᵀy,   T2 ≈ mean zᵀ W x₂ = zᵀ (W A⁻¹)² z,   T3 ≈ mean ‖y‖²,
// each with its standard error over the probes (reported; the relative error falls like
// 1/√(n p) for a sparse W, since the diagonal dominates). The 2p solves with A use the factor of an
// exact log-determinant when one is passed (CHOLMOD on the symmetric similar system, or UMFPACK),
// otherwise conjugate gradients on the symmetric similar system (I − ρS is positive definite on the
// interval; all probes in one block), or BiCGSTAB on A for an asymmetric W, to 1e-10 relative
// residual.

#include <cmath>
#include <cstdint>
#include <string>

#include "solvers/logdet.hpp"
#include "weights/spatial_weights.hpp"

namespace spillover {

struct TraceOptions {
    SpatialWeights::Index dense_limit = 2000;  ///< exact dense traces up to this n
    /// Hutchinson probes above it. Each costs two solves with A (at 10^6 units about 0.3 s with the
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

/// tr(W²) = Σ_ij w_ij w_ji, looking w_ji up in row j (its columns are sorted): no Wᵀ is built,
/// which at 10^6 units costs more than the lookups. O(links · log(row length)).
double trace_of_square(const SpatialWeights& w);

/// The traces at ρ (inside the interval where A is non-singular). `factorised`: an exact sparse
/// log-determinant set up for the same W, whose factorisation at ρ is then reused (optional).
SpatialTraces spatial_traces(const SpatialWeights& w, double rho, const TraceOptions& options = {},
                             LogDeterminant* factorised = nullptr);

}  // namespace spillover
