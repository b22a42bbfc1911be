#include "models/panel/random_effects.hpp"

#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <stdexcept>

#include <fmt/format.h>

#include "engine/input_error.hpp"
#include "engine/number_format.hpp"
#include "engine/numerical_failure.hpp"
#include "engine/stage_timer.hpp"
#include "models/ml_estimates.hpp"
#include "models/ols.hpp"
#include "models/specification_tests.hpp"
#include "solvers/spatial_solve.hpp"
#include "weights/dense_eigenvalues.hpp"

namespace spillover {

void RandomEffectsOptions::validate() const {
    logdet.validate();
    search.validate();
    traces.validate();
    if (!(rank_tolerance > 0 && rank_tolerance < 1))
        throw std::invalid_argument(fmt::format("random effects: rank_tolerance must be in (0, 1), got {}", rank_tolerance));
    if (!(phi_lower > 0 && phi_lower < 1))
        throw std::invalid_argument(fmt::format("random effects: phi_lower must be in (0, 1), got {}", phi_lower));
}

namespace {

// --- The panel's two parts --------------------------------------------------------------------------

/// The unit means over the periods: N × z.cols().
Eigen::MatrixXd unit_means(const SpatialSample& s, const Eigen::MatrixXd& z) {
    const Eigen::MatrixXd blocks = s.blocks(z);  // period t of column j at column j·T + t
    const Eigen::Index t = s.periods();
    Eigen::MatrixXd means(s.units(), z.cols());
    for (Eigen::Index j = 0; j < z.cols(); ++j) means.col(j) = blocks.middleCols(j * t, t).rowwise().mean();
    return means;
}

/// ι_T ⊗ m: the N rows of m repeated in every period.
Eigen::MatrixXd every_period(const SpatialSample& s, const Eigen::MatrixXd& m) { return m.replicate(s.periods(), 1); }

/// The R factor of z's QR (R'R = z'z): min(rows, cols) × cols, upper triangular.
Eigen::MatrixXd r_factor(const Eigen::MatrixXd& z) {
    const Eigen::HouseholderQR<Eigen::MatrixXd> qr(z);
    const Eigen::Index r = std::min(z.rows(), z.cols());
    return qr.matrixQR().topRows(r).triangularView<Eigen::Upper>();
}

/// The residual sum of squares of the last column of `a` regressed on the others: the square of the
/// last diagonal entry of a's R factor (a has at least as many rows as columns).
double residual_sum_of_squares(const Eigen::MatrixXd& a) {
    const Eigen::HouseholderQR<Eigen::MatrixXd> qr(a);
    const Eigen::Index last = a.cols() - 1;
    return qr.matrixQR()(last, last) * qr.matrixQR()(last, last);
}

/// x after one Newton step on f′ and f″ by Richardson-extrapolated central differences (f at x ± h,
/// x ± 2h; the caller keeps them in f's domain). Brent's method stops about √ε·|x| from a smooth
/// maximum, where f is flat to its rounding, but its derivatives still point the way: one step from
/// there lands within about 1e-11, which keeps the estimates reproducible to 1e-8 and the statistics
/// built on differences of them (the Hausman test) to 1e-6. The step is taken only where f″ < 0 and
/// it is shorter than h.
double newton_refined(const std::function<double(double)>& f, double x, double h) {
    const double f0 = f(x), fp1 = f(x + h), fm1 = f(x - h), fp2 = f(x + 2 * h), fm2 = f(x - 2 * h);
    const double first = (8.0 * (fp1 - fm1) - (fp2 - fm2)) / (12.0 * h);
    const double second = (16.0 * (fp1 + fm1) - (fp2 + fm2) - 30.0 * f0) / (12.0 * h * h);
    if (!(second < 0)) return x;
    const double step = -first / second;
    return std::fabs(step) < h ? x + step : x;
}

/// Relative size of the difference steps of newton_refined.
constexpr double difference_step = 1e-4;

/// (argmax, max) of f over φ in [lower, 1], the end φ = 1 (σ_μ² = 0) included: Brent, then a Newton
/// step when the maximum is inside.
std::pair<double, double> maximise_over_phi(const std::function<double(double)>& f, double lower) {
    auto best = brent_maximum(f, lower, 1.0);
    const double h = difference_step * best.first;
    if (best.first - 2 * h > lower && best.first + 2 * h < 1.0) {
        const double refined = newton_refined(f, best.first, h);
        best = {refined, f(refined)};
    }
    const double at_one = f(1.0);
    return at_one >= best.second ? std::pair{1.0, at_one} : best;
}

/// The search's estimate after a Newton step on ℓ = rest + Jacobian, when the log-determinant is the
/// dense eigen method (each value costs O(N); with a sparse factorisation the four more values would
/// cost four factorisations, and the search's own tolerance stands, as for the cross-section models).
void refine_search(SearchResult& search, LogDeterminant& logdet, const std::function<double(double)>& rest,
                   const SampleShape& shape) {
    if (logdet.method() != LogDetMethod::Eigen) return;
    const double h = difference_step * (search.upper - search.lower);
    if (search.estimate - 2 * h <= search.lower || search.estimate + 2 * h >= search.upper) return;
    const std::int64_t before = logdet.evaluations();
    const auto objective = [&](double p) { return rest(p) + shape.jacobian(logdet.evaluate(p).value, p); };
    search.estimate = newton_refined(objective, search.estimate, h);
    search.logdet = logdet.evaluate(search.estimate);
    search.objective = rest(search.estimate) + shape.jacobian(search.logdet.value, search.estimate);
    search.logdet_evaluations += logdet.evaluations() - before;
    search.scheme += ", then a Newton step on differences";
}

// --- sar and ols: the quasi-demeaned data ---------------------------------------------------------

/// e'e(ρ, φ) of the quasi-demeaned regression of y − ρWy on X. The within part z − ι ⊗ z̄ and the
/// between part ι ⊗ z̄ of Z = [X, y, Wy] are orthogonal, so ‖Z*v‖² = ‖R_w v‖² + φ²‖R_b v‖² with
/// R_w, R_b their QR factors: [R_w; φR_b] stands in for the n rows of Z*, without forming normal
/// equations.
class QuasiDemeanedProfile {
public:
    /// `wy` empty: the model without ρ (ols).
    QuasiDemeanedProfile(const SpatialSample& s, const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                         const Eigen::VectorXd& wy)
        : k_(x.cols()), lag_(wy.size() > 0), n_(s.observations()), units_(static_cast<double>(s.units())) {
        Eigen::MatrixXd z(x.rows(), k_ + (lag_ ? 2 : 1));
        z.leftCols(k_) = x;
        z.col(k_) = y;
        if (lag_) z.col(k_ + 1) = wy;
        const Eigen::MatrixXd means = unit_means(s, z);
        within_ = r_factor(z - every_period(s, means));
        between_ = r_factor(std::sqrt(static_cast<double>(s.periods())) * means);
    }

