#include "models/spatial_regression.hpp"

#include <algorithm>
#include <memory>

#include <fmt/format.h>

#include "engine/input_error.hpp"
#include "engine/stage_timer.hpp"
#include "models/error_model.hpp"
#include "models/lag_model.hpp"
#include "models/ml_estimates.hpp"
#include "models/ols.hpp"
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

SpatialFit fit_slx(const DesignMatrix& d, const SpatialFitOptions& options) {
    OlsOptions ols_options;
    ols_options.rank_tolerance = options.rank_tolerance;
    return as_spatial_fit(fit_ols(d, ols_options));
}

SpatialFit fit_ml(SpatialModel model, const DesignMatrix& d, const SpatialWeights& w, LogDeterminant& logdet,
                  const SpatialFitOptions& options) {
    switch (model) {
        case SpatialModel::Sar:
        case SpatialModel::Sdm: return fit_lag_model(d, w, logdet, options);
        case SpatialModel::Sem:
        case SpatialModel::Sdem: return fit_error_model(d, w, logdet, options);
        case SpatialModel::Sac: return fit_sac_model(d, w, logdet, options);
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

/// LR and Wald tests of the spatial parameters against OLS on the same regressors.
void add_spatial_parameter_tests(SpatialFit& fit, const DesignMatrix& d) {
    const double ols_ll = profiled_log_likelihood(
        (d.y - d.X * d.X.colPivHouseholderQr().solve(d.y)).squaredNorm(), static_cast<double>(d.n()));
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
                      const SpatialWeights& w, LogDeterminant& logdet, const SpatialFitOptions& options) {
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
    const bool refit = w.n() <= options.lr_refit_limit;
    if (refit) {
        const SpatialFit r = fit_ml(sdm ? SpatialModel::Sar : SpatialModel::Sem, base, w, logdet, options);
        fit.tests.push_back(likelihood_ratio_test("lr_theta", "LR test of theta = 0 (" + std::string(to_string(model)) +
                                                                  " -> " + restricted + ")",
                                                  fit.log_likelihood, r.log_likelihood, static_cast<double>(m)));
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
    if (refit) {
        const SpatialFit r = fit_ml(SpatialModel::Sem, base, w, logdet, options);
        fit.tests.push_back(likelihood_ratio_test("lr_common_factor", "LR test of theta + rho beta = 0 (sdm -> sem)",
                                                  fit.log_likelihood, r.log_likelihood, static_cast<double>(m)));
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
    const auto islands = w.islands();
    if (!islands.empty()) {
        std::string ids;
        for (std::size_t i = 0; i < std::min<std::size_t>(islands.size(), 5); ++i)
            ids += (i ? ", " : "") + w.ids()[static_cast<std::size_t>(islands[i])];
        add_warning(fit, fmt::format("W has {} island{} (unit{} {}{}): their spatial lag is 0 (as spdep's zero.policy = TRUE)",
                                     islands.size(), islands.size() == 1 ? "" : "s", islands.size() == 1 ? "" : "s", ids,
                                     islands.size() > 5 ? ", ..." : ""));
    }
}

SpatialFit fit_in_order(const DesignMatrix& design, const SpatialWeights& w, SpatialModel model,
                        const SpatialFitOptions& options);

}  // namespace

DesignMatrix rows_in_order(const DesignMatrix& d, const std::vector<SpatialWeights::Index>& order) {
    DesignMatrix out = d;
    for (std::size_t i = 0; i < order.size(); ++i) {
        const auto from = static_cast<Eigen::Index>(order[i]);
        out.y(static_cast<Eigen::Index>(i)) = d.y(from);
        out.X.row(static_cast<Eigen::Index>(i)) = d.X.row(from);
        out.ids[i] = d.ids[static_cast<std::size_t>(from)];
        if (!d.rows.empty()) out.rows[i] = d.rows[static_cast<std::size_t>(from)];
    }
    return out;
}

void restore_order(SpatialFit& fit, const std::vector<SpatialWeights::Index>& order, const std::vector<std::string>& ids) {
    Eigen::VectorXd fitted(fit.fitted.size()), residuals(fit.residuals.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
        fitted(static_cast<Eigen::Index>(order[i])) = fit.fitted(static_cast<Eigen::Index>(i));
        residuals(static_cast<Eigen::Index>(order[i])) = fit.residuals(static_cast<Eigen::Index>(i));
    }
    fit.fitted = std::move(fitted);
    fit.residuals = std::move(residuals);
    fit.ids = ids;
}

SpatialFit fit_spatial(const DesignMatrix& design, const SpatialWeights& w, SpatialModel model,
                       const SpatialFitOptions& options) {
    options.validate();
    if (w.n() != design.n())
        throw InputError(fmt::format("W has {} units but the data {} rows", w.n(), design.n()));
    if (model == SpatialModel::Ols) throw std::invalid_argument("fit_spatial: use fit_ols for OLS");
    if (w.n() < options.reorder_min_units) return fit_in_order(design, w, model, options);
    const auto start = StageClock::now();
    const std::vector<SpatialWeights::Index> order = breadth_first_order(w);
    if (is_identity(order)) return fit_in_order(design, w, model, options);  // already in that order
    const DesignMatrix reordered = rows_in_order(design, order);
    const SpatialWeights w_reordered = w.permuted(order);
    const double reorder_seconds = seconds_since(start);
    SpatialFit fit = fit_in_order(reordered, w_reordered, model, options);
    restore_order(fit, order, design.ids);
    fit.timings.insert(fit.timings.begin(), {"breadth-first renumbering", reorder_seconds});
    return fit;
}

namespace {

SpatialFit fit_in_order(const DesignMatrix& design, const SpatialWeights& w, SpatialModel model,
                        const SpatialFitOptions& options) {
    const auto start = StageClock::now();
    if (!options.durbin.empty() && !has_durbin_terms(model))
        throw InputError("--durbin applies to the models with lagged regressors (slx, sdm, sdem), not " +
                         std::string(to_string(model)));
    const DesignMatrix d = has_durbin_terms(model) ? durbin_design(design, w, options.durbin) : design;
    check_identified(d, options.rank_tolerance);

    SpatialFit fit;
    std::unique_ptr<LogDeterminant> logdet;
    double setup_seconds = 0.0;
    if (model == SpatialModel::Slx) {
        fit = fit_slx(d, options);
    } else {
        const auto setup = StageClock::now();
        logdet = make_log_determinant(w, options.logdet);
        setup_seconds = seconds_since(setup);
        fit = fit_ml(model, d, w, *logdet, options);
        add_spatial_parameter_tests(fit, d);
        if (has_durbin_terms(model) && fit.covariance.allFinite()) add_durbin_tests(fit, model, design, d, w, *logdet, options);
        fit.timings.insert(fit.timings.begin(), {"log-determinant setup", setup_seconds});
    }
    fit.model = std::string(to_string(model));
    fit.estimator = estimator_text(model);
    fit.dependent = design.response_name;
    fit.n = static_cast<std::size_t>(design.n());
    fit.ids = design.ids;
    for (std::size_t j = static_cast<std::size_t>(design.X.cols()); j < d.column_names.size(); ++j)
        fit.lagged.push_back(d.column_names[j].substr(2));
    add_conventions(fit, model, w);
    fit.timings.emplace_back("total fit", seconds_since(start));
    return fit;
}

}  // namespace

}  // namespace spillover
