#pragma once
// Random-effects spatial panel models by maximum likelihood: the spatial lag (RE-SAR) and spatial
// error (RE-SEM) models of Elhorst (2003, "Specification and estimation of spatial panel data models",
// IRSR 26: 244–268; 2014, Spatial Econometrics, ch. 3), and the classical random-effects model
// (Breusch 1987) as their case without W.
//
// The sample: N units of W observed in T periods, balanced, rows period-major (row t·N + i is unit i
// of W in period t; models/spatial_sample.hpp). v̄ is the N-vector of unit means of v over the
// periods, ι_T ⊗ v̄ its NT-row repetition, n = NT:
//
//   sar  y = ρ(I_T ⊗ W)y + Xβ + ι_T ⊗ μ + ε
//   sem  y = Xβ + ι_T ⊗ μ + u,  u_t = λWu_t + ε_t   (μ is not spatially correlated: Elhorst 2003 and
//                                                    Baltagi, Song & Koh 2003; not Kapoor et al. 2007)
//   ols  y = Xβ + ι_T ⊗ μ + ε                        (the classical model: nlme's lme with method "ML")
//   μ ~ N(0, σ_μ² I_N), ε ~ N(0, σ² I_n), independent of each other and of X. The intercept stays in X.
//
// Parametrisation — Elhorst's sar_panel_RE ("teta" there):
//     φ² = σ² / (Tσ_μ² + σ²),   φ in (0, 1],   σ_μ² = σ²(1/φ² − 1)/T.
// φ = 1 is the pooled model (σ_μ² = 0); φ → 0 the fixed-effects limit. plm's θ, the fraction of the
// unit mean removed by its GLS, is 1 − φ; Elhorst's sem_panel_RE reports σ_μ²/σ² (its "teta") =
// (1/φ² − 1)/T. The fit reports φ, σ_μ² and plm's θ.
//
// Log-likelihoods, e the residuals of the transformed model below:
//   sar  ℓ = −n/2 ln(2πσ²) + N ln φ + T ln|I − ρW| − e'e/(2σ²)
//        e = y* − ρ(Wy)* − X*β with v* = v − (1 − φ)(ι_T ⊗ v̄), the quasi-demeaning, which commutes
//        with I_T ⊗ W.
//   sem  ℓ = −n/2 ln(2πσ²) − ½ ln|I + τB'B| + T ln|B| − e'e/(2σ²),   B = I − λW, τ = 1/φ² − 1,
//        e_t = B(u_t − ū) + B(I + τB'B)^{−1/2} ū,  u = y − Xβ,
//        so that e'e = σ² u'Ω⁻¹u, Ω = Var(u) = σ_μ² J_T ⊗ I_N + σ² I_T ⊗ (B'B)⁻¹, and e = B(y − Xβ)
//        when φ = 1. ln|I + τB'B| = Σ ln(1 + τν_i) and (I + τB'B)^{−1/2} come from the
//        eigen-decomposition B'B = Q diag(ν) Q': for a symmetric W, W's own (ν_i = (1 − λω_i)²),
//        computed once; for any other W one dense decomposition of B'B per λ.
//        Elhorst's sem_panel_RE uses (1 − λω_i)² and the eigenvectors of W for every W: exact for a
//        symmetric W, an approximation for a row-standardised one, whose B'B has other eigenvalues.
//        We maximise the exact likelihood, so with a row-standardised W our numbers differ from his
//        (Cigar: λ = 0.47477 against 0.47450, φ = 0.08518 against 0.08740; equal for a symmetric W).
//   ols  the sar likelihood at ρ = 0.
//
// Estimation. β and σ² are concentrated out by GLS (σ² = e'e/n); φ is concentrated out too, by
// Brent's method on [phi_lower, 1] at every value of the spatial parameter; the spatial parameter is
// found by the one-dimensional search of the cross-section models (solvers/spatial_search.hpp) with
// the panel's Jacobian T ln|I − ρW|, so every log-determinant method is available for sar. This is
// the maximum of Elhorst's scheme (alternate φ given (ρ, β) and the SAR fit on the transformed data
// given φ), but with each coordinate to full precision: alternating converges linearly, and his stop
// (|Δφ| < 1e-8 after an fminbnd to TolX = 0.005) does not bound the distance to the maximum.
// Brent's method stops about √ε from a maximum where ℓ is flat to rounding; one Newton step on
// Richardson-extrapolated differences then refines φ, and the spatial parameter when the
// log-determinant is the dense eigen method (four more values, O(N) each), to about 1e-11: the
// Hausman statistic, a quadratic form in differences of estimates, needs them that precise.
// One value of the concentrated ℓ costs O(k³) for sar and ols — the within and between parts of
// Z = [X, y, Wy] are orthogonal, so ‖Z*v‖² = ‖R_w v‖² + φ²‖R_b v‖² with R_w, R_b the QR factors of
// the two parts, formed once — and O(Nk²) for sem (the between part in the eigenvectors of B'B)
// plus the decomposition of B'B when W is not symmetric.
//
// Standard errors: the inverse of the expected (analytic) information matrix of (β, ρ|λ, φ, σ²),
// derived from the model and checked against the generic Gaussian information with dense NT × NT
// matrices (tests/reference/panel_re_oracle.R). With A = I − ρW, T1 = tr(WA⁻¹), T2 = tr((WA⁻¹)²),
// T3 = tr((WA⁻¹)'WA⁻¹) for one period (solvers/spatial_traces.hpp) and G = I_T ⊗ WA⁻¹:
//   sar  I_ββ = X*'X*/σ²,  I_βρ = X*'G X*β/σ²,  I_ρρ = T(T2 + T3) + ‖G X*β‖²/σ²,  I_ρσ² = T·T1/σ²,
//        I_ρφ = −2·T1/φ,  I_φφ = 2N/φ²,  I_φσ² = −N/(φσ²),  I_σ²σ² = n/(2σ⁴),  I_βφ = I_βσ² = 0.
//        Elhorst's sar_panel_RE writes I_ρφ = −T1, I_φφ = N(1 + 1/φ²), I_φσ² = −N/σ²: its standard
//        errors of β and ρ agree with ours to about 1e-5, those of φ and σ² do not (Cigar: φ's
//        0.0132 against 0.0095; tests/fixtures/panel/re_cigar.json, "elhorst_code").
//   sem  (β) ⊥ (λ, φ, σ²), I_ββ = X*'X*/σ². With H = B'B = Q diag(ν) Q', D̃ = Q'(∂H/∂λ)Q,
//        ∂H/∂λ = −(W'B + B'W), a_i = 1/(1 + τν_i), v_i = ν_i a_i:
//        I_λλ = ½ Σ_ij (a_i a_j + T − 1) D̃_ij²/(ν_i ν_j),   I_λφ = Σ_i a_i² D̃_ii / φ³,
//        I_λσ² = −Σ_i (a_i + T − 1) D̃_ii/ν_i / (2σ²),      I_φφ = 2 Σ v_i² / φ⁶,
//        I_φσ² = −Σ v_i / (φ³σ²),   I_σ²σ² = n/(2σ⁴)
//        (Elhorst's sem_panel_RE has this matrix in the parameters (σ_μ², σ²), but for I_σ²σ², where
//        its code has trace(GAM*GAM) for trace(SIG*SIG).)
//   ols  the sar matrix without ρ's row.
// SpatialFit::covariance holds (β, ρ|λ, σ²): that block of the inverse, φ integrated out, so the
// Hausman test (models/panel/hausman_test.hpp) and the writers read it as any fit's. φ and σ_μ² and
// their standard errors (σ_μ²'s by the delta method) are rows of `statistics`: "phi",
// "phi_std_error", "sigma_mu2", "sigma_mu2_std_error", "plm_theta" (= 1 − φ). AIC and BIC count
// k + the spatial parameter + 2 (φ and σ²).
//
// Tests reported with the fit: LR of ρ = 0 (λ = 0) against the non-spatial random-effects model
// (its ℓ is the concentrated ℓ at 0: no extra fit) and the Wald test of the same.
//
// Residuals, fitted values and the pseudo R² are those of the transformed model (y* and e above):
// σ² = e'e/n holds for them.
//
// Status: φ at 1 (σ_μ² = 0, the pooled model) or at phi_lower is a warning (the information matrix
// is not valid on the boundary); so is an estimate of ρ or λ at an end of its interval. A numerical
// failure in the search gives a Failed fit with NaN numbers, as fit_spatial.
//
// Limits: sem needs W dense — N ≤ LogDetOptions::eigen_limit units (an InputError says so above) —
// and, for a W that is not symmetric, an O(N³) decomposition at every λ the search tries (about 40
// with the eigen log-determinant; LAPACK dsyevd with vectors, weights/dense_eigenvalues.hpp: 1.3 CPU
// seconds each at 2000 units); sar and ols scale as the cross-section sar does.
//
// WARNING: W is used as given (the command line row-standardises it by default); the interval of ρ
// and λ, and their meaning, change with the transform.

#include "engine/design_matrix.hpp"
#include "models/spatial_fit.hpp"
#include "models/spatial_model.hpp"
#include "models/spatial_sample.hpp"

namespace spillover {

struct RandomEffectsOptions {
    LogDetOptions logdet;
    SearchOptions search;
    TraceOptions traces;
    /// Collinearity test of X, as SpatialFitOptions::rank_tolerance.
    double rank_tolerance = 1e-7;
    /// φ is searched on [phi_lower, 1]; 0 < phi_lower < 1.
    double phi_lower = 1e-8;
    /// std::invalid_argument naming the first field out of range.
    void validate() const;
};

/// Fits `model` — SpatialModel::Sar, Sem or Ols (the non-spatial random-effects model) — with random
/// unit effects on the panel `sample` (T ≥ 2 periods). The design's rows follow the sample's
/// (SpatialSample::check_rows). InputError for another model, T = 1, collinear regressors, or sem
/// above the dense limit; numerical trouble sets the status.
SpatialFit fit_random_effects(const DesignMatrix& design, const SpatialSample& sample, SpatialModel model,
                              const RandomEffectsOptions& options = {});

}  // namespace spillover
