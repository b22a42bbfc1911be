#include "solvers/exact_traces.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <span>
#include <vector>

#include <fmt/format.h>

#include "engine/numerical_failure.hpp"
#include "engine/parallel_for.hpp"
#include "engine/random_probes.hpp"
#include "solvers/sparse_factorisation.hpp"
#include "weights/symmetric_similar.hpp"

namespace spillover {

namespace {

using Matrix = SparsePattern::Matrix;

/// The first and second derivative at 0 of a function known by its values.
struct Derivatives {
    double first = 0.0, second = 0.0;
    double first_error = 0.0, second_error = 0.0;  ///< Richardson's error estimates
};

/// Values at the given points (NaN where the matrix is singular), computed in parallel.
using Values = std::function<std::vector<double>(std::span<const double> ts)>;

/// Levels of the tableau: at least `min_levels`, more (one parallel pair of factorisations each)
/// until the error estimate is below `relative_tolerance` of the value, at most `max_levels`.
constexpr int min_levels = 3, max_levels = 7;
constexpr double relative_tolerance = 1e-9;

/// Richardson's tableau over central differences at ±h/2^k (the header). `at_zero`: g(0) when
/// already known (NaN otherwise). `second`: the second derivative is wanted too.
Derivatives central_derivatives(const Values& g, double h, double at_zero, bool second) {
    for (int attempt = 0; attempt < 4; ++attempt, h /= 8) {
        double d1[max_levels][max_levels], d2[max_levels][max_levels];
        double g0 = at_zero;
        std::vector<double> ts;
        if (std::isnan(g0)) ts.push_back(0.0);
        for (int k = 0; k < min_levels; ++k) ts.insert(ts.end(), {h / std::ldexp(1.0, k), -h / std::ldexp(1.0, k)});
        std::vector<double> v = g(ts);
        if (std::isnan(g0)) {
            g0 = v.front();
            v.erase(v.begin());
        }
        bool singular = std::isnan(g0);
        Derivatives out;
        for (int k = 0; k < max_levels && !singular; ++k) {
            if (k >= min_levels) {
                const double next[] = {h / std::ldexp(1.0, k), -h / std::ldexp(1.0, k)};
                const std::vector<double> more = g(next);
                v.insert(v.end(), more.begin(), more.end());
            }
            const double step = h / std::ldexp(1.0, k);
            const double plus = v[static_cast<size_t>(2 * k)], minus = v[static_cast<size_t>(2 * k + 1)];
            if (std::isnan(plus) || std::isnan(minus)) {
                singular = true;  // a step too far: start again with a smaller one
                break;
            }
            d1[k][0] = (plus - minus) / (2 * step);
            d2[k][0] = (plus - 2 * g0 + minus) / (step * step);
            for (int j = 1; j <= k; ++j) {
                const double factor = std::ldexp(1.0, 2 * j);  // the step halves: the h^(2j) term falls 4^j-fold
                d1[k][j] = d1[k][j - 1] + (d1[k][j - 1] - d1[k - 1][j - 1]) / (factor - 1);
                d2[k][j] = d2[k][j - 1] + (d2[k][j - 1] - d2[k - 1][j - 1]) / (factor - 1);
            }
            if (k + 1 < min_levels) continue;
            out = {d1[k][k], d2[k][k], std::fabs(d1[k][k] - d1[k][k - 1]), std::fabs(d2[k][k] - d2[k][k - 1])};
            const bool first_done = out.first_error <= relative_tolerance * std::fabs(out.first);
            const bool second_done = !second || out.second_error <= relative_tolerance * std::fabs(out.second);
            if (first_done && second_done) return out;
        }
        if (!singular) return out;  // the best estimate after max_levels, its error stated
    }
    throw NumericalFailure("exact traces: the log-determinant is singular at every step tried");
}

/// ln|P + tC| for a fixed P and C on one analysed pattern.
class PencilLogDeterminant {
public:
    /// `terms` with `coefficients` (and `diagonal`·I) give P; `c_terms`/`c_coefficients` give C.
    PencilLogDeterminant(std::span<const Matrix* const> terms, std::span<const double> p_coefficients,
                         double p_diagonal, std::span<const Matrix* const> c_terms,
                         std::span<const double> c_coefficients, bool symmetric, int threads)
        : c_terms_(c_terms.begin(), c_terms.end()), c_coefficients_(c_coefficients.begin(), c_coefficients.end()) {
        SparsePattern pattern = SparsePattern::union_of(terms, symmetric);
        p_ = pattern.values(terms, p_coefficients, p_diagonal);
        c_ = pattern.values(c_terms, c_coefficients, 0.0);
        factor_ = symmetric ? make_sparse_cholesky(std::move(pattern), threads)
                            : make_sparse_lu(std::move(pattern), p_, threads);
    }

