#pragma once
// The pipeline of `spillover lmtests`: read the inputs (workflow/model_inputs.hpp), fit OLS, and run
// the spatial diagnostics of its residuals on W (models/lm_tests.hpp). A missing value is an error,
// as for the spatial models the tests are meant to choose between.

#include <string>

#include "engine/panel_within.hpp"
#include "models/lm_tests.hpp"
#include "models/ols.hpp"
#include "workflow/model_inputs.hpp"

namespace spillover {

struct LmTestsRequest {
    InputRequest input;   ///< the data, its ids and W (required)
    std::string formula;  ///< "y ~ x1 + x2"
    OlsOptions ols;
    /// A panel (input.time_column set): the fixed effects of the within model whose residuals are
    /// tested (Elhorst's LMsarsem_panel).
    PanelEffects effects = PanelEffects::TwoWays;
    void validate() const;
};

/// Moran's I of the OLS residuals and the LM tests, with a line saying what W was.
LmTestsResult run_lm_tests(const LmTestsRequest& request);

/// The same on inputs already read with W (read_model_inputs, MissingPolicy::Error): OLS, or for a
/// panel the within model with `effects`, and the tests of its residuals.
LmTestsResult lm_tests_of(const ModelInputs& inputs, const OlsOptions& ols, PanelEffects effects);

}  // namespace spillover
