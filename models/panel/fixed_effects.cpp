#include "models/panel/fixed_effects.hpp"

#include <cmath>

#include "engine/number_format.hpp"
#include "models/panel/panel_fit.hpp"
#include "models/spatial_model.hpp"
#include "models/spatial_sample.hpp"

namespace spillover {

namespace {

/// The regressors the fit's β multiplies, raw: the design's (no intercept) and W_ columns.
Eigen::MatrixXd raw_regressors(const SpatialFit& fit, const DesignMatrix& design, const SpatialSample& sample) {
    const DesignMatrix d = without_intercept(design);
    if (fit.lagged.empty()) return d.X;
    return durbin_design(d, sample, fit.lagged).X;
}

}  // namespace

std::vector<FixedEffect> recover_fixed_effects(const SpatialFit& fit, const DesignMatrix& design, const SpatialWeights& w,
                                               const std::vector<std::string>& periods, PanelEffects effects) {
    const auto units = w.n(), count = static_cast<std::int64_t>(periods.size());
    const SpatialSample sample(w, SampleShape::panel(units, count), {effects, LagConvention::DemeanLag});
    const Eigen::MatrixXd x = raw_regressors(fit, design, sample);
    Eigen::VectorXd r = design.y - x * fit.beta;
    if (fit.rho) r -= fit.rho->estimate * sample.lag(design.y);
    const Eigen::MatrixXd xs = sample.within(x);
    const Eigen::MatrixXd inverse = (xs.transpose() * xs).inverse();
    const double s2 = fit.sigma2;
    const auto se = [&](const Eigen::VectorXd& mean, double count_) {
        return std::sqrt(s2 / count_ + s2 * mean.dot(inverse * mean));
    };
    std::vector<FixedEffect> out;
    const double intercept = r.mean();
    out.push_back({"intercept", "", intercept, se(x.colwise().mean().transpose(), static_cast<double>(r.size()))});
    if (has_unit_effects(effects)) {
        const Eigen::MatrixXd r_means = unit_means(r, units, count), x_means = unit_means(x, units, count);
        for (Eigen::Index i = 0; i < units; ++i)
            out.push_back({"unit", w.ids()[static_cast<std::size_t>(i)], r_means(i, 0) - intercept,
                           se(x_means.row(i).transpose(), static_cast<double>(count))});
    }
    if (has_time_effects(effects)) {
        const Eigen::MatrixXd r_means = period_means(r, units, count), x_means = period_means(x, units, count);
        for (Eigen::Index t = 0; t < count; ++t)
            out.push_back({"period", periods[static_cast<std::size_t>(t)], r_means(t, 0) - intercept,
                           se(x_means.row(t).transpose(), static_cast<double>(units))});
    }
    return out;
}

std::string fixed_effects_csv(const std::vector<FixedEffect>& effects) {
    std::string out = "kind,id,estimate,std_error\n";
    for (const auto& e : effects)
        out += e.kind + "," + e.id + "," + format_round_trip(e.estimate) + "," + format_round_trip(e.std_error) + "\n";
    return out;
}

}  // namespace spillover
