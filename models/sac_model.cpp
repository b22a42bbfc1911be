#include "models/sac_model.hpp"

#include <cmath>
#include <numbers>

#include "engine/stage_timer.hpp"
#include "models/ml_estimates.hpp"
#include "solvers/spatial_search.hpp"
#include "solvers/spatial_solve.hpp"

namespace spillover {

namespace {

/// The SAC profile: Gram matrices of [X, y, Wy] (X scaled to unit columns) and their lags (the
/// sample's), n the sample's observations.
class SacProfile {
public:
    SacProfile(const Eigen::VectorXd& y, const Eigen::MatrixXd& x, const SpatialSample& sample)
        : n_(sample.observations()) {
        const Eigen::Index n = y.size(), k = x.cols();
        const Eigen::VectorXd scale = x.colwise().norm().cwiseInverse().transpose();
        const Eigen::VectorXd wy = sample.lag(y);
        Eigen::MatrixXd z(n, k + 2);
        z << x * scale.asDiagonal(), y, wy;
        const Eigen::MatrixXd wz = sample.lag(z);
        g0_ = z.transpose() * z;
        const Eigen::MatrixXd cross = z.transpose() * wz;
        g1_ = cross + cross.transpose();
        g2_ = wz.transpose() * wz;
    }

    /// ℓ(ρ, λ) without the log-determinants.
    double rest(double rho, double lambda) const {
        const Eigen::Index k = g0_.rows() - 2;
        const Eigen::MatrixXd gram = g0_ - lambda * g1_ + lambda * lambda * g2_;
        Eigen::MatrixXd t = Eigen::MatrixXd::Zero(k + 2, k + 1);
        t.topLeftCorner(k, k).setIdentity();
        t(k, k) = 1.0;
        t(k + 1, k) = -rho;
        const Eigen::MatrixXd h = t.transpose() * gram * t;
        const Eigen::LLT<Eigen::MatrixXd> llt(h);
        const double last = llt.matrixLLT()(k, k);
        return -0.5 * n_ * (std::log(2 * std::numbers::pi) + std::log(last * last / n_) + 1.0);
    }

private:
    double n_;
    Eigen::MatrixXd g0_, g1_, g2_;
};

}  // namespace

SpatialFit fit_sac_model(const DesignMatrix& d, const SpatialSample& sample, LogDeterminant& logdet,
                         const SpatialFitOptions& options) {
    const auto start = StageClock::now();
    const SampleShape& shape = sample.shape();
    const SpatialWeights& w = sample.w();
    SpatialFit fit;
    const SacProfile profile(d.y, d.X, sample);
    const JointSearchResult search = maximise_over_parameters(
        logdet, [&](double r, double l) { return profile.rest(r, l); }, shape, options.search);
    const double rho = search.rho.estimate, lambda = search.lambda.estimate;
    record_search(fit, logdet, options.logdet, search.rho, "rho");
    record_search(fit, logdet, options.logdet, search.lambda, "lambda");
    fit.ldet->evaluations = search.logdet_evaluations;
    fit.ldet->error_bound = logdet.exact() ? 0.0 : search.rho.logdet.error_bound + search.lambda.logdet.error_bound;
    const auto searched = StageClock::now();

    const Eigen::MatrixXd bx = d.X - lambda * sample.lag(d.X);
    const Eigen::VectorXd ay = d.y - rho * sample.lag(d.y);
    const Eigen::VectorXd bay = ay - lambda * sample.lag(ay);
    MlEstimates e;
    e.rho = rho;
    e.lambda = lambda;
    e.beta = bx.colPivHouseholderQr().solve(bay);
    e.residuals = bay - bx * e.beta;
    e.observations = shape.observations;
    e.sigma2 = e.residuals.squaredNorm() / e.observations;
    e.log_likelihood = profiled_log_likelihood(e.residuals.squaredNorm(), e.observations) +
                       shape.jacobian(search.rho.logdet.value, rho) + shape.jacobian(search.lambda.logdet.value, lambda);

    SpatialTraces ta, tb;
    if (options.standard_errors) e.information = information_or_warning(fit, [&] {
        ta = spatial_traces(w, rho, options.traces, &logdet);
        tb = spatial_traces(w, lambda, options.traces, &logdet);
        const MixedTraces mixed = mixed_traces(w, rho, lambda, options.traces, &logdet);
        const Eigen::VectorXd wa_xb = sample.lag_of_solve(make_spatial_solver(w, rho, &logdet), d.X * e.beta);
        const Eigen::VectorXd b_wa_xb = wa_xb - lambda * sample.lag(wa_xb);
        const Eigen::Index k = d.X.cols();
        const double s2 = e.sigma2;
        Eigen::MatrixXd info = Eigen::MatrixXd::Zero(k + 3, k + 3);
        info.topLeftCorner(k, k) = bx.transpose() * bx / s2;
        info.block(0, k, k, 1) = bx.transpose() * b_wa_xb / s2;
        info.block(k, 0, 1, k) = info.block(0, k, k, 1).transpose();
        info(k, k) = b_wa_xb.squaredNorm() / s2;
        // Both mixed traces are 1/((1 − ρ)(1 − λ)) at W's eigenvalue 1 (engine/sample_shape.hpp).
        const double at_one = 1.0 / ((1.0 - rho) * (1.0 - lambda));
        info(k, k + 1) = info(k + 1, k) = shape.trace(mixed.cross, at_one) + shape.trace(mixed.product, at_one);
        add_variance_terms(info, k, ta, s2, shape, rho);
        add_variance_terms(info, k + 1, tb, s2, shape, lambda);
        return info;
    });
    set_ml_estimates(fit, d, e);
    if (e.information.size() > 0) {
        record_traces(fit, ta, "rho-hat", options.traces);
        record_traces(fit, tb, "lambda-hat", options.traces);
    }
    add_stage_timings(fit, start, searched);
    return fit;
}

}  // namespace spillover
