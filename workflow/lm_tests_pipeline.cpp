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
LmTestsResult panel_lm_tests(const ModelInputs& in, const LmTestsRequest& request) {
    const std::int64_t units = in.w.n(), periods = in.panel->period_count();
    const SpatialSample sample(in.w, SampleShape::panel(units, periods), {request.effects, LagConvention::DemeanLag});
    const DesignMatrix d = request.effects == PanelEffects::None ? in.design : without_intercept(in.design);
    OlsOptions ols = request.ols;
    ols.absorbed = absorbed_parameters(request.effects, units, periods);
    LmTestsResult result = lm_tests(d, fit_ols(sample.within(d), ols), sample);
    result.conventions.push_back(in.weights_line);
    return result;
}

}  // namespace

LmTestsResult run_lm_tests(const LmTestsRequest& request) {
    request.validate();
    const ModelInputs in = read_model_inputs(request.input, request.formula, MissingPolicy::Error, true);
    if (in.panel) return panel_lm_tests(in, request);
    LmTestsResult result = lm_tests(in.design, fit_ols(in.design, request.ols), in.w);
    result.conventions.push_back(in.weights_line);
    return result;
}

}  // namespace spillover
