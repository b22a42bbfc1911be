#pragma once
// Lee & Yu's (2010) analytic bias correction of the direct approach to a spatial panel with fixed
// effects, as Elhorst's sar_panel_FE and sem_panel_FE compute it with info.bc = 1 (Elhorst 2014,
// §3.3.1; Lee & Yu 2010, J. Econometrics 154: 165–185, Theorems 1–3).
//
// The direct approach (engine/sample_shape.hpp SampleShape::panel: NT observations, T·ln|I − ρW|)
// estimates θ = (β, ρ, σ²) — λ in place of ρ for the error models — with an incidental-parameter bias:
// of order 1/T in σ² from the unit effects, of order 1/N in ρ and σ² from the time effects. With
// Σ = I(θ̂)/n the direct information matrix per observation (n = NT):
//     individual   σ²_bc = T/(T − 1) σ̂²                     β and ρ unchanged
//     time         σ²_bc = N/(N − 1) σ̂²                     β and ρ unchanged (Elhorst's code)
//     twoways      θ₁ = θ̂ + Σ⁻¹ (0_k, 1/(1 − ρ̂), 1/(2σ̂²))' / N,   then σ²_bc = T/(T − 1) σ²₁
// and the information matrix — hence the standard errors — is formed again at the corrected values
// in the direct form. For unit effects alone the correction reproduces Lee & Yu's transformation
// approach exactly (same β and ρ; σ² = e'e/(N(T − 1))); for time effects alone Elhorst's code rescales
// σ² only, although ρ has a bias of order 1/N there too: Lee & Yu's transformation (`--lee-yu`)
// removes it. The reported log-likelihood stays the direct approach's maximum (the fit the correction
// starts from), so LR tests compare maxima of one likelihood.

#include "engine/design_matrix.hpp"
#include "models/spatial_fit.hpp"
#include "models/spatial_model.hpp"
#include "models/spatial_sample.hpp"
#include "solvers/logdet.hpp"

namespace spillover {

/// Replaces the direct-approach estimates of `fit` (a sar/sdm/sem/sdem fit of the raw `design`, WX
/// columns included, on the panel `sample` with fixed effects and the direct shape) by the
/// bias-corrected ones above, with their standard errors. InputError without fixed effects.
/// NumericalFailure when the information matrix at the corrected values cannot be formed.
void correct_bias(SpatialFit& fit, SpatialModel model, const DesignMatrix& design, const SpatialSample& sample,
                  LogDeterminant& logdet, const SpatialFitOptions& options);

/// Replaces the estimates of `fit` by θ = (β, p, σ²) (p = ρ or λ, as the model has) with the
/// information matrix — hence the standard errors — formed at θ; the log-likelihood is kept. Shared
/// by the static correction above and the dynamic one (models/panel/dynamic_bias_correction.hpp).
void set_corrected_estimates(SpatialFit& fit, SpatialModel model, const DesignMatrix& design,
                             const SpatialSample& sample, LogDeterminant& logdet, const SpatialFitOptions& options,
                             const Eigen::VectorXd& theta);

}  // namespace spillover
