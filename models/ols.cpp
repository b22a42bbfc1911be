#include "models/ols.hpp"

#include <chrono>
#include <cmath>
#include <numbers>

#include <fmt/format.h>

#include "engine/distributions.hpp"
#include "engine/input_error.hpp"
#include "engine/number_format.hpp"
#include "engine/stage_timer.hpp"

namespace spillover {

void OlsOptions::validate() const {
    if (!(rank_tolerance > 0 && rank_tolerance < 1))
        throw std::invalid_argument(fmt::format("OLS rank_tolerance must be in (0, 1), got {}", rank_tolerance));
    if (absorbed < 0) throw std::invalid_argument("OLS absorbed parameters must be >= 0");
}

std::vector<Eigen::Index> collinear_columns(const Eigen::MatrixXd& X, double rank_tolerance) {
    // Gram–Schmidt with one re-orthogonalisation pass ("twice is enough"), so the residual
    // norm of a collinear column is at rounding level, far below the tolerance.
    std::vector<Eigen::Index> collinear;
    Eigen::MatrixXd basis(X.rows(), X.cols());  // the first `kept` columns are orthonormal
    Eigen::Index kept = 0;
    for (Eigen::Index j = 0; j < X.cols(); ++j) {
        Eigen::VectorXd v = X.col(j);
        const double norm = v.norm();
        for (int pass = 0; pass < 2; ++pass)
            v -= basis.leftCols(kept) * (basis.leftCols(kept).transpose() * v);
        const double residual = v.norm();
        if (norm == 0.0 || residual <= rank_tolerance * norm) {
            collinear.push_back(j);
            continue;
        }
        basis.col(kept++) = v / residual;
    }
    return collinear;
}

namespace {

/// "x3 = 2*x1 - 0.5*(Intercept)" for the first collinear column, to say what to drop.
std::string describe_collinearity(const DesignMatrix& d, const std::vector<Eigen::Index>& collinear) {
    const Eigen::Index j = collinear.front();
    const auto& names = d.column_names;
    if (d.X.col(j).norm() == 0.0) return fmt::format("column '{}' is all zero", names[j]);
    std::vector<Eigen::Index> kept;
    for (Eigen::Index c = 0; c < j; ++c)
        if (std::find(collinear.begin(), collinear.end(), c) == collinear.end()) kept.push_back(c);
    Eigen::MatrixXd K(d.X.rows(), static_cast<Eigen::Index>(kept.size()));
    for (std::size_t c = 0; c < kept.size(); ++c) K.col(static_cast<Eigen::Index>(c)) = d.X.col(kept[c]);
    const Eigen::VectorXd a = K.colPivHouseholderQr().solve(d.X.col(j));
    std::string combination;
    for (Eigen::Index c = 0; c < a.size(); ++c) {
        if (std::fabs(a(c)) <= 1e-10 * a.cwiseAbs().maxCoeff()) continue;
        combination += fmt::format("{}{}*{}", combination.empty() ? "" : " + ", format_number(a(c), 6), names[kept[c]]);
    }
    std::string more;
    for (std::size_t i = 1; i < collinear.size(); ++i) more += (i > 1 ? ", " : "") + names[collinear[i]];
    return fmt::format("'{}' = {}{}", names[j], combination,
                       more.empty() ? "" : fmt::format(" (also collinear: {})", more));
}

}  // namespace

void check_identified(const DesignMatrix& d, double rank_tolerance) {
    const Eigen::Index n = d.X.rows(), k = d.X.cols();
    if (k == 0) throw InputError("the model has no regressors (the formula removed the intercept and named no term)");
    if (n > 0 && (d.y.array() - d.y.mean()).matrix().norm() <= 1e-12 * std::max(1.0, d.y.norm()))
        throw InputError(fmt::format("the dependent variable '{}' is constant ({} in every row): there is no variation "
                                     "to explain",
                                     d.response_name, format_number(d.y(0), 6)));
    if (n <= k)
        throw InputError(fmt::format("{} observations for {} coefficients: OLS needs more observations than coefficients",
                                     n, k));
    const auto collinear = collinear_columns(d.X, rank_tolerance);
    if (!collinear.empty())
        throw InputError("collinear regressors: " + describe_collinearity(d, collinear) +
                         "; drop one of them from the formula");
}

namespace {

Eigen::MatrixXd unscaled_covariance(const Eigen::ColPivHouseholderQR<Eigen::MatrixXd>& qr) {
    // (X'X)⁻¹ = P R⁻¹ R⁻ᵀ Pᵀ for XP = QR.
    const Eigen::Index k = qr.cols();
    const Eigen::MatrixXd R = qr.matrixR().topLeftCorner(k, k).triangularView<Eigen::Upper>();
    const Eigen::MatrixXd Rinv =
        R.triangularView<Eigen::Upper>().solve(Eigen::MatrixXd::Identity(k, k));
    const Eigen::MatrixXd inner = Rinv * Rinv.transpose();
    return qr.colsPermutation() * inner * qr.colsPermutation().transpose();
}

void add_goodness_of_fit(OlsFit& fit, const DesignMatrix& d, double rss, double df, bool absorbed) {
    const double n = static_cast<double>(d.n());
    const double k = static_cast<double>(d.X.cols());
    const double intercept = d.has_intercept ? 1.0 : 0.0;
    const double tss = d.has_intercept ? (d.y.array() - d.y.mean()).square().sum() : d.y.squaredNorm();
    const double r2 = 1.0 - rss / tss;
    fit.statistics.push_back({"r_squared", "R-squared", r2});
    // Absorbed effects include the mean: plm's within model adjusts with n − 1 as a model with an intercept.
    const double adjust = absorbed ? 1.0 : intercept;
    fit.statistics.push_back({"adj_r_squared", "Adjusted R-squared", 1.0 - (1.0 - r2) * (n - adjust) / df});
    if (k > intercept) {
        const double df1 = k - intercept;
        const double f = ((tss - rss) / df1) / (rss / df);
        fit.statistics.push_back({"f_statistic", "F-statistic", f});
        fit.statistics.push_back({"f_df1", "F numerator df", df1});
        fit.statistics.push_back({"f_df2", "F denominator df", df});
        fit.statistics.push_back({"f_p_value", "F p-value", f_upper_p(f, df1, df)});
    }
    fit.statistics.push_back({"df_residual", "Residual df", df});
}

void add_likelihood(OlsFit& fit, double n, double k, double rss) {
    fit.log_likelihood = -0.5 * n * (std::log(2.0 * std::numbers::pi) + std::log(rss / n) + 1.0);
    fit.aic = -2.0 * fit.log_likelihood + 2.0 * (k + 1.0);
    fit.bic = -2.0 * fit.log_likelihood + std::log(n) * (k + 1.0);
}

}  // namespace

OlsFit fit_ols(const DesignMatrix& d, const OlsOptions& options) {
    options.validate();
    const auto start = std::chrono::steady_clock::now();
    check_identified(d, options.rank_tolerance);

    OlsFit fit;
    fit.model = "ols";
    fit.estimator = "least squares (Householder QR with column pivoting)";
    fit.dependent = d.response_name;
    fit.n = static_cast<std::size_t>(d.n());
    fit.dropped = d.dropped;
    fit.ids = d.ids;

    const Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(d.X);
    fit.beta = qr.solve(d.y);
    fit.fitted = d.X * fit.beta;
    fit.residuals = d.y - fit.fitted;
    const double rss = fit.residuals.squaredNorm();
    const double n = static_cast<double>(d.n()), k = static_cast<double>(d.X.cols());
    const double df = n - k - static_cast<double>(options.absorbed);
    if (df <= 0)
        throw InputError(fmt::format("{} observations for {} coefficients and {} absorbed effects: no degrees of freedom "
                                     "left",
                                     d.n(), d.X.cols(), options.absorbed));
    fit.sigma2 = rss / df;
    fit.covariance = fit.sigma2 * unscaled_covariance(qr);
    fit.inference = Inference{Inference::Kind::StudentT, df};
    for (Eigen::Index j = 0; j < d.X.cols(); ++j) {
        const double se = std::sqrt(fit.covariance(j, j));
        const double t = fit.beta(j) / se;
        fit.coefficients.push_back({d.column_names[j], fit.beta(j), se, t, student_t_two_sided_p(t, df)});
    }
    add_goodness_of_fit(fit, d, rss, df, options.absorbed > 0);
    add_likelihood(fit, n, k, rss);
    fit.conventions = {
        options.absorbed == 0
            ? "sigma^2 = e'e/(n - k), t tests on n - k degrees of freedom (as R's lm)"
            : fmt::format("sigma^2 = e'e/(n - k - {}), t tests on those degrees of freedom: the {} absorbed fixed "
                          "effects count (as plm's within model)",
                          options.absorbed, options.absorbed),
        "log-likelihood with sigma^2 = e'e/n; AIC and BIC count k + 1 parameters (as R's logLik)",
        d.has_intercept ? "R-squared centred (the model has an intercept)"
                        : "R-squared uncentred (no intercept, as R's summary.lm)",
    };
    if (d.dropped > 0) fit.conventions.push_back(fmt::format("{} rows with missing values dropped (as R's na.omit)", d.dropped));
    fit.timings.emplace_back("fit", seconds_since(start));
    return fit;
}

}  // namespace spillover
