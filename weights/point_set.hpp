#pragma once
// Points for distance-based weights: their coordinates, the distance between two of them, and the
// spatial index (a KD-tree) that the k-nearest-neighbour, distance-band and kernel builders share.
//
// Coordinates
//   `xy` is n × 2: column 0 is x (or longitude), column 1 is y (or latitude), row i is unit ids[i].
//   Planar coordinates may be any finite numbers. With `lonlat`, coordinates are decimal degrees:
//   latitude in [-90, 90], longitude in [-180, 360] (both common conventions), and distances are in
//   kilometres. Duplicate points are allowed: they are at distance 0 from each other, so each is a
//   neighbour of the other in a distance band with lower bound 0 and among the k nearest (spdep
//   warns but does the same); inverse-distance weights refuse them (1/0).
//
// Distances
//   Planar: d = hypot(x_i - x_j, y_i - y_j) (std::hypot, as spdep's C code).
//   Great circle (lonlat), GreatCircle::Spdep — the default, so that results equal spdep 1.2-7's
//   knearneigh(longlat = TRUE), dnearneigh(longlat = TRUE, use_s2 = FALSE) and
//   nbdists(longlat = TRUE), which all call gcdist() in spdep's src/dnn.c (the same function as sp's
//   spDists). It is Andoyer-Lambert's first-order ellipsoidal correction of the spherical distance
//   (Meeus, Astronomical Algorithms, ch. 11) on the WGS-84 ellipsoid, a = 6378.137 km,
//   f = 1/298.257223563. With φ latitudes and λ longitudes in radians:
//       F = (φ1 + φ2)/2,  G = (φ1 − φ2)/2,  L = (λ1 − λ2)/2
//       S = sin²G cos²L + cos²F sin²L,   C = cos²G cos²L + sin²F sin²L
//       ω = atan(√(S/C)),  R = √(SC)/ω,  D = 2ωa
//       H1 = (3R − 1)/(2C),  H2 = (3R + 1)/(2S)
//       d = D (1 + f H1 sin²F cos²G − f H2 cos²F sin²G)
//   and d = 0 when |φ1 − φ2| < DBL_EPSILON and |fmod(λ1 − λ2, 360°)| < DBL_EPSILON (as spdep; the
//   formula is 0/0 there). 2ω is the central angle, so D is the distance on the sphere of radius a
//   and the bracket is the first-order correction for the flattening; d/(aθ) stays within
//   [1 − 2f, 1 + f]. Not defined for antipodal points (C = 0). The code repeats spdep's operations
//   in spdep's order, so distances agree with R's to the last bit on the same libm (this matters for
//   exact ties; building with FMA contraction, e.g. -march=native, could move a tie by one ulp).
//   GreatCircle::Haversine: d = 2R asin(√(sin²((φ2−φ1)/2) + cos φ1 cos φ2 sin²((λ2−λ1)/2))), the
//   usual spherical formula, on the IUGG mean Earth radius R = 6371.0088 km (software that uses
//   6371.0 differs by 1.4 ppm).
//   Both are symmetric bit for bit: d(i, j) == d(j, i).
//
// Search (PointIndex)
//   Planar points go into a 2-D KD-tree (nanoflann, leaves of 16), lon/lat points into a 3-D
//   KD-tree of unit vectors, whose chord distance is monotone in the central angle. The tree only
//   proposes candidates; every decision (which neighbours, in which order, inside a band or not) is
//   made on the exact distance above, so results do not depend on the tree. The spdep distance is not
//   monotone in the central angle (the flattening term), so lon/lat searches widen the chord radius
//   by 2 % (more than the 0.67 % the term can reach).
//   The tree holds the points in Morton (Z-curve) order, and row builders query in that order on all
//   hardware threads, so that a query's neighbourhood is usually still in cache. Rows are placed in
//   input order at the end.
//   Points whose coordinate differences overflow when squared (|x| beyond ~1e154) fall back to
//   scanning every point: correct, but quadratic.
//
// Neighbour lists (NeighbourLists) are compressed rows: row i holds its neighbours' 0-based indices
// and distances. Builders take `threads` (0 = one per hardware thread, but not for small inputs);
// results do not depend on it.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <Eigen/Core>

#include "weights/spatial_weights.hpp"

