#include "workflow/lm_tests_pipeline.hpp"

#include "engine/input_error.hpp"

namespace spillover {

void LmTestsRequest::validate() const {
    input.validate();
    if (formula.empty()) throw InputError("no formula given (--formula \"y ~ x1 + x2\")");
    if (input.weights_path.empty())
        throw InputError("the LM tests need a weights file (--weights FILE: .gal, .gwt, .mtx, .csv, .txt)");
    ols.validate();
}

LmTestsResult run_lm_tests(const LmTestsRequest& request) {
    request.validate();
    const ModelInputs in = read_model_inputs(request.input, request.formula, MissingPolicy::Error, true);
    LmTestsResult result = lm_tests(in.design, fit_ols(in.design, request.ols), in.w);
    result.conventions.push_back(in.weights_line);
    return result;
}

}  // namespace spillover
