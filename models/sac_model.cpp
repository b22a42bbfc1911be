#include "models/sac_model.hpp"

#include <algorithm>
#include <chrono>
#include <functional>
#include <span>
#include <tuple>
#include <cmath>
#include <limits>
#include <numbers>

#include "solvers/exact_nodes.hpp"
#include "engine/random_probes.hpp"
#include "solvers/rho_search.hpp"
#include "solvers/spatial_solve.hpp"
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

/// argmax over [r_lo, r_hi] × [l_lo, l_hi] of f(ρ, λ) by nested Brent (λ outside, ρ inside).
std::pair<double, double> nested_maximum(const std::function<double(double, double)>& f, double r_lo, double r_hi,
                                         double l_lo, double l_hi) {
    auto inner = [&](double lambda) { return brent_maximum([&](double rho) { return f(rho, lambda); }, r_lo, r_hi); };
    const double lambda = brent_maximum([&](double l) { return inner(l).second; }, l_lo, l_hi).first;
    return {inner(lambda).first, lambda};
}

/// The (ρ, λ) search and what it cost, as two 1-D search results (for the report).
struct SacSearch {
    RhoSearchResult rho, lambda;
};

SacSearch finish(double rho, double lambda, LogDetValue at_rho, LogDetValue at_lambda, double lo, double hi,
                 const RhoSearchOptions& o) {
    SacSearch s;
    const double near = std::max(o.tolerance, 1e-6 * (hi - lo));
    for (auto [result, value, ld] : {std::tuple{&s.rho, rho, at_rho}, std::tuple{&s.lambda, lambda, at_lambda}}) {
        result->rho = value;
        result->logdet = ld;
        result->lower = lo;
        result->upper = hi;
        result->at_bound = value - lo < near || hi - value < near;
    }
    return s;
}

/// Eigen or an approximate method: every log-determinant value is cheap, so nested Brent on ℓ.
SacSearch brent_sac_search(const SacProfile& profile, LogDeterminant& logdet, double lo, double hi,
                           const RhoSearchOptions& o) {
    const auto [rho, lambda] = nested_maximum(
        [&](double r, double l) { return profile.rest(r, l) + logdet.evaluate(r).value + logdet.evaluate(l).value; },
        lo, hi, lo, hi);
    return finish(rho, lambda, logdet.evaluate(rho), logdet.evaluate(lambda), lo, hi, o);
}

/// Exact sparse methods: the 2-D form of the exact scheme of solvers/rho_search.hpp. ln|I − rW| is
/// one function for both parameters, modelled as the surrogate plus a cubic through the exact
/// corrections (exact − surrogate) nearest r; each round factorises at the model's maximiser
/// (ρ_k, λ_k) and beside it (in parallel), then maximises the model again in a box of ±2h.
SacSearch exact_sac_search(const SacProfile& profile, LogDeterminant& logdet, double lo, double hi,
                           const RhoSearchOptions& o) {
    const double width = hi - lo, min_spacing = 1e-5 * width;
    LogDeterminant* surrogate = o.use_surrogate ? logdet.surrogate() : nullptr;
    auto base = [&](double r) { return surrogate ? surrogate->evaluate(r).value : 0.0; };
    ExactNodes nodes;
    auto correction = [&](double r) { return nodes.size() == 0 ? 0.0 : nodes.interpolate_near(r, 4, min_spacing, r); };
    auto model = [&](double r) { return base(r) + correction(r); };
    double missed = 0.0;
    auto add_exact = [&](std::vector<double> rs) {
        std::vector<double> fresh;
        for (double r : rs)
            if (!nodes.has_near(r, min_spacing) || !nodes.value_at(r)) fresh.push_back(r);
        std::sort(fresh.begin(), fresh.end());
        fresh.erase(std::unique(fresh.begin(), fresh.end()), fresh.end());
        if (fresh.empty()) return;
        const auto exact = logdet.evaluate(std::span<const double>(fresh));
        missed = 0.0;
        for (std::size_t k = 0; k < fresh.size(); ++k) {
            if (nodes.size() >= 2) missed = std::max(missed, std::fabs(exact[k].value - model(fresh[k])));
            nodes.add(fresh[k], exact[k].value - base(fresh[k]));
        }
    };
    if (lo < 0.0 && hi > 0.0) nodes.add(0.0, -base(0.0));  // ln|I − 0·W| = 0, free
    if (!surrogate) {
        std::vector<double> global;
        for (int k = 0; k < o.global_nodes; ++k)
            global.push_back(0.5 * (lo + hi) + 0.5 * width * std::cos((2.0 * k + 1.0) * std::numbers::pi / (2.0 * o.global_nodes)));
        add_exact(global);
    }
    auto objective = [&](double r, double l) { return profile.rest(r, l) + model(r) + model(l); };
    auto [rho, lambda] = nested_maximum(objective, lo, hi, lo, hi);
    double h = width / 128, side = 1.0;
    bool converged = false;
    for (int round = 0; round < o.max_rounds && !converged; ++round) {
        add_exact({rho, lambda, std::clamp(rho + side * h, lo, hi), std::clamp(lambda - side * h, lo, hi)});
        side = -side;
        const auto [next_rho, next_lambda] =
            nested_maximum(objective, std::max(lo, rho - 2 * h), std::min(hi, rho + 2 * h), std::max(lo, lambda - 2 * h),
                           std::min(hi, lambda + 2 * h));
        // As in 1-D: a model error δ over a spacing h moves the maximiser by about δ/(h · curvature).
        const double curvature = std::min(
            std::fabs(objective(next_rho + h, next_lambda) - 2 * objective(next_rho, next_lambda) + objective(next_rho - h, next_lambda)),
            std::fabs(objective(next_rho, next_lambda + h) - 2 * objective(next_rho, next_lambda) + objective(next_rho, next_lambda - h))) /
                                 (h * h);
        const double uncertainty = curvature > 0 ? missed / h / curvature : h;
        const double step = std::max(std::fabs(next_rho - rho), std::fabs(next_lambda - lambda));
        const double tolerance = std::max(o.tolerance, 4 * std::sqrt(std::numeric_limits<double>::epsilon()));
        converged = step < tolerance && uncertainty < tolerance;
        h = std::max(min_spacing, std::min(h / 2, 4 * std::max(step, uncertainty)));
        if (!converged) std::tie(rho, lambda) = std::pair{next_rho, next_lambda};
    }
    add_exact({rho, lambda});  // the reported ℓ uses exact values at the estimate
    auto exact_at = [&](double r) { return LogDetValue{*nodes.value_at(r) + base(r), 0.0, 0.0, 0.0}; };
    SacSearch s = finish(rho, lambda, exact_at(rho), exact_at(lambda), lo, hi, o);
    s.rho.converged = s.lambda.converged = converged;
    return s;
}

}  // namespace

