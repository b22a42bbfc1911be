#include "models/panel/bias_correction.hpp"

#include <fmt/format.h>

#include "engine/input_error.hpp"
#include "models/error_model.hpp"
#include "models/error_profile.hpp"
#include "models/lag_model.hpp"
#include "models/ml_estimates.hpp"

namespace spillover {

namespace {

/// θ = (β, p, σ²) of a fit with one spatial parameter p.
Eigen::VectorXd parameters(const SpatialFit& fit, double p) {
    const Eigen::Index k = fit.beta.size();
    Eigen::VectorXd theta(k + 2);
    theta << fit.beta, p, fit.sigma2;
    return theta;
}

/// θ corrected as the header says.
Eigen::VectorXd corrected(const SpatialFit& fit, double p, const SampleShape& shape, PanelEffects effects) {
    const double n = shape.observations, units = static_cast<double>(shape.units),
                 periods = static_cast<double>(shape.periods);
    Eigen::VectorXd theta = parameters(fit, p);
    const Eigen::Index last = theta.size() - 1;
    switch (effects) {
        case PanelEffects::Individual: theta(last) *= periods / (periods - 1.0); break;
        case PanelEffects::Time: theta(last) *= units / (units - 1.0); break;
        case PanelEffects::TwoWays: {
            Eigen::VectorXd bias = Eigen::VectorXd::Zero(theta.size());
            bias(last - 1) = 1.0 / (1.0 - p);
            bias(last) = 1.0 / (2.0 * fit.sigma2);
            theta += n * fit.covariance * bias / units;  // (I/n)⁻¹ b / N
            theta(last) *= periods / (periods - 1.0);
            break;
        }
        case PanelEffects::None: throw InputError("the bias correction is for panels with fixed effects");
    }
    return theta;
}

}  // namespace

void set_corrected_estimates(SpatialFit& fit, SpatialModel model, const DesignMatrix& design,
                             const SpatialSample& sample, LogDeterminant& logdet, const SpatialFitOptions& options,
                             const Eigen::VectorXd& theta) {
    const bool lag = has_rho(model);
    const Eigen::Index k = fit.beta.size();
    const DesignMatrix d = sample.within(design);
    MlEstimates e;
    e.beta = theta.head(k);
    e.sigma2 = theta(k + 1);
    e.observations = sample.observations();
    e.log_likelihood = fit.log_likelihood;
    const double p = theta(k);
    SpatialTraces traces;
    if (lag) {
        e.rho = p;
        e.residuals = d.y - p * sample.within_lag(design.y) - d.X * e.beta;
        e.information = lag_information(d.X, e.beta, p, e.sigma2, sample, logdet, options.traces, traces);
    } else {
        e.lambda = p;
        const Eigen::MatrixXd bx = d.X - p * sample.within_lag(design.X);
        e.residuals = d.y - p * sample.within_lag(design.y) - bx * e.beta;
        e.information = error_information(bx, p, e.sigma2, sample, logdet, options.traces, traces);
    }
    fit.statistics.clear();
    set_ml_estimates(fit, d, e);
}

void correct_bias(SpatialFit& fit, SpatialModel model, const DesignMatrix& design, const SpatialSample& sample,
                  LogDeterminant& logdet, const SpatialFitOptions& options) {
    const PanelEffects effects = sample.transformation().effects;
    if (effects == PanelEffects::None) throw InputError("the bias correction is for panels with fixed effects");
    if (!fit.covariance.allFinite()) {
        add_warning(fit, "no bias correction: the direct estimates have no covariance matrix");
        return;
    }
    const double p = has_rho(model) ? fit.rho->estimate : fit.lambda->estimate;
    set_corrected_estimates(fit, model, design, sample, logdet, options, corrected(fit, p, sample.shape(), effects));
    fit.conventions.push_back(fmt::format(
        "bias-corrected direct estimates (Lee & Yu 2010, as Elhorst's code with info.bc = 1): {}; standard errors "
        "at the corrected values; log-likelihood of the direct fit",
        effects == PanelEffects::TwoWays ? "theta + Sigma^-1 (0, 1/(1 - rho), 1/(2 sigma^2))/N, then sigma^2 x T/(T - 1)"
        : effects == PanelEffects::Individual ? "sigma^2 x T/(T - 1)"
                                              : "sigma^2 x N/(N - 1) (rho keeps its O(1/N) bias; --lee-yu removes it)"));
}

}  // namespace spillover
