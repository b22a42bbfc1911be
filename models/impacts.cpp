#include "models/impacts.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include <Eigen/Eigenvalues>
#include <fmt/format.h>

#include "engine/distributions.hpp"
#include "engine/input_error.hpp"
#include "engine/random_probes.hpp"
#include "solvers/power_moments.hpp"

namespace spillover {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr const char* lag_prefix = "W_";

bool is_lag_model(SpatialModel model) { return has_rho(model); }

}  // namespace

void ImpactsOptions::validate() const {
    // The draws are held in memory (parameters and three effects per variable each): 10^6 is far
    // beyond what an interval needs and a few hundred MB at most.
    if (draws < 0 || draws > 1000000)
        throw std::invalid_argument("impacts: draws must be between 0 and 10^6 (got " + std::to_string(draws) + ")");
    if (draws == 1) throw std::invalid_argument("impacts: 1 draw gives no standard error; ask for 0 or at least 2");
    if (orders > 1000) throw std::invalid_argument("impacts: orders must be at most 1000");
    if (!(level > 0.0 && level < 1.0)) throw std::invalid_argument("impacts: level must be in (0, 1)");
    multiplier.validate();
}

ImpactsConvention parse_impacts_convention(const std::string& name) {
    if (name == "exact") return ImpactsConvention::Exact;
    if (name == "spatialreg") return ImpactsConvention::Spatialreg;
    throw InputError(fmt::format("unknown impacts convention '{}' (choose exact or spatialreg)", name));
}

bool has_impacts(SpatialModel model) {
    return model == SpatialModel::Sar || model == SpatialModel::Sdm || model == SpatialModel::Sac ||
           model == SpatialModel::Slx || model == SpatialModel::Sdem;
}

ImpactTerms impact_terms(const std::vector<std::string>& names, const std::string& excluded) {
    ImpactTerms terms;
    const auto find = [&](const std::string& name) -> Eigen::Index {
        const auto it = std::find(names.begin(), names.end(), name);
        return it == names.end() ? -1 : static_cast<Eigen::Index>(it - names.begin());
    };
    for (std::size_t j = 0; j < names.size(); ++j) {
        const std::string& name = names[j];
        if (name == "(Intercept)" || name.rfind(lag_prefix, 0) == 0 || (!excluded.empty() && name == excluded)) continue;
        terms.names.push_back(name);
        terms.beta_at.push_back(static_cast<Eigen::Index>(j));
        terms.theta_at.push_back(find(lag_prefix + name));
    }
    return terms;
}

