#include "models/panel/dynamic_bias_correction.hpp"

#include <cmath>
#include <complex>
#include <limits>

#include <Eigen/Eigenvalues>
#include <fmt/format.h>

#include "models/ml_estimates.hpp"
#include "models/panel/bias_correction.hpp"
#include "solvers/power_moments.hpp"
#include "weights/dense_eigenvalues.hpp"
#include "weights/spectrum.hpp"
#include "weights/symmetric_similar.hpp"

namespace spillover {

namespace {

using Complex = std::complex<double>;

double coefficient(const Eigen::VectorXd& theta, Eigen::Index at) { return at >= 0 ? theta(at) : 0.0; }

/// W's eigenvalues, less the eigenvalue 1 under Lee & Yu's transformation of the units (W* = F'WF).
Eigen::VectorXcd sample_eigenvalues(const Eigen::VectorXcd& omega, const SpatialSample& sample) {
    if (sample.shape().unit_root == 0.0) return omega;
    Eigen::Index one = 0;
    (omega.array() - Complex(1.0, 0.0)).abs().minCoeff(&one);
    Eigen::VectorXcd out(omega.size() - 1);
    out << omega.head(one), omega.tail(omega.size() - one - 1);
    return out;
}

/// The uncorrected estimates in the report: every coefficient, then rho and sigma2.
std::vector<std::pair<std::string, double>> named_estimates(const SpatialFit& fit) {
    std::vector<std::pair<std::string, double>> out;
    for (const auto& c : fit.coefficients) out.emplace_back(c.name, c.estimate);
    out.emplace_back("rho", fit.rho->estimate);
    out.emplace_back("sigma2", fit.sigma2);
    return out;
}

/// W's eigenvalues, after the memory they need is checked and a long wait announced (as the eigen
/// log-determinant does: solvers/logdet_eigen.hpp).
AllEigenvalues dynamic_spectrum(const SpatialWeights& w, const LogDetOptions& options) {
    const DenseEigenCost cost = dense_eigenvalues_cost(w.n(), has_symmetric_similar(w));
    check_memory(cost, "--dynamic (its bias correction and stability check)",
                 "fit the static panel, or the dynamic one on fewer units");
    if (options.notice && cost.seconds > options.notice_seconds)
        options.notice(fmt::format("dynamic panel: W's eigenvalues for the bias correction, n = {}, {}", w.n(),
                                   cost.summary()));
    return all_eigenvalues(w, options.threads);
}

}  // namespace

DynamicTraces dynamic_traces(const Eigen::VectorXcd& omega, double tau, double eta, double rho) {
    Complex m, wm, gm, gwm, g;
    for (Eigen::Index i = 0; i < omega.size(); ++i) {
        const Complex w = omega(i);
        const Complex d = 1.0 - tau - (rho + eta) * w, s = 1.0 - rho * w;
        m += 1.0 / d;
        wm += w / d;
        gm += w / (s * d);
        gwm += w * w / (s * d);
        g += w / s;
    }
    // Complex eigenvalues come in conjugate pairs: the sums are real.
    return {m.real(), wm.real(), gm.real(), gwm.real(), g.real()};
}

Eigen::VectorXd dynamic_bias_vector(const Eigen::VectorXcd& omega, const Eigen::VectorXd& theta,
                                    const DynamicLagColumns& lags) {
    const Eigen::Index k = theta.size() - 2;
    const double tau = coefficient(theta, lags.tau_at), eta = coefficient(theta, lags.eta_at);
    const double rho = theta(k), sigma2 = theta(k + 1);
    const DynamicTraces t = dynamic_traces(omega, tau, eta, rho);
    Eigen::VectorXd c = Eigen::VectorXd::Zero(theta.size());
    if (lags.tau_at >= 0) c(lags.tau_at) = t.m;
    if (lags.eta_at >= 0) c(lags.eta_at) = t.wm;
    c(k) = tau * t.gm + eta * t.gwm + t.g;
    c(k + 1) = static_cast<double>(omega.size()) / (2.0 * sigma2);
    return c;
}

double dynamics_spectral_radius(const Eigen::VectorXcd& omega, double tau, double eta, double rho) {
    double radius = 0.0;
    for (Eigen::Index i = 0; i < omega.size(); ++i)
        radius = std::max(radius, std::abs((tau + eta * omega(i)) / (1.0 - rho * omega(i))));
    return radius;
}

Eigen::VectorXd dynamic_bias_vector_by_series(const SpatialWeights& w, bool without_unit_eigenvalue,
                                              const Eigen::VectorXd& theta, const DynamicLagColumns& lags,
                                              const SpatialMultiplierOptions& multiplier, std::string& method) {
    const Eigen::Index k = theta.size() - 2;
    const double tau = coefficient(theta, lags.tau_at), eta = coefficient(theta, lags.eta_at);
    const double rho = theta(k), sigma2 = theta(k + 1), rest = 1.0 - tau, rho_l = (rho + eta) / rest;
    Eigen::VectorXd c = Eigen::VectorXd::Constant(theta.size(), std::numeric_limits<double>::quiet_NaN());
    if (!(rest > 0.0)) return c;
    const double radius = spectral_radius_bound(w);
    if (!(std::abs(rho_l) * radius < 1.0)) return c;
    const SpatialMultiplier m(w, std::abs(rho_l), -1, multiplier, radius);
    const MultiplierMoments at = m.at(rho_l);
    const auto n = static_cast<double>(w.n());
    double tr_m = n * at.diag / rest, tr_wm = n * at.diag_w / rest;
    if (without_unit_eigenvalue) {  // f(1) of M and WM for W* = F'WF
        tr_m -= 1.0 / (rest - rho - eta);
        tr_wm -= 1.0 / (rest - rho - eta);
    }
    c.setZero();
    if (lags.tau_at >= 0) c(lags.tau_at) = tr_m;
    if (lags.eta_at >= 0) c(lags.eta_at) = tr_wm;
    c(k) = tr_wm;
    c(k + 1) = (without_unit_eigenvalue ? n - 1.0 : n) / (2.0 * sigma2);
    method = fmt::format("the series of tr((I - rho_L W)^-1) at rho_L = {:.6g} ({}{})", rho_l, m.method(),
                         m.truncation_bound() > 0 ? fmt::format("; truncation bound {:.3g}", m.truncation_bound()) : "");
    if (m.trace_std_error() > 0)
        method += fmt::format("; standard error {:.3g} on tr((I - rho_L W)^-1)/N from the stochastic traces", m.trace_std_error());
    return c;
}

double dynamics_spectral_radius(double lambda_min, double lambda_max, bool real, double radius_bound, double tau,
                                double eta, double rho) {
    if (real) {
        const auto at = [&](double w) { return std::abs((tau + eta * w) / (1.0 - rho * w)); };
        return std::max(at(lambda_min), at(lambda_max));
    }
    const double denominator = 1.0 - std::abs(rho) * radius_bound;
    return denominator > 0.0 ? (std::abs(tau) + std::abs(eta) * radius_bound) / denominator
                             : std::numeric_limits<double>::infinity();
}

namespace {

/// The route of the header: W's eigenvalues, or the series with W's extreme eigenvalues.
class DynamicRoute {
public:
    DynamicRoute(const SpatialFit& fit, const SpatialSample& sample, const LogDetOptions& logdet)
        : w_(sample.w()), without_one_(sample.shape().unit_root != 0.0), real_(has_symmetric_similar(w_)) {
        const SpatialMultiplierOptions defaults;
        const auto limit = real_ ? defaults.eigen_limit : std::min(defaults.eigen_limit, defaults.complex_eigen_limit);
        exact_ = w_.n() <= limit || !fit.ldet;
        if (exact_) {
            spectrum_ = dynamic_spectrum(w_, logdet);
            sample_omega_ = sample_eigenvalues(spectrum_.values, sample);
            return;
        }
        lambda_min_ = 1.0 / fit.ldet->lower;  // the search interval is (1/λ_min, 1/λ_max)
        lambda_max_ = 1.0 / fit.ldet->upper;
        radius_bound_ = spectral_radius_bound(w_);
    }

