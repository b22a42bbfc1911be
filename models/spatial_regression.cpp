#include "models/spatial_regression.hpp"

#include <algorithm>
#include <limits>
#include <memory>
#include <optional>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "engine/input_error.hpp"
#include "engine/numerical_failure.hpp"
#include "engine/stage_timer.hpp"
#include "models/error_model.hpp"
#include "models/lag_model.hpp"
#include "models/ml_estimates.hpp"
#include "models/ols.hpp"
#include "models/panel/bias_correction.hpp"
#include "models/panel/dynamic_bias_correction.hpp"
#include "models/sac_model.hpp"
#include "models/specification_tests.hpp"
#include "weights/locality_order.hpp"

namespace spillover {

namespace {

/// The lagged columns of a Durbin design: (index of W_x, index of x).
std::vector<std::pair<Eigen::Index, Eigen::Index>> lag_pairs(const DesignMatrix& base, const DesignMatrix& durbin) {
    std::vector<std::pair<Eigen::Index, Eigen::Index>> pairs;
    for (Eigen::Index j = base.X.cols(); j < durbin.X.cols(); ++j) {
        const std::string name = durbin.column_names[j].substr(2);
        const auto it = std::find(base.column_names.begin(), base.column_names.end(), name);
        pairs.emplace_back(j, static_cast<Eigen::Index>(it - base.column_names.begin()));
    }
    return pairs;
}

/// slx: least squares on the transformed [X, WX]; a panel's absorbed effects cost degrees of freedom.
SpatialFit fit_slx(const DesignMatrix& d, const SpatialSample& sample, const SpatialFitOptions& options) {
    OlsOptions ols_options;
    ols_options.rank_tolerance = options.rank_tolerance;
    const SampleShape& shape = sample.shape();
    ols_options.absorbed = absorbed_parameters(sample.transformation().effects, shape.units, shape.periods);
    return as_spatial_fit(fit_ols(sample.within(d), ols_options));
}

SpatialFit fit_ml(SpatialModel model, const DesignMatrix& d, const SpatialSample& sample, LogDeterminant& logdet,
                  const SpatialFitOptions& options) {
    switch (model) {
        case SpatialModel::Sar:
        case SpatialModel::Sdm: return fit_lag_model(d, sample, logdet, options);
        case SpatialModel::Sem:
        case SpatialModel::Sdem: return fit_error_model(d, sample, logdet, options);
        case SpatialModel::Sac: return fit_sac_model(d, sample, logdet, options);
        default: throw std::logic_error("fit_ml: not an ML spatial model");
    }
}

std::string estimator_text(SpatialModel model) {
    switch (model) {
        case SpatialModel::Slx: return "least squares on [X, WX] (as spatialreg's lmSLX)";
        case SpatialModel::Sar:
        case SpatialModel::Sdm: return "maximum likelihood, concentrated in rho (as spatialreg's lagsarlm)";
        case SpatialModel::Sem:
        case SpatialModel::Sdem: return "maximum likelihood, concentrated in lambda (as spatialreg's errorsarlm)";
        case SpatialModel::Sac: return "maximum likelihood, concentrated in rho and lambda (as spatialreg's sacsarlm)";
        default: return "";
    }
}

/// The restricted model of an LR test, or nullopt (and a warning) when a numerical failure stops it.
std::optional<SpatialFit> refit(SpatialFit& fit, SpatialModel restricted, const DesignMatrix& base,
                                const SpatialSample& sample, LogDeterminant& logdet, const SpatialFitOptions& options) {
    try {
        SpatialFitOptions estimates_only = options;
        estimates_only.standard_errors = false;
        return fit_ml(restricted, base, sample, logdet, estimates_only);
    } catch (const NumericalFailure& e) {
        add_warning(fit, fmt::format("the LR test against {} was not computed (numerical failure refitting it: {})",
                                     to_string(restricted), e.what()));
        return std::nullopt;
    }
}

/// LR and Wald tests of the spatial parameters against OLS on the same regressors.
void add_spatial_parameter_tests(SpatialFit& fit, const DesignMatrix& raw, const SpatialSample& sample) {
    DesignMatrix transformed;
    const DesignMatrix& d = sample.within(raw, transformed);
    const double observations = sample.observations();
    const double ols_ll =
        profiled_log_likelihood((d.y - d.X * d.X.colPivHouseholderQr().solve(d.y)).squaredNorm(), observations);
    const Eigen::Index k = d.X.cols();
    const double df = (fit.rho ? 1.0 : 0.0) + (fit.lambda ? 1.0 : 0.0);
    const std::string which = fit.rho && fit.lambda ? "rho = lambda = 0" : fit.rho ? "rho = 0" : "lambda = 0";
    const std::string key = fit.rho && fit.lambda ? "lr_rho_lambda" : fit.rho ? "lr_rho" : "lr_lambda";
    fit.tests.push_back(likelihood_ratio_test(key, "LR test of " + which + " (against OLS)", fit.log_likelihood, ols_ll, df));
    Eigen::Index index = k;
    for (const auto* c : {&fit.rho, &fit.lambda}) {
        if (!*c) continue;
        Eigen::MatrixXd j = Eigen::MatrixXd::Zero(1, fit.covariance.cols());
        j(0, index) = 1.0;
        fit.tests.push_back(wald_test("wald_" + (*c)->name, "Wald test of " + (*c)->name + " = 0",
                                      Eigen::VectorXd::Constant(1, (*c)->estimate), j, fit.covariance));
        ++index;
    }
}

/// θ = 0 (→ sar / sem) and, for sdm with every regressor lagged, the common factor θ + ρβ = 0.
void add_durbin_tests(SpatialFit& fit, SpatialModel model, const DesignMatrix& base, const DesignMatrix& d,
                      const SpatialSample& sample, LogDeterminant& logdet, const SpatialFitOptions& options) {
    const auto pairs = lag_pairs(base, d);
    const Eigen::Index q = fit.covariance.cols(), m = static_cast<Eigen::Index>(pairs.size());
    const bool sdm = model == SpatialModel::Sdm;
    const std::string restricted = sdm ? "sar" : "sem";
    Eigen::VectorXd theta(m);
    Eigen::MatrixXd j_theta = Eigen::MatrixXd::Zero(m, q);
    for (Eigen::Index i = 0; i < m; ++i) {
        theta(i) = fit.beta(pairs[i].first);
        j_theta(i, pairs[i].first) = 1.0;
    }
    const bool lr = sample.rows() <= options.lr_refit_limit;
    if (lr) {
        if (const auto r = refit(fit, sdm ? SpatialModel::Sar : SpatialModel::Sem, base, sample, logdet, options))
            fit.tests.push_back(likelihood_ratio_test("lr_theta", "LR test of theta = 0 (" + std::string(to_string(model)) +
                                                                      " -> " + restricted + ")",
                                                      fit.log_likelihood, r->log_likelihood, static_cast<double>(m)));
    }
    fit.tests.push_back(wald_test("wald_theta", "Wald test of theta = 0 (" + std::string(to_string(model)) + " -> " +
                                                    restricted + ")",
                                  theta, j_theta, fit.covariance));
    if (!sdm || !options.durbin.empty()) return;
    // Common factor: g_i = θ_i + ρβ_i; ∂g/∂θ_i = 1, ∂g/∂β_i = ρ, ∂g/∂ρ = β_i.
    const double rho = fit.rho->estimate;
    const Eigen::Index rho_index = d.X.cols();
    Eigen::VectorXd g(m);
    Eigen::MatrixXd j = j_theta;
    for (Eigen::Index i = 0; i < m; ++i) {
        const Eigen::Index b = pairs[i].second;
        g(i) = theta(i) + rho * fit.beta(b);
        j(i, b) = rho;
        j(i, rho_index) = fit.beta(b);
    }
    if (lr) {
        if (const auto r = refit(fit, SpatialModel::Sem, base, sample, logdet, options))
            fit.tests.push_back(likelihood_ratio_test("lr_common_factor", "LR test of theta + rho beta = 0 (sdm -> sem)",
                                                      fit.log_likelihood, r->log_likelihood, static_cast<double>(m)));
    }
    fit.tests.push_back(wald_test("wald_common_factor", "Wald test of theta + rho beta = 0 (sdm -> sem)", g, j, fit.covariance));
}

void add_conventions(SpatialFit& fit, SpatialModel model, const SpatialWeights& w) {
    if (model != SpatialModel::Slx) {
        fit.conventions.insert(fit.conventions.begin(),
                               {"sigma^2 = e'e/n (maximum likelihood); z tests on the asymptotic normal distribution",
                                "AIC and BIC count k + the spatial parameters + 1 (sigma^2), as spatialreg's logLik",
                                "pseudo R-squared = squared correlation of y and the fitted values y - e"});
    }
    warn_islands(fit, w);
}

SpatialFit fit_in_order(const DesignMatrix& design, const SpatialSample& sample, SpatialModel model,
                        const SpatialFitOptions& options);

}  // namespace

DesignMatrix rows_in_order(const DesignMatrix& d, const std::vector<SpatialWeights::Index>& order) {
    DesignMatrix out = d;
    const auto units = static_cast<Eigen::Index>(order.size());
    for (Eigen::Index first = 0; first < d.n(); first += units)  // each period's block
        for (Eigen::Index i = 0; i < units; ++i) {
            const Eigen::Index to = first + i, from = first + static_cast<Eigen::Index>(order[static_cast<std::size_t>(i)]);
            out.y(to) = d.y(from);
            out.X.row(to) = d.X.row(from);
            out.ids[static_cast<std::size_t>(to)] = d.ids[static_cast<std::size_t>(from)];
            if (!d.rows.empty()) out.rows[static_cast<std::size_t>(to)] = d.rows[static_cast<std::size_t>(from)];
        }
    return out;
}

void restore_order(SpatialFit& fit, const std::vector<SpatialWeights::Index>& order, const std::vector<std::string>& ids) {
    Eigen::VectorXd fitted(fit.fitted.size()), residuals(fit.residuals.size());
    const auto units = static_cast<Eigen::Index>(order.size());
    for (Eigen::Index first = 0; first < fit.fitted.size(); first += units)
        for (Eigen::Index i = 0; i < units; ++i) {
            const Eigen::Index at = first + i, back = first + static_cast<Eigen::Index>(order[static_cast<std::size_t>(i)]);
            fitted(back) = fit.fitted(at);
            residuals(back) = fit.residuals(at);
        }
    fit.fitted = std::move(fitted);
    fit.residuals = std::move(residuals);
    fit.ids = ids;
}

SpatialFit fit_spatial(const DesignMatrix& design, const SpatialWeights& w, SpatialModel model,
                       const SpatialFitOptions& options) {
    return fit_spatial(design, SpatialSample(w), model, options);
}

SpatialFit fit_spatial(const DesignMatrix& design, const SpatialSample& sample, SpatialModel model,
                       const SpatialFitOptions& options) {
    options.validate();
    sample.check_rows(design);
    if (model == SpatialModel::Ols) throw std::invalid_argument("fit_spatial: use fit_ols for OLS");
    const SpatialWeights& w = sample.w();
    if (w.n() < options.reorder_min_units) return fit_in_order(design, sample, model, options);
    const auto start = StageClock::now();
    const std::vector<SpatialWeights::Index> order = breadth_first_order(w);
    if (is_identity(order)) return fit_in_order(design, sample, model, options);  // already in that order
    const DesignMatrix reordered = rows_in_order(design, order);
    const SpatialWeights w_reordered = w.permuted(order);
    const double reorder_seconds = seconds_since(start);
    SpatialFit fit = fit_in_order(reordered, SpatialSample(w_reordered, sample.shape()), model, options);
    restore_order(fit, order, design.ids);
    fit.timings.insert(fit.timings.begin(), {"breadth-first renumbering", reorder_seconds});
    return fit;
}

namespace {

/// InputError naming the dependent variable or the regressors the fixed effects absorb (nothing left
/// once they are removed).
void check_absorbed(const DesignMatrix& d, const SpatialSample& sample) {
    if (!sample.has_fixed_effects()) return;
    const PanelEffects effects = sample.transformation().effects;
    const char* why = effects == PanelEffects::Individual ? "constant over time within each unit"
                      : effects == PanelEffects::Time     ? "the same for every unit within each period"
                                                          : "a sum of a unit part and a period part";
    if (sample.within(d.y).norm() <= 1e-10 * std::max(1.0, d.y.norm()))
        throw InputError(fmt::format("the dependent variable '{}' does not vary once the {} fixed effects are removed "
                                     "({}): nothing is left to explain",
                                     d.response_name, to_string(effects), why));
    const Eigen::MatrixXd transformed = sample.within(d.X);
    std::vector<std::string> absorbed;
    for (Eigen::Index j = 0; j < d.X.cols(); ++j)
        if (transformed.col(j).norm() <= 1e-10 * std::max(1.0, d.X.col(j).norm()))
            absorbed.push_back("'" + d.column_names[static_cast<std::size_t>(j)] + "'");
    if (absorbed.empty()) return;
    const bool one = absorbed.size() == 1;
    throw InputError(fmt::format("{} do{} not vary once the {} fixed effects are removed ({}): the effects absorb {}; "
                                 "drop {} from the formula",
                                 fmt::join(absorbed, ", "), one ? "es" : "", to_string(effects), why, one ? "it" : "them",
                                 one ? "it" : "them"));
}

/// The model's fit with its tests; a numerical failure in the search gives a Failed fit.
SpatialFit fit_ml_with_tests(SpatialModel model, const DesignMatrix& design, const DesignMatrix& d,
                             const SpatialSample& sample, const SpatialFitOptions& options) {
    const auto setup = StageClock::now();
    try {
        const std::unique_ptr<LogDeterminant> logdet = make_log_determinant(sample.w(), options.logdet);
        const double setup_seconds = seconds_since(setup);
        SpatialFit fit = fit_ml(model, d, sample, *logdet, options);
        if (options.bias_correction && options.dynamic_lags.any())
            correct_dynamic_bias(fit, model, d, sample, *logdet, options);
        else if (options.bias_correction)
            correct_bias(fit, model, d, sample, *logdet, options);
        add_spatial_parameter_tests(fit, d, sample);
        if (has_durbin_terms(model) && fit.covariance.allFinite())
            add_durbin_tests(fit, model, design, d, sample, *logdet, options);
        fit.timings.insert(fit.timings.begin(), {"log-determinant setup", setup_seconds});
        return fit;
    } catch (const NumericalFailure& e) {
        return failed_fit(model, d, e.what());
    }
}

SpatialFit fit_in_order(const DesignMatrix& design, const SpatialSample& sample, SpatialModel model,
                        const SpatialFitOptions& options) {
    const auto start = StageClock::now();
    if (!options.durbin.empty() && !has_durbin_terms(model))
        throw InputError("--durbin applies to the models with lagged regressors (slx, sdm, sdem), not " +
                         std::string(to_string(model)));
    if (model == SpatialModel::Sac && sample.has_fixed_effects())
        throw InputError("sac is not available with panel fixed effects (its second lag does not follow the within "
                         "transformation); fit sar, sdm, sem or sdem");
    const DesignMatrix d = has_durbin_terms(model) ? durbin_design(design, sample, options.durbin) : design;
    check_absorbed(d, sample);
    check_identified(sample.within(d), options.rank_tolerance);

    SpatialFit fit = model == SpatialModel::Slx ? fit_slx(d, sample, options)
                                                : fit_ml_with_tests(model, design, d, sample, options);
    fit.model = std::string(to_string(model));
    fit.estimator = estimator_text(model);
    fit.dependent = design.response_name;
    fit.shape = sample.shape();
    fit.n = static_cast<std::size_t>(sample.observations());
    fit.ids = design.ids;
    for (std::size_t j = static_cast<std::size_t>(design.X.cols()); j < d.column_names.size(); ++j)
        fit.lagged.push_back(d.column_names[j].substr(2));
    add_conventions(fit, model, sample.w());
    fit.timings.emplace_back("total fit", seconds_since(start));
    return fit;
}

}  // namespace

}  // namespace spillover
