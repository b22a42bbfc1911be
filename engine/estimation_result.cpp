#include "engine/estimation_result.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "engine/effects_table.hpp"
#include "engine/number_format.hpp"

namespace spillover {

std::string_view to_string(FitStatus status) {
    switch (status) {
        case FitStatus::Ok: return "ok";
        case FitStatus::Warning: return "warning";
        case FitStatus::Failed: return "failed";
    }
    return "unknown";
}

std::optional<double> EstimationResult::statistic(std::string_view key) const {
    for (const auto& s : statistics)
        if (s.key == key) return s.value;
    return std::nullopt;
}

namespace {

std::string status_line(const EstimationResult& r) {
    std::string line = fmt::format("Status: {}", to_string(r.status));
    if (!r.message.empty()) line += " (" + r.message + ")";
    return line;
}

std::string observations_line(const EstimationResult& r) {
    std::string line = fmt::format("Observations: {}", r.n);
    if (r.dropped > 0) line += fmt::format(" ({} dropped for missing values)", r.dropped);
    if (r.panel && r.panel->effects == "random")
        line += fmt::format("\nPanel: {} units x {} periods, random unit effects ({})", r.panel->units,
                            r.panel->periods, r.panel->transformation);
    else if (r.panel)
        line += fmt::format("\nPanel: {} units x {} periods, fixed effects {}, {} approach ({} terms in the likelihood), "
                            "lags {}",
                            r.panel->units, r.panel->periods, r.panel->effects, r.panel->transformation,
                            format_number(r.panel->observations), r.panel->convention);
    return line;
}

/// Rows of the coefficient table: the regressors, then ρ and λ when the model has them.
std::vector<Coefficient> table_rows(const EstimationResult& r) {
    std::vector<Coefficient> rows = r.coefficients;
    if (r.rho) rows.push_back(*r.rho);
    if (r.lambda) rows.push_back(*r.lambda);
    return rows;
}

/// An R-style coefficient table: right-aligned numeric columns, stars at the end.
std::string coefficient_table(const EstimationResult& r) {
    const std::string stat = std::string(r.inference.statistic_label());
    const std::vector<std::string> header{"", "Estimate", "Std. Error", stat + " value",
                                          fmt::format("Pr(>|{}|)", stat), ""};
    std::vector<std::vector<std::string>> cells{header};
    for (const auto& c : table_rows(r))
        cells.push_back({c.name, format_number(c.estimate, 7), format_number(c.std_error, 7),
                         format_number(c.statistic, 5), format_p_value(c.p_value),
                         std::string(significance_stars(c.p_value))});
    return aligned_columns(cells);
}

/// R²/adjusted R² on one line and F with its degrees of freedom and p-value on another, as R's
/// summary.lm; every other statistic on a line of its own.
std::string statistics_lines(const EstimationResult& r) {
    static const std::vector<std::string> folded{"r_squared", "adj_r_squared", "f_statistic", "f_df1",
                                                 "f_df2",     "f_p_value",     "df_residual"};
    std::string out;
    if (auto r2 = r.statistic("r_squared")) {
        out += fmt::format("R-squared: {}", format_number(*r2, 5));
        if (auto adj = r.statistic("adj_r_squared")) out += fmt::format("   Adjusted R-squared: {}", format_number(*adj, 5));
        out += "\n";
    }
    if (auto f = r.statistic("f_statistic"))
        out += fmt::format("F-statistic: {} on {} and {} DF, p-value: {}\n", format_number(*f, 5),
                           format_number(r.statistic("f_df1").value_or(NAN)),
                           format_number(r.statistic("f_df2").value_or(NAN)),
                           format_p_value(r.statistic("f_p_value").value_or(NAN)));
    for (const auto& s : r.statistics)
        if (std::find(folded.begin(), folded.end(), s.key) == folded.end())
            out += fmt::format("{}: {}\n", s.label, format_number(s.value, 7));
    return out;
}

std::string tests_lines(const EstimationResult& r) {
    if (r.tests.empty()) return "";
    std::size_t width = 0;
    for (const auto& t : r.tests) width = std::max(width, t.label.size());
    std::string out = "\nTests:\n";
    for (const auto& t : r.tests)
        out += fmt::format("  {:<{}}  {:>10}  df {:<3} p-value {}\n", t.label, width, format_number(t.statistic, 6),
                           format_number(t.df), format_p_value(t.p_value));
    return out;
}

std::string ldet_line(const EstimationResult& r) {
    if (!r.ldet) return "";
    const LogDetReport& l = *r.ldet;
    std::string out = fmt::format("Log-determinant: {} (requested {}), interval [{}, {}], {} evaluations",
                                  l.method_used, l.method_requested, format_number(l.lower, 7),
                                  format_number(l.upper, 7), l.evaluations);
    if (l.error_bound > 0) out += fmt::format(", error bound {}", format_number(l.error_bound, 3));
    return out + "\n";
}

std::string traces_line(const EstimationResult& r) {
    if (!r.traces) return "";
    const TraceReport& t = *r.traces;
    std::string out = fmt::format("Traces: {} (requested {})", t.method_used, t.method_requested);
    if (t.relative_error > 0) out += fmt::format(", largest relative standard error {}", format_number(t.relative_error, 2));
    return out + "\n";
}

}  // namespace

std::string EstimationResult::brief_report() const {
    std::string out = fmt::format("{} ({}), n = {}: {} ~", model, estimator, n, dependent);
    for (const auto& c : table_rows(*this))
        out += fmt::format(" {} {} ({})", c.name, format_number(c.estimate, 5), format_number(c.std_error, 4));
    out += fmt::format("; log-likelihood {}; ", format_number(log_likelihood, 7));
    return out + status_line(*this);
}

/// A dynamic panel's lags, stability and uncorrected estimates.
std::string dynamic_lines(const EstimationResult& r) {
    if (!r.dynamic) return "";
    const DynamicReport& d = *r.dynamic;
    std::string out = fmt::format("Dynamics: {} ({} periods used); |tau| + |rho| + |eta| = {}, spectral radius of "
                                  "(I - rho W)^-1 (tau I + eta W) = {} ({})\n",
                                  d.terms, d.periods_used, format_number(d.sum_abs, 6), format_number(d.spectral_radius, 6),
                                  d.stable ? "stable" : "NOT stable");
    if (d.correction.empty() || d.uncorrected.empty()) return out;
    std::vector<std::string> values;
    for (const auto& [name, value] : d.uncorrected) values.push_back(name + " " + format_number(value, 7));
    return out + "Before the bias correction (quasi-ML): " + fmt::format("{}", fmt::join(values, ", ")) + "\n";
}

std::string EstimationResult::full_report() const {
    std::string out = fmt::format("Model: {} — {}\n", model, estimator);
    out += fmt::format("Formula: {}\n", formula);
    out += observations_line(*this) + "\n\n";
    out += "Coefficients:\n" + coefficient_table(*this);
    out += "---\n" + std::string(significance_legend) + "\n";
    if (inference.kind == Inference::Kind::StudentT)
        out += fmt::format("Inference: t with {} degrees of freedom\n", format_number(inference.df));
    out += "\n";
    out += fmt::format("sigma^2: {}\n", format_number(sigma2, 7));
    out += statistics_lines(*this);
    out += fmt::format("Log likelihood: {}   AIC: {}   BIC: {}\n", format_number(log_likelihood, 7),
                       format_number(aic, 7), format_number(bic, 7));
    out += dynamic_lines(*this);
    out += ldet_line(*this);
    out += traces_line(*this);
    out += tests_lines(*this);
    out += effects_text(*this);
    if (!conventions.empty()) {
        out += "\nConventions:\n";
        for (const auto& c : conventions) out += "  - " + c + "\n";
    }
    return out + "\n" + status_line(*this) + "\n";
}

}  // namespace spillover
