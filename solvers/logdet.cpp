#include "solvers/logdet.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include <fmt/format.h>

#include "engine/input_error.hpp"
#include "engine/numerical_failure.hpp"
#include "engine/parallel_for.hpp"
#include "weights/spectrum.hpp"

namespace spillover {

namespace {

struct MethodName {
    LogDetMethod method;
    std::string_view name;
};
constexpr MethodName method_names[] = {
    {LogDetMethod::Auto, "auto"},           {LogDetMethod::Eigen, "eigen"}, {LogDetMethod::Cholesky, "cholesky"},
    {LogDetMethod::Lu, "lu"},               {LogDetMethod::Chebyshev, "chebyshev"},
    {LogDetMethod::MonteCarlo, "mc"},       {LogDetMethod::Slq, "slq"},
};

}  // namespace

std::string_view to_string(LogDetMethod method) {
    for (const auto& entry : method_names)
        if (entry.method == method) return entry.name;
    return "unknown";
}

LogDetMethod parse_logdet_method(std::string_view name) {
    for (const auto& entry : method_names)
        if (entry.name == name) return entry.method;
    throw InputError(fmt::format("unknown log-determinant method '{}' (choose auto, eigen, cholesky, lu, chebyshev, mc "
                                 "or slq)",
                                 name));
}

bool is_exact(LogDetMethod method) {
    return method == LogDetMethod::Eigen || method == LogDetMethod::Cholesky || method == LogDetMethod::Lu;
}

void LogDetOptions::validate() const {
    if (eigen_limit < 0 || auto_eigen_limit < 0)
        throw std::invalid_argument("log-determinant eigen_limit and auto_eigen_limit must be >= 0");
    if (probes < 2) throw std::invalid_argument("log-determinant probes must be >= 2 (the error needs a spread)");
    if (chebyshev_degree < 2) throw std::invalid_argument("log-determinant chebyshev_degree must be >= 2");
    if (mc_powers < 2) throw std::invalid_argument("log-determinant mc_powers must be >= 2");
    if (surrogate_probes < 2) throw std::invalid_argument("log-determinant surrogate_probes must be >= 2");
    if (slq_steps < 2) throw std::invalid_argument("log-determinant slq_steps must be >= 2");
    if (!(z > 0 && std::isfinite(z))) throw std::invalid_argument("log-determinant z must be positive");
    if (threads < 0) throw std::invalid_argument("log-determinant threads must be >= 0");
    if (!(notice_seconds >= 0.0)) throw std::invalid_argument("log-determinant notice_seconds must be >= 0");
}

void LogDeterminant::check_inside(double rho) const {
    if (!interval_.contains(rho))
        throw std::invalid_argument(fmt::format("rho = {} is outside the interval ({}, {}) where I - rho W is non-singular",
                                                rho, interval_.lower, interval_.upper));
}

std::vector<LogDetValue> LogDeterminant::evaluate(std::span<const double> rhos) {
    std::vector<LogDetValue> values;
    values.reserve(rhos.size());
    for (double rho : rhos) values.push_back(evaluate(rho, false));
    return values;
}

LogDetValue LogDeterminant::exact_value(double rho, bool derivative, const WorkspaceValue& value,
                                        std::string_view failure) {
    check_inside(rho);
    auto checked = [&](double r) {
        ++evaluations_;
        const double v = value(r, 0);
        if (std::isnan(v)) throw NumericalFailure(fmt::format("{} at rho = {}", failure, r));
        factorised_.emplace_back(r, v);
        return v;
    };
    LogDetValue out;
    out.derivative = std::numeric_limits<double>::quiet_NaN();
    if (derivative) out.derivative = difference_derivative(rho, checked);
    out.value = checked(rho);  // last, so that workspace 0 is left factorised at rho
    return out;
}

std::vector<LogDetValue> LogDeterminant::exact_values(std::span<const double> rhos, int workspaces,
                                                      const WorkspaceValue& value, std::string_view failure) {
    for (double rho : rhos) check_inside(rho);
    std::vector<LogDetValue> out(rhos.size());
    parallel_for(rhos.size(), workspaces, [&](std::size_t k, int t) {
        out[k].value = value(rhos[k], t);
        out[k].derivative = std::numeric_limits<double>::quiet_NaN();
    });
    evaluations_ += static_cast<std::int64_t>(rhos.size());
    for (std::size_t k = 0; k < out.size(); ++k) {
        if (std::isnan(out[k].value)) throw NumericalFailure(fmt::format("{} at rho = {}", failure, rhos[k]));
        factorised_.emplace_back(rhos[k], out[k].value);
    }
    return out;
}

RhoInterval rho_interval(const SpatialWeights& w, const LogDetOptions& options) {
    if (w.transform() == WeightsTransform::Row && w.n() > options.eigen_limit)
        return {-1.0, 1.0, "row-standardised W: |eigenvalues| <= 1, so (-1, 1) is admissible"};
    SpectrumOptions spectrum;
    spectrum.dense_limit = options.eigen_limit;
    const ExtremeEigenvalues ev = extreme_eigenvalues(w, spectrum);
    return interval_from_eigenvalues(ev.smallest, ev.largest,
                                     ev.method + (ev.converged ? "" : " (" + ev.message + ")"));
}

RhoInterval interval_from_eigenvalues(double smallest, double largest, std::string method) {
    if (!(smallest < 0 && largest > 0))
        throw InputError(fmt::format("W has eigenvalues in [{}, {}]: a spatial weights matrix needs a negative and a "
                                     "positive eigenvalue (is W empty or all islands?)",
                                     smallest, largest));
    return {1.0 / smallest, 1.0 / largest, std::move(method)};
}

}  // namespace spillover
