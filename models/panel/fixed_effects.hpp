#pragma once
// The fixed effects of a panel fit recovered from its estimates, as Elhorst's sar_panel_FE and
// sem_panel_FE report them (Elhorst 2014, §3.2; Baltagi 2021, §2.2): a mean intercept and the
// effects as deviations from it, which sum to zero.
//
// With r_it = y_it − ρ (Wy)_it − x_it'β the part of y the slopes leave (lags of the raw data; no ρ
// term for the error models, whose effects sit in the mean of y), r̄ its grand mean, r̄_i. and r̄_.t
// its unit and period means:
//     intercept  c   = r̄                      SE √(σ²/(NT) + σ² x̄' (X*'X*)⁻¹ x̄)
//     unit       μ_i = r̄_i. − c               SE √(σ²/T  + σ² x̄_i.' (X*'X*)⁻¹ x̄_i.)
//     period     α_t = r̄_.t − c               SE √(σ²/N  + σ² x̄_.t' (X*'X*)⁻¹ x̄_.t)
// with X* the within-transformed regressors (WX included) and x̄ their raw means. With twoways
// effects c + μ_i + α_t is the fitted effect of unit i in period t exactly (the residual sums to zero
// over units and periods).

#include <cstdint>
#include <string>
#include <vector>

#include "engine/design_matrix.hpp"
#include "engine/panel_within.hpp"
#include "engine/result_table.hpp"
#include "models/spatial_fit.hpp"
#include "weights/spatial_weights.hpp"

namespace spillover {

/// The intercept, then the unit effects in W's order, then the period effects, as the effects of the
/// fit require. `design` is the raw panel design the fit was made of (rows in panel order, no WX
/// columns: they are formed again from the fit's `lagged`), `periods` the period labels.
std::vector<FixedEffect> recover_fixed_effects(const SpatialFit& fit, const DesignMatrix& design, const SpatialWeights& w,
                                               const std::vector<std::string>& periods, PanelEffects effects);

/// CSV: kind,id,estimate,std_error (shortest round-trip decimals).
std::string fixed_effects_csv(const std::vector<FixedEffect>& effects);

}  // namespace spillover
