#include "inequality/kernel_density.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>
#include <vector>

namespace spillover {

void KernelDensityOptions::validate() const {
    if (bandwidth && !(std::isfinite(*bandwidth) && *bandwidth > 0.0))
        throw std::invalid_argument("the bandwidth must be positive and finite (got " + std::to_string(*bandwidth) + ")");
    if (points < 2 || points > 1000000)
        throw std::invalid_argument("the density grid needs between 2 and 10^6 points (got " + std::to_string(points) + ")");
    if (!(std::isfinite(cut) && cut >= 0.0)) throw std::invalid_argument("the grid's cut must be non-negative and finite");
}

double quantile_type7(std::span<const double> sorted, double p) {
    const double h = (static_cast<double>(sorted.size()) - 1.0) * p;
    const auto lo = static_cast<std::size_t>(std::floor(h));
    const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
    return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

double bandwidth_nrd0(std::span<const double> x) {
    if (x.size() < 2) throw std::invalid_argument("a bandwidth needs at least 2 values");
    const double n = static_cast<double>(x.size());
    double mean = 0.0;
    for (double v : x) mean += v;
    mean /= n;
    double ss = 0.0;
    for (double v : x) ss += (v - mean) * (v - mean);
    const double sd = std::sqrt(ss / (n - 1.0));
    std::vector<double> sorted(x.begin(), x.end());
    std::sort(sorted.begin(), sorted.end());
    const double iqr = quantile_type7(sorted, 0.75) - quantile_type7(sorted, 0.25);
    double lo = std::min(sd, iqr / 1.34);
    // R: if (!lo) (lo <- hi) || (lo <- abs(x[1L])) || (lo <- 1)
    if (lo == 0.0) lo = sd;
    if (lo == 0.0) lo = std::fabs(x.front());
    if (lo == 0.0) lo = 1.0;
    return 0.9 * lo * std::pow(n, -0.2);
}

DensityCurve kernel_density(std::span<const double> x, const KernelDensityOptions& options) {
    options.validate();
    if (x.size() < 2) throw std::invalid_argument("a kernel density needs at least 2 values");
    for (double v : x)
        if (!std::isfinite(v)) throw std::invalid_argument("a kernel density needs finite values");
    DensityCurve curve;
    curve.n = static_cast<std::int64_t>(x.size());
    curve.bandwidth_given = options.bandwidth.has_value();
    const double h = options.bandwidth ? *options.bandwidth : bandwidth_nrd0(x);
    curve.bandwidth = h;

    std::vector<double> sorted(x.begin(), x.end());
    std::sort(sorted.begin(), sorted.end());
    const double from = sorted.front() - options.cut * h, to = sorted.back() + options.cut * h;
    // seq(from, to, length.out = points) as R computes it: from + (0:(n−1)) · by.
    curve.x = Eigen::VectorXd::LinSpaced(options.points, from, to);
    curve.density.resize(options.points);
    // exp(−u²/2) is exactly 0 in double beyond |u| ≈ 38.6, so the window loses nothing.
    constexpr double reach = 39.0;
    const double scale = 1.0 / (static_cast<double>(x.size()) * h * std::sqrt(2.0 * std::numbers::pi));
    for (Eigen::Index g = 0; g < options.points; ++g) {
        const double at = curve.x(g);
        const auto first = std::lower_bound(sorted.begin(), sorted.end(), at - reach * h);
        const auto last = std::upper_bound(first, sorted.end(), at + reach * h);
        double sum = 0.0;
        for (auto it = first; it != last; ++it) {
            const double u = (at - *it) / h;
            sum += std::exp(-0.5 * u * u);
        }
        curve.density(g) = sum * scale;
    }
    return curve;
}

}  // namespace spillover
