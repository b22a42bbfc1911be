#include "solvers/logdet_chebyshev.hpp"

#include <chrono>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>

#include "engine/stage_timer.hpp"
#include "solvers/logdet_monte_carlo.hpp"

namespace spillover {

namespace {

using Index = SpatialWeights::Index;

/// The coefficients of g_ρ and ∂g_ρ/∂ρ (see the header): c_0, u and their derivatives in ρ.
struct Series {
    double c0 = 0.0, u = 0.0;
    double c0_slope = 0.0, u_slope = 0.0;
    bool inside = true;  // A > |B|: ρ strictly inside the interval also after rounding
};

Series series(double rho, double centre, double half_width) {
    // offset and tilt are the header's A and B: g_ρ(x) = ln(offset − tilt·x).
    const double offset = 1.0 - rho * centre, tilt = rho * half_width;
    const double offset_slope = -centre, tilt_slope = half_width;
    Series s;
    s.inside = offset > std::fabs(tilt);
    const double root = s.inside ? std::sqrt((offset - tilt) * (offset + tilt)) : 0.0;  // √(A² − B²), no cancellation
    const double sum = offset + root;
    s.c0 = std::log(0.5 * sum);
    s.u = tilt / sum;
    const double root_slope =
        s.inside ? (offset * offset_slope - tilt * tilt_slope) / root : std::numeric_limits<double>::infinity();
    const double sum_slope = offset_slope + root_slope;
    s.c0_slope = sum_slope / sum;
    s.u_slope = (tilt_slope * sum - tilt * sum_slope) / (sum * sum);
    return s;
}

}  // namespace

LogDetChebyshev::LogDetChebyshev(const SpatialWeights& w, RhoInterval interval, const LogDetOptions& options)
    : LogDeterminant(LogDetMethod::Chebyshev, w.n(), std::move(interval)), z_(options.z) {
    const auto start = std::chrono::steady_clock::now();
    options.validate();
    if (!(interval_.lower < 0.0 && interval_.upper > 0.0 && std::isfinite(interval_.lower) &&
          std::isfinite(interval_.upper)))
        throw std::invalid_argument(
            fmt::format("the Chebyshev log-determinant needs a finite interval around 0, got ({}, {})", interval_.lower,
                        interval_.upper));
    const double a = 1.0 / interval_.lower, b = 1.0 / interval_.upper;
    centre_ = 0.5 * (a + b);
    half_width_ = 0.5 * (b - a);
    const ProbeOperator s(w, ProbeOperator::Form::SymmetricSimilar, options.threads);
    probe_moments(s, options);
    exact_moments(s);  // after: the probes' own zᵀT_1z enter their odd moments
    description_ = fmt::format(
        "Chebyshev series of ln(1 - rho lambda) to degree {} on [{:.6g}, {:.6g}] (Pace & LeSage "
        "2004, exact coefficients): tr T_0, T_1, T_2 exact, tr T_3..T_{} from {} Rademacher probes "
        "(seed {}) on the symmetric similar matrix, {} block products",
        options.chebyshev_degree, a, b, options.chebyshev_degree, options.probes, options.seed,
        (options.chebyshev_degree + 1) / 2);
    setup_seconds_ = seconds_since(start);
}

void LogDetChebyshev::exact_moments(const ProbeOperator& s) {
    // Ŝ = (S − cI)/h: tr Ŝ = (tr S − cn)/h, tr Ŝ² = (tr S² − 2c tr S + c²n)/h², tr T_2 = 2 tr Ŝ² − n.
    const double n = static_cast<double>(n_), c = centre_, h = half_width_;
    const double trace = s.trace();
    const double trace_of_square = (s.trace_of_square() - 2.0 * c * trace + c * c * n) / (h * h);
    moments_.row(0).setConstant(n);
    moments_.row(1).setConstant((trace - c * n) / h);
    if (moments_.rows() > 2) moments_.row(2).setConstant(2.0 * trace_of_square - n);
}

void LogDetChebyshev::probe_moments(const ProbeOperator& s, const LogDetOptions& options) {
    // T_k Z for k ≤ ⌈q/2⌉ by T_k = 2ŜT_{k−1} − T_{k−2} (T_1 = ŜZ), written over T_{k−2}; the pass
    // that makes T_k also gives zᵀT_{2k−1}z from (T_{k−1}z)·(T_k z) and zᵀT_{2k}z from ‖T_k z‖².
    const Eigen::Index p = options.probes;
    const int q = options.chebyshev_degree;
    const double n = static_cast<double>(n_);
    const double scale = 1.0 / half_width_, shift = centre_ / half_width_;  // Ŝ = scale·S − shift·I
    moments_.resize(q + 1, p);
    Eigen::MatrixXd newer = s.probes(options.probes, options.seed);         // T_{k−1} Z
    Eigen::MatrixXd older(p, s.n());                                        // T_{k−2} Z, then T_k Z
    Eigen::MatrixXd partial(2 * p, static_cast<Eigen::Index>(s.chunks()));  // per chunk: dots, norms
    for (int k = 1; 2 * k - 1 <= q; ++k) {
        s.multiply(newer, [&](std::size_t chunk, Index first, const Eigen::Ref<const Eigen::MatrixXd>& y) {
            const auto x = newer.middleCols(first, y.cols());
            auto out = older.middleCols(first, y.cols());
            if (k == 1)
                out = scale * y - shift * x;
            else
                out = 2.0 * (scale * y - shift * x) - out;
            partial.col(static_cast<Eigen::Index>(chunk)) << x.cwiseProduct(out).rowwise().sum(),
                out.cwiseAbs2().rowwise().sum();
        });
        const Eigen::VectorXd total = partial.rowwise().sum();
        if (k == 1)
            moments_.row(1) = total.head(p).transpose();
        else
            moments_.row(2 * k - 1) = 2.0 * total.head(p).transpose() - moments_.row(1);
        if (2 * k <= q) moments_.row(2 * k) = 2.0 * total.tail(p).transpose().array() - n;
        std::swap(older, newer);
    }
}

LogDetValue LogDetChebyshev::evaluate(double rho, bool) {
    check_inside(rho);
    ++evaluations_;
    const Series s = series(rho, centre_, half_width_);
    const Eigen::Index q = moments_.rows() - 1;
    Eigen::VectorXd c(q + 1), c_slope(q + 1);
    c[0] = s.c0;
    c_slope[0] = s.c0_slope;
    double power = 1.0;  // u^{j−1}
    for (Eigen::Index j = 1; j <= q; ++j) {
        c_slope[j] = -2.0 * power * s.u_slope;
        power *= s.u;
        c[j] = -2.0 * power / static_cast<double>(j);
    }
    const ProbeMean f = probe_mean(moments_.transpose() * c);
    const ProbeMean df = probe_mean(moments_.transpose() * c_slope);

    const double n = static_cast<double>(n_);
    const double u = std::fabs(s.u);
    const bool converges = s.inside && u < 1.0;
    const double infinity = std::numeric_limits<double>::infinity();
    const double tail =
        converges ? 2.0 * n * std::pow(u, static_cast<double>(q + 1)) / (static_cast<double>(q + 1) * (1.0 - u))
                  : infinity;
    const double slope_tail =
        converges ? 2.0 * n * std::fabs(s.u_slope) * std::pow(u, static_cast<double>(q)) / (1.0 - u) : infinity;
    const double radius = std::fabs(centre_) + half_width_;
    return {f.mean, df.mean, z_ * f.standard_error + tail + rounding_allowance(n, 1.0, f.mean),
            z_ * df.standard_error + slope_tail + rounding_allowance(n, radius, df.mean)};
}

}  // namespace spillover
