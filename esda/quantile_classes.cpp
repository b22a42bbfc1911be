#include "esda/quantile_classes.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace spillover {

std::string_view to_string(ClassBreaks breaks) {
    return breaks == ClassBreaks::Pooled ? "pooled" : "per_period";
}

namespace {

/// The percentiles numpy's `np.arange(w, 100 + w, w)` gives for w = 100/k, last capped at 100.
/// arange takes ceil((stop − start)/step) values start + i·δ with δ = (start + step) − start, so
/// the rounding (k = 3: 100.00000000000001, capped) follows numpy's, not the exact 100·i/k.
std::vector<double> quantile_percentiles(int k) {
    const double w = 100.0 / k;
    const double stop = 100.0 + w;
    const auto count = static_cast<long>(std::ceil((stop - w) / w));
    const double delta = (w + w) - w;
    std::vector<double> p;
    for (long i = 0; i < count; ++i) p.push_back(i == 0 ? w : w + static_cast<double>(i) * delta);
    if (p.back() > 100.0) p.back() = 100.0;
    return p;
}

/// scipy.stats.scoreatpercentile(sorted, per) with interpolation "fraction".
double score_at_percentile(const std::vector<double>& sorted, double per) {
    per = std::min(per, 100.0);  // a percentile rounded just above 100 before the cap
    const double h = per / 100.0 * static_cast<double>(sorted.size() - 1);
    const auto i = static_cast<std::size_t>(h);
    if (static_cast<double>(i) == h) return sorted[i];
    const double below = static_cast<double>(i + 1) - h, above = h - static_cast<double>(i);
    return (sorted[i] * below + sorted[i + 1] * above) / (below + above);
}

}  // namespace

std::vector<double> quantile_edges(std::vector<double> values, int k) {
    if (values.empty()) throw std::invalid_argument("quantile_edges: no values");
    if (k < 1) throw std::invalid_argument("quantile_edges: k must be at least 1, got " + std::to_string(k));
    std::sort(values.begin(), values.end());
    std::vector<double> edges;
    for (double p : quantile_percentiles(k)) edges.push_back(score_at_percentile(values, p));
    std::sort(edges.begin(), edges.end());
    edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
    return edges;
}

int quantile_class(double x, const std::vector<double>& edges) {
    const auto first_not_below = std::lower_bound(edges.begin(), edges.end(), x);  // x ≤ edge
    const auto j = std::distance(edges.begin(), first_not_below);
    return static_cast<int>(std::min<std::ptrdiff_t>(j, static_cast<std::ptrdiff_t>(edges.size()) - 1));
}

Eigen::VectorXi QuantileClasses::sizes() const {
    Eigen::VectorXi n = Eigen::VectorXi::Zero(k);
    for (Eigen::Index c = 0; c < ids.cols(); ++c)
        for (Eigen::Index r = 0; r < ids.rows(); ++r) ++n(ids(r, c));
    return n;
}

QuantileClasses classify_quantiles(const Eigen::MatrixXd& y, int k, ClassBreaks breaks) {
    if (y.size() == 0) throw std::invalid_argument("classify_quantiles: no values");
    if (k < 1) throw std::invalid_argument("classify_quantiles: k must be at least 1, got " + std::to_string(k));
    QuantileClasses out;
    out.breaks = breaks;
    out.requested = k;
    out.ids.resize(y.rows(), y.cols());
    if (breaks == ClassBreaks::Pooled) {
        out.edges.push_back(quantile_edges(std::vector<double>(y.data(), y.data() + y.size()), k));
        out.k = static_cast<int>(out.edges.front().size());
        out.merged_edges = out.k < k;
        for (Eigen::Index t = 0; t < y.cols(); ++t)
            for (Eigen::Index i = 0; i < y.rows(); ++i) out.ids(i, t) = quantile_class(y(i, t), out.edges.front());
        return out;
    }
    out.k = k;
    for (Eigen::Index t = 0; t < y.cols(); ++t) {
        const Eigen::VectorXd column = y.col(t);
        out.edges.push_back(quantile_edges(std::vector<double>(column.data(), column.data() + column.size()), k));
        out.merged_edges = out.merged_edges || static_cast<int>(out.edges.back().size()) < k;
        for (Eigen::Index i = 0; i < y.rows(); ++i) out.ids(i, t) = quantile_class(y(i, t), out.edges.back());
    }
    return out;
}

Eigen::MatrixXd relative_to_period_mean(const Eigen::MatrixXd& y) {
    Eigen::MatrixXd out(y.rows(), y.cols());
    for (Eigen::Index t = 0; t < y.cols(); ++t) {
        const double mean = y.col(t).mean();
        if (mean == 0.0 || !std::isfinite(mean))
            throw std::invalid_argument("relative_to_period_mean: the mean of period " + std::to_string(t + 1) +
                                        " is " + std::to_string(mean));
        out.col(t) = y.col(t) / mean;
    }
    return out;
}

}  // namespace spillover
