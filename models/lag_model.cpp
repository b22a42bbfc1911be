#include "models/lag_model.hpp"

#include "engine/distributions.hpp"
#include "engine/stage_timer.hpp"
#include "models/lag_profile.hpp"
#include "models/ml_estimates.hpp"
#include "solvers/spatial_solve.hpp"

namespace spillover {

namespace {

/// spatialreg's "LM test for residual autocorrelation" of a lag fit: (e'We/σ²)² / (T − T_A² var(ρ̂)),
/// T = tr(WᵀW + W²), T_A = tr((WᵀW + W²)A⁻¹) (exact traces only).
HypothesisTest residual_autocorrelation_test(const SpatialWeights& w, const SpatialTraces& traces, const Eigen::VectorXd& e,
                                             double sigma2, double rho_variance) {
    const double t = w.matrix().squaredNorm() + trace_of_square(w);  // tr(WᵀW) + tr(W²)
    const double score = e.dot(w.lag(e)) / sigma2;
    const double statistic = score * score / (t - traces.lm_residual * traces.lm_residual * rho_variance);
    return {"lm_residual_autocorrelation", "LM test for residual autocorrelation", statistic, 1.0,
            chi_squared_upper_p(statistic, 1.0)};
}

}  // namespace

Eigen::MatrixXd lag_information(const Eigen::MatrixXd& x, const Eigen::VectorXd& beta, double rho, double sigma2,
                                const SpatialSample& sample, LogDeterminant& logdet, const TraceOptions& options,
                                SpatialTraces& traces) {
    traces = sample.traces(rho, options, logdet);
    const Eigen::VectorXd wa_xb = sample.lag_of_solve(make_spatial_solver(sample.w(), rho, &logdet), x * beta);
    const Eigen::Index k = x.cols();
    Eigen::MatrixXd information = Eigen::MatrixXd::Zero(k + 2, k + 2);
    information.topLeftCorner(k, k) = x.transpose() * x / sigma2;
    information.block(0, k, k, 1) = x.transpose() * wa_xb / sigma2;
    information.block(k, 0, 1, k) = information.block(0, k, k, 1).transpose();
    const double xb_norm = sample.shape().unit_root != 0.0 ? sample.within(wa_xb).squaredNorm() : wa_xb.squaredNorm();
    information(k, k) = xb_norm / sigma2;
    add_variance_terms(information, k, traces, sigma2, sample.shape(), rho);
    return information;
}

SpatialFit fit_lag_model(const DesignMatrix& design, const SpatialSample& sample, LogDeterminant& logdet,
                         const SpatialFitOptions& options) {
    const auto start = StageClock::now();
    const SampleShape& shape = sample.shape();
    SpatialFit fit;
    DesignMatrix transformed;
    const DesignMatrix& d = sample.within(design, transformed);
    const Eigen::VectorXd wy = sample.within_lag(design.y);
    const LagProfile profile(d.y, d.X, wy, shape.observations);
    const SearchResult search =
        maximise_over_parameter(logdet, [&](double rho) { return profile.rest(rho); }, shape, options.search);
    record_search(fit, logdet, options.logdet, search, "rho");
    const auto searched = StageClock::now();

    const double rho = search.estimate;
    MlEstimates e;
    e.rho = rho;
    e.beta = profile.beta(rho);
    e.residuals = d.y - rho * wy - d.X * e.beta;
    e.observations = shape.observations;
    e.sigma2 = e.residuals.squaredNorm() / e.observations;
    e.log_likelihood = search.objective;

    const Eigen::Index k = d.X.cols();
    SpatialTraces traces;
    if (options.standard_errors)
        e.information = information_or_warning(
            fit, [&] { return lag_information(d.X, e.beta, rho, e.sigma2, sample, logdet, options.traces, traces); });
    set_ml_estimates(fit, d, e);
    if (e.information.size() > 0) record_traces(fit, traces, "rho-hat", options.traces);
    if (traces.exact && shape.periods == 1 && fit.covariance.allFinite())
        fit.tests.push_back(residual_autocorrelation_test(sample.w(), traces, e.residuals, e.sigma2, fit.covariance(k, k)));
    add_stage_timings(fit, start, searched);
    return fit;
}

}  // namespace spillover
