#pragma once
// The choice among OLS, SAR, SEM and SDM that `spillover workflow` makes for each W, by the rule of
// Elhorst (2010, "Applied spatial econometrics: raising the bar", Spatial Economic Analysis 5(1),
// §3; Elhorst 2014, §2.7): specific-to-general first, then general-to-specific, at level α.
//
//   1. The LM tests of the OLS residuals (for a panel: of the fixed-effects within model, Elhorst's
//      LMsarsem_panel) point to a direction: the robust LM-lag and robust LM-error tests decide
//      ("lag" when only the lag test rejects, "error" when only the error test, "both", or "none");
//      when neither robust test rejects, the classic LM-lag and LM-error tests decide the same way.
//   2. Direction "none": no spatial dependence in the residuals, and the non-spatial model stands.
//      (The SDM is still fitted, so its tests are in the report.)
//   3. Otherwise the SDM is the model to simplify. H0: θ = 0 (SDM → SAR) and H0: θ + ρβ = 0
//      (SDM → SEM) are each tested by LR and Wald: a restriction is *rejected* when both tests
//      reject at α, *accepted* when neither does, and *undecided* when they disagree (which the
//      decisions say).
//   4. SAR when θ = 0 is accepted and the LM direction is "lag"; SEM when θ + ρβ = 0 is accepted and
//      the direction is "error"; otherwise SDM — when both restrictions are rejected, and also when
//      the LM tests point to another model than the LR and Wald tests (or a test is undecided),
//      because the SDM nests both SAR and SEM and remains consistent if either is the true model
//      (Elhorst 2010; LeSage & Pace 2009, §6.2).
//
// A test that could not be computed (a restricted fit that failed) counts as absent: the
// restriction is then decided by the other test alone, and undecided without either.

#include <optional>
#include <string>
#include <vector>

#include "engine/estimation_result.hpp"
#include "models/lm_tests.hpp"

namespace spillover {

/// What the LM tests point to.
enum class LmDirection { None, Lag, Error, Both };
std::string_view to_string(LmDirection direction);

/// What the LR and Wald tests say of one restriction.
enum class RestrictionVerdict { Rejected, Accepted, Undecided };
std::string_view to_string(RestrictionVerdict verdict);

struct SelectionTests {
    std::optional<HypothesisTest> lr_sdm_sar, wald_sdm_sar;  ///< θ = 0
    std::optional<HypothesisTest> lr_sdm_sem, wald_sdm_sem;  ///< θ + ρβ = 0
};

struct ModelSelection {
    std::string model;  ///< "ols" (the within model for a panel), "sar", "sem" or "sdm"
    LmDirection direction = LmDirection::None;
    RestrictionVerdict theta_zero = RestrictionVerdict::Undecided;     ///< SDM → SAR
    RestrictionVerdict common_factor = RestrictionVerdict::Undecided;  ///< SDM → SEM
    /// Each step of the rule with the numbers that decided it, in words, in order.
    std::vector<std::string> decisions;
};

/// The rule in one paragraph, for the reports.
std::string selection_rule(double alpha);

/// Applies the rule (see above). std::invalid_argument for α outside (0, 1).
ModelSelection select_model(const LmTestsResult& lm, const SelectionTests& tests, double alpha);

}  // namespace spillover
