#pragma once
// Distance-band neighbours and distance-decay weights from points.
//
// Distance band — equal to R spdep 1.2-7's dnearneigh(x, d1, d2) (its C path: planar points without
// the dbscan package, or longlat = TRUE with use_s2 = FALSE):
//   j ≠ i is a neighbour of i when lower ≤ d(i, j) ≤ upper. spdep's default bounds = c("GE", "LE")
//   make both ends inclusive; `lower_inclusive` / `upper_inclusive` = false give "GT" / "LT".
//   Distances are planar, or great-circle km for lon/lat points (point_set.hpp). A unit with no
//   other point in the band is an island (an empty row), as spdep with zero.policy. Duplicate points
//   are at distance 0, so with lower = 0 they are each other's neighbours (as in spdep's C code).
//   The relation is symmetric. Rows are sorted by neighbour index (as an "nb" object).
//   Note: with the dbscan package installed, spdep 1.2-7 answers planar queries with dbscan::frNN
//   and then treats the lower bound as exclusive whatever `bounds` says (d1 < d ≤ d2 for d1 > 0).
//
// Distance-decay weights (distance_weights), for the links of any neighbour list with distances
// (a band, or k nearest neighbours):
//   Inverse:      w_ij = 1 / d_ij^p, p > 0 (spdep nb2listwdist(type = "idw", alpha = p); PySAL
//                 DistanceBand(binary = False, alpha = -p)). A link at distance 0 (duplicate points)
//                 is an InputError; spdep instead gives it the largest finite weight.
//   Exponential:  w_ij = exp(-d_ij / θ), θ > 0 a distance scale in the units of d — the PySAL
//                 convention (libpysal.kernels "exponential": exp(-z), z = d / bandwidth; mgwr).
//                 spdep's nb2listwdist(type = "exp", alpha) is exp(-alpha d), i.e. alpha = 1/θ (and
//                 spdep measures lon/lat distances there in metres, not km).
//   Weights are "raw" (not row-standardised); standardise with the weights transforms. A weight that
//   underflows to 0 (exp of a large negative) drops its link.
//
// A band with upper = max_nearest_distance(points) gives every unit at least one neighbour (the
// smallest such band; PySAL's min_threshold_distance, spdep's max(unlist(nbdists(knn2nb(
// knearneigh(x, 1)), x)))).

#include <string_view>

#include "weights/point_set.hpp"
#include "weights/spatial_weights.hpp"

namespace spillover {

struct DistanceBandOptions {
    double lower = 0.0;           ///< lower bound, ≥ 0
    double upper = 0.0;           ///< upper bound, ≥ lower (may be +inf: every pair)
    bool lower_inclusive = true;  ///< spdep bounds[1]: "GE" (true) or "GT"
    bool upper_inclusive = true;  ///< spdep bounds[2]: "LE" (true) or "LT"
    int threads = 0;              ///< 0 = one per hardware thread

    /// Throws InputError: a bound NaN or negative, lower infinite, upper < lower, threads < 0.
    void validate() const;
};

/// Neighbours within the band with their distances; rows sorted by index.
NeighbourLists distance_band_neighbours(const PointIndex& index, const DistanceBandOptions& options);
NeighbourLists distance_band_neighbours(const PointSet& points, const DistanceBandOptions& options);

/// Binary W of the band: spdep's nb2listw(dnearneigh(x, lower, upper), style = "B", zero.policy = TRUE).
SpatialWeights distance_band_weights(const PointSet& points, const DistanceBandOptions& options);

/// The largest nearest-neighbour distance: the smallest upper bound with no island. Needs n ≥ 2.
double max_nearest_distance(const PointIndex& index, int threads = 0);
double max_nearest_distance(const PointSet& points, int threads = 0);

enum class DistanceDecay {
    Inverse,      ///< w = 1 / d^power
    Exponential,  ///< w = exp(-d / scale)
};

/// "inverse" (also "idw"), "exponential" (also "exp"); InputError otherwise.
DistanceDecay parse_distance_decay(std::string_view name);
std::string_view to_string(DistanceDecay decay);

struct DistanceWeightsOptions {
    DistanceDecay decay = DistanceDecay::Inverse;
    double power = 1.0;  ///< Inverse: p in 1 / d^p, > 0
    double scale = 1.0;  ///< Exponential: θ in exp(-d / θ), > 0, in distance units (km for lon/lat)
    int threads = 0;     ///< 0 = one per hardware thread

    /// Throws InputError for a power or scale that is not a positive finite number, threads < 0.
    void validate() const;
    /// The weight of a link at distance d (no check of d).
    double weight(double d) const;
};

/// Distance-decay W over the links of `neighbours` (from distance_band_neighbours or
/// knn_neighbours of `points`); ids from `points`. InputError for a zero distance with Inverse.
SpatialWeights distance_weights(const PointSet& points, const NeighbourLists& neighbours,
                                const DistanceWeightsOptions& options);

/// Distance-decay W over a band (inverse distance with a cutoff, for instance).
SpatialWeights distance_weights(const PointSet& points, const DistanceBandOptions& band,
                                const DistanceWeightsOptions& options);

}  // namespace spillover
