#pragma once
// Exact traces of the information matrix at any n a sparse factorisation reaches, by
// differentiating exact log-determinants: for P non-singular and any C of the same size,
//
//     d/dt ln|P + tC| at t = 0  =  tr(P⁻¹C)            (Jacobi's formula),
//
// so a trace of the inverse of a sparse matrix times a sparse matrix needs only sparse
// factorisations of P + tC, never an entry of P⁻¹. With A = I − ρW, B = I − λW (A, B, W and the
// inverses commute) and f(ρ) = ln|I − ρW|:
//
//     T1 = tr(WA⁻¹)          = −f′(ρ)
//     T2 = tr((WA⁻¹)²)       = −f″(ρ)
//     T3 = tr((WA⁻¹)ᵀWA⁻¹)   = tr((AᵀA)⁻¹WᵀW)  = ∂/∂s ln|I − ρ(W + Wᵀ) + sWᵀW| at s = ρ²
//                              (AᵀA is symmetric positive definite: CHOLMOD; T3 = T2 for a symmetric W)
//     tr((WᵀW + W²)A⁻¹)                         = ∂/∂t ln|A + t(WᵀW + W²)| at t = 0   (lag model's LM test)
//     tr((WB⁻¹)ᵀWA⁻¹)        = tr((BᵀA)⁻¹WᵀW)  = ∂/∂s ln|I − ρW − λWᵀ + sWᵀW| at s = ρλ   (SAC)
//     tr(WA⁻¹WB⁻¹)           = tr((BA)⁻¹W²)    = ∂/∂s ln|I − (ρ + λ)W + sW²| at s = ρλ      (SAC)
//
// Derivatives: central differences at t = ±h, ±h/2, …, ±h/2^(levels−1) (all the factorisations of a
// round in parallel, one per workspace), extrapolated by Richardson's tableau (Ridders 1982), which
// removes the h², h⁴, … terms in turn; the difference of the last two diagonal entries is the
// error estimate reported. The step starts at a fraction of the distance from 0 to the nearest t
// where P + tC is singular (the Taylor series of ln|P + tC| converges within it): for f that is the
// distance from ρ to the ends of its interval; otherwise 1/μ, μ the largest |eigenvalue| of P⁻¹C,
// from a few power iterations with P's factor (μ is approached from below, hence a further factor).
// Accuracy: the tableau grows (from 3 levels) until its error estimate is below 1e-9 relative
// (tested against dense LU to 1e-8–1e-10), far below what the 1e-4 agreement of standard errors
// with spatialreg needs.
//
// Cost: 2·levels + 1 factorisations of each matrix (7 or 9), plus a few solves: at 3107 counties
// about 0.2 s for all the traces, at 25,357 house sales about 0.3 s (bench/RESULTS.md, issue 15). The patterns of WᵀW and W² have the
// two-step neighbours, so their factors are denser than A's.

#include "solvers/logdet.hpp"
#include "solvers/spatial_traces.hpp"
#include "weights/spatial_weights.hpp"

namespace spillover {

/// T1, T2, T3 and the LM-test trace at ρ, exact. `logdet`: an exact log-determinant of the same W,
/// whose values give T1 and T2 (its sparse factorisations run in parallel); otherwise those come
/// from a sparse LU of I − ρW here.
SpatialTraces exact_sparse_traces(const SpatialWeights& w, double rho, int threads, LogDeterminant* logdet = nullptr);

/// SAC's mixed traces, exact.
MixedTraces exact_sparse_mixed_traces(const SpatialWeights& w, double rho, double lambda, int threads);

}  // namespace spillover