namespace {

/// direct, indirect, total of each term at coefficients `beta`, as one row of 3K values.
void effect_values(const ImpactTerms& terms, const Eigen::VectorXd& beta, const MultiplierMoments& m, double* out) {
    const std::size_t k = terms.names.size();
    for (std::size_t v = 0; v < k; ++v) {
        const double b = beta[terms.beta_at[v]];
        const double t = terms.theta_at[v] < 0 ? 0.0 : beta[terms.theta_at[v]];
        const double direct = b * m.diag + t * m.diag_w;
        const double total = b * m.row + t * m.row_w;
        out[v] = direct;
        out[k + v] = total - direct;
        out[2 * k + v] = total;
    }
}

/// S_k = β_k I + θ_k W for slx and sdem: the moments of M = I.
MultiplierMoments linear_moments(const SpatialWeights& w) {
    const double n = static_cast<double>(w.n());
    return {1.0, w.matrix().diagonal().sum() / n, 1.0, w.matrix().sum() / n};
}

/// The row moments spatialreg's impacts() takes for any W: every row of every power of W sums to
/// 1, so the multiplier's mean row sum is 1/(1 − ρ) and that of its term j is ρ^j (order < 0: the
/// whole multiplier).
MultiplierMoments with_unit_row_sums(MultiplierMoments m, double rho, int order = -1) {
    m.row = m.row_w = order < 0 ? 1.0 / (1.0 - rho) : std::pow(rho, order);
    return m;
}

MultiplierMoments in_convention(const MultiplierMoments& m, ImpactsConvention convention, double rho, int order = -1) {
    return convention == ImpactsConvention::Spatialreg ? with_unit_row_sums(m, rho, order) : m;
}

/// How W's rows depart from summing to 1, in words ("" when every row sums to 1).
std::string row_sum_departure(const SpatialWeights& w) {
    const Eigen::VectorXd sums = w.matrix() * Eigen::VectorXd::Ones(w.n());
    if (((sums.array() - 1.0).abs() <= 1e-12).all()) return "";
    const auto islands = (sums.array() == 0.0).count();
    if (islands > 0 && ((sums.array() == 0.0) || ((sums.array() - 1.0).abs() <= 1e-12)).all())
        return fmt::format("W has {} island{} (rows of zeros)", islands, islands == 1 ? "" : "s");
    return fmt::format("W's rows sum to between {:.6g} and {:.6g}", sums.minCoeff(), sums.maxCoeff());
}

/// The note beside effects whose totals the two conventions give differently: the other one's totals.
std::string convention_note(const std::string& departure, ImpactsConvention used, const ImpactTerms& terms,
                            const Eigen::VectorXd& other) {
    const std::size_t k = terms.names.size();
    std::vector<std::string> totals;
    for (std::size_t v = 0; v < k; ++v)
        totals.push_back(fmt::format("{} {:.6g}", terms.names[v], other[static_cast<Eigen::Index>(2 * k + v)]));
    if (used == ImpactsConvention::Exact)
        return fmt::format("exact mean row sums of S_k(W). {}, so spatialreg's impacts() prints other totals, "
                           "(beta + theta)/(1 - rho): {} (--impacts-convention spatialreg reproduces them)",
                           departure, fmt::join(totals, ", "));
    return fmt::format("spatialreg's convention, (beta + theta)/(1 - rho). {}, so the exact totals (mean row sums "
                       "of S_k(W)) differ: {}",
                       departure, fmt::join(totals, ", "));
}

std::vector<VariableEffects> as_effects(const ImpactTerms& terms, const Eigen::VectorXd& values) {
    const std::size_t k = terms.names.size();
    std::vector<VariableEffects> out(k);
    for (std::size_t v = 0; v < k; ++v) {
        out[v].variable = terms.names[v];
        out[v].direct.estimate = values[static_cast<Eigen::Index>(v)];
        out[v].indirect.estimate = values[static_cast<Eigen::Index>(k + v)];
        out[v].total.estimate = values[static_cast<Eigen::Index>(2 * k + v)];
    }
    return out;
}

/// R's quantile(type = 7) of sorted values.
double quantile(const std::vector<double>& sorted, double p) {
    const double h = (static_cast<double>(sorted.size()) - 1.0) * p;
    const auto low = static_cast<std::size_t>(std::floor(h));
    const std::size_t high = std::min(low + 1, sorted.size() - 1);
    return sorted[low] + (h - static_cast<double>(low)) * (sorted[high] - sorted[low]);
}

/// Summary of one effect over the draws (a column), with the estimate at the ML values.
EffectEstimate summarise(double estimate, const Eigen::VectorXd& draws, double level) {
    EffectEstimate e;
    e.estimate = estimate;
    if (draws.size() < 2) {
        e.mean = e.std_error = e.z = e.p_value = e.lower = e.upper = nan;
        return e;
    }
    e.mean = draws.mean();
    e.std_error = std::sqrt((draws.array() - e.mean).square().sum() / static_cast<double>(draws.size() - 1));
    e.z = e.mean / e.std_error;
    e.p_value = normal_two_sided_p(e.z);
    std::vector<double> sorted(draws.data(), draws.data() + draws.size());
    std::sort(sorted.begin(), sorted.end());
    e.lower = quantile(sorted, 0.5 * (1.0 - level));
    e.upper = quantile(sorted, 0.5 * (1.0 + level));
    return e;
}

/// Effects of K terms from 3K columns of draws (direct, indirect, total), estimates from `point`.
std::vector<VariableEffects> summarise_all(const ImpactTerms& terms, const Eigen::VectorXd& point,
                                           const Eigen::MatrixXd& draws, double level) {
    std::vector<VariableEffects> out = as_effects(terms, point);
    const auto k = static_cast<Eigen::Index>(terms.names.size());
    for (Eigen::Index v = 0; v < k; ++v) {
        auto& e = out[static_cast<std::size_t>(v)];
        e.direct = summarise(point[v], draws.col(v), level);
        e.indirect = summarise(point[k + v], draws.col(k + v), level);
        e.total = summarise(point[2 * k + v], draws.col(2 * k + v), level);
    }
    return out;
}

/// A factor L with LLᵀ = Σ from its eigen-decomposition (as MASS::mvrnorm), which also takes a
/// singular Σ; nullopt when Σ is not finite or has an eigenvalue below −1e-6 × the largest.
std::optional<Eigen::MatrixXd> covariance_factor(const Eigen::MatrixXd& sigma) {
    if (!sigma.allFinite()) return std::nullopt;
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(sigma);
    const Eigen::VectorXd values = eig.eigenvalues();
    if (values.minCoeff() < -1e-6 * std::abs(values.maxCoeff())) return std::nullopt;
    return eig.eigenvectors() * values.cwiseMax(0.0).cwiseSqrt().asDiagonal();
}

/// Linear effects (slx, sdem): estimates and exact standard errors from the coefficients' covariance.
ImpactsReport linear_impacts(const SpatialFit& fit, const ImpactTerms& terms, const SpatialWeights& w,
                             const ImpactsOptions& options) {
    ImpactsReport report;
    const MultiplierMoments exact = linear_moments(w);
    MultiplierMoments m = exact;
    if (options.convention == ImpactsConvention::Spatialreg) m.row_w = 1.0;  // spatialreg: total = β + θ
    Eigen::VectorXd point(3 * terms.names.size()), other(3 * terms.names.size());
    effect_values(terms, fit.beta, m, point.data());
    report.effects = as_effects(terms, point);
    MultiplierMoments alternative = exact;
    if (options.convention == ImpactsConvention::Exact) alternative.row_w = 1.0;
    effect_values(terms, fit.beta, alternative, other.data());
    report.convention = options.convention == ImpactsConvention::Exact ? "exact" : "spatialreg";
    if (const std::string departure = row_sum_departure(w); !departure.empty() && !other.isApprox(point, 1e-12))
        report.convention_note = convention_note(departure, options.convention, terms, other);
    report.method = fmt::format("exact: S_k = beta_k I + theta_k W; tr(W)/n = {:.6g}, mean row sum of W = {:.6g}",
                                m.diag_w, m.row_w);
    report.inference = "analytic: the effects are linear in the coefficients (their asymptotic covariance)";
    report.level = options.level;
    const double df = fit.inference.kind == Inference::Kind::StudentT ? fit.inference.df : 0.0;
    const double critical = critical_value(0.5 * (1.0 + options.level), df);
    const Eigen::Index q = fit.beta.size();
    for (std::size_t v = 0; v < terms.names.size(); ++v) {
        const Eigen::Index b = terms.beta_at[v], t = terms.theta_at[v];
        const auto fill = [&](EffectEstimate& e, double beta_weight, double theta_weight) {
            Eigen::VectorXd g = Eigen::VectorXd::Zero(q);
            g[b] = beta_weight;
            if (t >= 0) g[t] = theta_weight;
            e.mean = e.estimate;
            e.std_error = std::sqrt(g.dot(fit.covariance.topLeftCorner(q, q) * g));
            e.z = e.estimate / e.std_error;
            e.p_value = df > 0.0 ? student_t_two_sided_p(e.z, df) : normal_two_sided_p(e.z);
            e.lower = e.estimate - critical * e.std_error;
            e.upper = e.estimate + critical * e.std_error;
        };
        fill(report.effects[v].direct, m.diag, m.diag_w);
        fill(report.effects[v].indirect, 0.0, m.row_w - m.diag_w);
        fill(report.effects[v].total, m.row, m.row_w);
    }
    return report;
}

/// One row of effect values per kept draw (3K columns; with orders, then 3K per order), for
/// parameter draws in columns (β…, ρ).
struct SimulatedEffects {
    Eigen::MatrixXd values;
    int dropped_interval = 0, dropped_series = 0;
};

SimulatedEffects simulate(const ImpactTerms& terms, const Eigen::MatrixXd& parameters, Eigen::Index rho_at,
                          double lower, double upper, const SpatialMultiplier& multiplier, int orders,
                          ImpactsConvention convention) {
    const auto k3 = static_cast<Eigen::Index>(3 * terms.names.size());
    const Eigen::Index width = k3 * (1 + std::max(orders + 1, 0));
    SimulatedEffects out;
    out.values.resize(parameters.cols(), width);
    Eigen::Index kept = 0;
    Eigen::VectorXd row(width);
    for (Eigen::Index d = 0; d < parameters.cols(); ++d) {
        const Eigen::VectorXd p = parameters.col(d);
        const double rho = p[rho_at];
        if (!(rho > lower && rho < upper)) {
            ++out.dropped_interval;
            continue;
        }
        if (!multiplier.covers(rho)) {
            ++out.dropped_series;
            continue;
        }
        effect_values(terms, p, in_convention(multiplier.at(rho), convention, rho), row.data());
        for (int j = 0; j <= orders; ++j)
            effect_values(terms, p, in_convention(multiplier.term(j, rho), convention, rho, j), row.data() + k3 * (1 + j));
        out.values.row(kept++) = row.transpose();
    }
    out.values.conservativeResize(kept, width);
    return out;
}

Eigen::Index k3_of(const ImpactTerms& terms) { return static_cast<Eigen::Index>(3 * terms.names.size()); }

/// Components by order and their cumulative sums, with their simulated inference.
std::vector<OrderEffects> order_effects(const ImpactTerms& terms, const Eigen::VectorXd& point,
                                        const Eigen::MatrixXd& draws, int orders, double level) {
    const auto k3 = static_cast<Eigen::Index>(3 * terms.names.size());
    std::vector<OrderEffects> out;
    Eigen::VectorXd point_sum = Eigen::VectorXd::Zero(k3);
    Eigen::MatrixXd draw_sum = Eigen::MatrixXd::Zero(draws.rows(), k3);
    for (int j = 0; j <= orders; ++j) {
        const Eigen::VectorXd p = point.segment(k3 * (1 + j), k3);
        const Eigen::MatrixXd d = draws.middleCols(k3 * (1 + j), k3);
        point_sum += p;
        draw_sum += d;
        out.push_back({j, summarise_all(terms, p, d, level), summarise_all(terms, point_sum, draw_sum, level)});
    }
    return out;
}

/// The largest |ρ| the multiplier must serve: ρ̂ and every draw inside the interval within the
/// series' reach (|ρ| < 1/radius).
double largest_rho(const Eigen::MatrixXd& parameters, Eigen::Index rho_at, double rho_hat, double lower, double upper,
                   double radius) {
    double rho_max = std::abs(rho_hat);
    for (Eigen::Index d = 0; d < parameters.cols(); ++d) {
        const double rho = parameters(rho_at, d);
        if (rho > lower && rho < upper && std::abs(rho) * radius < 1.0) rho_max = std::max(rho_max, std::abs(rho));
    }
    return rho_max;
}

/// The inference of simulated effects in words: draws, seed, what was dropped and why, and whether
/// the series fell short of its tolerance.
std::string simulation_text(const ImpactsOptions& options, bool have_factor, const SimulatedEffects& simulated,
                            const ImpactsReport& report, const SpatialMultiplier& multiplier, double lower, double upper,
                            double rho_max) {
    if (options.draws == 0) return "none (no draws asked for)";
    if (!have_factor) return "not available: the covariance of (beta, rho) is not finite or not positive semi-definite";
    std::string text = fmt::format(
        "simulation: {} draws of (beta, rho) from the normal distribution with the estimates and their asymptotic "
        "covariance (seed {}); {} kept",
        options.draws, options.seed, report.draws_used);
    if (simulated.dropped_interval > 0)
        text += fmt::format(", {} dropped with rho outside ({:.6g}, {:.6g})", simulated.dropped_interval, lower, upper);
    if (simulated.dropped_series > 0)
        text += fmt::format(", {} dropped with |rho| beyond the reach of the trace series (1/{:.6g})",
                            simulated.dropped_series, multiplier.radius_bound());
    if (report.truncation_bound > options.multiplier.tolerance)
        text += fmt::format("; the series was cut at {} terms, where its truncation bound is {:.3g} at the largest |rho| drawn ({:.6g})",
                            std::max(multiplier.trace_terms(), multiplier.row_terms()), report.truncation_bound, rho_max);
    return text;
}

/// Parameters (β…, ρ) in columns mapped to the static lag model whose effects are the long-run ones
/// of a dynamic panel: ((1 − τ)I − (ρ + η)W)⁻¹(β_k I + θ_k W) = (I − ρ_L W)⁻¹(β_k I + θ_k W)/(1 − τ),
/// ρ_L = (ρ + η)/(1 − τ). A column with τ ≥ 1 gets ρ_L = NaN, which no interval holds.
void to_long_run(Eigen::MatrixXd& parameters, const DynamicLagColumns& lags) {
    const Eigen::Index rho_at = parameters.rows() - 1;
    for (Eigen::Index d = 0; d < parameters.cols(); ++d) {
        auto p = parameters.col(d);
        const double tau = lags.tau_at >= 0 ? p(lags.tau_at) : 0.0, eta = lags.eta_at >= 0 ? p(lags.eta_at) : 0.0;
        const double rest = 1.0 - tau;
        p(rho_at) = rest > 0.0 ? (p(rho_at) + eta) / rest : nan;
        p.head(rho_at) /= rest;
    }
}

/// `long_run`: a dynamic panel's long-run effects (to_long_run), else the lag model's own.
ImpactsReport lag_impacts(const SpatialFit& fit, const ImpactTerms& terms, const SpatialWeights& w,
                          const ImpactsOptions& options, const DynamicLagColumns* long_run = nullptr) {
    const Eigen::Index rho_at = fit.beta.size();  // covariance order: β, ρ, λ, σ²
    const Eigen::Index q = rho_at + 1;
    Eigen::MatrixXd mu(q, 1);
    mu << fit.beta, fit.rho->estimate;
    const double lower = fit.ldet ? fit.ldet->lower : -1.0, upper = fit.ldet ? fit.ldet->upper : 1.0;

    Eigen::MatrixXd parameters(q, 0);  // one draw of (β, ρ) per column
    std::optional<Eigen::MatrixXd> factor;
    if (options.draws > 0) factor = covariance_factor(fit.covariance.topLeftCorner(q, q));
    if (factor) parameters = (*factor * standard_normal_draws(q, options.draws, options.seed)).colwise() + mu.col(0);
    if (long_run) {
        to_long_run(mu, *long_run);
        to_long_run(parameters, *long_run);
        if (!(mu(rho_at, 0) > lower && mu(rho_at, 0) < upper))
            throw std::invalid_argument(fmt::format(
                "long-run effects: (rho + eta)/(1 - tau) = {:.6g} is outside W's interval ({:.6g}, {:.6g}): the dynamics "
                "are not stable, and the long-run effects do not exist",
                mu(rho_at, 0), lower, upper));
    }

    const double radius = spectral_radius_bound(w);
    const double rho_max = largest_rho(parameters, rho_at, mu(rho_at, 0), lower, upper, radius);
    const SpatialMultiplier multiplier(w, rho_max, options.orders, options.multiplier, radius);
    ImpactsReport report;
    report.draws = options.draws;
    report.seed = options.seed;
    report.level = options.level;
    report.method = multiplier.method();
    report.truncation_bound = multiplier.truncation_bound();
    report.trace_std_error = multiplier.trace_std_error();

    const Eigen::MatrixXd at_estimates =
        simulate(terms, mu, rho_at, -INFINITY, INFINITY, multiplier, options.orders, options.convention).values;
    if (at_estimates.rows() == 0)
        throw std::invalid_argument(fmt::format("impacts: rho = {:.6g} is beyond the reach of the series in W^j (|rho| < 1/{:.6g})",
                                                mu(rho_at, 0), multiplier.radius_bound()));
    const Eigen::VectorXd point = at_estimates.row(0).transpose();
    const SimulatedEffects simulated =
        simulate(terms, parameters, rho_at, lower, upper, multiplier, options.orders, options.convention);
    report.convention = options.convention == ImpactsConvention::Exact ? "exact" : "spatialreg";
    if (const std::string departure = row_sum_departure(w); !departure.empty()) {
        const ImpactsConvention other_convention =
            options.convention == ImpactsConvention::Exact ? ImpactsConvention::Spatialreg : ImpactsConvention::Exact;
        Eigen::VectorXd other(k3_of(terms));
        effect_values(terms, mu.col(0), in_convention(multiplier.at(mu(rho_at, 0)), other_convention, mu(rho_at, 0)),
                      other.data());
        if (!other.isApprox(at_estimates.row(0).head(k3_of(terms)).transpose(), 1e-12))
            report.convention_note = convention_note(departure, options.convention, terms, other);
    }
    const auto k3 = static_cast<Eigen::Index>(3 * terms.names.size());
    report.draws_used = static_cast<int>(simulated.values.rows());
    report.effects = summarise_all(terms, point.head(k3), simulated.values.leftCols(k3), options.level);
    if (options.orders >= 0) report.orders = order_effects(terms, point, simulated.values, options.orders, options.level);
    report.inference = simulation_text(options, factor.has_value(), simulated, report, multiplier, lower, upper, rho_max);
    if (long_run) {
        report.method = fmt::format("((1 - tau) I - (rho + eta) W)^-1 = (I - rho_L W)^-1/(1 - tau) with rho_L = (rho + eta)/(1 - "
                                    "tau) = {:.6g}; {}",
                                    mu(rho_at, 0), report.method);
        if (options.draws > 0)
            report.inference += "; each draw mapped to its rho_L and coefficients/(1 - tau), dropped as above when rho_L "
                                "falls outside the interval (unstable dynamics)";
    }
    return report;
}

}  // namespace