    std::vector<double> operator()(std::span<const double> ts) {
        std::vector<double> out(ts.size());
        parallel_for(ts.size(), factor_->workspaces(), [&](std::size_t k, int workspace) {
            std::vector<double> values(p_.size());
            for (size_t e = 0; e < values.size(); ++e) values[e] = p_[e] + ts[k] * c_[e];
            out[k] = factor_->log_determinant(values, workspace);
        });
        return out;
    }

    /// 1/μ, μ the largest |eigenvalue| of P⁻¹C by power iterations with P's factor: where the Taylor
    /// series of ln|P + tC| at 0 converges. Leaves ln|P| in at_zero().
    double singularity_distance() {
        at_zero_ = factor_->log_determinant(p_, 0);
        if (std::isnan(at_zero_)) throw NumericalFailure("exact traces: the matrix is singular");
        Eigen::VectorXd x = rademacher_probes(rows(), 1, 20261206).col(0);
        double mu = 0.0;
        for (int iteration = 0; iteration < 6; ++iteration) {
            x /= x.norm();
            Eigen::VectorXd cx = Eigen::VectorXd::Zero(x.size());
            for (size_t t = 0; t < c_terms_.size(); ++t) cx += c_coefficients_[t] * (*c_terms_[t] * x);
            x = factor_->solve(cx, 0);
            mu = x.norm();
        }
        return mu > 0 ? 1.0 / mu : std::numeric_limits<double>::infinity();
    }