namespace spillover {

class DataTable;

enum class GreatCircle {
    Spdep,      ///< spdep's gcdist: Andoyer-Lambert on WGS-84, km (default; matches spdep fixtures)
    Haversine,  ///< haversine on a sphere of radius 6371.0088 km
};

/// WGS-84 equatorial radius (km), the `a` of spdep's gcdist.
inline constexpr double kWgs84EquatorialRadiusKm = 6378.137;
/// WGS-84 flattening, the `f` of spdep's gcdist.
inline constexpr double kWgs84Flattening = 1.0 / 298.257223563;
/// IUGG mean Earth radius (km), used by the haversine option.
inline constexpr double kMeanEarthRadiusKm = 6371.0088;

/// Planar distance, std::hypot(x1 - x2, y1 - y2) (spdep's C code uses hypot).
double planar_distance(double x1, double y1, double x2, double y2);
/// spdep's gcdist (see the header comment), km; arguments in degrees.
double spdep_gcdist_km(double lon1, double lat1, double lon2, double lat2);
/// Haversine distance on the sphere of radius kMeanEarthRadiusKm, km; arguments in degrees.
double haversine_km(double lon1, double lat1, double lon2, double lat2);

struct PointSet {
    using Index = SpatialWeights::Index;

    std::vector<std::string> ids;  ///< one per row of xy; become the ids of the weights
    Eigen::MatrixX2d xy;           ///< column 0 = x or longitude, column 1 = y or latitude
    bool lonlat = false;           ///< degrees on the Earth, distances in km
    GreatCircle great_circle = GreatCircle::Spdep;  ///< formula for lonlat distances

    /// Points with ids "1".."n" (spdep's default region ids).
    static PointSet with_default_ids(Eigen::MatrixX2d xy, bool lonlat = false);
    /// Points from two numeric columns of a table; ids from `id_column` (DataTable::ids) or "1".."n"
    /// when it is empty. Missing and non-finite cells are InputErrors naming the cell.
    static PointSet from_table(const DataTable& table, std::string_view x_column,
                               std::string_view y_column, std::string_view id_column = {},
                               bool lonlat = false);

    Index size() const noexcept { return static_cast<Index>(xy.rows()); }

    /// Throws InputError: ids and rows differ in number, no point, a coordinate is not finite, or
    /// (lonlat) a latitude outside [-90, 90] or a longitude outside [-180, 360]. Names the point.
    void validate() const;

    /// The distance between points i and j (planar units, or km for lonlat).
    double distance(Index i, Index j) const;
};

/// A neighbour of some unit: its 0-based index and its distance.
struct Neighbour {
    PointSet::Index index = 0;
    double distance = 0.0;
    /// Its place in the PointIndex's spatial order (set by PointIndex queries; a row builder that adds
    /// a neighbour itself takes it from PointIndex::Unit).
    std::uint32_t position = 0;
};

/// Neighbour lists as compressed rows: the neighbours of unit i are positions
/// offsets[i] .. offsets[i+1]-1 of `index` and `distance`. The order within a row is the builder's
/// (documented there).
struct NeighbourLists {
    using Index = PointSet::Index;

    std::vector<Index> offsets{0};
    std::vector<Index> index;
    std::vector<double> distance;

    Index n() const noexcept { return static_cast<Index>(offsets.size()) - 1; }
    Index links() const noexcept { return static_cast<Index>(index.size()); }
    Index cardinality(Index i) const {
        return offsets[static_cast<std::size_t>(i) + 1] - offsets[static_cast<std::size_t>(i)];
    }

    /// The union of the lists and their transpose (i ~ j when j ~ i or i ~ j), rows sorted by index:
    /// spdep's make.sym.nb. Distances are symmetric, so a link taken from the transpose keeps its
    /// distance. Throws std::invalid_argument for a neighbour index outside 0..n()-1.
    NeighbourLists symmetrised(int threads = 0) const;

    /// W with w_ij = value(d_ij) for every listed link (rows sorted by neighbour index); `value` is
    /// called as value(distance) or, if it takes three arguments, value(row, column, distance).
    /// Weights that come out 0 are dropped (SpatialWeights keeps no explicit zeros). Throws
    /// InputError if `ids` does not have n() entries, a neighbour index is out of range or repeats
    /// within a row, or a weight is negative or not finite. (Self-links are allowed: kernel weights.)
    template <typename Value>
    SpatialWeights to_weights(std::vector<std::string> ids, Value&& value, int threads = 0) const;
    /// W with every listed link weighing 1.
    SpatialWeights to_binary_weights(std::vector<std::string> ids, int threads = 0) const;
};

/// The number of threads to use: `requested` (at most one per row), or for 0 one per hardware
/// thread but at most one per `min_rows_per_thread` rows of work. At least 1.
int resolve_threads(int requested, PointSet::Index rows, PointSet::Index min_rows_per_thread = 2048);

/// A KD-tree over a PointSet with exact-distance queries. The PointSet must outlive the index and
/// not change. Queries are const and may run concurrently from several threads.
class PointIndex {
public:
    using Index = PointSet::Index;