std::vector<VariableEffects> effects_at(const ImpactTerms& terms, const Eigen::VectorXd& beta,
                                        const MultiplierMoments& moments) {
    Eigen::VectorXd values(3 * terms.names.size());
    effect_values(terms, beta, moments, values.data());
    return as_effects(terms, values);
}

ImpactsReport compute_impacts(const SpatialFit& fit, SpatialModel model, const SpatialWeights& w,
                              const ImpactsOptions& options) {
    options.validate();
    if (!has_impacts(model))
        throw std::invalid_argument(fmt::format(
            "{} has no spillover effects to report: its effects are its coefficients (impacts are for sar, sdm, sac, "
            "slx and sdem)", to_string(model)));
    if (w.n() != fit.shape.units)
        throw std::invalid_argument(fmt::format("impacts: W has {} units, the fit {}", w.n(), fit.shape.units));
    std::vector<std::string> names;
    for (const auto& c : fit.coefficients) names.push_back(c.name);
    const ImpactTerms terms = impact_terms(names, fit.dynamic ? fit.dynamic->time_lag : "");
    if (!is_lag_model(model)) return linear_impacts(fit, terms, w, options);
    if (!fit.rho) throw std::invalid_argument("impacts: the fit has no rho");
    return lag_impacts(fit, terms, w, options);
}

ImpactsReport compute_long_run_impacts(const SpatialFit& fit, const SpatialWeights& w, const ImpactsOptions& options) {
    options.validate();
    if (!fit.dynamic || !fit.rho) throw std::invalid_argument("long-run effects are for dynamic panel fits");
    if (w.n() != fit.shape.units)
        throw std::invalid_argument(fmt::format("impacts: W has {} units, the fit {}", w.n(), fit.shape.units));
    std::vector<std::string> names;
    for (const auto& c : fit.coefficients) names.push_back(c.name);
    const auto at = [&](const std::string& name) -> Eigen::Index {
        const auto it = std::find(names.begin(), names.end(), name);
        return name.empty() || it == names.end() ? -1 : static_cast<Eigen::Index>(it - names.begin());
    };
    const DynamicLagColumns lags{at(fit.dynamic->time_lag), at(fit.dynamic->spacetime_lag)};
    return lag_impacts(fit, impact_terms(names, fit.dynamic->time_lag), w, options, &lags);
}

}  // namespace spillover