    double sse(double rho, double phi) const {
        const Eigen::Index rows_w = within_.rows(), rows_b = between_.rows();
        Eigen::MatrixXd a(rows_w + rows_b, k_ + 1);
        a.topLeftCorner(rows_w, k_) = within_.leftCols(k_);
        a.bottomLeftCorner(rows_b, k_) = phi * between_.leftCols(k_);
        a.col(k_).head(rows_w) = within_.col(k_);
        a.col(k_).tail(rows_b) = phi * between_.col(k_);
        if (lag_) {
            a.col(k_).head(rows_w) -= rho * within_.col(k_ + 1);
            a.col(k_).tail(rows_b) -= rho * phi * between_.col(k_ + 1);
        }
        return residual_sum_of_squares(a);
    }
    /// ℓ(ρ, φ) without T ln|I − ρW|: −n/2 (ln 2π + ln(e'e/n) + 1) + N ln φ.
    double value(double rho, double phi) const { return profiled_log_likelihood(sse(rho, phi), n_) + units_ * std::log(phi); }

private:
    Eigen::Index k_;
    bool lag_;
    double n_, units_;
    Eigen::MatrixXd within_, between_;
};

/// v − (1 − φ)(ι ⊗ v̄), column by column.
Eigen::MatrixXd quasi_demeaned(const SpatialSample& s, const Eigen::MatrixXd& v, double phi) {
    return v - (1.0 - phi) * every_period(s, unit_means(s, v));
}

// --- sem: the spectrum of B'B ------------------------------------------------------------------------

/// B'B = Q diag(ν) Q' at one λ, with Q'Z̄ and the within part's factor there.
struct ErrorSpectrum {
    double lambda = 0.0;
    Eigen::VectorXd nu;
    Eigen::MatrixXd vectors;        ///< Q
    Eigen::MatrixXd rotated_means;  ///< Q'Z̄, Z = [X, y]
    Eigen::MatrixXd within;         ///< R₁ − λR₂: ‖(R₁ − λR₂)v‖ = ‖(I ⊗ B)(Z − ι ⊗ Z̄)v‖
};

/// e'e(λ, φ) of the whitened regression of y on X: the within part ‖(I ⊗ B)(Z − ι ⊗ Z̄)v‖² =
/// ‖(R₁ − λR₂)v‖², R = [R₁ R₂] the QR factor of [Z_w, (I ⊗ W)Z_w] formed once, and the between part
/// T Z̄'B'B(I + τB'B)⁻¹Z̄ from the eigen-decomposition of B'B: once when W is symmetric (then
/// ν = (1 − λω)²), otherwise at every λ.
class ErrorComponentsProfile {
public:
    ErrorComponentsProfile(const SpatialSample& s, const Eigen::MatrixXd& x, const Eigen::VectorXd& y)
        : k_(x.cols()), n_(s.observations()), periods_(static_cast<double>(s.periods())),
          w_(Eigen::MatrixXd(s.w().matrix())), symmetric_(s.w().is_symmetric()) {
        Eigen::MatrixXd z(x.rows(), k_ + 1);
        z << x, y;
        means_ = unit_means(s, z);
        const Eigen::MatrixXd within = z - every_period(s, means_);
        Eigen::MatrixXd both(z.rows(), 2 * z.cols());
        both << within, s.lag(within);
        within_factor_ = r_factor(both);
        if (symmetric_) {
            SymmetricEigen eigen = symmetric_eigen(w_);
            omega_ = std::move(eigen.values);
            w_vectors_ = std::move(eigen.vectors);
        }
    }

