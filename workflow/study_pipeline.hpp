#pragma once
// The whole specification search of a spatial regression study, for each of several W (the
// robustness over W that papers report), as `spillover workflow` runs it:
//
//   for each W:  OLS (for a panel: the fixed-effects within model) and the LM tests of its
//                residuals (models/lm_tests.hpp) → SAR, SEM and SDM by ML → the LR and Wald tests
//                of SDM → SAR (θ = 0) and SDM → SEM (θ + ρβ = 0) → for a two-way panel the LR tests
//                of the unit and of the time effects, and for a panel with unit effects Hausman's
//                test of random against fixed effects (the random-effects SDM) → the model the rule
//                of workflow/model_selection.hpp selects → its direct, indirect and total effects
//                with simulated inference (models/impacts.hpp); the SDM's effects always.
//
// The LR tests are 2(ℓ_SDM − ℓ_SAR) and 2(ℓ_SDM − ℓ_SEM) between the fits the study reports, with
// as many degrees of freedom as lagged regressors: the same numbers `fit --model sdm` prints (its
// refits are these fits). Every fit of a W reads the data and that W once.
//
// Panels follow `panel` (effects, direct / Lee–Yu / bias-corrected estimator, lag convention) for
// every model; random effects are not a study's main specification (they enter through Hausman's
// test) and are refused there. With panel.dynamic (y(t-1), W y(t-1)) the search above stays static,
// and each W adds the dynamic SDM with its short- and long-run effects (Elhorst 2014, ch. 4), the
// dynamic robustness check such studies report.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "esda/moran_scatter.hpp"
#include "models/impacts.hpp"
#include "models/lm_tests.hpp"
#include "models/ols.hpp"
#include "models/panel/panel_fit.hpp"
#include "models/spatial_fit.hpp"
#include "workflow/model_inputs.hpp"
#include "workflow/model_selection.hpp"

namespace spillover {

/// One W of the study: a short name for the tables, its file and the transform applied when read.
struct StudyWeights {
    std::string name;
    std::string path;
    std::string transform = "row";
};

/// "NAME=FILE" or "FILE" (then the name is the file's stem): the form of `--weights`.
StudyWeights parse_study_weights(const std::string& text);

struct StudyRequest {
    InputRequest input;  ///< the data, its id and (panels) time column; weights_path is not used
    std::string formula;
    std::vector<StudyWeights> weights;  ///< at least one; names distinct
    PanelSpec panel;                    ///< panels (input.time_column set); `random` is refused
    OlsOptions ols;
    SpatialFitOptions spatial;
    ImpactsOptions impacts;  ///< of the selected model and of the SDM
    double alpha = 0.05;     ///< level of every test of the selection rule
    /// Panels with unit effects: Hausman's test against the random-effects SDM (two more fits).
    bool hausman = true;
    /// Called with one line per step ("contiguity: SDM"); empty: quiet.
    std::function<void(const std::string&)> progress;
    /// InputError naming what is wrong: no data, formula or W, a W name given twice, α outside (0, 1),
    /// random effects, and the options' own checks.
    void validate() const;
};

/// The study of one W.
struct WeightsStudy {
    StudyWeights weights;
    std::string weights_line;  ///< what W is, in words
    LmTestsResult lm;
    SpatialFit ols, sar, sem, sdm;
    SelectionTests tests;  ///< LR and Wald of SDM → SAR and SDM → SEM
    /// Panels: lr_unit_effects and lr_time_effects (two-way effects), hausman (unit effects); each
    /// as its fit reported it.
    std::vector<HypothesisTest> panel_tests;
    std::string hausman_warning;  ///< when V_FE − V_RE is not positive definite
    ModelSelection selection;
    /// The Moran scatterplot of the OLS residuals (a panel's: the within model's, last period) on
    /// this W, the picture of what the LM tests test.
    MoranScatter residual_scatter;
    /// Panels with StudyRequest::panel.dynamic: the dynamic SDM (models/panel/dynamic_panel.hpp) with
    /// its short- and long-run effects, beside the static search.
    std::optional<SpatialFit> dynamic_sdm;

    /// The fit of the selected model.
    const SpatialFit& selected() const;
};

struct StudyResult {
    std::string formula;
    std::string dependent;
    bool panel = false;
    double alpha = 0.05;
    std::vector<WeightsStudy> studies;  ///< in the order of the request's W
    std::vector<std::string> conventions;
};

/// Runs the study. Bad input throws InputError (naming the W file where it is about one);
/// numerical trouble in a fit sets that fit's status and the study goes on.
StudyResult run_study(const StudyRequest& request);

}  // namespace spillover
