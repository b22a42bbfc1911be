#pragma once
// Dynamic spatial panels with fixed effects (Yu, de Jong & Lee 2008; Lee & Yu 2010b; Elhorst 2014,
// ch. 4): the spatial Durbin (sdm) or lag (sar) panel with lags of the dependent variable in time
// and in space-time,
//
//     y_t = τ y_{t−1} + η W y_{t−1} + ρ W y_t + X_t β + W X_t θ + μ + α_t ι + ε_t,   t = 2..T,
//
// as Stata's xsmle (dlag) and R's SDPDmod (SDPDm, dynamic = TRUE) fit it. `DynamicTerms` says which
// of τ y_{t−1} ("time"), η W y_{t−1} ("spacetime") or both are in; their coefficients are named
// "y(t-1)" and "W_y(t-1)" and come first. The first period is lost: it serves as the lag only, so
// T' = T − 1 periods remain.
//
// Estimation, conditional on y_1 (quasi-ML, Yu, de Jong & Lee 2008, §2): the lags join the
// regressors and the lag model of models/panel/panel_fit.hpp is fitted on the T' periods with
//     individual  unit effects removed by demeaning over the T' periods: N T' observations,
//                 T' ln|I − ρW|;
//     twoways     time effects removed by Lee & Yu's (2010b) transformation F_{N,N−1} (needs W
//                 row-standardised: refused otherwise), unit effects by demeaning: (N − 1) T'
//                 observations, T' (ln|I − ρW| − ln(1 − ρ)); the residual sums of squares are those
//                 of the two-way within transformation (models/spatial_sample.hpp).
// σ̂² = e'e over those observations. The estimates are then bias-corrected
// (models/panel/dynamic_bias_correction.hpp), and the stability of the dynamics is checked and
// reported. The log-likelihood reported is the uncorrected fit's maximum.
//
// Not available: sem, sdem, slx, sac, random effects, time effects alone and the pooled panel (the
// correction of the papers is for unit effects), a panel of fewer than 3 periods.

#include <cstdint>

#include "engine/design_matrix.hpp"
#include "models/panel/dynamic_terms.hpp"
#include "models/panel/panel_fit.hpp"
#include "models/spatial_fit.hpp"
#include "weights/spatial_weights.hpp"

namespace spillover {

/// The design of periods 2..T with the lags of y in front ("y(t-1)", "W_y(t-1)" as `terms` has
/// them): rows in panel order (row t·N + i is unit i of W in period t + 2). `design` has rows in
/// panel order, T = `periods`.
DesignMatrix dynamic_design(const DesignMatrix& design, const SpatialWeights& w, std::int64_t periods,
                            DynamicTerms terms);

/// The likelihood's shape for N units in T' periods (see above).
SampleShape dynamic_shape(std::int64_t units, std::int64_t periods_used, PanelEffects effects);

/// Fits `model` (sar or sdm) with spec.dynamic's lags on the panel design (rows in panel order, T =
/// `periods`), bias-corrected, with SpatialFit::dynamic filled. InputError for what is not available
/// (above) and for a twoways panel on a W that is not row-standardised.
SpatialFit fit_dynamic_panel(const DesignMatrix& design, const SpatialWeights& w, std::int64_t periods,
                             SpatialModel model, const PanelSpec& spec, const SpatialFitOptions& options = {});

}  // namespace spillover
