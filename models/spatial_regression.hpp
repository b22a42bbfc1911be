#pragma once
// Fits of the spatial family (models/spatial_model.hpp lists the models) by maximum likelihood, the
// numbers of R's spatialreg (lagsarlm, errorsarlm, sacsarlm with method "eigen"; lmSLX), on a
// cross-section or on any sample shape (models/spatial_sample.hpp: N units in T periods, the
// observations and the Jacobian of the likelihood). The formulas below are the cross-section's;
// with a shape, n is its observations, ln|I − ρW| its Jacobian and W its per-period lag.
//
// Estimation (Anselin 1988, ch. 6 and 12; LeSage & Pace 2009, §3.1; Elhorst 2014, ch. 2):
//   sar, sdm   ℓ(ρ) = −n/2 ln(2π) − n/2 ln(e(ρ)ᵀe(ρ)/n) − n/2 + ln|I − ρW|, concentrated over β, σ²
//              (models/lag_profile.hpp); one search over ρ (solvers/spatial_search.hpp).
//   sem, sdem  ℓ(λ) the same with e(λ) the GLS residuals of (I − λW)y on (I − λW)X
//              (models/error_profile.hpp); one search over λ.
//   sac        ℓ(ρ, λ) = … + ln|I − ρW| + ln|I − λW|, e(ρ, λ) the residuals of (I − λW)(I − ρW)y on
//              (I − λW)X; one joint search over (ρ, λ) (solvers/spatial_search.hpp).
//   slx        OLS on [X, WX] (t tests, σ² = e'e/(n − k), as lmSLX's lm).
//   σ² = e'e/n for the ML models. ρ and λ lie in the interval of the log-determinant
//   (1/λ_min, 1/λ_max of W: solvers/logdet.hpp); an estimate at an end is a warning in `status`.
//
// Standard errors: the inverse of the analytic information matrix (as spatialreg with method
// "eigen"; Anselin 1988, eq. 6.5 and 6.26). Its traces tr(WA⁻¹), tr((WA⁻¹)²), tr((WA⁻¹)ᵀWA⁻¹) are
// exact (dense LU for small n, derivatives of sparse log-determinants above: solvers/exact_traces.hpp)
// wherever TraceOptions allow, Hutchinson estimates with their error beyond (solvers/spatial_traces.hpp);
// the report says which was asked for and which ran.
//
// Tests reported with the fit (χ² upper tail): LR of ρ = 0 (λ = 0; both for sac) against OLS on the
// same regressors, Wald of each spatial parameter; for sdm, LR and Wald of θ = 0 (→ sar) and of the
// common factor θ + ρβ = 0 (→ sem; all regressors lagged only); for sdem, LR and Wald of θ = 0
// (→ sem). The LR tests refit the restricted model with the same log-determinant.
//
// Islands (units without neighbours) are allowed: their lag is 0 (spdep zero.policy = TRUE); the
// status is a warning that names them.
//
// Numerical trouble is a status, never an exception (engine/numerical_failure.hpp): a failure in the
// search (a factorisation that fails) returns the fit with status Failed, NaN numbers and the
// failure in `message`; a failure while the standard errors are formed keeps the estimates with NaN
// standard errors and a warning; a failed refit of an LR test drops that test with a warning.
//
// WARNING: W is used as given. The command line row-standardises it by default (spdep's style "W");
// the interval of ρ, and the meaning of ρ, change with the transform.

#include <vector>

#include "engine/design_matrix.hpp"
#include "models/spatial_fit.hpp"
#include "models/spatial_model.hpp"
#include "models/spatial_sample.hpp"
#include "weights/spatial_weights.hpp"

namespace spillover {

/// The design's rows with the units of each period in `order` (order[i] is the unit placed at i;
/// weights/locality_order.hpp). The periods are the design's blocks of order.size() rows.
DesignMatrix rows_in_order(const DesignMatrix& design, const std::vector<SpatialWeights::Index>& order);
/// A fit made on rows in `order` with its per-row results (fitted, residuals) put back in the
/// original order, whose row ids are `ids`.
void restore_order(SpatialFit& fit, const std::vector<SpatialWeights::Index>& order, const std::vector<std::string>& ids);

/// Fits `model` of y on X (the design without W terms) on the sample: the design's rows follow W's
/// units in every period (row t·N + i is unit i in period t; SpatialSample::check_rows). Throws
/// InputError for rows that do not, collinear regressors or an unknown --durbin name; numerical
/// trouble sets the status.
SpatialFit fit_spatial(const DesignMatrix& design, const SpatialSample& sample, SpatialModel model,
                       const SpatialFitOptions& options = {});
/// The cross-section on W: fit_spatial(design, SpatialSample(w), model, options).
SpatialFit fit_spatial(const DesignMatrix& design, const SpatialWeights& w, SpatialModel model,
                       const SpatialFitOptions& options = {});

}  // namespace spillover
