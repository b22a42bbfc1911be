#include "solvers/spatial_multiplier.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <stdexcept>

#include <fmt/format.h>

#include "engine/input_error.hpp"
#include "weights/dense_eigenvalues.hpp"
#include "weights/spectrum.hpp"
#include "weights/symmetric_similar.hpp"

namespace spillover {

MultiplierMethod parse_multiplier_method(const std::string& name) {
    if (name == "auto") return MultiplierMethod::Auto;
    if (name == "exact" || name == "eigen") return MultiplierMethod::Eigenvalues;
    if (name == "traces") return MultiplierMethod::Traces;
    throw InputError("unknown impacts method '" + name + "' (choose auto, exact or traces)");
}

void SpatialMultiplierOptions::validate() const {
    if (eigen_limit < 0 || complex_eigen_limit < 0)
        throw std::invalid_argument("spatial multiplier: eigen_limit and complex_eigen_limit must be >= 0");
    if (!(tolerance > 0.0 && tolerance < 1.0)) throw std::invalid_argument("spatial multiplier: tolerance must be in (0, 1)");
    if (max_terms < 1) throw std::invalid_argument("spatial multiplier: max_terms must be >= 1");
    traces.validate();
}

namespace {

/// Σ_{j<count} r^j a_(j+offset).
double series(const Eigen::VectorXd& a, int offset, int count, double r) {
    double sum = 0.0, power = 1.0;
    for (int j = 0; j < count; ++j, power *= r) sum += power * a[j + offset];
    return sum;
}

/// The first L ≥ minimum with max(1, c)·r^L/(1 − r) ≤ tolerance (r < 1), at most max_terms.
int series_length(double r, double c, double tolerance, int minimum, int max_terms) {
    if (r <= 0.0) return minimum;
    const double needed = std::log(tolerance * (1.0 - r) / std::max(1.0, c)) / std::log(r);
    return std::clamp(static_cast<int>(std::ceil(needed)), minimum, max_terms);
}

}  // namespace

SpatialMultiplier::SpatialMultiplier(const SpatialWeights& w, double rho_max, int orders,
                                     const SpatialMultiplierOptions& options, double radius_bound) {
    options.validate();
    rho_max = std::abs(rho_max);
    scale_ = radius_bound > 0.0 ? radius_bound : spectral_radius_bound(w);
    if (!(scale_ > 0.0)) scale_ = 1.0;  // W = 0: every power vanishes, any scale will do
    const double r_max = rho_max * scale_;
    // Auto takes complex eigenvalues (real Schur form) only up to complex_eigen_limit units: at 2000
    // they took 57 s here, where exact dense traces take about 5.
    const auto limit = has_symmetric_similar(w) ? options.eigen_limit : std::min(options.eigen_limit, options.complex_eigen_limit);
    const bool eigen = options.method == MultiplierMethod::Eigenvalues ||
                       (options.method == MultiplierMethod::Auto && w.n() <= limit);
    if (eigen) {
        check_memory(dense_eigenvalues_cost(w.n(), has_symmetric_similar(w)), "the exact impacts",
                     "use --impacts-method traces");
        AllEigenvalues all = all_eigenvalues(w);
        eigenvalues_ = all.values / scale_;
        traces_ = Eigen::VectorXd::Ones(std::max(orders + 2, 1));
        Eigen::ArrayXcd power = Eigen::ArrayXcd::Ones(eigenvalues_.size());
        for (Eigen::Index j = 1; j < traces_.size(); ++j) {
            power *= eigenvalues_.array();
            traces_[j] = power.real().mean();
        }
        method_ = "exact: " + all.method;
    } else {
        if (!(r_max < 1.0))
            throw std::invalid_argument(fmt::format(
                "the trace series of (I - rho W)^-1 needs |rho| < 1/{:.6g} (a bound of the spectral radius of W); "
                "|rho| = {:.6g}: use the exact method",
                scale_, rho_max));
        prepare_traces(w, r_max, orders, options);
    }
    rows_ = row_sum_moments(w, scale_, r_max, options.tolerance, std::max(orders + 1, 1), options.max_terms);
    if (rows_.constant) {
        constant_row_sum_ = rows_.value[1] * scale_;  // s_1 of W/c is c₀/c
        method_ += "; row sums in closed form (every row of W sums to " + fmt::format("{:.6g}", constant_row_sum_) + ")";
    } else {
        row_terms_ = static_cast<int>(rows_.value.size()) - 1;
        truncation_bound_ = std::max(truncation_bound_, row_sum_remainder(rows_, scale_, r_max));
        method_ += fmt::format("; row sums from {} exact power vectors W^j 1", row_terms_);
    }
}

void SpatialMultiplier::prepare_traces(const SpatialWeights& w, double r_max, int orders,
                                       const SpatialMultiplierOptions& options) {
    trace_terms_ = series_length(r_max, scale_, options.tolerance, std::max(orders + 1, 1), options.max_terms);
    const PowerTraces traces = power_traces(w, scale_, trace_terms_ + 1, options.traces);
    traces_ = traces.value;
    truncation_bound_ = std::max(1.0, scale_) * std::pow(r_max, trace_terms_) / (1.0 - r_max);
    double power = 1.0;
    for (int j = 0; j < trace_terms_; ++j, power *= r_max) trace_std_error_ += power * traces.std_error[j];
    method_ = fmt::format("series of {} terms in traces of W^j: {}", trace_terms_, traces.method);
}

bool SpatialMultiplier::covers(double rho) const {
    return (eigenvalues_.size() > 0 && rows_.constant) || std::abs(rho) * scale_ < 1.0;
}

MultiplierMoments SpatialMultiplier::at(double rho) const {
    MultiplierMoments m;
    const double r = rho * scale_;  // ρ for W/c
    if (eigenvalues_.size() > 0) {
        const Eigen::ArrayXcd inverse = (1.0 - r * eigenvalues_.array()).inverse();
        m.diag = inverse.real().mean();
        m.diag_w = scale_ * (eigenvalues_.array() * inverse).real().mean();
    } else {
        m.diag = series(traces_, 0, trace_terms_, r);
        m.diag_w = scale_ * series(traces_, 1, trace_terms_, r);
    }
    if (rows_.constant) {
        m.row = 1.0 / (1.0 - rho * constant_row_sum_);
        m.row_w = constant_row_sum_ * m.row;
    } else {
        m.row = series(rows_.value, 0, row_terms_, r);
        m.row_w = scale_ * series(rows_.value, 1, row_terms_, r);
    }
    return m;
}

MultiplierMoments SpatialMultiplier::term(int j, double rho) const {
    if (j < 0 || j + 1 >= traces_.size() || j + 1 >= rows_.value.size())
        throw std::invalid_argument(fmt::format("spatial multiplier: no term of order {} was prepared", j));
    const double power = std::pow(rho * scale_, j);
    return {power * traces_[j], scale_ * power * traces_[j + 1], power * rows_.value[j],
            scale_ * power * rows_.value[j + 1]};
}

}  // namespace spillover
