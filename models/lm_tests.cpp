#include "models/lm_tests.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include <fmt/format.h>

#include "engine/distributions.hpp"
#include "engine/input_error.hpp"
#include "engine/number_format.hpp"
#include "engine/text_writer.hpp"
#include "models/spatial_sample.hpp"

namespace spillover {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// P(Z > z) for Z standard normal, accurate in the upper tail (no 1 − Φ cancellation).
double normal_upper_p(double z) { return 0.5 * std::erfc(z / std::sqrt(2.0)); }

void check_inputs(const DesignMatrix& d, const OlsFit& ols, const SpatialSample& sample) {
    const Eigen::Index n = d.n(), k = d.X.cols();
    sample.check_rows(d);
    if (d.X.rows() != n || k == 0)
        throw std::invalid_argument(fmt::format("lm_tests: the design matrix has {} rows and {} columns for {} "
                                                "observations",
                                                d.X.rows(), k, n));
    if (ols.residuals.size() != n || ols.fitted.size() != n || ols.beta.size() != k)
        throw std::invalid_argument(fmt::format("lm_tests: the OLS fit ({} residuals, {} coefficients) is not a fit "
                                                "of this design ({} observations, {} regressors)",
                                                ols.residuals.size(), ols.beta.size(), n, k));
}

/// Orthonormal basis Q (n × k) of the columns of X, from a Householder QR; QQ' = X(X'X)⁻¹X'.
Eigen::MatrixXd column_basis(const Eigen::MatrixXd& X) {
    const Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(X);
    if (qr.rank() < X.cols())
        throw InputError(fmt::format("collinear regressors: X has rank {} for {} columns", qr.rank(), X.cols()));
    Eigen::MatrixXd Q = Eigen::MatrixXd::Identity(X.rows(), X.cols());
    Q.applyOnTheLeft(qr.householderQ());
    return Q;
}

/// Every non-island row of W sums to 1 (to 1e-12).
bool rows_standardised(const SpatialWeights::Matrix& W) {
    for (SpatialWeights::Index i = 0; i < W.outerSize(); ++i) {
        double sum = 0.0;
        bool any = false;
        for (SpatialWeights::Matrix::InnerIterator it(W, i); it; ++it) {
            sum += it.value();
            any = true;
        }
        if (any && std::fabs(sum - 1.0) > 1e-12) return false;
    }
    return true;
}

SpatialDiagnostic chi_squared_test(std::string key, std::string label, std::string spdep_name, double statistic,
                                   double df) {
    const double p = std::isfinite(statistic) ? chi_squared_upper_p(std::max(statistic, 0.0), df) : kNaN;
    return {std::move(key), std::move(label), std::move(spdep_name), statistic, df, p};
}

void add_warning(LmTestsResult& r, const std::string& text) {
    r.status = FitStatus::Warning;
    if (!r.message.empty()) r.message += "; ";
    r.message += text;
}

ResultTable weights_table(const LmTestsResult& r) {
    return {"weights", "Weights",
            {{"transform", "Transform", ColumnKind::Text},
             {"s0", "S0", ColumnKind::Number},
             {"trace_t", "T = tr(W'W + W^2)", ColumnKind::Number},
             {"units_with_neighbours", "Units with neighbours", ColumnKind::Count}},
            {{"", "", {r.weights_transform, r.s0, r.trace_t, static_cast<double>(r.units_with_neighbours)}}},
            {}, JsonLayout::Object, {}, std::nullopt};
}

ResultTable moran_table(const MoranResidualTest& m) {
    return {"moran_i", "Moran's I of the residuals (alternative: greater)",
            {{"i", "Observed I", ColumnKind::Number},
             {"expectation", "Expectation", ColumnKind::Number},
             {"variance", "Variance", ColumnKind::Number},
             {"z", "z", ColumnKind::Number},
             {"p_greater", "p (greater)", ColumnKind::PValue},
             {"p_two_sided", "p (two-sided)", ColumnKind::PValue}},
            {{"", "", {m.i, m.expectation, m.variance, m.z, m.p_greater, m.p_two_sided}}},
            {}, JsonLayout::Object, {}, std::nullopt};
}

/// Keyed by the tests' JSON keys, with no key of its own: lm_error, lm_lag ... stand at the top of
/// the report's JSON, as they always have.
ResultTable lm_table(const std::vector<SpatialDiagnostic>& tests) {
    ResultTable t{"", "Lagrange multiplier diagnostics for spatial dependence",
                  {{"spdep_name", "spdep", ColumnKind::Text},
                   {"statistic", "statistic", ColumnKind::Number},
                   {"df", "df", ColumnKind::Count},
                   {"p_value", "p-value", ColumnKind::PValue}},
                  {}, {}, JsonLayout::ByRowKey, {}, StarredColumn{"statistic", "p_value"}};
    for (const auto& d : tests) t.rows.push_back({d.key, d.label, {d.spdep_name, d.statistic, d.df, d.p_value}});
    return t;
}

}  // namespace

