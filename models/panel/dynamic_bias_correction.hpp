#pragma once
// Yu, de Jong & Lee's (2008) bias correction of the quasi-ML estimates of a dynamic spatial panel with
// fixed effects (Yu, de Jong & Lee 2008, J. Econometrics 146: 118–134, Theorem 3; Lee & Yu 2010,
// Econometric Theory 26: 564–597, for the time effects; Elhorst 2014, §4.3), as Elhorst's sar_jihai
// and sar_jihai_time and R's SDPDmod (SDPDm with dynamic = TRUE) compute it.
//
// The model (models/panel/dynamic_panel.hpp) is fitted as a lag model whose regressors include
// y_{t−1} (coefficient τ) and W y_{t−1} (η): θ = (δ, ρ, σ²), δ = (τ, η, β, θ). Demeaning over the
// T' = T − 1 periods leaves a bias of order 1/T' (the lagged y is correlated with the demeaned
// error). With A = (I − ρW)⁻¹(τI + ηW), G = W(I − ρW)⁻¹ and
//     M = (I − A)⁻¹(I − ρW)⁻¹ = ((1 − τ)I − (ρ + η)W)⁻¹,
// all at the uncorrected θ̂ over the n units of the sample,
//     θ₁ = θ̂ + I(θ̂)⁻¹ c,   c_τ = tr(M),  c_η = tr(WM),  c_β = 0,
//                           c_ρ = τ tr(GM) + η tr(GWM) + tr(G),  c_σ² = n/(2σ²),
// I the information matrix of the fit (the paper's θ̂ − B̂/T' with B = −Σ⁻¹b, Σ = I/(nT'), b = c/n).
// (c_ρ = tr(WM) = c_η: per eigenvalue ω(τ + ηω + d)/((1 − ρω)d) = ω/d.)
// The traces are exact, from W's eigenvalues ω (M, G and WM are rational functions of W):
//     tr(M) = Σ 1/d,  tr(WM) = Σ ω/d,  tr(GM) = Σ ω/((1 − ρω)d),  tr(GWM) = Σ ω²/((1 − ρω)d),
//     tr(G) = Σ ω/(1 − ρω),   d = 1 − τ − (ρ + η)ω.
// Time effects removed by Lee & Yu's transformation (the sample's unit-root term c ≠ 0) leave
// n = N − 1 units on W* = F'WF, and for a row-standardised W, tr f(W*) = tr f(W) − f(1): the sums
// above without W's eigenvalue 1.
//
// Stability: the spectral radius of A, max |(τ + ηω)/(1 − ρω)| over W's eigenvalues, must be below 1
// (the stable case the correction is derived for); |τ| + |ρ| + |η| < 1 is the simpler sufficient
// condition (Elhorst 2014, §4.2). When Â is not stable (a unit root or explosive dynamics: the
// spatially cointegrated case of Yu, de Jong & Lee 2012), the correction is not made: the
// uncorrected estimates stay, with a warning. The report (SpatialFit::dynamic) keeps the uncorrected
// estimates and the stability at the reported ones.
//
// Standard errors: the inverse information matrix at θ₁ (exact for normal errors). The paper's
// variance adds Σ⁻¹ΩΣ⁻¹ from the fourth moment of ε for non-normal errors; SDPDmod and Elhorst's code
// add it with the fourth moment of the reduced-form residuals. It is not added here (the report says
// so).
//
// Routes, as the effects' multiplier (solvers/spatial_multiplier.hpp) takes them:
//   eigenvalues  (up to SpatialMultiplierOptions::eigen_limit units with real eigenvalues,
//                complex_eigen_limit otherwise) W's eigenvalues: O(N³) time and 8N² bytes once, the
//                memory checked first and a wait beyond LogDetOptions::notice_seconds announced.
//                Everything above is exact.
//   series       (beyond) M = (I − ρ_L W)⁻¹/(1 − τ), ρ_L = (ρ + η)/(1 − τ), so tr(M) and tr(WM) are
//                the multiplier's tr((I − ρ_L W)⁻¹) and tr((I − ρ_L W)⁻¹W) at ρ_L: the series in the
//                traces of W^j, cut where its stated bound reaches the tolerance (exact traces while
//                affordable, Hutchinson's beyond, with their standard error stated). The spectral radius
//                of A is exact from W's extreme eigenvalues (the search interval) when W has real
//                eigenvalues — (τ + ηω)/(1 − ρω) is monotone in ω there — and otherwise the bound
//                (|τ| + |η|c)/(1 − |ρ|c), c ≥ W's spectral radius, which the report names as a bound.

#include <Eigen/Dense>

#include "engine/design_matrix.hpp"
#include "models/spatial_fit.hpp"
#include "models/spatial_model.hpp"
#include "models/spatial_sample.hpp"
#include "solvers/logdet.hpp"
#include "solvers/spatial_multiplier.hpp"

namespace spillover {

/// The traces of the correction over the eigenvalues `omega` at (τ, η, ρ).
struct DynamicTraces {
    double m = 0.0;    ///< tr(M)
    double wm = 0.0;   ///< tr(WM)
    double gm = 0.0;   ///< tr(GM)
    double gwm = 0.0;  ///< tr(GWM)
    double g = 0.0;    ///< tr(G)
};
DynamicTraces dynamic_traces(const Eigen::VectorXcd& omega, double tau, double eta, double rho);

/// c above for θ = (δ, ρ, σ²) of length k + 2 (δ the k coefficients, τ and η where `lags` says), over
/// the eigenvalues `omega` of the sample's n × n W.
Eigen::VectorXd dynamic_bias_vector(const Eigen::VectorXcd& omega, const Eigen::VectorXd& theta,
                                    const DynamicLagColumns& lags);

/// max |(τ + ηω)/(1 − ρω)| over `omega`: the spectral radius of (I − ρW)⁻¹(τI + ηW).
double dynamics_spectral_radius(const Eigen::VectorXcd& omega, double tau, double eta, double rho);

/// c by the series route over W (without W's eigenvalue 1 when `without_unit_eigenvalue`, for
/// W* = F'WF), with `multiplier`'s options; `method` receives the route in words. NaN entries when
/// ρ_L = (ρ + η)/(1 − τ) is beyond the series' reach (unstable dynamics).
Eigen::VectorXd dynamic_bias_vector_by_series(const SpatialWeights& w, bool without_unit_eigenvalue,
                                              const Eigen::VectorXd& theta, const DynamicLagColumns& lags,
                                              const SpatialMultiplierOptions& multiplier, std::string& method);

/// The spectral radius of (I − ρW)⁻¹(τI + ηW) from W's extreme real eigenvalues (exact when all are
/// real: `real`), else its bound (|τ| + |η|c)/(1 − |ρ|c) with c = `radius_bound` (∞ when |ρ|c ≥ 1).
double dynamics_spectral_radius(double lambda_min, double lambda_max, bool real, double radius_bound, double tau,
                                double eta, double rho);

/// Replaces the quasi-ML estimates of the lag-model `fit` (sar or sdm of the dynamic design with
/// τ and η where options.dynamic_lags says) by the corrected ones, with their standard errors, and
/// fills fit.dynamic's uncorrected estimates, correction and stability.
void correct_dynamic_bias(SpatialFit& fit, SpatialModel model, const DesignMatrix& design, const SpatialSample& sample,
                          LogDeterminant& logdet, const SpatialFitOptions& options);

}  // namespace spillover
