#pragma once
// EstimationResult: what every fitted model reports, as plain data.
//
// Models fill it; the writers (text, JSON, LaTeX, Markdown, CSV) read it and nothing else, so a
// new model gets every output format for free. Numerical trouble does not throw out of a fit: it
// sets `status` (and `message` says what happened), and the result is still printed, with its
// status, so the user sees the numbers and the warning together (the two error channels:
// engine/input_error.hpp for bad input, engine/numerical_failure.hpp for the numbers).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace spillover {

enum class FitStatus {
    Ok,       ///< converged, nothing to report
    Warning,  ///< numbers computed, but read `message` before trusting them (e.g. ρ at a bound)
    Failed,   ///< numbers could not be computed; fields that could not be are NaN and `message` says why
};

std::string_view to_string(FitStatus status);

/// One row of a coefficient table. `statistic` is estimate / std_error; its reference distribution
/// (t with df_residual degrees of freedom, or standard normal) is the result's `inference`.
struct Coefficient {
    std::string name;
    double estimate = 0.0;
    double std_error = 0.0;
    double statistic = 0.0;
    double p_value = 0.0;
};

/// A named scalar of the fit beyond the coefficients (R², F, degrees of freedom ...), in the order
/// reports should show it. `key` is the JSON key, `label` the text shown to people.
struct FitStatistic {
    std::string key;
    std::string label;
    double value = 0.0;
};

/// How the coefficients' statistics are distributed under the null: Student's t (OLS, as R's lm) or
/// the standard normal (ML estimators, as spatialreg).
struct Inference {
    enum class Kind { StudentT, Normal };
    Kind kind = Kind::Normal;
    double df = 0.0;  ///< degrees of freedom for StudentT
    std::string_view statistic_label() const { return kind == Kind::StudentT ? "t" : "z"; }
};

/// A hypothesis test reported with a fit: LR and Wald tests of ρ = 0, of SDM → SAR (θ = 0), of the
/// common factor (θ + ρβ = 0) ... `p_value` is the upper tail of χ²(df).
struct HypothesisTest {
    std::string key;    ///< JSON key, e.g. "lr_rho"
    std::string label;  ///< text shown to people, e.g. "LR test of rho = 0"
    double statistic = 0.0;
    double df = 0.0;
    double p_value = 0.0;
};

/// How the log-determinant ln|I − ρW| was computed: requested versus used, and the ρ interval.
struct LogDetReport {
    std::string method_requested;
    std::string method_used;
    double lower = 0.0, upper = 0.0;  ///< the interval of ρ (λ) searched
    std::string description;          ///< the method in words
    double error_bound = 0.0;         ///< bound on the error of ln|I − ρ̂W|; 0 when exact
    std::int64_t evaluations = 0;     ///< log-determinant evaluations (factorisations) in the search
};

/// How the traces of the information matrix were computed: requested versus used.
struct TraceReport {
    std::string method_requested;  ///< auto, exact, stochastic
    std::string method_used;       ///< exact or stochastic
    std::string description;       ///< the route in words, with its error
    /// Largest relative standard error of a stochastic trace estimate; 0 when exact.
    double relative_error = 0.0;
};

/// The panel a fit ran on (models/panel/): N units in T periods, the fixed effects absorbed, the
/// estimator's transformation ("direct", "lee-yu", "bias-corrected", "random") and where the within
/// transformation sits relative to W ("demean-lag", "lag-demeaned").
struct PanelReport {
    std::int64_t units = 0;
    std::int64_t periods = 0;
    std::string effects;
    std::string transformation;
    std::string convention;
    double observations = 0.0;  ///< terms in the likelihood (NT, N(T − 1), ...)
    std::vector<std::string> period_labels;  ///< the T periods, in the rows' order
};

/// A dynamic panel fit (models/panel/dynamic_panel.hpp): its lags of the dependent variable, the
/// quasi-ML estimates before the bias correction, and the stability of the fitted dynamics.
struct DynamicReport {
    std::string terms;           ///< "time", "spacetime", "both"
    std::string time_lag;        ///< the coefficient name of y(t−1) ("" when absent)
    std::string spacetime_lag;   ///< of W y(t−1)
    std::int64_t periods_used = 0;  ///< T − 1: the first period serves as the lag only
    /// The uncorrected quasi-ML estimates: every coefficient, then "rho" and "sigma2".
    std::vector<std::pair<std::string, double>> uncorrected;
    std::string correction;      ///< what the correction did, in words ("" when none was made)
    double sum_abs = 0.0;        ///< |τ| + |ρ| + |η| at the reported estimates (stable when < 1)
    double spectral_radius = 0.0;  ///< of (I − ρW)⁻¹(τI + ηW) on W's eigenvalues (stable when < 1)
    bool stable = true;          ///< spectral_radius < 1
    /// Smallest over largest eigenvalue of the information matrix at the uncorrected estimates (the
    /// conditioning the correction's solve meets; SDPDmod's nearPD floors it below 1e-6).
    double information_ratio = 0.0;
};

