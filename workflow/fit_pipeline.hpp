#pragma once
// The fit pipeline that `spillover fit` and the demo run: read the inputs (workflow/model_inputs.hpp),
// fit each model asked for, add its effects, and return the results in one type. Keeping it here
// (not in cli/) keeps the command line free of statistics and lets tests run exactly what the
// command runs.
//
// Rows: OLS alone drops rows with a missing value (as R's lm); as soon as a spatial model is asked
// for, a missing value is an error naming the id and column (dropping a row would change W).
// At scale (SpatialFitOptions::reorder_min_units) the data and W are put in breadth-first order of
// W once for every model, and each fit's per-unit results are mapped back.
// Panels (input.time_column): every model is fitted by models/panel/panel_fit.hpp on the panel's
// rows in panel order; its effects are those of the N × N W.
// Impacts (when asked for): computed for each model with spillovers right after its fit, on the W
// it was fitted with, and timed as the stage "impacts" (models/impacts.hpp).

#include <optional>
#include <string>
#include <vector>

#include "models/impacts.hpp"
#include "models/ols.hpp"
#include "models/panel/panel_fit.hpp"
#include "models/spatial_fit.hpp"
#include "workflow/model_inputs.hpp"

namespace spillover {

struct FitRequest {
    InputRequest input;      ///< the data, its ids and W (required by every model but ols)
    std::string formula;     ///< "y ~ x1 + x2"
    std::vector<std::string> models{"ols"};  ///< fitted in this order, reported side by side
    OlsOptions ols;
    SpatialFitOptions spatial;
    /// Direct, indirect and total effects of every model with spillovers (sar, sdm, sac, slx, sdem);
    /// none when empty.
    std::optional<ImpactsOptions> impacts;
    /// A panel (input.time_column set): its effects, estimator and lag convention (models/panel/panel_fit.hpp).
    PanelSpec panel;
    /// A panel fit's fixed effects recovered into SpatialFit::fixed_effects (models/panel/fixed_effects.hpp).
    bool recover_fixed_effects = false;
    void validate() const;
};

/// Runs the request. Bad input throws InputError (or std::invalid_argument); each result carries
/// the formula, the timings of each stage and its status. OLS comes back in the same result type
/// (no ρ, λ or log-determinant).
std::vector<SpatialFit> run_fit(const FitRequest& request);

/// The models of `request` on inputs already read (read_model_inputs of request.input and
/// request.formula; for spatial models and panels with W and MissingPolicy::Error). The request is
/// not validated again. The study (workflow/study_pipeline.hpp) reads each W once through this.
std::vector<SpatialFit> fit_models(ModelInputs inputs, const FitRequest& request);

/// Adds the direct, indirect and total effects of `fit` (a model with spillovers, fitted on `w`)
/// and times them as the stage "impacts".
void add_impacts(SpatialFit& fit, const SpatialWeights& w, const ImpactsOptions& options);

}  // namespace spillover
