#pragma once
// Maximum-likelihood fits of the cross-section spatial models (models/spatial_model.hpp lists them),
// the numbers of R's spatialreg (lagsarlm, errorsarlm, sacsarlm with method "eigen"; lmSLX).
//
// Estimation (Anselin 1988, ch. 6 and 12; LeSage & Pace 2009, §3.1; Elhorst 2014, ch. 2):
//   sar, sdm   ℓ(ρ) = −n/2 ln(2π) − n/2 ln(e(ρ)ᵀe(ρ)/n) − n/2 + ln|I − ρW|, concentrated over β, σ²
//              (models/lag_profile.hpp); one search over ρ (solvers/rho_search.hpp).
//   sem, sdem  ℓ(λ) the same with e(λ) the GLS residuals of (I − λW)y on (I − λW)X
//              (models/error_profile.hpp); one search over λ.
//   sac        ℓ(ρ, λ) = … + ln|I − ρW| + ln|I − λW|, e(ρ, λ) the residuals of (I − λW)(I − ρW)y on
//              (I − λW)X; nested searches (λ outside, ρ inside), both with Brent.
//   slx        OLS on [X, WX] (t tests, σ² = e'e/(n − k), as lmSLX's lm).
//   σ² = e'e/n for the ML models. ρ and λ lie in the interval of the log-determinant
//   (1/λ_min, 1/λ_max of W: solvers/logdet.hpp); an estimate at an end is a warning in `status`.
//
// Standard errors: the inverse of the analytic information matrix (as spatialreg with method
// "eigen"; Anselin 1988, eq. 6.5 and 6.26). Its traces tr(WA⁻¹), tr((WA⁻¹)²), tr((WA⁻¹)ᵀWA⁻¹) are
// exact up to TraceOptions::dense_limit units and Hutchinson estimates beyond (solvers/spatial_traces.hpp),
// with no n × n matrix; the report says which.
//
// Tests reported with the fit (χ² upper tail): LR of ρ = 0 (λ = 0; both for sac) against OLS on the
// same regressors, Wald of each spatial parameter; for sdm, LR and Wald of θ = 0 (→ sar) and of the
// common factor θ + ρβ = 0 (→ sem; all regressors lagged only); for sdem, LR and Wald of θ = 0
// (→ sem). The LR tests refit the restricted model with the same log-determinant.
//
// Islands (units without neighbours) are allowed: their lag is 0 (spdep zero.policy = TRUE); the
// status is a warning that names them.
//
// WARNING: W is used as given. The command line row-standardises it by default (spdep's style "W");
// the interval of ρ, and the meaning of ρ, change with the transform.

#include <vector>

#include "engine/design_matrix.hpp"
#include "models/spatial_fit.hpp"
#include "models/spatial_model.hpp"
#include "weights/spatial_weights.hpp"

namespace spillover {

/// The design's rows in `order` (order[i] is the row placed at i; weights/locality_order.hpp).
DesignMatrix rows_in_order(const DesignMatrix& design, const std::vector<SpatialWeights::Index>& order);
/// A fit made on rows in `order` with its per-unit results (fitted, residuals) put back in the
/// original order, whose ids are `ids`.
void restore_order(SpatialFit& fit, const std::vector<SpatialWeights::Index>& order, const std::vector<std::string>& ids);

/// Fits `model` of y on X (the design without W terms) with W, rows aligned (W's unit i is the
/// design's row i). Throws InputError for mismatched sizes, collinear regressors or an unknown
/// --durbin name; numerical trouble sets the status.
SpatialFit fit_spatial(const DesignMatrix& design, const SpatialWeights& w, SpatialModel model,
                       const SpatialFitOptions& options = {});

}  // namespace spillover
