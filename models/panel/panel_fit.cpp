#include "models/panel/panel_fit.hpp"

#include <cmath>

#include <fmt/format.h>

#include "engine/input_error.hpp"
#include "engine/stage_timer.hpp"
#include "models/ml_estimates.hpp"
#include "models/ols.hpp"
#include "models/panel/dynamic_panel.hpp"
#include "models/panel/hausman_test.hpp"
#include "models/panel/random_effects.hpp"
#include "models/spatial_regression.hpp"
#include "models/specification_tests.hpp"

namespace spillover {

std::string_view to_string(PanelEstimator estimator) {
    switch (estimator) {
        case PanelEstimator::Direct: return "direct";
        case PanelEstimator::LeeYu: return "lee-yu";
        case PanelEstimator::BiasCorrected: return "bias-corrected";
    }
    return "unknown";
}

void PanelSpec::validate() const {
    if (dynamic != DynamicTerms::None) {
        if (random)
            throw InputError("--dynamic is for fixed effects (Yu, de Jong & Lee's estimator), not --effects random");
        if (!has_unit_effects(effects))
            throw InputError(fmt::format("--dynamic needs unit fixed effects: give --effects individual or twoways (not "
                                         "{}); the bias correction of Yu, de Jong & Lee is derived for them",
                                         to_string(effects)));
    }
    if (random && estimator != PanelEstimator::Direct)
        throw InputError("--lee-yu and --bias-correction are for fixed effects, not --effects random");
    if (effects == PanelEffects::None && estimator != PanelEstimator::Direct)
        throw InputError(fmt::format("--{} corrects for fixed effects: give --effects individual, time or twoways",
                                     estimator == PanelEstimator::LeeYu ? "lee-yu" : "bias-correction"));
}

SampleShape panel_shape(std::int64_t units, std::int64_t periods, const PanelSpec& spec) {
    SampleShape shape = SampleShape::panel(units, periods);
    if (spec.estimator != PanelEstimator::LeeYu) return shape;
    const bool unit = has_unit_effects(spec.effects), time = has_time_effects(spec.effects);
    const double n = static_cast<double>(units), t = static_cast<double>(periods);
    shape.observations = (time ? n - 1.0 : n) * (unit ? t - 1.0 : t);
    shape.logdet_multiplier = unit ? t - 1.0 : t;
    shape.unit_root = time ? -shape.logdet_multiplier : 0.0;
    return shape;
}

DesignMatrix without_intercept(const DesignMatrix& design) {
    if (!design.has_intercept || design.column_names.empty() || design.column_names.front() != "(Intercept)")
        return design;
    DesignMatrix d = design;
    d.X = design.X.rightCols(design.X.cols() - 1);
    d.column_names.erase(d.column_names.begin());
    d.has_intercept = false;
    return d;
}

void check_row_standardised(const SpatialWeights& w, const std::string& what, const std::string& remedy) {
    // Lee & Yu's transformation of the units needs W·1 = 1 (F'W = W*F').
    const Eigen::VectorXd sums = w.matrix() * Eigen::VectorXd::Ones(w.n());
    for (Eigen::Index i = 0; i < sums.size(); ++i)
        if (std::fabs(sums(i) - 1.0) > 1e-10)
            throw InputError(fmt::format("{} needs W row-standardised (every row summing to 1), but row {} (id {}) sums "
                                         "to {}{}; {}",
                                         what, i + 1, w.ids()[static_cast<std::size_t>(i)], sums(i),
                                         sums(i) == 0.0 ? " (an island)" : "", remedy));
}

namespace {

/// ols and slx: least squares keeps every row, the absorbed effects cost degrees of freedom instead,
/// and the ML estimators' transformations do not apply.
bool least_squares(SpatialModel model) { return model == SpatialModel::Ols || model == SpatialModel::Slx; }

SpatialFit fit_within_ols(const DesignMatrix& d, const SpatialSample& sample) {
    OlsOptions options;
    const SampleShape& shape = sample.shape();
    options.absorbed = absorbed_parameters(sample.transformation().effects, shape.units, shape.periods);
    SpatialFit fit = as_spatial_fit(fit_ols(sample.within(d), options));
    fit.ids = d.ids;
    fit.shape = shape;
    fit.estimator = sample.has_fixed_effects() ? "least squares on the within-transformed data (as plm's within model)"
                                               : "least squares on the pooled panel";
    return fit;
}

SpatialFit fit_one(const DesignMatrix& d, const SpatialWeights& w, std::int64_t periods, SpatialModel model,
                   const PanelSpec& spec, SpatialFitOptions options) {
    PanelSpec used = spec;
    if (least_squares(model)) used.estimator = PanelEstimator::Direct;
    const SpatialSample sample(w, panel_shape(w.n(), periods, used), {spec.effects, spec.convention});
    if (model == SpatialModel::Ols) return fit_within_ols(d, sample);
    options.bias_correction = used.estimator == PanelEstimator::BiasCorrected;
    return fit_spatial(d, sample, model, options);
}

/// LR tests of the unit and of the time effects of a twoways fit, between direct-approach fits.
void add_effects_tests(SpatialFit& fit, const DesignMatrix& d, const SpatialWeights& w, std::int64_t periods,
                       SpatialModel model, const PanelSpec& spec, SpatialFitOptions options) {
    options.lr_refit_limit = 0;  // the restricted fits need no tests of their own
    PanelSpec direct = spec;
    direct.estimator = PanelEstimator::Direct;
    // A bias-corrected fit reports the direct maximum already; Lee & Yu's likelihood has other terms.
    const double unrestricted = spec.estimator != PanelEstimator::LeeYu
                                    ? fit.log_likelihood
                                    : fit_one(d, w, periods, model, direct, options).log_likelihood;
    const auto restricted = [&](PanelEffects effects) {
        PanelSpec r = direct;
        r.effects = effects;
        return fit_one(d, w, periods, model, r, options).log_likelihood;
    };
    const auto n = static_cast<double>(w.n()), t = static_cast<double>(periods);
    fit.tests.push_back(likelihood_ratio_test("lr_unit_effects", "LR test of the unit effects (against time effects only)",
                                              unrestricted, restricted(PanelEffects::Time), n - 1.0));
    fit.tests.push_back(likelihood_ratio_test("lr_time_effects", "LR test of the time effects (against unit effects only)",
                                              unrestricted, restricted(PanelEffects::Individual), t - 1.0));
}

void describe_panel(SpatialFit& fit, const SpatialWeights& w, std::int64_t periods, SpatialModel model,
                    const PanelSpec& spec, bool dropped_intercept) {
    const std::string transformation = !least_squares(model)             ? std::string(to_string(spec.estimator))
                                       : spec.effects == PanelEffects::None ? "pooled"
                                                                            : "within";
    fit.panel = PanelReport{w.n(), periods, std::string(to_string(spec.effects)), transformation,
                            std::string(to_string(spec.convention)), fit.shape.observations, {}};
    fit.n = static_cast<std::size_t>(fit.shape.observations);
    if (!least_squares(model))
        fit.estimator = fmt::format("maximum likelihood{}, concentrated in {} ({})",
                                    spec.effects == PanelEffects::None ? " on the pooled panel"
                                                                       : " of the within-transformed panel",
                                    has_rho(model) ? "rho" : "lambda",
                                    spec.estimator == PanelEstimator::LeeYu ? "Lee & Yu's transformation approach"
                                    : spec.estimator == PanelEstimator::BiasCorrected
                                        ? "direct approach, bias-corrected as Lee & Yu"
                                        : "direct approach, Elhorst 2014");
    auto& c = fit.conventions;
    if (dropped_intercept)
        c.push_back("the intercept is absorbed by the fixed effects (--fixed-effects FILE recovers it, with the effects "
                    "as deviations from it summing to zero, as Elhorst's code)");
    if (least_squares(model)) return;
    if (spec.effects != PanelEffects::None)
        c.push_back(spec.convention == LagConvention::DemeanLag
                        ? "lags: W applied to the raw data per period, then demeaned (Q.Wy, the model's own within "
                          "transformation, as Elhorst's sar_panel_FE); --lag-convention lag-demeaned gives SDPDmod's W.Qy"
                        : "lags: W applied to the demeaned data (W.Qy, as SDPDmod's SDPDm and Elhorst's sem_panel_FE); "
                          "the model's own transformation is Q.Wy (the default, demean-lag)");
    if (spec.estimator == PanelEstimator::LeeYu)
        c.push_back(fmt::format("Lee & Yu (2010) transformation approach: {} terms in the likelihood, Jacobian {} "
                                "ln|I - rho W|{}",
                                fit.shape.observations, fit.shape.logdet_multiplier,
                                fit.shape.unit_root != 0.0 ? fmt::format(" - {} ln(1 - rho)", -fit.shape.unit_root) : ""));
    else
        c.push_back(fmt::format("direct approach (Elhorst 2014): NT = {} terms in the likelihood, Jacobian T ln|I - rho "
                                "W| with T = {}",
                                fit.shape.observations, periods));
    if (fit.ldet && fit.ldet->error_bound == 0.0)
        c.push_back("ln|I - rho W| exact at every rho searched (SDPDmod and Elhorst's code read it off a 0.001 grid of "
                    "rho, so their rho can differ in the third decimal)");
}

/// Random unit effects by ML, the Durbin models as sar/sem with their WX columns, and the Hausman
/// test against unit fixed effects.
SpatialFit fit_random(const DesignMatrix& design, const SpatialWeights& w, std::int64_t periods, SpatialModel model,
                      const SpatialFitOptions& options) {
    const SpatialSample sample(w, SampleShape::panel(w.n(), periods));
    if (model == SpatialModel::Slx || model == SpatialModel::Sac)
        throw InputError(fmt::format("{} is not available with random effects (sar, sdm, sem, sdem and ols are)",
                                     to_string(model)));
    const bool durbin = has_durbin_terms(model);
    const DesignMatrix d = durbin ? durbin_design(design, sample, options.durbin) : design;
    RandomEffectsOptions re;
    re.logdet = options.logdet;
    re.search = options.search;
    re.traces = options.traces;
    re.rank_tolerance = options.rank_tolerance;
    const SpatialModel fitted = model == SpatialModel::Sdm ? SpatialModel::Sar : model == SpatialModel::Sdem ? SpatialModel::Sem : model;
    SpatialFit fit = fit_random_effects(d, sample, fitted, re);
    fit.model = std::string(to_string(model));
    for (std::size_t j = static_cast<std::size_t>(design.X.cols()); j < d.column_names.size(); ++j)
        fit.lagged.push_back(d.column_names[j].substr(2));
    if (fit.status == FitStatus::Failed) return fit;
    PanelSpec fixed;
    fixed.effects = PanelEffects::Individual;
    SpatialFitOptions fixed_options = options;
    fixed_options.lr_refit_limit = 0;
    const SpatialFit fe = fit_one(without_intercept(design), w, periods, model, fixed, fixed_options);
    if (fe.status != FitStatus::Failed && fe.covariance.allFinite()) add_hausman_test(fit, fe);
    return fit;
}

}  // namespace

SpatialFit fit_panel(const DesignMatrix& design, const SpatialWeights& w, std::int64_t periods, SpatialModel model,
                     const PanelSpec& spec, const SpatialFitOptions& options) {
    spec.validate();
    if (spec.random) {
        SpatialFit fit = fit_random(design, w, periods, model, options);
        fit.panel = PanelReport{w.n(), periods, "random", "random-effects ML", "", fit.shape.observations, {}};
        fit.n = static_cast<std::size_t>(fit.shape.observations);
        return fit;
    }
    if (spec.dynamic != DynamicTerms::None) return fit_dynamic_panel(design, w, periods, model, spec, options);
    if (spec.estimator == PanelEstimator::LeeYu && has_time_effects(spec.effects))
        check_row_standardised(w, "--lee-yu with time effects", "use --transform row or the direct approach");
    const bool drop = spec.effects != PanelEffects::None && design.has_intercept;
    const DesignMatrix d = drop ? without_intercept(design) : design;
    SpatialFit fit = fit_one(d, w, periods, model, spec, options);
    if (spec.effects == PanelEffects::TwoWays && spec.effects_tests && fit.status != FitStatus::Failed) {
        const auto start = StageClock::now();
        add_effects_tests(fit, d, w, periods, model, spec, options);
        fit.timings.emplace_back("LR tests of the effects", seconds_since(start));
    }
    describe_panel(fit, w, periods, model, spec, drop);
    return fit;
}

}  // namespace spillover