/// One spillover effect with its inference. `estimate` is the effect at the estimates. With
/// simulated inference `mean`, `std_error` and the interval are those of the draws and z = mean /
/// std_error (spatialreg's summary of impacts()); with analytic inference (effects linear in the
/// coefficients) mean = estimate and z = estimate / std_error. p_value is two-sided, from the
/// result's reference distribution.
struct EffectEstimate {
    double estimate = 0.0;
    double mean = 0.0;
    double std_error = 0.0;
    double z = 0.0;
    double p_value = 0.0;
    double lower = 0.0, upper = 0.0;  ///< the interval at ImpactsReport::level
};

/// Direct, indirect and total effect of one regressor (LeSage & Pace 2009).
struct VariableEffects {
    std::string variable;
    EffectEstimate direct, indirect, total;
};

/// The part of the effects that travels through neighbours of one order j (the W^j term), and the
/// effects up to and including it.
struct OrderEffects {
    int order = 0;
    std::vector<VariableEffects> component;
    std::vector<VariableEffects> cumulative;
};

/// The effects reported with a fit (`fit --impacts`): how they were computed and their inference.
struct ImpactsReport {
    std::string method;     ///< how the multiplier (I − ρW)⁻¹ was evaluated, in words
    std::string inference;  ///< how the standard errors were obtained, in words
    int draws = 0;          ///< simulated draws asked for (0: analytic or none)
    int draws_used = 0;     ///< draws kept (a draw of ρ outside its interval is dropped, as spatialreg)
    std::uint64_t seed = 0;
    double level = 0.95;    ///< coverage of the intervals
    /// Bound on the truncation error of a series, per unit of |β_k| + |θ_k| (0: nothing truncated).
    double truncation_bound = 0.0;
    /// Standard error that stochastic traces add to the mean diagonal of (I − ρW)⁻¹ (0: exact).
    double trace_std_error = 0.0;
    std::vector<VariableEffects> effects;
    std::vector<OrderEffects> orders;  ///< empty unless components by order were asked for
    /// The total's convention: "exact" (mean row sum of S_k) or "spatialreg" ((β_k + θ_k)/(1 − ρ)).
    std::string convention = "exact";
    /// When the two conventions differ for this W: why, and the totals the other one gives.
    std::string convention_note;
};

struct EstimationResult {
    std::string model;      ///< short name: "ols", "sar", "sdm" ...
    std::string estimator;  ///< how it was estimated, in words
    std::string formula;    ///< as the user wrote it
    std::string dependent;  ///< name of the response
    std::size_t n = 0;      ///< observations used
    std::size_t dropped = 0;  ///< rows dropped for missing values (OLS only; spatial models refuse)

    Inference inference;
    std::vector<Coefficient> coefficients;
    std::optional<Coefficient> rho;     ///< spatial lag parameter (SAR, SDM, SAC)
    std::optional<Coefficient> lambda;  ///< spatial error parameter (SEM, SDEM, SAC)

    double sigma2 = 0.0;
    double log_likelihood = 0.0;
    double aic = 0.0;
    double bic = 0.0;
    std::vector<FitStatistic> statistics;
    std::vector<HypothesisTest> tests;
    std::optional<LogDetReport> ldet;  ///< spatial ML models
    std::optional<TraceReport> traces;  ///< spatial ML models with standard errors
    std::optional<PanelReport> panel;  ///< panel fits
    std::optional<ImpactsReport> impacts;  ///< direct, indirect and total effects, when asked for
    std::optional<DynamicReport> dynamic;  ///< dynamic panel fits
    /// Dynamic panels: the long-run effects ((1 − τ)I − (ρ + η)W)⁻¹(β_k I + θ_k W); `impacts` holds
    /// the short-run ones.
    std::optional<ImpactsReport> long_run_impacts;

    /// Conventions the numbers follow, stated in every report (e.g. "σ² = e'e/(n−k)").
    std::vector<std::string> conventions;

    FitStatus status = FitStatus::Ok;
    std::string message;

    /// Wall-clock seconds per stage, in order ("read", "fit" ...).
    std::vector<std::pair<std::string, double>> timings;

    /// The value of statistic `key`, or nullopt.
    std::optional<double> statistic(std::string_view key) const;

    /// One paragraph: model, n, coefficients with SEs, log-likelihood, status.
    std::string brief_report() const;
    /// The full text table, like R's summary(), with conventions and status.
    std::string full_report() const;
};

}  // namespace spillover