const SpatialDiagnostic& LmTestsResult::test(std::string_view key) const {
    for (const auto& t : tests)
        if (t.key == key) return t;
    throw std::out_of_range(fmt::format("no spatial diagnostic '{}'", key));
}

LmTestsResult lm_tests(const DesignMatrix& d, const OlsFit& ols, const SpatialWeights& w) {
    return lm_tests(d, ols, SpatialSample(w));
}

LmTestsResult lm_tests(const DesignMatrix& raw, const OlsFit& ols, const SpatialSample& sample) {
    check_inputs(raw, ols, sample);
    const SpatialWeights& w = sample.w();
    const auto& W = w.matrix();
    DesignMatrix transformed;
    const DesignMatrix& d = sample.within(raw, transformed);
    const bool panel = sample.periods() > 1;
    const Eigen::Index n_rows = d.n(), k_cols = d.X.cols();
    const double n = static_cast<double>(n_rows), k = static_cast<double>(k_cols);

    LmTestsResult r;
    r.dependent = d.response_name;
    r.n = static_cast<std::size_t>(n_rows);
    r.regressors = static_cast<std::size_t>(k_cols);
    r.weights_transform = std::string(to_string(w.transform()));
    r.s0 = W.sum();
    if (!(r.s0 > 0.0))
        throw InputError("the weights have no link (every unit is an island): there is no spatial structure to test");
    const std::size_t islands = w.islands().size();
    r.units_with_neighbours = static_cast<std::size_t>(w.n()) - islands;
    if (!panel) r.units_with_neighbours = r.n - islands;

    // Sparse, O(nnz): W' once, then S1 = T = Σ w_ij² + Σ w_ij w_ji and tr(W).
    const SpatialWeights::Matrix Wt = W.transpose();
    const double trace_wtw = W.squaredNorm();
    const double trace_ww = W.cwiseProduct(Wt).sum();
    const double trace_w = W.diagonal().sum();
    r.trace_t = static_cast<double>(sample.periods()) * (trace_wtw + trace_ww);  // over the T periods
    const double T = r.trace_t;

    const Eigen::VectorXd& e = ols.residuals;
    const double ee = e.squaredNorm();
    const double eWe = e.dot(sample.lag(e));
    const Eigen::MatrixXd Q = column_basis(d.X);

    // Moran's I (spdep lm.morantest), a cross-section's: N counts the units with neighbours.
    if (panel) {
        MoranResidualTest& m = r.moran;
        m.i = m.expectation = m.variance = m.z = m.p_greater = m.p_two_sided = kNaN;
    } else {
    // k × k reductions: V = (W + W')Q = 2UQ, C = Q'UQ = (X'X)⁻¹X'UX up to similarity.
    Eigen::MatrixXd V = W * Q;
    V.noalias() += Wt * Q;
    Eigen::MatrixXd C = 0.5 * (Q.transpose() * V);
    C = 0.5 * (C + C.transpose());  // symmetric by construction; remove rounding asymmetry
    const double trA = C.trace();
    const double trA2 = C.squaredNorm();  // tr(C²) for symmetric C
    const double trB = V.squaredNorm();   // 4 tr(Q'U²Q)

    {
        const double N = static_cast<double>(r.units_with_neighbours);
        const double S1 = T;
        MoranResidualTest& m = r.moran;
        m.i = (N / r.s0) * eWe / ee;
        if (N - k <= 0.0) {
            m.expectation = m.variance = m.z = m.p_greater = m.p_two_sided = kNaN;
            add_warning(r, fmt::format("Moran's I moments undefined: {} units with neighbours for {} regressors",
                                       r.units_with_neighbours, k_cols));
        } else {
            m.expectation = -(N * trA) / ((N - k) * r.s0);
            m.variance = (N * N) / (r.s0 * r.s0 * (N - k) * (N - k + 2.0)) *
                         (S1 + 2.0 * trA2 - trB - 2.0 * trA * trA / (N - k));
            if (m.variance > 0.0) {
                m.z = (m.i - m.expectation) / std::sqrt(m.variance);
                m.p_greater = normal_upper_p(m.z);
                m.p_two_sided = normal_two_sided_p(m.z);
            } else {
                m.z = m.p_greater = m.p_two_sided = kNaN;
                add_warning(r, fmt::format("Var[I] = {} is not positive: no z or p-value for Moran's I",
                                           format_number(m.variance, 6)));
            }
        }
    }
    }

    // LM tests (spdep lm.LMtests): σ² = e'e/n over all n observations.
    {
        r.sigma2 = ee / n;
        const double s2 = r.sigma2;
        const Eigen::VectorXd Wy = sample.within_lag(raw.y);
        Eigen::VectorXd m_wyhat = sample.lag(ols.fitted);  // becomes M Wŷ
        m_wyhat.noalias() -= Q * (Q.transpose() * m_wyhat);
        const double d_err = eWe / s2;
        const double d_lag = e.dot(Wy) / s2;
        const double nJ = m_wyhat.squaredNorm() / s2 + T;
        const double lm_err = d_err * d_err / T;
        const double lm_lag = d_lag * d_lag / nJ;
        double robust_err = kNaN, robust_lag = kNaN, sarma = kNaN;
        // nJ − T = ‖MWŷ‖²/σ² ≥ 0; zero (to rounding) when WXβ̂ lies in the span of X.
        if (nJ - T > 1e-10 * nJ) {
            const double ratio = T / nJ;
            const double a = d_err - ratio * d_lag;
            robust_err = a * a / (T * (1.0 - ratio));
            robust_lag = (d_lag - d_err) * (d_lag - d_err) / (nJ - T);
            sarma = robust_lag + lm_err;
        } else {
            add_warning(r, "WXb lies in the span of X (nJ = T): the robust LM tests and SARMA are undefined");
        }
        r.tests.push_back(chi_squared_test("lm_error", "LM-error", "LMerr", lm_err, 1.0));
        r.tests.push_back(chi_squared_test("lm_lag", "LM-lag", "LMlag", lm_lag, 1.0));
        r.tests.push_back(chi_squared_test("robust_lm_error", "Robust LM-error", "RLMerr", robust_err, 1.0));
        r.tests.push_back(chi_squared_test("robust_lm_lag", "Robust LM-lag", "RLMlag", robust_lag, 1.0));
        r.tests.push_back(chi_squared_test("sarma", "SARMA", "SARMA", sarma, 2.0));
    }

    r.conventions.clear();
    if (!panel)
        r.conventions.push_back("Moran's I of the residuals under normal errors (Cliff & Ord; spdep lm.morantest); "
                                "p_greater is spdep's default alternative \"greater\"");
    r.conventions.push_back(
        "LM tests as spdep lm.LMtests (Anselin 1988; Anselin et al. 1996): sigma^2 = e'e/n, "
        "T = tr(W'W + W^2)");
    if (panel)
        r.conventions.push_back(fmt::format(
            "panel of {} periods{}: the LM tests of the {}OLS residuals with I_T (x) W and T = {} tr(W'W + W^2), as "
            "Elhorst's LMsarsem_panel; Moran's I is a cross-section statistic and is not computed",
            sample.periods(),
            sample.has_fixed_effects() ? fmt::format(", {} fixed effects", to_string(sample.transformation().effects)) : "",
            sample.has_fixed_effects() ? "within-transformed " : "pooled ", sample.periods()));
    if (islands > 0 && !panel)
        r.conventions.push_back(fmt::format(
            "{} island(s): Moran's I uses N = {} units with neighbours (spdep zero.policy = TRUE), the LM tests "
            "n = {}",
            islands, r.units_with_neighbours, r.n));
    if (!rows_standardised(W))
        r.conventions.push_back("W is not row-standardised (spdep lm.LMtests warns about this; the statistics "
                                "are computed all the same)");
    if (trace_w != 0.0)
        add_warning(r, fmt::format("W has a non-zero diagonal (tr W = {}): the tests assume w_ii = 0 and, as "
                                   "spdep, omit the tr(W) terms",
                                   format_number(trace_w, 6)));
    return r;
}

StatisticsReport LmTestsResult::report() const {
    StatisticsReport r;
    r.title = "Spatial diagnostics of the OLS residuals (spdep lm.morantest, lm.LMtests)";
    r.fields = {{"diagnostics", "Diagnostics", ColumnKind::Text, std::string("ols_spatial")},
                {"dependent", "Dependent", ColumnKind::Text, dependent},
                {"n", "Observations", ColumnKind::Count, static_cast<double>(n)},
                {"regressors", "Regressors", ColumnKind::Count, static_cast<double>(regressors)},
                {"sigma2", "sigma^2 = e'e/n", ColumnKind::Number, sigma2}};
    r.tables = {weights_table(*this)};
    if (!std::isnan(moran.i)) r.tables.push_back(moran_table(moran));  // not computed for panels
    r.tables.push_back(lm_table(tests));
    r.conventions = conventions;
    r.status = status;
    r.message = message;
    return r;
}

std::string LmTestsResult::full_report() const { return write_text(report()); }

}  // namespace spillover
