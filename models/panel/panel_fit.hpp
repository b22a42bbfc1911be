#pragma once
// Fixed-effects spatial panels (Elhorst 2014, ch. 3; Lee & Yu 2010): sar, sdm, sem, sdem and slx, and
// the non-spatial within model (ols), on a balanced panel of N units in T periods with one N × N W.
//
//   y_t = ρ W y_t + X_t β + W X_t θ + μ + α_t ι_N + u_t,   u_t = λ W u_t + ε_t   (t = 1..T)
//
// with unit effects μ, time effects α_t or both (engine/panel_within.hpp). The effects are removed by
// the within transformation Q, and the transformed model is fitted by the machinery of the
// cross-section (models/spatial_regression.hpp) on a sample that knows the panel
// (models/spatial_sample.hpp: the per-period lag I_T ⊗ W, Q, and where Q sits relative to W).
// The estimator:
//   direct          (default; Elhorst 2014, §3.2) NT observations, T·ln|I − ρW|; the estimates of
//                   σ² (unit effects) and of ρ and σ² (time effects) carry an incidental-parameter bias;
//   lee-yu          (Lee & Yu 2010) the orthonormal transformations F_{T,T−1} (unit effects) and
//                   F_{N,N−1} (time effects) give the likelihood of N(T − 1), (N − 1)T or (N − 1)(T − 1)
//                   observations with (T − 1)·ln|I − ρW| and, for time effects, − ln(1 − ρ) per
//                   transformed period (W* = F'WF loses W's eigenvalue 1). The residual sums of squares
//                   are those of Q, so only the shape of the sample changes (engine/sample_shape.hpp).
//                   Time effects need W row-standardised (W·1 = 1): refused otherwise;
//   bias-corrected  the direct estimates corrected as Lee & Yu and Elhorst's code
//                   (models/panel/bias_correction.hpp).
// ρ is searched in W's interval (1/λ_min, 1/λ_max) — for a row-standardised W up to 1, also under
// Lee & Yu's transformation, whose W* could reach past 1 (a non-stationary region).
//
// ols and slx with effects are least squares on the transformed data with σ² = e'e/(NT − k − a), a
// the absorbed effects (N, T or N + T − 1): plm's within model. Without effects (`none`) the panel is
// pooled: the intercept stays and the sample is the stacked periods.
//
// With twoways effects the fit also reports the LR tests of the unit effects (against the model with
// time effects only, N − 1 df) and of the time effects (against unit effects only, T − 1 df), both
// between direct-approach fits (Elhorst 2014, §3.4), whose likelihoods have the same NT terms.
//
// Dynamic panels (spec.dynamic: y_{t−1}, W y_{t−1}) are fitted by models/panel/dynamic_panel.hpp.
//
// Random effects (`random`; models/panel/random_effects.hpp): sar, sem (and sdm, sdem with their WX
// columns) and the non-spatial model by ML, with the intercept, and Hausman's test against the
// same model with unit fixed effects (direct approach; models/panel/hausman_test.hpp).
//
// The design's rows must be in panel order (row t·N + i is unit i of W in period t; engine/panel_layout.hpp).
// Its intercept, if any, is dropped under fixed effects (the effects absorb it; models/panel/fixed_effects.hpp
// recovers it).

#include <cstdint>
#include <string_view>

#include "engine/design_matrix.hpp"
#include "engine/panel_within.hpp"
#include "models/panel/dynamic_terms.hpp"
#include "models/spatial_fit.hpp"
#include "models/spatial_model.hpp"
#include "models/spatial_sample.hpp"
#include "weights/spatial_weights.hpp"

namespace spillover {

enum class PanelEstimator { Direct, LeeYu, BiasCorrected };

/// "direct", "lee-yu", "bias-corrected".
std::string_view to_string(PanelEstimator estimator);

struct PanelSpec {
    PanelEffects effects = PanelEffects::TwoWays;
    PanelEstimator estimator = PanelEstimator::Direct;
    LagConvention convention = LagConvention::DemeanLag;
    /// Random unit effects instead of fixed ones (then `effects` and `estimator` are not used).
    bool random = false;
    /// With twoways effects: the LR tests of the unit and of the time effects (two more fits).
    bool effects_tests = true;
    /// Lags of the dependent variable (models/panel/dynamic_panel.hpp); None: a static panel.
    DynamicTerms dynamic = DynamicTerms::None;
    /// InputError for an estimator the effects do not allow (lee-yu or bias-corrected without effects),
    /// and for dynamic terms with random effects, time effects only or no effects.
    void validate() const;
};

/// The shape of the likelihood for N units in T periods under `spec` (see above).
SampleShape panel_shape(std::int64_t units, std::int64_t periods, const PanelSpec& spec);

/// Fits `model` (ols, slx, sar, sdm, sem, sdem) of the panel design on W. InputError for rows not in
/// panel order, a regressor the effects absorb, sac, or lee-yu time effects with a W that is not
/// row-standardised; numerical trouble sets the status (models/spatial_regression.hpp).
SpatialFit fit_panel(const DesignMatrix& design, const SpatialWeights& w, std::int64_t periods, SpatialModel model,
                     const PanelSpec& spec, const SpatialFitOptions& options = {});

/// InputError unless every row of W sums to 1 (Lee & Yu's transformation of the units needs W·1 = 1);
/// `what` names what needs it ("--lee-yu with time effects"), `remedy` what the user can do instead.
void check_row_standardised(const SpatialWeights& w, const std::string& what, const std::string& remedy);

/// The design without its "(Intercept)" column (unchanged when it has none).
DesignMatrix without_intercept(const DesignMatrix& design);

}  // namespace spillover
