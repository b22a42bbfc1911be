#include "models/panel/dynamic_panel.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "engine/input_error.hpp"
#include "models/spatial_regression.hpp"
#include "models/spatial_sample.hpp"

namespace spillover {

namespace {

/// InputError for what the dynamic estimator does not cover (see the header).
void check_available(const SpatialWeights& w, std::int64_t periods, SpatialModel model, const PanelSpec& spec) {
    spec.validate();
    if (model != SpatialModel::Sar && model != SpatialModel::Sdm)
        throw InputError(fmt::format("--dynamic fits sar or sdm (the dynamic spatial lag and Durbin panels of Yu, de "
                                     "Jong & Lee), not {}",
                                     to_string(model)));
    if (periods < 3)
        throw InputError(fmt::format("--dynamic needs at least 3 periods (the panel has {}): the first serves as the lag "
                                     "only, and the unit effects need two more",
                                     periods));
    if (has_time_effects(spec.effects))
        check_row_standardised(w, "--dynamic with twoways effects (Lee & Yu's transformation of the time effects)",
                               "use --transform row, or --effects individual");
}

/// The regressors W lags in sdm: those asked for, else every regressor of the static design (not
/// the lags of y, whose spatial lag is W y(t-1) already).
std::vector<std::string> durbin_names(const DesignMatrix& design, const SpatialFitOptions& options,
                                      const std::vector<std::string>& dynamic_names) {
    for (const auto& name : options.durbin)
        if (std::find(dynamic_names.begin(), dynamic_names.end(), name) != dynamic_names.end())
            throw InputError(fmt::format("--durbin '{}': the lags of the dependent variable are not lagged again (W y(t-1) "
                                         "is the space-time lag: --dynamic spacetime or both)",
                                         name));
    if (!options.durbin.empty()) return options.durbin;
    std::vector<std::string> names;
    for (const auto& name : design.column_names)
        if (name != "(Intercept)") names.push_back(name);
    return names;
}

void describe(SpatialFit& fit, const SpatialWeights& w, std::int64_t periods, const PanelSpec& spec,
              const DesignMatrix& dynamic, bool dropped_intercept) {
    const std::int64_t used = periods - 1;
    fit.panel = PanelReport{w.n(), used, std::string(to_string(spec.effects)), "dynamic (Yu, de Jong & Lee)",
                            std::string(to_string(spec.convention)), fit.shape.observations, {}};
    DynamicReport& report = fit.dynamic ? *fit.dynamic : fit.dynamic.emplace();
    report.terms = std::string(to_string(spec.dynamic));
    report.periods_used = used;
    const std::string& y = dynamic.response_name;
    if (has_time_lag(spec.dynamic)) report.time_lag = time_lag_name(y);
    if (has_spacetime_lag(spec.dynamic)) report.spacetime_lag = spacetime_lag_name(y);
    const bool twoways = has_time_effects(spec.effects);
    fit.estimator = fmt::format("bias-corrected quasi-maximum likelihood of the dynamic spatial panel (Yu, de Jong & Lee "
                                "2008{}), concentrated in rho",
                                twoways ? "; time effects by Lee & Yu's 2010 transformation" : "");
    auto& c = fit.conventions;
    if (dropped_intercept) c.push_back("the intercept is absorbed by the fixed effects");
    c.push_back(fmt::format("dynamic panel: the first of the {} periods serves as the lag only; {} periods of {} units "
                            "remain, conditional on the first",
                            periods, used, w.n()));
    c.push_back(twoways ? fmt::format("unit effects removed by demeaning over the {} periods, time effects by Lee & Yu's "
                                      "(2010) transformation F_(N,N-1): (N - 1) T' = {} terms in the likelihood, Jacobian "
                                      "{} (ln|I - rho W| - ln(1 - rho))",
                                      used, fit.shape.observations, used)
                        : fmt::format("unit effects removed by demeaning over the {} periods: N T' = {} terms in the "
                                      "likelihood, Jacobian {} ln|I - rho W|",
                                      used, fit.shape.observations, used));
    if (twoways && spec.effects_tests)
        c.push_back("no LR tests of the unit and time effects for a dynamic panel (each restricted fit would need a "
                    "correction of its own); the static fit reports them");
    if (!report.correction.empty()) c.push_back("bias correction: " + report.correction);
    // SDPDmod (SDPDm, 0.0.6) inverts the information matrix through Matrix::nearPD before the
    // correction; nearPD takes eigenvalues below 1e-6 of the largest as zero and raises them, which
    // moves the corrected estimates along that direction (proven on Cigar: with a plain inverse its
    // numbers are these).
    if (!report.correction.empty() && report.information_ratio > 0.0 && report.information_ratio <= 1e-6)
        c.push_back(fmt::format(
            "the information matrix is ill-conditioned here (smallest/largest eigenvalue {:.2g}): SDPDmod's SDPDm passes "
            "it through Matrix::nearPD before the correction, which raises eigenvalues below 1e-6 of the largest, so its "
            "corrected estimates differ from these along that direction (with a plain inverse it gives these; README, "
            "Dynamic panels)",
            report.information_ratio));
    c.push_back(fmt::format("stability: |tau| + |rho| + |eta| = {:.6g}; spectral radius of (I - rho W)^-1 (tau I + eta W) "
                            "= {:.6g} ({})",
                            report.sum_abs, report.spectral_radius, report.stable ? "stable" : "NOT stable"));
    if (fit.ldet && fit.ldet->error_bound == 0.0)
        c.push_back("ln|I - rho W| exact at every rho searched (SDPDmod and Elhorst's code read it off a 0.001 grid of "
                    "rho, so their rho can differ in the third decimal)");
}

}  // namespace

DesignMatrix dynamic_design(const DesignMatrix& design, const SpatialWeights& w, std::int64_t periods,
                            DynamicTerms terms) {
    const Eigen::Index n = w.n(), t = static_cast<Eigen::Index>(periods);
    if (design.n() != n * t || periods < 2)
        throw std::invalid_argument("dynamic_design: the design must have N x T rows and T >= 2");
    const Eigen::Index rows = n * (t - 1);
    std::vector<Eigen::VectorXd> lags;
    std::vector<std::string> names;
    const Eigen::VectorXd previous = design.y.head(rows);  // y_{t−1} of the rows of periods 2..T
    if (has_time_lag(terms)) {
        lags.push_back(previous);
        names.push_back(time_lag_name(design.response_name));
    }
    if (has_spacetime_lag(terms)) {
        Eigen::VectorXd lagged(rows);
        for (Eigen::Index p = 0; p + 1 < t; ++p) lagged.segment(p * n, n) = w.matrix() * previous.segment(p * n, n);
        lags.push_back(lagged);
        names.push_back(spacetime_lag_name(design.response_name));
    }
    DesignMatrix d;
    d.response_name = design.response_name;
    d.y = design.y.tail(rows);
    d.X.resize(rows, static_cast<Eigen::Index>(lags.size()) + design.X.cols());
    for (std::size_t j = 0; j < lags.size(); ++j) d.X.col(static_cast<Eigen::Index>(j)) = lags[j];
    d.X.rightCols(design.X.cols()) = design.X.bottomRows(rows);
    d.column_names = names;
    d.column_names.insert(d.column_names.end(), design.column_names.begin(), design.column_names.end());
    d.has_intercept = design.has_intercept;
    if (!design.ids.empty()) d.ids.assign(design.ids.end() - rows, design.ids.end());
    if (!design.rows.empty()) d.rows.assign(design.rows.end() - rows, design.rows.end());
    return d;
}

SampleShape dynamic_shape(std::int64_t units, std::int64_t periods_used, PanelEffects effects) {
    SampleShape shape = SampleShape::panel(units, periods_used);
    if (has_time_effects(effects)) {
        shape.observations = static_cast<double>((units - 1) * periods_used);
        shape.unit_root = -static_cast<double>(periods_used);
    }
    return shape;
}

SpatialFit fit_dynamic_panel(const DesignMatrix& design, const SpatialWeights& w, std::int64_t periods,
                             SpatialModel model, const PanelSpec& spec, const SpatialFitOptions& options) {
    check_available(w, periods, model, spec);
    const bool drop = design.has_intercept;
    const DesignMatrix base = drop ? without_intercept(design) : design;
    const DesignMatrix d = dynamic_design(base, w, periods, spec.dynamic);
    const auto lag_count = static_cast<Eigen::Index>(d.X.cols() - base.X.cols());
    const std::vector<std::string> lag_names(d.column_names.begin(), d.column_names.begin() + lag_count);

    SpatialFitOptions o = options;
    if (model == SpatialModel::Sdm) o.durbin = durbin_names(base, options, lag_names);
    o.bias_correction = true;
    o.dynamic_lags.tau_at = has_time_lag(spec.dynamic) ? 0 : -1;
    o.dynamic_lags.eta_at = has_spacetime_lag(spec.dynamic) ? (has_time_lag(spec.dynamic) ? 1 : 0) : -1;
    const SpatialSample sample(w, dynamic_shape(w.n(), periods - 1, spec.effects), {spec.effects, spec.convention});
    SpatialFit fit = fit_spatial(d, sample, model, o);
    describe(fit, w, periods, spec, d, drop);
    return fit;
}

}  // namespace spillover
