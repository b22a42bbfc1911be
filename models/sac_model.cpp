#include "models/sac_model.hpp"

#include <chrono>
#include <cmath>
#include <limits>
#include <numbers>

#include <boost/math/tools/minima.hpp>

#include "engine/random_probes.hpp"
#include "engine/spatial_solve.hpp"
#include "models/ml_estimates.hpp"

namespace spillover {

namespace {

/// The SAC profile: Gram matrices of [X, y, Wy] (X scaled to unit columns) and their lags.
class SacProfile {
public:
    SacProfile(const Eigen::VectorXd& y, const Eigen::MatrixXd& x, const SpatialWeights& w) : n_(static_cast<double>(y.size())) {
        const Eigen::Index n = y.size(), k = x.cols();
        const Eigen::VectorXd scale = x.colwise().norm().cwiseInverse().transpose();
        const Eigen::VectorXd wy = w.lag(y);
        Eigen::MatrixXd z(n, k + 2);
        z << x * scale.asDiagonal(), y, wy;
        const Eigen::MatrixXd wz = w.lag(z);
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

struct MixedTraces {
    double cross = 0.0;    ///< tr((WB⁻¹)'WA⁻¹)
    double product = 0.0;  ///< tr(WA⁻¹ WB⁻¹)
    bool exact = true;
};

MixedTraces mixed_traces(const SpatialWeights& w, double rho, double lambda, const TraceOptions& options,
                         LogDeterminant& logdet) {
    MixedTraces t;
    if (w.n() <= options.dense_limit) {
        const Eigen::MatrixXd wd(w.matrix());
        const Eigen::MatrixXd id = Eigen::MatrixXd::Identity(w.n(), w.n());
        const Eigen::MatrixXd ma = (id - rho * wd).partialPivLu().solve(wd);
        const Eigen::MatrixXd mb = (id - lambda * wd).partialPivLu().solve(wd);
        t.cross = ma.cwiseProduct(mb).sum();
        t.product = ma.cwiseProduct(mb.transpose()).sum();
        return t;
    }
    t.exact = false;
    const SpatialSolver a = make_spatial_solver(w, rho, &logdet);
    const SpatialSolver b = make_spatial_solver(w, lambda, &logdet);
    const Eigen::MatrixXd z = rademacher_probes(w.n(), options.probes, options.seed + 1);
    const Eigen::MatrixXd wa_z = w.lag(Eigen::MatrixXd(a.solve(z)));
    const Eigen::MatrixXd wb_z = w.lag(Eigen::MatrixXd(b.solve(z)));
    const Eigen::MatrixXd wa_wb_z = w.lag(Eigen::MatrixXd(a.solve(wb_z)));
    const double p = static_cast<double>(options.probes);
    t.cross = wa_z.cwiseProduct(wb_z).sum() / p;
    t.product = z.cwiseProduct(wa_wb_z).sum() / p;
    return t;
}

RhoSearchResult as_search(double value, const RhoSearchResult& inner) {
    RhoSearchResult r = inner;
    r.rho = value;
    const double margin = 2 * std::sqrt(std::numeric_limits<double>::epsilon()) * (inner.upper - inner.lower);
    r.at_bound = value - inner.lower <= margin || inner.upper - value <= margin;
    return r;
}

}  // namespace

SpatialFit fit_sac_model(const DesignMatrix& d, const SpatialWeights& w, LogDeterminant& logdet,
                         const SpatialFitOptions& options) {
    const auto start = std::chrono::steady_clock::now();
    SpatialFit fit;
    const SacProfile profile(d.y, d.X, w);
    const std::int64_t evaluations_before = logdet.evaluations();
    auto inner = [&](double lambda) {
        return maximise_over_rho(logdet, [&](double rho) { return profile.rest(rho, lambda); }, 1.0, options.search);
    };
    const RhoSearchResult first = inner(0.0);
    std::uintmax_t iterations = 200;
    auto minus_profile = [&](double lambda) { return -(inner(lambda).objective + logdet.evaluate(lambda).value); };
    const double lambda =
        boost::math::tools::brent_find_minima(minus_profile, first.lower, first.upper,
                                              std::numeric_limits<double>::digits / 2, iterations).first;
    const RhoSearchResult rho_search = inner(lambda);
    const double rho = rho_search.rho;
    const LogDetValue logdet_lambda = logdet.evaluate(lambda);
    record_search(fit, logdet, options.logdet, rho_search, "rho");
    record_search(fit, logdet, options.logdet, as_search(lambda, rho_search), "lambda");
    fit.ldet->evaluations = logdet.evaluations() - evaluations_before;
    fit.ldet->error_bound += logdet.exact() ? 0.0 : logdet_lambda.error_bound;
    if (iterations >= 200) add_warning(fit, "the search over lambda did not converge");
    const auto searched = std::chrono::steady_clock::now();

    const double n = static_cast<double>(d.n());
    const Eigen::MatrixXd bx = d.X - lambda * w.lag(d.X);
    const Eigen::VectorXd ay = d.y - rho * w.lag(d.y);
    const Eigen::VectorXd bay = ay - lambda * w.lag(ay);
    MlEstimates e;
    e.rho = rho;
    e.lambda = lambda;
    e.beta = bx.colPivHouseholderQr().solve(bay);
    e.residuals = bay - bx * e.beta;
    e.sigma2 = e.residuals.squaredNorm() / n;
    e.log_likelihood = profiled_log_likelihood(e.residuals.squaredNorm(), n) + rho_search.logdet.value + logdet_lambda.value;

    const SpatialTraces ta = spatial_traces(w, rho, options.traces, &logdet);
    const SpatialTraces tb = spatial_traces(w, lambda, options.traces, &logdet);
    const MixedTraces mixed = mixed_traces(w, rho, lambda, options.traces, logdet);
    const SpatialSolver solver = make_spatial_solver(w, rho, &logdet, options.traces.dense_limit);
    const Eigen::VectorXd wa_xb = w.lag(Eigen::VectorXd(solver.solve(d.X * e.beta)));
    const Eigen::VectorXd b_wa_xb = wa_xb - lambda * w.lag(wa_xb);
    const Eigen::Index k = d.X.cols();
    const double s2 = e.sigma2;
    Eigen::MatrixXd& info = e.information;
    info = Eigen::MatrixXd::Zero(k + 3, k + 3);
    info.topLeftCorner(k, k) = bx.transpose() * bx / s2;
    info.block(0, k, k, 1) = bx.transpose() * b_wa_xb / s2;
    info.block(k, 0, 1, k) = info.block(0, k, k, 1).transpose();
    info(k, k) = ta.wa_squared.value + ta.wa_cross.value + b_wa_xb.squaredNorm() / s2;
    info(k + 1, k + 1) = tb.wa_squared.value + tb.wa_cross.value;
    info(k, k + 1) = info(k + 1, k) = mixed.cross + mixed.product;
    info(k, k + 2) = info(k + 2, k) = ta.wa.value / s2;
    info(k + 1, k + 2) = info(k + 2, k + 1) = tb.wa.value / s2;
    info(k + 2, k + 2) = n / (2 * s2 * s2);
    set_ml_estimates(fit, d, e);
    record_traces(fit, ta, "rho-hat");
    record_traces(fit, tb, "lambda-hat");
    const auto done = std::chrono::steady_clock::now();
    fit.timings.emplace_back("search", std::chrono::duration<double>(searched - start).count());
    fit.timings.emplace_back("covariance", std::chrono::duration<double>(done - searched).count());
    return fit;
}

}  // namespace spillover
