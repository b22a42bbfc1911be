#include "workflow/lm_tests_pipeline.hpp"

#include "engine/input_error.hpp"
#include "models/panel/panel_fit.hpp"
#include "models/spatial_sample.hpp"

namespace spillover {

void LmTestsRequest::validate() const {
    input.validate();
    if (formula.empty()) throw InputError("no formula given (--formula \"y ~ x1 + x2\")");
    if (input.weights_path.empty())
        throw InputError("the LM tests need a weights file (--weights FILE: .gal, .gwt, .mtx, .csv, .txt)");
    ols.validate();
}

namespace {

/// The tests of the within model's residuals on the panel.
LmTestsResult panel_lm_tests(const ModelInputs& in, const OlsOptions& options, PanelEffects effects) {
    const std::int64_t units = in.w.n(), periods = in.panel->period_count();
    const SpatialSample sample(in.w, SampleShape::panel(units, periods), {effects, LagConvention::DemeanLag});
    const DesignMatrix d = effects == PanelEffects::None ? in.design : without_intercept(in.design);
    OlsOptions ols = options;
    ols.absorbed = absorbed_parameters(effects, units, periods);
    return lm_tests(d, fit_ols(sample.within(d), ols), sample);
}

}  // namespace

LmTestsResult run_lm_tests(const LmTestsRequest& request) {
    request.validate();
    return lm_tests_of(read_model_inputs(request.input, request.formula, MissingPolicy::Error, true), request.ols,
                       request.effects);
}

LmTestsResult lm_tests_of(const ModelInputs& in, const OlsOptions& ols, PanelEffects effects) {
    LmTestsResult result = in.panel ? panel_lm_tests(in, ols, effects) : lm_tests(in.design, fit_ols(in.design, ols), in.w);
    result.conventions.push_back(in.weights_line);
    return result;
}

}  // namespace spillover
