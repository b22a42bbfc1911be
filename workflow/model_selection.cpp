#include "workflow/model_selection.hpp"

#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

#include "engine/number_format.hpp"

namespace spillover {

std::string_view to_string(LmDirection direction) {
    switch (direction) {
        case LmDirection::None: return "none";
        case LmDirection::Lag: return "lag";
        case LmDirection::Error: return "error";
        case LmDirection::Both: return "both";
    }
    return "none";
}

std::string_view to_string(RestrictionVerdict verdict) {
    switch (verdict) {
        case RestrictionVerdict::Rejected: return "rejected";
        case RestrictionVerdict::Accepted: return "accepted";
        case RestrictionVerdict::Undecided: return "undecided";
    }
    return "undecided";
}

std::string selection_rule(double alpha) {
    return fmt::format(
        "Model selection (Elhorst 2010, specific-to-general then general-to-specific, alpha = {}): the robust LM "
        "tests of the OLS (panel: within) residuals give the direction (the classic ones when neither robust test "
        "rejects); with no direction the non-spatial model stands. Otherwise the SDM is simplified: SAR if theta = 0 "
        "is not rejected by LR and Wald and the LM tests point to the lag, SEM if theta + rho beta = 0 is not "
        "rejected by either and they point to the error, else SDM (both restrictions rejected, the tests pointing "
        "to different models, or LR and Wald disagreeing).",
        format_number(alpha));
}

namespace {

bool rejects(double p, double alpha) { return p < alpha; }  // NaN: no

std::string p_text(double p) { return "p = " + format_p_value(p); }

/// Direction from a lag and an error test; None when neither rejects.
LmDirection direction_of(const SpatialDiagnostic& lag, const SpatialDiagnostic& error, double alpha) {
    const bool l = rejects(lag.p_value, alpha), e = rejects(error.p_value, alpha);
    return l && e ? LmDirection::Both : l ? LmDirection::Lag : e ? LmDirection::Error : LmDirection::None;
}

void lm_step(ModelSelection& s, const LmTestsResult& lm, double alpha) {
    const auto& rlag = lm.test("robust_lm_lag");
    const auto& rerr = lm.test("robust_lm_error");
    s.direction = direction_of(rlag, rerr, alpha);
    std::string basis = fmt::format("robust LM-lag {}, robust LM-error {}", p_text(rlag.p_value), p_text(rerr.p_value));
    if (s.direction == LmDirection::None) {
        const auto& lag = lm.test("lm_lag");
        const auto& err = lm.test("lm_error");
        s.direction = direction_of(lag, err, alpha);
        basis += fmt::format("; neither rejects, so the classic tests decide: LM-lag {}, LM-error {}",
                             p_text(lag.p_value), p_text(err.p_value));
    }
    s.decisions.push_back(fmt::format("LM tests point to: {} ({})", to_string(s.direction), basis));
}

/// Rejected when every available test rejects, accepted when none does, undecided otherwise.
RestrictionVerdict verdict_of(const std::optional<HypothesisTest>& lr, const std::optional<HypothesisTest>& wald,
                              double alpha, std::string& words) {
    int available = 0, rejecting = 0;
    for (const auto* t : {&lr, &wald}) {
        if (!*t || std::isnan((*t)->p_value)) continue;
        ++available;
        rejecting += rejects((*t)->p_value, alpha) ? 1 : 0;
        words += fmt::format("{}{} {}", words.empty() ? "" : ", ", t == &lr ? "LR" : "Wald", p_text((*t)->p_value));
    }
    if (available == 0) {
        words = "no test available";
        return RestrictionVerdict::Undecided;
    }
    return rejecting == available ? RestrictionVerdict::Rejected
           : rejecting == 0       ? RestrictionVerdict::Accepted
                                  : RestrictionVerdict::Undecided;
}

}  // namespace

ModelSelection select_model(const LmTestsResult& lm, const SelectionTests& tests, double alpha) {
    if (!(alpha > 0.0 && alpha < 1.0)) throw std::invalid_argument("the level of the tests must be in (0, 1)");
    ModelSelection s;
    lm_step(s, lm, alpha);
    if (s.direction == LmDirection::None) {
        s.model = "ols";
        s.decisions.push_back("no spatial dependence in the residuals at this level: the non-spatial model stands");
        return s;
    }
    std::string theta_words, factor_words;
    s.theta_zero = verdict_of(tests.lr_sdm_sar, tests.wald_sdm_sar, alpha, theta_words);
    s.common_factor = verdict_of(tests.lr_sdm_sem, tests.wald_sdm_sem, alpha, factor_words);
    s.decisions.push_back(fmt::format("theta = 0 (SDM -> SAR): {} ({})", to_string(s.theta_zero), theta_words));
    s.decisions.push_back(
        fmt::format("theta + rho beta = 0 (SDM -> SEM): {} ({})", to_string(s.common_factor), factor_words));
    if (s.theta_zero == RestrictionVerdict::Accepted && s.direction == LmDirection::Lag) {
        s.model = "sar";
        s.decisions.push_back("theta = 0 is not rejected and the LM tests point to the lag: SAR");
    } else if (s.common_factor == RestrictionVerdict::Accepted && s.direction == LmDirection::Error) {
        s.model = "sem";
        s.decisions.push_back("theta + rho beta = 0 is not rejected and the LM tests point to the error: SEM");
    } else {
        s.model = "sdm";
        const bool both_rejected = s.theta_zero == RestrictionVerdict::Rejected &&
                                   s.common_factor == RestrictionVerdict::Rejected;
        s.decisions.push_back(both_rejected ? "both restrictions are rejected: SDM"
                              : s.direction == LmDirection::Both
                                  ? "the LM tests point to both the lag and the error, so neither SAR nor SEM alone: "
                                    "SDM, which nests both"
                                  : "the LM tests and the LR/Wald tests do not point to the same simpler model: SDM, "
                                    "which nests SAR and SEM");
    }
    return s;
}

}  // namespace spillover
