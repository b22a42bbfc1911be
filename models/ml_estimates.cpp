#include "models/ml_estimates.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include <fmt/format.h>

#include "engine/distributions.hpp"
#include "engine/number_format.hpp"
#include "engine/numerical_failure.hpp"

namespace spillover {

void add_warning(EstimationResult& fit, const std::string& message) {
    if (fit.status == FitStatus::Ok) fit.status = FitStatus::Warning;
    fit.message += (fit.message.empty() ? "" : "; ") + message;
}

SpatialFit failed_fit(SpatialModel model, const DesignMatrix& d, const std::string& why) {
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    SpatialFit fit;
    for (const auto& name : d.column_names) fit.coefficients.push_back({name, nan, nan, nan, nan});
    if (has_rho(model)) fit.rho = Coefficient{"rho", nan, nan, nan, nan};
    if (has_lambda(model)) fit.lambda = Coefficient{"lambda", nan, nan, nan, nan};
    const Eigen::Index q = d.X.cols() + (fit.rho ? 1 : 0) + (fit.lambda ? 1 : 0) + 1;
    fit.beta = Eigen::VectorXd::Constant(d.X.cols(), nan);
    fit.covariance = Eigen::MatrixXd::Constant(q, q, nan);
    fit.fitted = fit.residuals = Eigen::VectorXd::Constant(d.n(), nan);
    fit.sigma2 = fit.log_likelihood = fit.aic = fit.bic = nan;
    fit.status = FitStatus::Failed;
    fit.message = "numerical failure: " + why;
    return fit;
}

void warn_islands(EstimationResult& fit, const SpatialWeights& w) {
    const auto islands = w.islands();
    if (islands.empty()) return;
    std::string ids;
    for (std::size_t i = 0; i < std::min<std::size_t>(islands.size(), 5); ++i)
        ids += (i ? ", " : "") + w.ids()[static_cast<std::size_t>(islands[i])];
    const bool one = islands.size() == 1;
    add_warning(fit, fmt::format("W has {} island{} (unit{} {}{}): their spatial lag is 0 (as spdep's zero.policy = TRUE)",
                                 islands.size(), one ? "" : "s", one ? "" : "s", ids, islands.size() > 5 ? ", ..." : ""));
}

Coefficient normal_coefficient(const std::string& name, double estimate, double std_error) {
    const double z = estimate / std_error;
    return {name, estimate, std_error, z, normal_two_sided_p(z)};
}

double profiled_log_likelihood(double sse, double n) {
    return -0.5 * n * (std::log(2.0 * std::numbers::pi) + std::log(sse / n) + 1.0);
}

void record_search(SpatialFit& fit, const LogDeterminant& logdet, const LogDetOptions& requested,
                   const SearchResult& search, const std::string& parameter) {
    LogDetReport report;
    report.method_requested = std::string(to_string(requested.method));
    report.method_used = std::string(to_string(logdet.method()));
    report.lower = logdet.interval().lower;
    report.upper = logdet.interval().upper;
    report.description = logdet.description();
    report.error_bound = logdet.exact() ? 0.0 : search.logdet.error_bound;
    report.evaluations = (fit.ldet ? fit.ldet->evaluations : 0) + search.logdet_evaluations;
    fit.ldet = report;
    if (search.at_bound)
        add_warning(fit, fmt::format("{} = {} is at an end of its interval [{}, {}]: the maximum may lie outside; "
                                     "check W and the model",
                                     parameter, format_number(search.estimate, 7), format_number(search.lower, 7),
                                     format_number(search.upper, 7)));
    if (!search.converged) add_warning(fit, "the search over " + parameter + " did not converge");
}

void add_variance_terms(Eigen::MatrixXd& information, Eigen::Index index, const SpatialTraces& traces, double sigma2,
                        const SampleShape& shape, double parameter) {
    const Eigen::Index last = information.rows() - 1;
    const double at_one = 1.0 / (1.0 - parameter);  // W A⁻¹ at W's eigenvalue 1
    information(index, index) += shape.trace(traces.wa_squared.value, at_one * at_one) +
                                 shape.trace(traces.wa_cross.value, at_one * at_one);
    information(index, last) = information(last, index) = shape.trace(traces.wa.value, at_one) / sigma2;
    information(last, last) = shape.observations / (2 * sigma2 * sigma2);
}

Eigen::MatrixXd information_or_warning(SpatialFit& fit, const std::function<Eigen::MatrixXd()>& form) {
    try {
        return form();
    } catch (const NumericalFailure& e) {
        add_warning(fit, fmt::format("the information matrix could not be formed ({}): no standard errors", e.what()));
        return {};
    }
}

void add_stage_timings(SpatialFit& fit, StageClock::time_point start, StageClock::time_point searched) {
    const auto done = StageClock::now();
    fit.timings.emplace_back("search", seconds_between(start, searched));
    fit.timings.emplace_back("covariance", seconds_between(searched, done));
}

void record_traces(SpatialFit& fit, const SpatialTraces& traces, const std::string& at, const TraceOptions& options) {
    const double relative = traces.exact ? 0.0
                                         : std::max({traces.wa.std_error / std::fabs(traces.wa.value),
                                                     traces.wa_squared.std_error / std::fabs(traces.wa_squared.value),
                                                     traces.wa_cross.std_error / std::fabs(traces.wa_cross.value)});
    fit.traces = TraceReport{std::string(to_string(options.method)), traces.exact ? "exact" : "stochastic",
                             traces.method, std::max(relative, fit.traces ? fit.traces->relative_error : 0.0)};
    if (traces.exact) {
        fit.conventions.push_back("standard errors from the analytic information matrix; traces at " + at + " " +
                                  traces.method);
        return;
    }
    fit.conventions.push_back(fmt::format(
        "standard errors from the analytic information matrix; traces at {} by {} (largest relative standard "
        "error {}; --traces exact computes them exactly)",
        at, traces.method, format_number(relative, 2)));
}

namespace {

/// The inverse of a symmetric positive definite information matrix, or nullopt when it is not
/// (then no standard error can be computed).
std::optional<Eigen::MatrixXd> invert_information(const Eigen::MatrixXd& information) {
    // Equilibrate first: the entries span many orders of magnitude (X'X/σ² against n/2σ⁴).
    const Eigen::VectorXd d = information.diagonal().cwiseAbs().cwiseSqrt().cwiseInverse();
    if (!d.allFinite()) return std::nullopt;
    const Eigen::MatrixXd scaled = d.asDiagonal() * information * d.asDiagonal();
    const Eigen::LLT<Eigen::MatrixXd> llt(scaled);
    if (llt.info() != Eigen::Success) return std::nullopt;
    const Eigen::MatrixXd inverse = llt.solve(Eigen::MatrixXd::Identity(scaled.rows(), scaled.cols()));
    return Eigen::MatrixXd(d.asDiagonal() * inverse * d.asDiagonal());
}

double squared_correlation(const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
    const Eigen::ArrayXd ca = a.array() - a.mean(), cb = b.array() - b.mean();
    const double c = (ca * cb).sum();
    return c * c / ((ca * ca).sum() * (cb * cb).sum());
}

}  // namespace

void set_ml_estimates(SpatialFit& fit, const DesignMatrix& d, const MlEstimates& e) {
    const Eigen::Index k = e.beta.size();
    const Eigen::Index q = k + (e.rho ? 1 : 0) + (e.lambda ? 1 : 0) + 1;
    const double n = e.observations;
    fit.beta = e.beta;
    fit.sigma2 = e.sigma2;
    fit.log_likelihood = e.log_likelihood;
    fit.residuals = e.residuals;
    fit.fitted = d.y - e.residuals;
    fit.inference = Inference{Inference::Kind::Normal, 0.0};
    const bool formed = e.information.rows() == q;
    const auto inverse = formed ? invert_information(e.information) : std::nullopt;
    if (formed && !inverse) add_warning(fit, "the information matrix is not positive definite: no standard errors");
    fit.covariance = inverse ? *inverse : Eigen::MatrixXd::Constant(q, q, NAN);
    const auto se = [&](Eigen::Index j) { return std::sqrt(fit.covariance(j, j)); };
    fit.coefficients.clear();
    for (Eigen::Index j = 0; j < k; ++j) fit.coefficients.push_back(normal_coefficient(d.column_names[j], e.beta(j), se(j)));
    Eigen::Index next = k;
    if (e.rho) fit.rho = normal_coefficient("rho", *e.rho, se(next++));
    if (e.lambda) fit.lambda = normal_coefficient("lambda", *e.lambda, se(next++));
    const double parameters = static_cast<double>(q);
    fit.aic = -2.0 * e.log_likelihood + 2.0 * parameters;
    fit.bic = -2.0 * e.log_likelihood + std::log(n) * parameters;
    fit.statistics.push_back({"pseudo_r_squared", "Pseudo R-squared (squared correlation of y and fitted)",
                              squared_correlation(d.y, fit.fitted)});
    fit.statistics.push_back({"parameters", "Parameters (k + spatial + sigma^2)", parameters});
}

}  // namespace spillover