SpatialFit fit_sac_model(const DesignMatrix& d, const SpatialWeights& w, LogDeterminant& logdet,
                         const SpatialFitOptions& options) {
    const auto start = std::chrono::steady_clock::now();
    SpatialFit fit;
    const SacProfile profile(d.y, d.X, w);
    const std::int64_t evaluations_before = logdet.evaluations();
    const auto [lo, hi] = search_interval(logdet, options.search);
    const bool sparse = logdet.method() == LogDetMethod::Cholesky || logdet.method() == LogDetMethod::Lu;
    const SacSearch search = sparse ? exact_sac_search(profile, logdet, lo, hi, options.search)
                                    : brent_sac_search(profile, logdet, lo, hi, options.search);
    const double rho = search.rho.rho, lambda = search.lambda.rho;
    const LogDetValue logdet_lambda = search.lambda.logdet;
    record_search(fit, logdet, options.logdet, search.rho, "rho");
    record_search(fit, logdet, options.logdet, search.lambda, "lambda");
    fit.ldet->evaluations = logdet.evaluations() - evaluations_before;
    fit.ldet->error_bound = logdet.exact() ? 0.0 : search.rho.logdet.error_bound + logdet_lambda.error_bound;
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
    e.log_likelihood = profiled_log_likelihood(e.residuals.squaredNorm(), n) + search.rho.logdet.value + logdet_lambda.value;

    const SpatialTraces ta = spatial_traces(w, rho, options.traces, &logdet);
    const SpatialTraces tb = spatial_traces(w, lambda, options.traces, &logdet);
    const MixedTraces mixed = mixed_traces(w, rho, lambda, options.traces, logdet);
    const SpatialSolver solver = make_spatial_solver(w, rho, &logdet);
    const Eigen::VectorXd wa_xb = w.lag(Eigen::VectorXd(solver.solve(d.X * e.beta)));
    const Eigen::VectorXd b_wa_xb = wa_xb - lambda * w.lag(wa_xb);
    const Eigen::Index k = d.X.cols();
    const double s2 = e.sigma2;
    Eigen::MatrixXd& info = e.information;
    info = Eigen::MatrixXd::Zero(k + 3, k + 3);
    info.topLeftCorner(k, k) = bx.transpose() * bx / s2;
    info.block(0, k, k, 1) = bx.transpose() * b_wa_xb / s2;
    info.block(k, 0, 1, k) = info.block(0, k, k, 1).transpose();
    info(k, k) = b_wa_xb.squaredNorm() / s2;
    info(k, k + 1) = info(k + 1, k) = mixed.cross + mixed.product;
    add_variance_terms(info, k, ta, s2, n);
    add_variance_terms(info, k + 1, tb, s2, n);
    set_ml_estimates(fit, d, e);
    record_traces(fit, ta, "rho-hat");
    record_traces(fit, tb, "lambda-hat");
    add_stage_timings(fit, start, searched);
    return fit;
}

}  // namespace spillover