    const SparseFactorisation& factor() const { return *factor_; }
    double at_zero() const { return at_zero_; }

private:
    Eigen::Index rows() const { return c_terms_.front()->rows(); }
    std::vector<const Matrix*> c_terms_;
    std::vector<double> c_coefficients_;
    std::vector<double> p_, c_;
    std::unique_ptr<SparseFactorisation> factor_;
    double at_zero_ = std::numeric_limits<double>::quiet_NaN();
};

/// d/dt ln|P + tC| at 0 with its error estimate.
TraceEstimate pencil_trace(PencilLogDeterminant& pencil) {
    // μ is approached from below, so the step keeps well inside 1/μ (header).
    const double distance = pencil.singularity_distance();
    const double h = std::isfinite(distance) ? distance / 8 : 1.0;
    const Derivatives d =
        central_derivatives([&](std::span<const double> ts) { return pencil(ts); }, h, pencil.at_zero(), false);
    return {d.first, d.first_error};
}

/// W and Wᵀ in compressed columns, and the products the routes at hand use: WᵀW for T3 of a W that
/// is not symmetric and for the LU routes, W² for the LU routes only.
struct WeightsProducts {
    Matrix w, wt, wtw, w2;
    bool symmetric = false;
    WeightsProducts(const SpatialWeights& weights, bool lu_routes) : w(weights.matrix()), wt(w.transpose()) {
        symmetric = w.nonZeros() == wt.nonZeros() && (w - wt).norm() == 0.0;
        // Eigen's pruning product skips the conservative product's sorting pass: 2.5x faster here,
        // and W ≥ 0, so no entry cancels to a zero it would drop.
        if (!symmetric || lu_routes) wtw = (wt * w).pruned();
        if (lu_routes) w2 = (w * w).pruned();
    }
};

/// tr((WᵀW + W²)A⁻¹). With W = D^{-1/2} S D^{1/2} (S symmetric: weights/symmetric_similar.hpp) and
/// A_S = I − ρS: tr(W²A⁻¹) = tr(A_S⁻¹S²) and tr(WᵀWA⁻¹) = tr(A_S⁻¹ D S D⁻¹ S); as A_S is symmetric,
/// tr(A_S⁻¹C) = tr(A_S⁻¹(C + Cᵀ)/2), so one Cholesky pencil serves. Otherwise an LU pencil on A.
double lm_residual_trace(const SpatialWeights& weights, const WeightsProducts& m, double rho, int threads) {
    if (!has_symmetric_similar(weights)) {
        const Matrix* terms[] = {&m.w, &m.wtw, &m.w2};
        const double p[] = {-rho, 0.0, 0.0}, c[] = {0.0, 1.0, 1.0};
        PencilLogDeterminant pencil(terms, p, 1.0, terms, c, false, threads);
        return pencil_trace(pencil).value;
    }
    const Matrix s = symmetric_similar(weights);
    Eigen::VectorXd d = weights.symmetric_scaling();
    if (d.size() == 0) d = Eigen::VectorXd::Ones(weights.n());
    const Matrix s_inv_d_s = (Matrix(s * d.cwiseInverse().asDiagonal()) * s).pruned();  // S D⁻¹ S
    const Matrix c =
        Matrix((s * s).pruned()) + 0.5 * (Matrix(d.asDiagonal() * s_inv_d_s) + Matrix(s_inv_d_s * d.asDiagonal()));
    const Matrix* terms[] = {&s, &c};
    const double p[] = {-rho, 0.0}, cs[] = {0.0, 1.0};
    PencilLogDeterminant pencil(terms, p, 1.0, terms, cs, true, threads);
    return pencil_trace(pencil).value;
}

}  // namespace

SpatialTraces exact_sparse_traces(const SpatialWeights& weights, double rho, int threads, LogDeterminant* logdet) {
    const WeightsProducts m(weights, !has_symmetric_similar(weights));
    SpatialTraces t;
    // T1 and T2 from f(ρ − t) = ln|I − (ρ − t)W|: g′(0) = −f′(ρ) = T1, g″(0) = f″(ρ) = −T2.
    Derivatives d;
    std::string t12;
    if (logdet != nullptr && logdet->exact()) {
        const RhoInterval& interval = logdet->interval();
        const double distance = std::min(rho - interval.lower, interval.upper - rho);
        d = central_derivatives(
            [&](std::span<const double> ts) {
                std::vector<double> rhos(ts.size());
                for (size_t k = 0; k < ts.size(); ++k) rhos[k] = rho - ts[k];
                std::vector<double> out;
                for (const LogDetValue& v : logdet->evaluate(rhos)) out.push_back(v.value);
                return out;
            },
            distance / 8, std::numeric_limits<double>::quiet_NaN(), true);
        t12 = fmt::format("T1, T2 from the {} log-determinant", to_string(logdet->method()));
    } else {
        const Matrix* terms[] = {&m.w};
        const double p[] = {-rho}, c[] = {1.0};
        PencilLogDeterminant pencil(terms, p, 1.0, terms, c, false, threads);
        const double distance = pencil.singularity_distance();
        d = central_derivatives([&](std::span<const double> ts) { return pencil(ts); }, distance / 8, pencil.at_zero(),
                                true);
        t12 = "T1, T2 from a sparse LU of I - rho W";
    }
    t.wa = {d.first, d.first_error};
    t.wa_squared = {-d.second, d.second_error};
    std::string t3 = "T3 = T2 (W symmetric)";
    if (m.symmetric) {
        t.wa_cross = t.wa_squared;
    } else {
        // (I − ρW)ᵀ(I − ρW) + (s − ρ²)WᵀW.
        const Matrix* terms[] = {&m.w, &m.wt, &m.wtw};
        const double p[] = {-rho, -rho, rho * rho}, c[] = {1.0};
        const Matrix* c_terms[] = {&m.wtw};
        PencilLogDeterminant pencil(terms, p, 1.0, c_terms, c, true, threads);
        t.wa_cross = pencil_trace(pencil);
        t3 = "T3 from " + pencil.factor().description() + " of (I - rho W)'(I - rho W) + s W'W";
    }
    t.lm_residual = lm_residual_trace(weights, m, rho, threads);
    t.exact = true;
    t.method = fmt::format("exact, by differentiating exact log-determinants ({}; {}; Richardson error estimates "
                           "{:.1e}, {:.1e}, {:.1e} relative)",
                           t12, t3, t.wa.std_error / std::fabs(t.wa.value),
                           t.wa_squared.std_error / std::fabs(t.wa_squared.value),
                           t.wa_cross.std_error / std::fabs(t.wa_cross.value));
    return t;
}

MixedTraces exact_sparse_mixed_traces(const SpatialWeights& weights, double rho, double lambda, int threads) {
    const WeightsProducts m(weights, true);
    MixedTraces out;
    {
        // (I − λW)ᵀ(I − ρW) + (s − ρλ)WᵀW; symmetric when ρ = λ.
        const Matrix* terms[] = {&m.w, &m.wt, &m.wtw};
        const double p[] = {-rho, -lambda, rho * lambda}, c[] = {1.0};
        const Matrix* c_terms[] = {&m.wtw};
        PencilLogDeterminant pencil(terms, p, 1.0, c_terms, c, false, threads);
        out.cross = pencil_trace(pencil).value;
    }
    {
        // (I − λW)(I − ρW) + (s − ρλ)W².
        const Matrix* terms[] = {&m.w, &m.w2};
        const double p[] = {-(rho + lambda), rho * lambda}, c[] = {0.0, 1.0};
        PencilLogDeterminant pencil(terms, p, 1.0, terms, c, false, threads);
        out.product = pencil_trace(pencil).value;
    }
    return out;
}

}  // namespace spillover
