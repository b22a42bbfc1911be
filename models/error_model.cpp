#include "models/error_model.hpp"

#include <chrono>

#include "models/error_profile.hpp"
#include "models/ml_estimates.hpp"

namespace spillover {

SpatialFit fit_error_model(const DesignMatrix& d, const SpatialWeights& w, LogDeterminant& logdet,
                           const SpatialFitOptions& options) {
    const auto start = std::chrono::steady_clock::now();
    SpatialFit fit;
    const ErrorProfile profile(d.y, d.X, w);
    const RhoSearchResult search =
        maximise_over_rho(logdet, [&](double lambda) { return profile.rest(lambda); }, 1.0, options.search);
    record_search(fit, logdet, options.logdet, search, "lambda");
    const auto searched = std::chrono::steady_clock::now();

    const double lambda = search.rho, n = static_cast<double>(d.n());
    const ErrorProfile::Solution solution = profile.solve(lambda);
    MlEstimates e;
    e.lambda = lambda;
    e.beta = solution.beta;
    e.residuals = solution.residuals;
    e.sigma2 = e.residuals.squaredNorm() / n;
    e.log_likelihood = profiled_log_likelihood(e.residuals.squaredNorm(), n) + search.logdet.value;

    const SpatialTraces traces = spatial_traces(w, lambda, options.traces, &logdet);
    const Eigen::Index k = d.X.cols();
    const double s2 = e.sigma2;
    e.information = Eigen::MatrixXd::Zero(k + 2, k + 2);
    e.information.topLeftCorner(k, k) = solution.bx.transpose() * solution.bx / s2;
    e.information(k, k) = traces.wa_squared.value + traces.wa_cross.value;
    e.information(k, k + 1) = e.information(k + 1, k) = traces.wa.value / s2;
    e.information(k + 1, k + 1) = n / (2 * s2 * s2);
    set_ml_estimates(fit, d, e);
    record_traces(fit, traces, "lambda-hat");
    const auto done = std::chrono::steady_clock::now();
    fit.timings.emplace_back("search", std::chrono::duration<double>(searched - start).count());
    fit.timings.emplace_back("covariance", std::chrono::duration<double>(done - searched).count());
    return fit;
}

}  // namespace spillover