    ErrorSpectrum at(double lambda) const {
        ErrorSpectrum e;
        e.lambda = lambda;
        if (symmetric_) {
            e.nu = (1.0 - lambda * omega_.array()).square().matrix();
            e.vectors = w_vectors_;
        } else {
            const Eigen::MatrixXd b = Eigen::MatrixXd::Identity(w_.rows(), w_.cols()) - lambda * w_;
            SymmetricEigen eigen;
            try {
                eigen = symmetric_eigen(b.transpose() * b);
            } catch (const NumericalFailure& failure) {
                throw NumericalFailure(fmt::format("the eigen-decomposition of B'B failed at lambda = {} ({})", lambda,
                                                   failure.what()));
            }
            e.nu = std::move(eigen.values);
            e.vectors = std::move(eigen.vectors);
        }
        e.rotated_means = e.vectors.transpose() * means_;
        const Eigen::Index c = k_ + 1;
        e.within = within_factor_.leftCols(c) - lambda * within_factor_.rightCols(c);
        return e;
    }

    double sse(const ErrorSpectrum& e, double phi) const {
        const double tau = 1.0 / (phi * phi) - 1.0;
        const Eigen::ArrayXd scale = (periods_ * e.nu.array() / (1.0 + tau * e.nu.array())).sqrt();
        Eigen::MatrixXd a(e.within.rows() + e.rotated_means.rows(), k_ + 1);
        a << e.within, scale.matrix().asDiagonal() * e.rotated_means;
        return residual_sum_of_squares(a);
    }
    /// ℓ(λ, φ) without T ln|I − λW|: −n/2 (ln 2π + ln(e'e/n) + 1) − ½ Σ ln(1 + τν_i).
    double value(const ErrorSpectrum& e, double phi) const {
        const double tau = 1.0 / (phi * phi) - 1.0;
        return profiled_log_likelihood(sse(e, phi), n_) - 0.5 * (tau * e.nu.array()).log1p().sum();
    }