    double radius(double tau, double eta, double rho) const {
        return exact_ ? dynamics_spectral_radius(spectrum_.values, tau, eta, rho)
                      : dynamics_spectral_radius(lambda_min_, lambda_max_, real_, radius_bound_, tau, eta, rho);
    }

    Eigen::VectorXd bias(const Eigen::VectorXd& theta, const DynamicLagColumns& lags) {
        if (exact_) {
            method_ = "exact from W's eigenvalues (" + spectrum_.method + ")";
            return dynamic_bias_vector(sample_omega_, theta, lags);
        }
        return dynamic_bias_vector_by_series(w_, without_one_, theta, lags, SpatialMultiplierOptions{}, method_);
    }

    /// The traces' route and, off the eigenvalue route, how the spectral radius was judged.
    std::string description() const {
        if (exact_) return method_;
        return method_ + (real_ ? "; spectral radius exact from W's extreme eigenvalues (real spectrum)"
                                : fmt::format("; spectral radius bounded with |W| <= {:.6g} (W has complex eigenvalues)",
                                              radius_bound_));
    }
    Eigen::Index units() const { return w_.n() - (without_one_ ? 1 : 0); }

private:
    const SpatialWeights& w_;
    bool without_one_, real_, exact_ = true;
    AllEigenvalues spectrum_;
    Eigen::VectorXcd sample_omega_;
    double lambda_min_ = -1.0, lambda_max_ = 1.0, radius_bound_ = 1.0;
    std::string method_;
};

}  // namespace

void correct_dynamic_bias(SpatialFit& fit, SpatialModel model, const DesignMatrix& design, const SpatialSample& sample,
                          LogDeterminant& logdet, const SpatialFitOptions& options) {
    const DynamicLagColumns& lags = options.dynamic_lags;
    DynamicReport& report = fit.dynamic.emplace();
    report.uncorrected = named_estimates(fit);
    DynamicRoute route(fit, sample, options.logdet);
    const Eigen::Index k = fit.beta.size();
    Eigen::VectorXd theta(k + 2);
    theta << fit.beta, fit.rho->estimate, fit.sigma2;
    const auto stability_at = [&](const Eigen::VectorXd& t) {
        const double tau = coefficient(t, lags.tau_at), eta = coefficient(t, lags.eta_at), rho = t(k);
        report.sum_abs = std::abs(tau) + std::abs(rho) + std::abs(eta);
        report.spectral_radius = route.radius(tau, eta, rho);
        report.stable = report.spectral_radius < 1.0;
    };
    stability_at(theta);
    if (!fit.covariance.allFinite()) {
        add_warning(fit, "no bias correction: the quasi-ML estimates have no covariance matrix");
        return;
    }
    const Eigen::VectorXd spread = Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(fit.covariance).eigenvalues();
    report.information_ratio = spread.minCoeff() / spread.maxCoeff();  // that of I(θ̂), its inverse
    const Eigen::VectorXd c = report.stable ? route.bias(theta, lags) : Eigen::VectorXd();
    if (!report.stable || !c.allFinite()) {
        add_warning(fit, fmt::format("no bias correction: the estimated dynamics are not stable (spectral radius of "
                                     "(I - rho W)^-1 (tau I + eta W) = {:.6g}{}); Yu, de Jong & Lee's (2008) correction "
                                     "assumes stability, so the estimates are the uncorrected quasi-ML ones",
                                     report.spectral_radius, report.stable ? "" : " >= 1"));
        return;
    }
    const double uncorrected_radius = report.spectral_radius;
    set_corrected_estimates(fit, model, design, sample, logdet, options, theta + fit.covariance * c);
    Eigen::VectorXd corrected(k + 2);
    corrected << fit.beta, fit.rho->estimate, fit.sigma2;
    stability_at(corrected);
    report.correction = fmt::format(
        "Yu, de Jong & Lee (2008): theta + I(theta)^-1 c with c from the traces of ((1 - tau) I - (rho + eta) W)^-1 over "
        "{} units{}, {}; standard errors from the information matrix at the corrected values (normal errors: SDPDmod "
        "and Elhorst's code add a fourth-moment term); log-likelihood of the uncorrected fit",
        route.units(), sample.shape().unit_root != 0.0 ? " (W* = F'WF: W's eigenvalue 1 left out)" : "",
        route.description());
    if (!report.stable)
        add_warning(fit, fmt::format("the corrected dynamics are not stable (spectral radius of (I - rho W)^-1 (tau I + "
                                     "eta W) = {:.6g} >= 1; {:.6g} before the correction): the long-run effects do not exist",
                                     report.spectral_radius, uncorrected_radius));
}

}  // namespace spillover
