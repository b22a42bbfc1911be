#include "models/error_model.hpp"

#include "engine/stage_timer.hpp"
#include "models/error_profile.hpp"
#include "models/ml_estimates.hpp"

namespace spillover {

Eigen::MatrixXd error_information(const Eigen::MatrixXd& filtered_x, double lambda, double sigma2,
                                  const SpatialSample& sample, LogDeterminant& logdet, const TraceOptions& options,
                                  SpatialTraces& traces) {
    traces = sample.traces(lambda, options, logdet);
    const Eigen::Index k = filtered_x.cols();
    Eigen::MatrixXd information = Eigen::MatrixXd::Zero(k + 2, k + 2);
    information.topLeftCorner(k, k) = filtered_x.transpose() * filtered_x / sigma2;
    add_variance_terms(information, k, traces, sigma2, sample.shape(), lambda);
    return information;
}

SpatialFit fit_error_model(const DesignMatrix& design, const SpatialSample& sample, LogDeterminant& logdet,
                           const SpatialFitOptions& options) {
    const auto start = StageClock::now();
    const SampleShape& shape = sample.shape();
    SpatialFit fit;
    DesignMatrix transformed;
    const DesignMatrix& d = sample.within(design, transformed);
    const ErrorProfile profile(d.y, d.X, sample.within_lag(design.y), sample.within_lag(design.X), shape.observations);
    const SearchResult search =
        maximise_over_parameter(logdet, [&](double lambda) { return profile.rest(lambda); }, shape, options.search);
    record_search(fit, logdet, options.logdet, search, "lambda");
    const auto searched = StageClock::now();

    const double lambda = search.estimate;
    const ErrorProfile::Solution solution = profile.solve(lambda);
    MlEstimates e;
    e.lambda = lambda;
    e.beta = solution.beta;
    e.residuals = solution.residuals;
    e.observations = shape.observations;
    e.sigma2 = e.residuals.squaredNorm() / e.observations;
    e.log_likelihood =
        profiled_log_likelihood(e.residuals.squaredNorm(), e.observations) + shape.jacobian(search.logdet.value, lambda);

    SpatialTraces traces;
    if (options.standard_errors)
        e.information = information_or_warning(fit, [&] {
            return error_information(solution.bx, lambda, e.sigma2, sample, logdet, options.traces, traces);
        });
    set_ml_estimates(fit, d, e);
    if (e.information.size() > 0) record_traces(fit, traces, "lambda-hat", options.traces);
    add_stage_timings(fit, start, searched);
    return fit;
}

}  // namespace spillover