    const Eigen::MatrixXd& dense_w() const { return w_; }

private:
    Eigen::Index k_;
    double n_, periods_;
    Eigen::MatrixXd w_;
    bool symmetric_;
    Eigen::VectorXd omega_;
    Eigen::MatrixXd w_vectors_;
    Eigen::MatrixXd means_;
    Eigen::MatrixXd within_factor_;
};

/// The whitened data of the error model: (I ⊗ B)(v − ι ⊗ v̄) + ι ⊗ B(I + τB'B)^{−1/2} v̄.
Eigen::MatrixXd whitened(const SpatialSample& s, const ErrorSpectrum& e, const Eigen::MatrixXd& v, double phi) {
    const double tau = 1.0 / (phi * phi) - 1.0;
    const Eigen::MatrixXd means = unit_means(s, v);
    const Eigen::ArrayXd shrink = (1.0 + tau * e.nu.array()).rsqrt();
    const Eigen::MatrixXd k = e.vectors * (shrink.matrix().asDiagonal() * (e.vectors.transpose() * means));
    const Eigen::MatrixXd within = v - every_period(s, means);
    Eigen::MatrixXd out = within - e.lambda * s.lag(within);
    out += every_period(s, k - e.lambda * s.w().lag(k));
    return out;
}

// --- Information matrices --------------------------------------------------------------------------

/// The φ entries every model shares when the between covariance is σ²/φ² I (sar, ols), at row `phi`
/// (σ² in the last row): I_φφ = 2N/φ², I_φσ² = −N/(φσ²), I_σ²σ² = n/(2σ⁴).
void add_phi_terms(Eigen::MatrixXd& information, Eigen::Index phi_index, double phi, double sigma2, double units,
                   double n) {
    const Eigen::Index last = information.rows() - 1;
    information(phi_index, phi_index) = 2.0 * units / (phi * phi);
    information(phi_index, last) = information(last, phi_index) = -units / (phi * sigma2);
    information(last, last) = n / (2.0 * sigma2 * sigma2);
}

/// (β, ρ, φ, σ²) of the lag model (header), X* the quasi-demeaned X.
Eigen::MatrixXd lag_information(const SpatialSample& sample, const Eigen::MatrixXd& xs, const Eigen::VectorXd& beta,
                                double rho, double phi, double sigma2, LogDeterminant& logdet,
                                const RandomEffectsOptions& options, SpatialTraces& traces) {
    const Eigen::Index k = xs.cols();
    traces = spatial_traces(sample.w(), rho, options.traces, &logdet);
    const Eigen::VectorXd g_xb = sample.lag_of_solve(make_spatial_solver(sample.w(), rho, &logdet), xs * beta);
    Eigen::MatrixXd information = Eigen::MatrixXd::Zero(k + 3, k + 3);
    information.topLeftCorner(k, k) = xs.transpose() * xs / sigma2;
    information.block(0, k, k, 1) = xs.transpose() * g_xb / sigma2;
    information.block(k, 0, 1, k) = information.block(0, k, k, 1).transpose();
    information(k, k) = g_xb.squaredNorm() / sigma2;
    add_variance_terms(information, k, traces, sigma2, sample.shape(), rho);
    add_phi_terms(information, k + 1, phi, sigma2, static_cast<double>(sample.units()), sample.observations());
    information(k, k + 1) = information(k + 1, k) = -2.0 * traces.wa.value / phi;
    return information;
}

/// (β, φ, σ²) of the model without W.
Eigen::MatrixXd plain_information(const SpatialSample& sample, const Eigen::MatrixXd& xs, double phi, double sigma2) {
    const Eigen::Index k = xs.cols();
    Eigen::MatrixXd information = Eigen::MatrixXd::Zero(k + 2, k + 2);
    information.topLeftCorner(k, k) = xs.transpose() * xs / sigma2;
    add_phi_terms(information, k, phi, sigma2, static_cast<double>(sample.units()), sample.observations());
    return information;
}

/// (β, λ, φ, σ²) of the error model (header), X* the whitened X, in the eigenvectors of B'B.
Eigen::MatrixXd error_information(const SpatialSample& sample, const ErrorComponentsProfile& profile,
                                  const ErrorSpectrum& e, const Eigen::MatrixXd& xs, double phi, double sigma2) {
    const Eigen::Index k = xs.cols(), lam = k, ph = k + 1, last = k + 2;
    const Eigen::MatrixXd& w = profile.dense_w();
    const Eigen::MatrixXd b = Eigen::MatrixXd::Identity(w.rows(), w.cols()) - e.lambda * w;
    const Eigen::MatrixXd wb = w.transpose() * b;
    const Eigen::MatrixXd d = e.vectors.transpose() * (-(wb + wb.transpose())) * e.vectors;  // Q'(∂H/∂λ)Q
    const double tau = 1.0 / (phi * phi) - 1.0, within = static_cast<double>(sample.periods() - 1);
    const Eigen::ArrayXd a = (1.0 + tau * e.nu.array()).inverse(), v = e.nu.array() * a, inv_nu = e.nu.array().inverse();
    const Eigen::ArrayXd diag_d = d.diagonal().array();
    const Eigen::MatrixXd scaled = inv_nu.matrix().asDiagonal() * d.cwiseAbs2() * inv_nu.matrix().asDiagonal();
    const double phi3 = phi * phi * phi;

    Eigen::MatrixXd information = Eigen::MatrixXd::Zero(k + 3, k + 3);
    information.topLeftCorner(k, k) = xs.transpose() * xs / sigma2;
    information(lam, lam) = 0.5 * (a.matrix().dot(scaled * a.matrix()) + within * scaled.sum());
    information(lam, ph) = (a.square() * diag_d).sum() / phi3;
    information(lam, last) = -((a + within) * diag_d * inv_nu).sum() / (2.0 * sigma2);
    information(ph, ph) = 2.0 * v.square().sum() / (phi3 * phi3);
    information(ph, last) = -v.sum() / (phi3 * sigma2);
    information(last, last) = sample.observations() / (2.0 * sigma2 * sigma2);
    for (const auto& [i, j] : {std::pair{lam, ph}, std::pair{lam, last}, std::pair{ph, last}}) information(j, i) = information(i, j);
    return information;
}

/// The inverse of a positive definite information matrix (equilibrated first: its entries span many
/// orders of magnitude), or nullopt.
std::optional<Eigen::MatrixXd> inverse_information(const Eigen::MatrixXd& information) {
    const Eigen::VectorXd d = information.diagonal().cwiseAbs().cwiseSqrt().cwiseInverse();
    if (!d.allFinite()) return std::nullopt;
    const Eigen::LLT<Eigen::MatrixXd> llt(d.asDiagonal() * information * d.asDiagonal());
    if (llt.info() != Eigen::Success) return std::nullopt;
    return Eigen::MatrixXd(d.asDiagonal() * llt.solve(Eigen::MatrixXd::Identity(d.size(), d.size())) * d.asDiagonal());
}

/// The information of the other parameters with φ (at `phi_index`) integrated out: the Schur
/// complement I_aa − I_aφ I_φa / I_φφ, whose inverse is the (a, a) block of the full inverse.
Eigen::MatrixXd without_phi(const Eigen::MatrixXd& information, Eigen::Index phi_index) {
    const Eigen::Index q = information.rows();
    std::vector<Eigen::Index> keep;
    for (Eigen::Index i = 0; i < q; ++i)
        if (i != phi_index) keep.push_back(i);
    Eigen::MatrixXd out(q - 1, q - 1);
    for (Eigen::Index i = 0; i < q - 1; ++i)
        for (Eigen::Index j = 0; j < q - 1; ++j)
            out(i, j) = information(keep[i], keep[j]) -
                        information(keep[i], phi_index) * information(phi_index, keep[j]) / information(phi_index, phi_index);
    return out;
}

// --- The fit ---------------------------------------------------------------------------------------

/// What each model's estimation hands to the common report.
struct RandomEffectsEstimates {
    MlEstimates ml;                ///< information: (β, spatial, φ, σ²), φ still in
    double phi = 1.0;
    double spatial_at_zero = NAN;  ///< ℓ of the non-spatial model (the concentrated ℓ at 0)
    DesignMatrix transformed;      ///< y*, X*
};

std::string parameter_name(SpatialModel model) { return model == SpatialModel::Sar ? "rho" : "lambda"; }

RandomEffectsEstimates estimate_lag(const DesignMatrix& d, const SpatialSample& sample, LogDeterminant& logdet,
                                    const RandomEffectsOptions& options, SpatialFit& fit, SpatialTraces& traces) {
    const Eigen::VectorXd wy = sample.lag(d.y);
    const QuasiDemeanedProfile profile(sample, d.X, d.y, wy);
    const auto best_phi = [&](double rho) {
        return maximise_over_phi([&](double phi) { return profile.value(rho, phi); }, options.phi_lower);
    };
    const auto rest = [&](double rho) { return best_phi(rho).second; };
    SearchResult search = maximise_over_parameter(logdet, rest, sample.shape(), options.search);
    refine_search(search, logdet, rest, sample.shape());
    record_search(fit, logdet, options.logdet, search, "rho");

    RandomEffectsEstimates r;
    const double rho = search.estimate;
    r.phi = best_phi(rho).first;
    r.spatial_at_zero = best_phi(0.0).second;
    r.transformed = d;
    r.transformed.y = quasi_demeaned(sample, d.y, r.phi);
    r.transformed.X = quasi_demeaned(sample, d.X, r.phi);
    const Eigen::VectorXd wys = quasi_demeaned(sample, wy, r.phi);
    MlEstimates& e = r.ml;
    e.rho = rho;
    e.beta = r.transformed.X.colPivHouseholderQr().solve(r.transformed.y - rho * wys);
    e.residuals = r.transformed.y - rho * wys - r.transformed.X * e.beta;
    e.observations = sample.observations();
    e.sigma2 = e.residuals.squaredNorm() / e.observations;
    e.log_likelihood = profiled_log_likelihood(e.residuals.squaredNorm(), e.observations) +
                       static_cast<double>(sample.units()) * std::log(r.phi) + sample.shape().jacobian(search.logdet.value, rho);
    e.information = information_or_warning(fit, [&] {
        return lag_information(sample, r.transformed.X, e.beta, rho, r.phi, e.sigma2, logdet, options, traces);
    });
    return r;
}

RandomEffectsEstimates estimate_error(const DesignMatrix& d, const SpatialSample& sample, LogDeterminant& logdet,
                                      const RandomEffectsOptions& options, SpatialFit& fit) {
    const ErrorComponentsProfile profile(sample, d.X, d.y);
    const auto best_phi = [&](const ErrorSpectrum& e) {
        return maximise_over_phi([&](double phi) { return profile.value(e, phi); }, options.phi_lower);
    };
    const auto rest = [&](double lambda) { return best_phi(profile.at(lambda)).second; };
    SearchResult search = maximise_over_parameter(logdet, rest, sample.shape(), options.search);
    refine_search(search, logdet, rest, sample.shape());
    record_search(fit, logdet, options.logdet, search, "lambda");

    RandomEffectsEstimates r;
    const ErrorSpectrum e = profile.at(search.estimate);
    r.phi = best_phi(e).first;
    r.spatial_at_zero = best_phi(profile.at(0.0)).second;
    r.transformed = d;
    r.transformed.y = whitened(sample, e, d.y, r.phi);
    r.transformed.X = whitened(sample, e, d.X, r.phi);
    MlEstimates& m = r.ml;
    m.lambda = e.lambda;
    m.beta = r.transformed.X.colPivHouseholderQr().solve(r.transformed.y);
    m.residuals = r.transformed.y - r.transformed.X * m.beta;
    m.observations = sample.observations();
    m.sigma2 = m.residuals.squaredNorm() / m.observations;
    const double tau = 1.0 / (r.phi * r.phi) - 1.0;
    m.log_likelihood = profiled_log_likelihood(m.residuals.squaredNorm(), m.observations) -
                       0.5 * (tau * e.nu.array()).log1p().sum() + sample.shape().jacobian(search.logdet.value, e.lambda);
    m.information = information_or_warning(
        fit, [&] { return error_information(sample, profile, e, r.transformed.X, r.phi, m.sigma2); });
    return r;
}

RandomEffectsEstimates estimate_plain(const DesignMatrix& d, const SpatialSample& sample, const RandomEffectsOptions& options) {
    const QuasiDemeanedProfile profile(sample, d.X, d.y, Eigen::VectorXd());
    RandomEffectsEstimates r;
    r.phi = maximise_over_phi([&](double phi) { return profile.value(0.0, phi); }, options.phi_lower).first;
    r.transformed = d;
    r.transformed.y = quasi_demeaned(sample, d.y, r.phi);
    r.transformed.X = quasi_demeaned(sample, d.X, r.phi);
    MlEstimates& e = r.ml;
    e.beta = r.transformed.X.colPivHouseholderQr().solve(r.transformed.y);
    e.residuals = r.transformed.y - r.transformed.X * e.beta;
    e.observations = sample.observations();
    e.sigma2 = e.residuals.squaredNorm() / e.observations;
    e.log_likelihood = profiled_log_likelihood(e.residuals.squaredNorm(), e.observations) +
                       static_cast<double>(sample.units()) * std::log(r.phi);
    e.information = plain_information(sample, r.transformed.X, r.phi, e.sigma2);
    return r;
}

/// φ at an end of [phi_lower, 1] is a warning: the information matrix does not hold there.
void check_phi(SpatialFit& fit, double phi, const RandomEffectsOptions& options) {
    const double margin = options.search.bound_margin;
    if (phi >= 1.0 - margin)
        add_warning(fit, "phi = 1: sigma_mu^2 = 0, the random effects vanish (the pooled model fits as well); the "
                         "standard errors do not hold on this boundary");
    else if (phi <= options.phi_lower * (1.0 + margin) + margin)
        add_warning(fit, fmt::format("phi = {} is at its lower end: sigma_mu^2 is not bounded (the fixed-effects limit); "
                                     "consider a fixed-effects model",
                                     format_number(phi, 7)));
}

/// φ, σ_μ² and plm's θ with their standard errors (σ_μ²'s by the delta method), from the full
/// covariance of (β, spatial, φ, σ²).
void add_variance_components(SpatialFit& fit, double phi, double sigma2, double periods,
                             const std::optional<Eigen::MatrixXd>& covariance) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double sigma_mu2 = sigma2 * (1.0 / (phi * phi) - 1.0) / periods;
    double phi_se = nan, sigma_mu2_se = nan;
    if (covariance) {
        const Eigen::Index last = covariance->rows() - 1, at = last - 1;
        phi_se = std::sqrt((*covariance)(at, at));
        const Eigen::Vector2d g(-2.0 * sigma2 / (periods * phi * phi * phi), (1.0 / (phi * phi) - 1.0) / periods);
        const Eigen::Matrix2d v{{(*covariance)(at, at), (*covariance)(at, last)}, {(*covariance)(last, at), (*covariance)(last, last)}};
        sigma_mu2_se = std::sqrt(g.dot(v * g));
    }
    fit.statistics.push_back({"phi", "phi = sigma / sqrt(T sigma_mu^2 + sigma^2) (Elhorst's teta)", phi});
    fit.statistics.push_back({"phi_std_error", "Std. error of phi", phi_se});
    fit.statistics.push_back({"sigma_mu2", "sigma_mu^2 (variance of the unit effects)", sigma_mu2});
    fit.statistics.push_back({"sigma_mu2_std_error", "Std. error of sigma_mu^2 (delta method)", sigma_mu2_se});
    fit.statistics.push_back({"plm_theta", "theta = 1 - phi (plm's quasi-demeaning fraction)", 1.0 - phi});
}

/// AIC, BIC and the parameter count with φ counted (set_ml_estimates counts β, the spatial
/// parameter and σ²).
void count_phi(SpatialFit& fit, double n) {
    fit.aic += 2.0;
    fit.bic += std::log(n);
    for (auto& s : fit.statistics)
        if (s.key == "parameters") {
            s.value += 1.0;
            s.label = "Parameters (k + spatial + phi + sigma^2)";
        }
}

/// LR (against the non-spatial random-effects model) and Wald tests of the spatial parameter = 0.
void add_spatial_tests(SpatialFit& fit, SpatialModel model, double at_zero) {
    const std::string name = parameter_name(model);
    fit.tests.push_back(likelihood_ratio_test("lr_" + name, "LR test of " + name + " = 0 (against the random-effects model without W)",
                                              fit.log_likelihood, at_zero, 1.0));
    const Eigen::Index index = fit.beta.size();
    Eigen::MatrixXd j = Eigen::MatrixXd::Zero(1, fit.covariance.cols());
    j(0, index) = 1.0;
    const Coefficient& c = model == SpatialModel::Sar ? *fit.rho : *fit.lambda;
    fit.tests.push_back(wald_test("wald_" + name, "Wald test of " + name + " = 0", Eigen::VectorXd::Constant(1, c.estimate), j,
                                  fit.covariance));
}

void report(SpatialFit& fit, SpatialModel model, const RandomEffectsEstimates& r, const SpatialSample& sample,
            const RandomEffectsOptions& options) {
    const Eigen::Index phi_index = r.ml.information.rows() - 2;
    const bool formed = r.ml.information.size() > 0;
    const auto covariance = formed ? inverse_information(r.ml.information) : std::nullopt;
    MlEstimates e = r.ml;
    if (formed) e.information = without_phi(r.ml.information, phi_index);
    set_ml_estimates(fit, r.transformed, e);
    count_phi(fit, sample.observations());
    add_variance_components(fit, r.phi, e.sigma2, static_cast<double>(sample.periods()), covariance);
    check_phi(fit, r.phi, options);
    if (model != SpatialModel::Ols && fit.covariance.allFinite()) add_spatial_tests(fit, model, r.spatial_at_zero);
}

std::string estimator_text(SpatialModel model) {
    switch (model) {
        case SpatialModel::Sar: return "maximum likelihood with random unit effects, concentrated in rho and phi (Elhorst 2003)";
        case SpatialModel::Sem: return "maximum likelihood with random unit effects, concentrated in lambda and phi (Elhorst 2003)";
        default: return "maximum likelihood with random unit effects, concentrated in phi (Breusch 1987; as nlme's lme, method ML)";
    }
}

void add_conventions(SpatialFit& fit, SpatialModel model) {
    fit.conventions.insert(
        fit.conventions.begin(),
        {"random unit effects: phi^2 = sigma^2 / (T sigma_mu^2 + sigma^2), phi in (0, 1] (Elhorst's sar_panel_RE 'teta'); "
         "sigma_mu^2 = sigma^2 (1/phi^2 - 1) / T; plm's theta = 1 - phi",
         model == SpatialModel::Sem
             ? "log-likelihood -n/2 ln(2 pi sigma^2) - 1/2 ln|I + (1/phi^2 - 1) B'B| + T ln|B| - e'e/(2 sigma^2), B = I - lambda W, "
               "from the eigenvalues of B'B (exact for any W; Elhorst's sem_panel_RE uses (1 - lambda w_i)^2, exact for a "
               "symmetric W only)"
             : "log-likelihood -n/2 ln(2 pi sigma^2) + N ln phi + T ln|I - rho W| - e'e/(2 sigma^2), e from the quasi-demeaned "
               "data v - (1 - phi) v_bar_i",
         "sigma^2 = e'e/n (maximum likelihood); residuals, fitted values and pseudo R-squared are the transformed model's",
         "standard errors from the expected information matrix of (beta, spatial, phi, sigma^2); the covariance reported "
         "is its (beta, spatial, sigma^2) block of the inverse",
         "AIC and BIC count k + the spatial parameter + 2 (phi and sigma^2)"});
}

void check_request(const DesignMatrix& design, const SpatialSample& sample, SpatialModel model,
                   const RandomEffectsOptions& options) {
    if (model != SpatialModel::Sar && model != SpatialModel::Sem && model != SpatialModel::Ols)
        throw InputError(fmt::format("random effects: the models are sar, sem and ols (without W), not {}", to_string(model)));
    if (sample.periods() < 2) throw InputError("random effects need a panel: the sample has one period");
    sample.check_rows(design);
    check_identified(design, options.rank_tolerance);
    if (model == SpatialModel::Sem && sample.units() > options.logdet.eigen_limit)
        throw InputError(fmt::format("random-effects sem needs W dense: {} units, above the limit of {} "
                                     "(LogDetOptions::eigen_limit; the cost is O(N^3) per lambda for a W that is not "
                                     "symmetric)",
                                     sample.units(), options.logdet.eigen_limit));
}

SpatialFit fit_model(const DesignMatrix& design, const SpatialSample& sample, SpatialModel model,
                     const RandomEffectsOptions& options) {
    SpatialFit fit;
    if (model == SpatialModel::Ols) {
        report(fit, model, estimate_plain(design, sample, options), sample, options);
        return fit;
    }
    const auto start = StageClock::now();
    const std::unique_ptr<LogDeterminant> logdet = make_log_determinant(sample.w(), options.logdet);
    const auto set_up = StageClock::now();
    SpatialTraces traces;
    const RandomEffectsEstimates r = model == SpatialModel::Sar
                                         ? estimate_lag(design, sample, *logdet, options, fit, traces)
                                         : estimate_error(design, sample, *logdet, options, fit);
    report(fit, model, r, sample, options);
    if (model == SpatialModel::Sar && r.ml.information.size() > 0) record_traces(fit, traces, "rho-hat", options.traces);
    fit.timings.emplace_back("log-determinant setup", seconds_between(start, set_up));
    fit.timings.emplace_back("search and covariance", seconds_since(set_up));
    return fit;
}

}  // namespace

SpatialFit fit_random_effects(const DesignMatrix& design, const SpatialSample& sample, SpatialModel model,
                              const RandomEffectsOptions& options) {
    options.validate();
    check_request(design, sample, model, options);
    const auto start = StageClock::now();
    SpatialFit fit;
    try {
        fit = fit_model(design, sample, model, options);
    } catch (const NumericalFailure& e) {
        fit = failed_fit(model, design, e.what());
    }
    fit.model = std::string(to_string(model));
    fit.estimator = estimator_text(model);
    fit.dependent = design.response_name;
    fit.shape = sample.shape();
    fit.n = static_cast<std::size_t>(sample.observations());
    fit.ids = design.ids;
    add_conventions(fit, model);
    if (model != SpatialModel::Ols) warn_islands(fit, sample.w());
    fit.timings.emplace_back("total fit", seconds_since(start));
    return fit;
}

}  // namespace spillover
