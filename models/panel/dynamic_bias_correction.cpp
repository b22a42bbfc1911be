#include "models/panel/dynamic_bias_correction.hpp"

#include <cmath>
#include <complex>

#include <fmt/format.h>

#include "models/ml_estimates.hpp"
#include "models/panel/bias_correction.hpp"
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

void record_stability(DynamicReport& report, const Eigen::VectorXcd& omega, double tau, double eta, double rho) {
    report.sum_abs = std::abs(tau) + std::abs(rho) + std::abs(eta);
    report.spectral_radius = dynamics_spectral_radius(omega, tau, eta, rho);
    report.stable = report.spectral_radius < 1.0;
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

void correct_dynamic_bias(SpatialFit& fit, SpatialModel model, const DesignMatrix& design, const SpatialSample& sample,
                          LogDeterminant& logdet, const SpatialFitOptions& options) {
    const DynamicLagColumns& lags = options.dynamic_lags;
    DynamicReport& report = fit.dynamic.emplace();
    report.uncorrected = named_estimates(fit);
    const AllEigenvalues spectrum = dynamic_spectrum(sample.w(), options.logdet);
    const Eigen::Index k = fit.beta.size();
    Eigen::VectorXd theta(k + 2);
    theta << fit.beta, fit.rho->estimate, fit.sigma2;
    const auto stability_at = [&](const Eigen::VectorXd& t) {
        record_stability(report, spectrum.values, coefficient(t, lags.tau_at), coefficient(t, lags.eta_at), t(k));
    };
    stability_at(theta);
    if (!fit.covariance.allFinite()) {
        add_warning(fit, "no bias correction: the quasi-ML estimates have no covariance matrix");
        return;
    }
    if (!report.stable) {
        add_warning(fit, fmt::format("no bias correction: the estimated dynamics are not stable (spectral radius of "
                                     "(I - rho W)^-1 (tau I + eta W) = {:.6g} >= 1); Yu, de Jong & Lee's (2008) correction "
                                     "assumes stability, so the estimates are the uncorrected quasi-ML ones",
                                     report.spectral_radius));
        return;
    }
    const double uncorrected_radius = report.spectral_radius;
    const Eigen::VectorXcd omega = sample_eigenvalues(spectrum.values, sample);
    const Eigen::VectorXd corrected = theta + fit.covariance * dynamic_bias_vector(omega, theta, lags);
    set_corrected_estimates(fit, model, design, sample, logdet, options, corrected);
    stability_at(corrected);
    report.correction = fmt::format(
        "Yu, de Jong & Lee (2008): theta + I(theta)^-1 c with c from the traces of ((1 - tau) I - (rho + eta) W)^-1 over "
        "{} units{}, all exact from W's eigenvalues ({}); standard errors from the information matrix at the corrected "
        "values (normal errors: SDPDmod and Elhorst's code add a fourth-moment term); log-likelihood of the uncorrected fit",
        omega.size(), sample.shape().unit_root != 0.0 ? " (W* = F'WF: W's eigenvalue 1 left out)" : "", spectrum.method);
    if (!report.stable)
        add_warning(fit, fmt::format("the corrected dynamics are not stable (spectral radius of (I - rho W)^-1 (tau I + "
                                     "eta W) = {:.6g} >= 1; {:.6g} before the correction): the long-run effects do not exist",
                                     report.spectral_radius, uncorrected_radius));
}

}  // namespace spillover
