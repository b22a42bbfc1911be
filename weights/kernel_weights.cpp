#include "weights/kernel_weights.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include <fmt/format.h>

#include "engine/input_error.hpp"

namespace spillover {

KernelFunction parse_kernel_function(std::string_view name) {
    if (name == "uniform") return KernelFunction::Uniform;
    if (name == "triangular") return KernelFunction::Triangular;
    if (name == "epanechnikov" || name == "quadratic") return KernelFunction::Epanechnikov;
    if (name == "bisquare" || name == "quartic") return KernelFunction::Bisquare;
    if (name == "gaussian") return KernelFunction::Gaussian;
    throw InputError("unknown kernel '" + std::string(name) +
                     "' (choose uniform, triangular, epanechnikov, bisquare or gaussian)");
}

std::string_view to_string(KernelFunction function) {
    switch (function) {
        case KernelFunction::Uniform: return "uniform";
        case KernelFunction::Triangular: return "triangular";
        case KernelFunction::Epanechnikov: return "epanechnikov";
        case KernelFunction::Bisquare: return "bisquare";
        case KernelFunction::Gaussian: return "gaussian";
    }
    return "unknown";
}

double kernel_value(KernelFunction function, double z, bool gaussian_normalise) {
    if (!(z <= 1)) return 0.0;
    switch (function) {
        case KernelFunction::Uniform: return 0.5;
        case KernelFunction::Triangular: return 1 - z;
        case KernelFunction::Epanechnikov: return 0.75 * (1 - z * z);
        case KernelFunction::Bisquare: {
            const double u = 1 - z * z;
            return 15.0 / 16.0 * u * u;
        }
        case KernelFunction::Gaussian: {
            const double c = gaussian_normalise ? 1 / std::sqrt(2 * std::numbers::pi) : 1.0;
            return c * std::exp(-(z * z) / 2);
        }
    }
    return 0.0;
}

void KernelOptions::validate() const {
    if (bandwidth && !(std::isfinite(*bandwidth) && *bandwidth > 0))
        throw InputError(fmt::format("kernel weights: bandwidth {} must be a positive distance", *bandwidth));
    if (bandwidth && adaptive)
        throw InputError("kernel weights: a fixed bandwidth cannot be adaptive (adaptive bandwidths come from k)");
    if (k < 1) throw InputError(fmt::format("kernel weights: k = {} (it must be at least 1)", k));
    if (!(std::isfinite(eps) && eps >= 1))
        throw InputError(fmt::format("kernel weights: eps = {} (it must be a finite number ≥ 1)", eps));
    if (threads < 0) throw InputError(fmt::format("kernel weights: threads = {} (it must be 0 or more)", threads));
}

void KernelOptions::validate(PointSet::Index n) const {
    validate();
    if (!bandwidth && k >= n)
        throw InputError(fmt::format("kernel weights: a bandwidth from the k = {} nearest neighbours needs more "
                                     "than {} points, got {}", k, k, n));
}

std::vector<double> kernel_bandwidths(const PointIndex& index, const KernelOptions& options) {
    const PointSet::Index n = index.size();
    options.validate(n);
    if (options.bandwidth) return std::vector<double>(static_cast<std::size_t>(n), *options.bandwidth);
    const PointSet::Index k = options.k;
    const NeighbourLists kth = index.build_rows(
        [&](PointIndex::Unit u, std::vector<Neighbour>& row) {
            index.nearest(u, k, row);
            row.erase(row.begin(), row.end() - 1);
        },
        options.threads, 1);
    std::vector<double> h(kth.distance.size());
    const double largest = *std::max_element(kth.distance.begin(), kth.distance.end());
    for (std::size_t i = 0; i < h.size(); ++i) {
        h[i] = options.eps * (options.adaptive ? kth.distance[i] : largest);
        if (h[i] == 0)
            throw InputError(fmt::format("kernel weights: point '{}' and its {} nearest neighbours share one "
                                         "location, so its bandwidth is 0; raise k or give a bandwidth",
                                         index.points().ids[i], k));
    }
    return h;
}

std::vector<double> kernel_bandwidths(const PointSet& points, const KernelOptions& options) {
    options.validate(points.size());
    const PointIndex index(points, options.threads);
    return kernel_bandwidths(index, options);
}

SpatialWeights kernel_weights(const PointSet& points, const KernelOptions& options) {
    options.validate(points.size());
    const PointIndex index(points, options.threads);
    const std::vector<double> h = kernel_bandwidths(index, options);
    const PointSet::Index k = options.k;
    // Each row is the unit itself (d = 0) and its neighbour set: the k nearest (adaptive) or the
    // ball of radius h (fixed).
    const NeighbourLists lists = index.build_rows(
        [&](PointIndex::Unit u, std::vector<Neighbour>& row) {
            if (options.adaptive) index.nearest(u, k, row);
            else index.within(u, 0.0, h[static_cast<std::size_t>(u.index)], true, true, row);
            row.push_back({u.index, 0.0, u.position});
        },
        options.threads);
    return lists.to_weights(
        points.ids,
        [&](PointSet::Index row, PointSet::Index column, double d) {
            if (row == column && options.diagonal_one) return 1.0;
            return kernel_value(options.function, d / h[static_cast<std::size_t>(row)], options.gaussian_normalise);
        },
        options.threads);
}

}  // namespace spillover
