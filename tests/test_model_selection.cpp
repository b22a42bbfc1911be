// The selection rule of `spillover workflow` (workflow/model_selection.hpp, Elhorst 2010): each
// branch on made-up test results, so that a change of the rule shows here.

#include <doctest/doctest.h>

#include <stdexcept>

#include "tests/test_support.hpp"
#include "workflow/model_selection.hpp"

using namespace spillover;

namespace {

/// LM results with the p-values of LM-lag, LM-error, robust LM-lag, robust LM-error.
LmTestsResult lm_with(double lag, double error, double robust_lag, double robust_error) {
    LmTestsResult lm;
    lm.tests = {{"lm_error", "LM-error", "LMerr", 1.0, 1.0, error},
                {"lm_lag", "LM-lag", "LMlag", 1.0, 1.0, lag},
                {"robust_lm_error", "Robust LM-error", "RLMerr", 1.0, 1.0, robust_error},
                {"robust_lm_lag", "Robust LM-lag", "RLMlag", 1.0, 1.0, robust_lag},
                {"sarma", "SARMA", "SARMA", 1.0, 2.0, 0.5}};
    return lm;
}

HypothesisTest test_with(double p) { return {"k", "label", 1.0, 2.0, p}; }

SelectionTests tests_with(double lr_sar, double wald_sar, double lr_sem, double wald_sem) {
    return {test_with(lr_sar), test_with(wald_sar), test_with(lr_sem), test_with(wald_sem)};
}

}  // namespace

TEST_CASE("Model selection: no LM test rejects, so the non-spatial model stands") {
    const ModelSelection s = select_model(lm_with(0.3, 0.4, 0.5, 0.6), tests_with(0.001, 0.001, 0.001, 0.001), 0.05);
    CHECK(s.model == "ols");
    CHECK(s.direction == LmDirection::None);
    CHECK(s.decisions.size() == 2);
}

TEST_CASE("Model selection: the robust tests point to the lag and theta = 0 holds, so SAR") {
    const ModelSelection s = select_model(lm_with(0.001, 0.01, 0.01, 0.4), tests_with(0.3, 0.4, 0.001, 0.002), 0.05);
    CHECK(s.direction == LmDirection::Lag);
    CHECK(s.theta_zero == RestrictionVerdict::Accepted);
    CHECK(s.common_factor == RestrictionVerdict::Rejected);
    CHECK(s.model == "sar");
}

TEST_CASE("Model selection: the robust tests point to the error and the common factor holds, so SEM") {
    const ModelSelection s = select_model(lm_with(0.01, 0.001, 0.3, 0.02), tests_with(0.01, 0.02, 0.6, 0.5), 0.05);
    CHECK(s.direction == LmDirection::Error);
    CHECK(s.model == "sem");
}

TEST_CASE("Model selection: both restrictions rejected, or LM and LR pointing apart, keep the SDM") {
    CHECK(select_model(lm_with(0.001, 0.001, 0.01, 0.4), tests_with(0.01, 0.01, 0.01, 0.01), 0.05).model == "sdm");
    // The LM tests point to the lag, but only the common factor (SEM) survives: Elhorst's fallback.
    const ModelSelection apart = select_model(lm_with(0.001, 0.01, 0.01, 0.4), tests_with(0.01, 0.01, 0.3, 0.3), 0.05);
    CHECK(apart.model == "sdm");
    CHECK(testing::contains(apart.decisions.back(), "do not point to the same simpler model"));
}

TEST_CASE("Model selection: LR and Wald disagreeing leave the restriction undecided and the SDM") {
    const ModelSelection s = select_model(lm_with(0.001, 0.01, 0.01, 0.4), tests_with(0.3, 0.01, 0.01, 0.01), 0.05);
    CHECK(s.theta_zero == RestrictionVerdict::Undecided);
    CHECK(s.model == "sdm");
}

TEST_CASE("Model selection: neither robust test rejects, so the classic ones give the direction") {
    // Columbus with Anselin's W: RLMlag p = 0.054, RLMerr p = 0.78; LMlag p = 0.002, LMerr p = 0.017.
    const ModelSelection s = select_model(lm_with(0.0022, 0.0167, 0.0538, 0.778), tests_with(0.369, 0.361, 0.137, 0.121), 0.05);
    CHECK(s.direction == LmDirection::Both);
    CHECK(s.model == "sdm");
    CHECK(testing::contains(s.decisions.front(), "the classic tests decide"));
    // At the 10% level the robust lag test rejects alone: SAR, as theta = 0 is not rejected.
    CHECK(select_model(lm_with(0.0022, 0.0167, 0.0538, 0.778), tests_with(0.369, 0.361, 0.137, 0.121), 0.10).model ==
          "sar");
}

TEST_CASE("Model selection: a missing test leaves the other to decide, and a level outside (0, 1) is refused") {
    SelectionTests t = tests_with(0.3, 0.4, 0.001, 0.001);
    t.lr_sdm_sar.reset();
    CHECK(select_model(lm_with(0.001, 0.01, 0.01, 0.4), t, 0.05).model == "sar");
    t.wald_sdm_sar.reset();
    CHECK(select_model(lm_with(0.001, 0.01, 0.01, 0.4), t, 0.05).theta_zero == RestrictionVerdict::Undecided);
    CHECK_THROWS_AS(select_model(lm_with(0.1, 0.1, 0.1, 0.1), t, 1.0), std::invalid_argument);
}
