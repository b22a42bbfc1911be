#include "weights/distance_band.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "engine/input_error.hpp"

namespace spillover {

void DistanceBandOptions::validate() const {
    if (std::isnan(lower) || std::isnan(upper)) throw InputError("distance band: a bound is not a number");
    if (lower < 0) throw InputError(fmt::format("distance band: lower bound {} is negative", lower));
    if (std::isinf(lower)) throw InputError("distance band: lower bound is infinite");
    if (upper < 0) throw InputError(fmt::format("distance band: upper bound {} is negative", upper));
    if (upper < lower)
        throw InputError(fmt::format("distance band: upper bound {} is below lower bound {}", upper, lower));
    if (threads < 0) throw InputError(fmt::format("distance band: threads = {} (it must be 0 or more)", threads));
}

NeighbourLists distance_band_neighbours(const PointIndex& index, const DistanceBandOptions& options) {
    options.validate();
    return index.build_rows(
        [&](PointIndex::Unit u, std::vector<Neighbour>& row) {
            index.within(u, options.lower, options.upper, options.lower_inclusive, options.upper_inclusive, row);
        },
        options.threads);
}

NeighbourLists distance_band_neighbours(const PointSet& points, const DistanceBandOptions& options) {
    options.validate();
    const PointIndex index(points, options.threads);
    return distance_band_neighbours(index, options);
}

SpatialWeights distance_band_weights(const PointSet& points, const DistanceBandOptions& options) {
    return distance_band_neighbours(points, options).to_binary_weights(points.ids, options.threads);
}

double max_nearest_distance(const PointIndex& index, int threads) {
    if (index.size() < 2) throw InputError("the nearest-neighbour distance needs at least 2 points");
    const NeighbourLists nearest = index.build_rows(
        [&](PointIndex::Unit u, std::vector<Neighbour>& row) { index.nearest(u, 1, row); }, threads, 1);
    return *std::max_element(nearest.distance.begin(), nearest.distance.end());
}

double max_nearest_distance(const PointSet& points, int threads) {
    const PointIndex index(points, threads);
    return max_nearest_distance(index, threads);
}

DistanceDecay parse_distance_decay(std::string_view name) {
    if (name == "inverse" || name == "idw") return DistanceDecay::Inverse;
    if (name == "exponential" || name == "exp") return DistanceDecay::Exponential;
    throw InputError("unknown distance decay '" + std::string(name) + "' (choose inverse or exponential)");
}

std::string_view to_string(DistanceDecay decay) {
    switch (decay) {
        case DistanceDecay::Inverse: return "inverse";
        case DistanceDecay::Exponential: return "exponential";
    }
    return "unknown";
}

void DistanceWeightsOptions::validate() const {
    if (decay == DistanceDecay::Inverse && !(std::isfinite(power) && power > 0))
        throw InputError(fmt::format("inverse distance weights: power {} must be a positive number", power));
    if (decay == DistanceDecay::Exponential && !(std::isfinite(scale) && scale > 0))
        throw InputError(fmt::format("exponential distance weights: scale {} must be a positive distance", scale));
    if (threads < 0) throw InputError(fmt::format("distance weights: threads = {} (it must be 0 or more)", threads));
}

double DistanceWeightsOptions::weight(double d) const {
    if (decay == DistanceDecay::Exponential) return std::exp(-d / scale);
    // 1/d is correctly rounded, as glibc's pow(d, -1) (what R's d^(-1) calls): same bits, faster.
    return power == 1.0 ? 1.0 / d : std::pow(d, -power);
}

SpatialWeights distance_weights(const PointSet& points, const NeighbourLists& neighbours,
                                const DistanceWeightsOptions& options) {
    options.validate();
    if (options.decay == DistanceDecay::Inverse) {
        const auto zero = std::find(neighbours.distance.begin(), neighbours.distance.end(), 0.0);
        if (zero != neighbours.distance.end()) {
            const auto link = static_cast<PointSet::Index>(zero - neighbours.distance.begin());
            const auto row = std::upper_bound(neighbours.offsets.begin(), neighbours.offsets.end(), link) -
                             neighbours.offsets.begin() - 1;
            const auto& ids = points.ids;
            throw InputError(fmt::format(
                "inverse distance weights: points '{}' and '{}' are at distance 0 (duplicate locations); "
                "remove or merge them, or use exponential decay",
                ids.at(static_cast<std::size_t>(row)),
                ids.at(static_cast<std::size_t>(neighbours.index[static_cast<std::size_t>(link)]))));
        }
    }
    return neighbours.to_weights(points.ids, [&](double d) { return options.weight(d); }, options.threads);
}

SpatialWeights distance_weights(const PointSet& points, const DistanceBandOptions& band,
                                const DistanceWeightsOptions& options) {
    options.validate();
    return distance_weights(points, distance_band_neighbours(points, band), options);
}

}  // namespace spillover
