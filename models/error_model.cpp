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
    add_variance_terms(e.information, k, traces, s2, n);
    set_ml_estimates(fit, d, e);
    record_traces(fit, traces, "lambda-hat");
    add_stage_timings(fit, start, searched);
    return fit;
}

}  // namespace spillover