    /// A unit as the index sees it: its row in the PointSet and its place in the index's spatial
    /// order. Builders get it from build_rows; it saves the lookup (a cache miss per query at 10^6).
    struct Unit {
        Index index = 0;
        std::uint32_t position = 0;
    };

    /// Validates the points (PointSet::validate) and builds the tree (`threads` for the parts that
    /// run in parallel; 0 = automatic, as resolve_threads).
    explicit PointIndex(const PointSet& points, int threads = 0);
    ~PointIndex();
    PointIndex(PointIndex&&) noexcept;
    PointIndex& operator=(PointIndex&&) noexcept;
    PointIndex(const PointIndex&) = delete;
    PointIndex& operator=(const PointIndex&) = delete;

    const PointSet& points() const noexcept;
    Index size() const noexcept;
    Unit unit(Index i) const;

    /// The k nearest units to unit i, i excluded, into `out` (resized to k): ordered by distance and,
    /// among equal distances, by lower index — spdep's knearneigh rule. Requires 1 ≤ k < n.
    void nearest(Unit u, Index k, std::vector<Neighbour>& out) const;
    void nearest(Index i, Index k, std::vector<Neighbour>& out) const { nearest(unit(i), k, out); }

    /// The units j ≠ i with lower ≤ d(i, j) ≤ upper (strict `<` at an end whose `*_inclusive` is
    /// false), into `out`, sorted by index.
    void within(Unit u, double lower, double upper, bool lower_inclusive, bool upper_inclusive,
                std::vector<Neighbour>& out) const;
    void within(Index i, double lower, double upper, bool lower_inclusive, bool upper_inclusive,
                std::vector<Neighbour>& out) const {
        within(unit(i), lower, upper, lower_inclusive, upper_inclusive, out);
    }

    /// All units in an order in which consecutive units are close in space (Morton order). Queries
    /// issued in this order touch memory that is already in cache.
    const std::vector<Index>& spatial_order() const noexcept;

    /// Fills a NeighbourLists row by row on `threads` threads: fill(unit, row) must put the unit's
    /// neighbours into `row` (cleared beforehand) in the order they should be stored. Rows are
    /// computed in spatial_order() and placed in input order at the end. With `row_length` ≥ 0 every
    /// row must have exactly that many entries (std::logic_error otherwise). With `symmetrise`, each
    /// row becomes the union of the row and its transpose, sorted by index — as
    /// NeighbourLists::symmetrised, but done in spatial order, where the transpose stays in cache.
    template <typename Fill>
    NeighbourLists build_rows(Fill&& fill, int threads = 0, Index row_length = -1, bool symmetrise = false) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;

    // Non-template engine of build_rows: calls fill_row(context, unit, row) for every unit.
    using RowFiller = void (*)(void* context, Unit unit, std::vector<Neighbour>& row);
    NeighbourLists build_rows_impl(RowFiller fill_row, void* context, int threads, Index row_length,
                                   bool symmetrise) const;
};

// --- template definitions ---------------------------------------------------------------------

namespace detail {
using LinkValue = double (*)(void* context, PointSet::Index row, PointSet::Index column, double distance);
SpatialWeights lists_to_weights(const NeighbourLists& lists, std::vector<std::string> ids,
                                LinkValue value, void* context, int threads);
}  // namespace detail

template <typename Value>
SpatialWeights NeighbourLists::to_weights(std::vector<std::string> ids, Value&& value, int threads) const {
    using V = std::remove_reference_t<Value>;
    return detail::lists_to_weights(
        *this, std::move(ids),
        [](void* context, PointSet::Index row, PointSet::Index column, double d) -> double {
            V& f = *static_cast<V*>(context);
            if constexpr (std::is_invocable_v<V&, PointSet::Index, PointSet::Index, double>) {
                return static_cast<double>(f(row, column, d));
            } else {
                (void)row;
                (void)column;
                return static_cast<double>(f(d));
            }
        },
        const_cast<void*>(static_cast<const void*>(&value)), threads);
}

template <typename Fill>
NeighbourLists PointIndex::build_rows(Fill&& fill, int threads, Index row_length, bool symmetrise) const {
    using F = std::remove_reference_t<Fill>;
    return build_rows_impl(
        [](void* context, Unit unit, std::vector<Neighbour>& row) { (*static_cast<F*>(context))(unit, row); },
        const_cast<void*>(static_cast<const void*>(&fill)), threads, row_length, symmetrise);
}

}  // namespace spillover
