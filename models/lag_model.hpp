#pragma once
// ML fit of the spatial lag model y = ρWy + Xβ + ε (sar; sdm when X holds WX), as spatialreg's
// lagsarlm with method "eigen" (Anselin 1988, ch. 6 and 12; LeSage & Pace 2009, §3.1–3.2).
//
// Search: ℓ(ρ) concentrated over β and σ² (models/lag_profile.hpp), maximised over the interval of
// the log-determinant (solvers/spatial_search.hpp). β̂ = β(ρ̂), σ̂² = e'e/n, e = y − ρ̂Wy − Xβ̂, n the
// sample's observations and W its per-period lag (models/spatial_sample.hpp).
// Information matrix over (β, ρ, σ²), A = I − ρW, T1..T3 the traces of solvers/spatial_traces.hpp
// taken over the sample (models/ml_estimates.hpp, add_variance_terms):
//     I_ββ = X'X/σ²            I_βρ = X'(WA⁻¹Xβ)/σ²       I_βσ² = 0
//     I_ρρ = T2 + T3 + ‖WA⁻¹Xβ‖²/σ²                     I_ρσ² = T1/σ²
//     I_σ²σ² = n/(2σ⁴)                                  (Anselin 1988, eq. 6.5)
// A panel with fixed effects (models/spatial_sample.hpp) fits the transformed model: y, X → Qy, QX,
// Wy → the sample's within_lag(y); W A⁻¹Xβ is taken per period of QXβ (Elhorst's sar_panel_FE).
// Under Lee & Yu's transformation of the units (the shape's unit-root term c ≠ 0), the ρρ entry is
// that of the transformed model exactly: ‖Q W A⁻¹ QXβ‖² and tr(G*ᵀG*) = tr(GᵀG) − ‖Gᵀι‖²/N per
// transformed period (models/spatial_sample.hpp), whatever W's column sums.
// With exact traces (solvers/spatial_traces.hpp) and a cross-section, also the LM test for residual
// autocorrelation that spatialreg's summary prints: (e'We/σ²)² / (T − T_A² var(ρ̂)),
// T = tr(W'W + W²), T_A = tr((W'W + W²)A⁻¹) (Anselin 1988, p. 106).

#include "engine/design_matrix.hpp"
#include "models/spatial_fit.hpp"
#include "models/spatial_sample.hpp"
#include "solvers/logdet.hpp"

namespace spillover {

/// `design` already holds any WX columns; its rows follow the sample's. `logdet` is set up for W
/// (and may be shared by fits).
/// The information matrix of (β, ρ, σ²) above at the given values, for the transformed regressors
/// `x` (sample.within of the design's X). `traces` receives the traces it used. NumericalFailure
/// when a solve fails.
Eigen::MatrixXd lag_information(const Eigen::MatrixXd& x, const Eigen::VectorXd& beta, double rho, double sigma2,
                                const SpatialSample& sample, LogDeterminant& logdet, const TraceOptions& options,
                                SpatialTraces& traces);

SpatialFit fit_lag_model(const DesignMatrix& design, const SpatialSample& sample, LogDeterminant& logdet,
                         const SpatialFitOptions& options);

}  // namespace spillover
