#include "models/lag_model.hpp"

#include <chrono>

#include "engine/distributions.hpp"
#include "solvers/spatial_solve.hpp"
#include "models/lag_profile.hpp"
#include "models/ml_estimates.hpp"

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

SpatialFit fit_lag_model(const DesignMatrix& d, const SpatialWeights& w, LogDeterminant& logdet,
                         const SpatialFitOptions& options) {
    const auto start = std::chrono::steady_clock::now();
    SpatialFit fit;
    const LagProfile profile(d.y, d.X, w);
    const RhoSearchResult search =
        maximise_over_rho(logdet, [&](double rho) { return profile.rest(rho); }, 1.0, options.search);
    record_search(fit, logdet, options.logdet, search, "rho");
    const auto searched = std::chrono::steady_clock::now();

    const double rho = search.rho, n = static_cast<double>(d.n());
    MlEstimates e;
    e.rho = rho;
    e.beta = profile.beta(rho);
    e.residuals = d.y - rho * w.lag(d.y) - d.X * e.beta;
    e.sigma2 = e.residuals.squaredNorm() / n;
    e.log_likelihood = search.objective;

    const SpatialTraces traces = spatial_traces(w, rho, options.traces, &logdet);
    const SpatialSolver solver = make_spatial_solver(w, rho, &logdet);
    const Eigen::VectorXd wa_xb = w.lag(Eigen::VectorXd(solver.solve(d.X * e.beta)));
    const Eigen::Index k = d.X.cols();
    const double s2 = e.sigma2;
    e.information = Eigen::MatrixXd::Zero(k + 2, k + 2);
    e.information.topLeftCorner(k, k) = d.X.transpose() * d.X / s2;
    e.information.block(0, k, k, 1) = d.X.transpose() * wa_xb / s2;
    e.information.block(k, 0, 1, k) = e.information.block(0, k, k, 1).transpose();
    e.information(k, k) = wa_xb.squaredNorm() / s2;
    add_variance_terms(e.information, k, traces, s2, n);
    set_ml_estimates(fit, d, e);
    record_traces(fit, traces, "rho-hat");
    if (traces.exact && fit.covariance.allFinite())
        fit.tests.push_back(residual_autocorrelation_test(w, traces, e.residuals, s2, fit.covariance(k, k)));
    add_stage_timings(fit, start, searched);
    return fit;
}

}  // namespace spillover
