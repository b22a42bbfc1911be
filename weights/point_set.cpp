#include "weights/point_set.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cfloat>
#include <cmath>
#include <exception>
#include <limits>
#include <mutex>
#include <numbers>
#include <stdexcept>
#include <thread>
#include <tuple>
#include <utility>

#include <fmt/format.h>
#include <nanoflann.hpp>

#include "engine/data_table.hpp"
#include "engine/input_error.hpp"
#include "engine/parallel_for.hpp"

namespace spillover {

// --- distances ----------------------------------------------------------------------------------

double planar_distance(double x1, double y1, double x2, double y2) { return std::hypot(x1 - x2, y1 - y2); }

double spdep_gcdist_km(double lon1, double lat1, double lon2, double lat2) {
    // Same operations in the same order as spdep's gcdist (src/dnn.c), so that distances — and the
    // ties knearneigh breaks on them — agree to the last bit with R built with the same libm.
    if (std::fabs(lat1 - lat2) < DBL_EPSILON && std::fabs(std::fmod(lon1 - lon2, 360.0)) < DBL_EPSILON)
        return 0.0;
    constexpr double de2ra = std::numbers::pi / 180;
    constexpr double a = kWgs84EquatorialRadiusKm;
    constexpr double f = kWgs84Flattening;
    const double lat1r = lat1 * de2ra;
    const double lat2r = lat2 * de2ra;
    const double lon1r = lon1 * de2ra;
    const double lon2r = lon2 * de2ra;
    const double F = (lat1r + lat2r) / 2.0;
    const double G = (lat1r - lat2r) / 2.0;
    const double L = (lon1r - lon2r) / 2.0;
    const auto square = [](double v) { return v * v; };
    const double sinG2 = square(std::sin(G));
    const double cosG2 = square(std::cos(G));
    const double sinF2 = square(std::sin(F));
    const double cosF2 = square(std::cos(F));
    const double sinL2 = square(std::sin(L));
    const double cosL2 = square(std::cos(L));
    const double S = sinG2 * cosL2 + cosF2 * sinL2;
    const double C = cosG2 * cosL2 + sinF2 * sinL2;
    const double w = std::atan(std::sqrt(S / C));
    const double R = std::sqrt(S * C) / w;
    const double D = 2 * w * a;
    const double H1 = (3 * R - 1) / (2 * C);
    const double H2 = (3 * R + 1) / (2 * S);
    return D * (1 + f * H1 * sinF2 * cosG2 - f * H2 * cosF2 * sinG2);
}

double haversine_km(double lon1, double lat1, double lon2, double lat2) {
    constexpr double de2ra = std::numbers::pi / 180;
    const double s_lat = std::sin((lat2 - lat1) * de2ra / 2);
    const double s_lon = std::sin((lon2 - lon1) * de2ra / 2);
    const double h = s_lat * s_lat + std::cos(lat1 * de2ra) * std::cos(lat2 * de2ra) * s_lon * s_lon;
    return 2 * kMeanEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(h)));
}

namespace {

using Index = PointSet::Index;

double point_distance(bool lonlat, GreatCircle formula, double x1, double y1, double x2, double y2) {
    if (!lonlat) return planar_distance(x1, y1, x2, y2);
    return formula == GreatCircle::Spdep ? spdep_gcdist_km(x1, y1, x2, y2) : haversine_km(x1, y1, x2, y2);
}

}  // namespace

// --- PointSet -----------------------------------------------------------------------------------

PointSet PointSet::with_default_ids(Eigen::MatrixX2d xy, bool lonlat) {
    PointSet points;
    points.ids.reserve(static_cast<std::size_t>(xy.rows()));
    for (Index i = 0; i < xy.rows(); ++i) points.ids.push_back(std::to_string(i + 1));
    points.xy = std::move(xy);
    points.lonlat = lonlat;
    return points;
}

PointSet PointSet::from_table(const DataTable& table, std::string_view x_column, std::string_view y_column,
                              std::string_view id_column, bool lonlat) {
    // numeric() throws at a non-numeric or non-finite cell with its file:line; missing cells are
    // reported the same way here, which beats a later "point 17 has a non-finite x".
    const std::vector<double>& x = table.numeric(x_column);
    const std::vector<double>& y = table.numeric(y_column);
    for (const std::string_view name : {x_column, y_column}) {
        const Column& column = table.column(name);
        const auto missing = std::find(column.missing.begin(), column.missing.end(), true);
        if (missing != column.missing.end()) {
            const auto row = static_cast<std::size_t>(missing - column.missing.begin());
            throw InputError(table.source(), table.source_line(row), column.position,
                             fmt::format("missing coordinate in column '{}'", name));
        }
    }
    Eigen::MatrixX2d xy(static_cast<Index>(x.size()), 2);
    for (std::size_t r = 0; r < x.size(); ++r) {
        xy(static_cast<Index>(r), 0) = x[r];
        xy(static_cast<Index>(r), 1) = y[r];
    }
    PointSet points = with_default_ids(std::move(xy), lonlat);
    if (!id_column.empty()) points.ids = table.ids(id_column);
    points.validate();
    return points;
}

void PointSet::validate() const {
    if (static_cast<Index>(ids.size()) != xy.rows())
        throw InputError(fmt::format("{} ids for {} points", ids.size(), xy.rows()));
    if (xy.rows() == 0) throw InputError("no points: distance-based weights need at least one point");
    const char* x_name = lonlat ? "longitude" : "x coordinate";
    const char* y_name = lonlat ? "latitude" : "y coordinate";
    for (Index i = 0; i < xy.rows(); ++i) {
        const double x = xy(i, 0);
        const double y = xy(i, 1);
        const std::string& id = ids[static_cast<std::size_t>(i)];
        if (!std::isfinite(x)) throw InputError(fmt::format("point '{}' has a non-finite {} ({})", id, x_name, x));
        if (!std::isfinite(y)) throw InputError(fmt::format("point '{}' has a non-finite {} ({})", id, y_name, y));
        if (!lonlat) continue;
        if (y < -90 || y > 90)
            throw InputError(fmt::format("point '{}' has latitude {} outside [-90, 90] (are longitude and "
                                         "latitude swapped, or the coordinates projected?)", id, y));
        if (x < -180 || x > 360)
            throw InputError(fmt::format("point '{}' has longitude {} outside [-180, 360] (are the "
                                         "coordinates projected?)", id, x));
    }
}

double PointSet::distance(Index i, Index j) const {
    return point_distance(lonlat, great_circle, xy(i, 0), xy(i, 1), xy(j, 0), xy(j, 1));
}

// --- threads ------------------------------------------------------------------------------------

int resolve_threads(int requested, Index rows, Index min_rows_per_thread) {
    if (requested > 0) return static_cast<int>(std::clamp<Index>(rows, 1, requested));
    // Automatic: every hardware thread, but not for a few rows, where starting threads costs more
    // than it saves.
    const int hardware = thread_count(0);
    const Index useful = std::max<Index>(1, rows / std::max<Index>(1, min_rows_per_thread));
    return static_cast<int>(std::min<Index>(hardware, useful));
}

namespace {

/// Splits [0, n) into about 8 blocks per thread (enough to even out uneven rows).
struct Blocks {
    Blocks(Index n, int threads) : n(n), size(std::max<Index>(1024, n / (8 * std::max(threads, 1)) + 1)) {}
    std::size_t count() const { return static_cast<std::size_t>((n + size - 1) / size); }
    Index begin(std::size_t b) const { return static_cast<Index>(b) * size; }
    Index end(std::size_t b) const { return std::min(n, begin(b) + size); }
    Index n;
    Index size;
};

}  // namespace

// --- the KD-trees ------------------------------------------------------------------------------

namespace {

// Points stored interleaved, in Morton order, for nanoflann.
template <int Dim>
struct Cloud {
    std::vector<double> coords;  // Dim per point
    std::size_t kdtree_get_point_count() const { return coords.size() / Dim; }
    double kdtree_get_pt(std::uint32_t idx, std::size_t dim) const { return coords[idx * Dim + dim]; }
    template <class BBox>
    bool kdtree_get_bbox(BBox&) const { return false; }
};

template <int Dim>
using Tree = nanoflann::KDTreeSingleIndexAdaptor<nanoflann::L2_Simple_Adaptor<double, Cloud<Dim>>, Cloud<Dim>, Dim,
                                                 std::uint32_t>;

// Collects every point with squared distance < radius (nanoflann's own RadiusResultSet stores
// pairs; only the positions are needed since distances are recomputed exactly).
struct WithinRadius {
    double radius;
    std::vector<std::uint32_t>* found;
    std::size_t size() const { return found->size(); }
    bool full() const { return true; }
    bool addPoint(double dist, std::uint32_t position) {
        if (dist < radius) found->push_back(position);
        return true;
    }
    double worstDist() const { return radius; }
};

template <int Dim>
struct Searcher {
    Cloud<Dim> cloud;
    std::unique_ptr<Tree<Dim>> tree;

    void build() {
        tree = std::make_unique<Tree<Dim>>(Dim, cloud, nanoflann::KDTreeSingleIndexAdaptorParams(16));
    }
    const double* at(std::uint32_t position) const { return cloud.coords.data() + std::size_t{position} * Dim; }

    // The m nearest positions to `position` (itself included, as it is at distance 0), by squared
    // tree distance, ascending.
    std::size_t knn(std::uint32_t position, std::size_t m, std::uint32_t* found, double* squared) const {
        nanoflann::KNNResultSet<double, std::uint32_t, std::size_t> result(m);
        result.init(found, squared);
        tree->findNeighbors(result, at(position), nanoflann::SearchParams(32, 0, true));
        return result.size();
    }
    void radius(std::uint32_t position, double squared_radius, std::vector<std::uint32_t>& found) const {
        found.clear();
        WithinRadius result{squared_radius, &found};
        tree->findNeighbors(result, at(position), nanoflann::SearchParams(32, 0, false));
    }
};

// Spreads the low 16 bits of v one bit apart (2-D Morton codes).
std::uint32_t spread2(std::uint32_t x) {
    x &= 0xFFFF;
    x = (x | (x << 8)) & 0x00FF00FFu;
    x = (x | (x << 4)) & 0x0F0F0F0Fu;
    x = (x | (x << 2)) & 0x33333333u;
    x = (x | (x << 1)) & 0x55555555u;
    return x;
}

// Spreads the low 10 bits of v two bits apart (3-D Morton codes).
std::uint32_t spread3(std::uint32_t x) {
    x &= 0x3FF;
    x = (x | (x << 16)) & 0x030000FFu;
    x = (x | (x << 8)) & 0x0300F00Fu;
    x = (x | (x << 4)) & 0x030C30C3u;
    x = (x | (x << 2)) & 0x09249249u;
    return x;
}

// The Morton order of points given as Dim coordinates each (row-major `coords`), on a 2^16 (2-D) or
// 2^10 (3-D) grid per axis over the bounding box — fine enough for locality, and a 32-bit key sorts
// in two radix passes. Points in one cell keep their input order.
template <int Dim>
std::vector<Index> morton_order(const std::vector<double>& coords, Index n, int threads) {
    std::array<double, Dim> low, high;
    low.fill(std::numeric_limits<double>::infinity());
    high.fill(-std::numeric_limits<double>::infinity());
    for (Index i = 0; i < n; ++i)
        for (int d = 0; d < Dim; ++d) {
            low[d] = std::min(low[d], coords[static_cast<std::size_t>(i * Dim + d)]);
            high[d] = std::max(high[d], coords[static_cast<std::size_t>(i * Dim + d)]);
        }
    constexpr double cells = Dim == 2 ? 65535.0 : 1023.0;
    const auto count = static_cast<std::size_t>(n);
    std::vector<std::uint32_t> key(count);
    const Blocks blocks(n, threads);
    parallel_for(blocks.count(), threads, [&](std::size_t b, int) {
        for (auto i = static_cast<std::size_t>(blocks.begin(b)); i < static_cast<std::size_t>(blocks.end(b)); ++i) {
            std::uint32_t code = 0;
            for (int d = 0; d < Dim; ++d) {
                const double span = high[d] - low[d];
                const double unit = span > 0 ? (coords[i * Dim + static_cast<std::size_t>(d)] - low[d]) / span : 0.0;
                const auto cell = static_cast<std::uint32_t>(std::clamp(unit, 0.0, 1.0) * cells);
                code |= (Dim == 2 ? spread2(cell) : spread3(cell)) << d;
            }
            key[i] = code;
        }
    });
    // LSD radix sort on the two 16-bit halves of the key.
    std::vector<Index> order(count), scratch(count);
    for (std::size_t i = 0; i < count; ++i) order[i] = static_cast<Index>(i);
    for (const int shift : {0, 16}) {
        std::vector<std::size_t> start(65537, 0);
        for (std::size_t i = 0; i < count; ++i) ++start[((key[i] >> shift) & 0xFFFF) + 1];
        for (std::size_t b = 1; b < start.size(); ++b) start[b] += start[b - 1];
        for (const Index i : order) scratch[start[(key[static_cast<std::size_t>(i)] >> shift) & 0xFFFF]++] = i;
        order.swap(scratch);
    }
    return order;
}

// The lon/lat search margin. The spdep distance is d = a·θ·(1 + f·(...)) with θ the central angle;
// its ratio to a·θ stays within [1 − 2f, 1 + f] (meridian radius at the equator, prime-vertical
// radius at the poles): over 2·10^7 random pairs up to 179° apart it ranged over
// [0.993294, 1.003353]. A point at d ≤ D is therefore at θ ≤ D / (a (1 − margin)); 2 % is ample.
constexpr double kLonLatMargin = 0.02;

}  // namespace

struct PointIndex::Impl {
    const PointSet* points = nullptr;
    bool lonlat = false;
    GreatCircle formula = GreatCircle::Spdep;
    double radius_km = kWgs84EquatorialRadiusKm;  // sphere radius the formula's central angle is scaled by
    std::vector<Index> order;                      // position p in the trees = unit order[p]
    std::vector<std::uint32_t> position;           // inverse of order
    std::vector<double> xy;                        // the points' coordinates by position, interleaved
    Searcher<2> planar;                            // planar points
    Searcher<3> sphere;                            // lon/lat points as unit vectors

    Index n() const { return static_cast<Index>(order.size()); }

    double distance_at(std::uint32_t p, std::uint32_t q) const {
        const double* a = xy.data() + 2 * std::size_t{p};
        const double* b = xy.data() + 2 * std::size_t{q};
        return point_distance(lonlat, formula, a[0], a[1], b[0], b[1]);
    }

    // The squared chord between unit vectors at central angle θ (clamped to π), widened so that
    // rounding cannot drop a point on the boundary: relatively, and absolutely by 1e-12 (6 µm on the
    // Earth) because the unit vectors' components carry absolute errors of ~1e-16, which matter for
    // points a hair apart.
    static double chord_squared(double theta) {
        if (theta >= std::numbers::pi) return 5.0;  // beyond the diameter: the whole sphere
        const double chord = 2 * std::sin(theta / 2) * (1 + 1e-9) + 1e-12;
        return chord * chord;
    }
    // The squared tree radius that contains every point at distance ≤ d from a query point.
    double search_radius_squared(double d) const {
        if (!std::isfinite(d)) return std::numeric_limits<double>::infinity();
        if (!lonlat) return std::nextafter(d * d * (1 + 2e-9), std::numeric_limits<double>::infinity());
        const double margin = formula == GreatCircle::Spdep ? kLonLatMargin : 1e-6;
        return chord_squared(d / (radius_km * (1 - margin)));
    }

    std::size_t knn(std::uint32_t p, std::size_t m, std::uint32_t* found, double* squared) const {
        return lonlat ? sphere.knn(p, m, found, squared) : planar.knn(p, m, found, squared);
    }
    void radius(std::uint32_t p, double squared_radius, std::vector<std::uint32_t>& found) const {
        if (!(squared_radius < std::numeric_limits<double>::infinity())) {
            // An infinite band, or one whose square overflows: every point, exact distances decide.
            found.resize(order.size());
            for (std::size_t q = 0; q < found.size(); ++q) found[q] = static_cast<std::uint32_t>(q);
            return;
        }
        if (lonlat) sphere.radius(p, squared_radius, found);
        else planar.radius(p, squared_radius, found);
    }
};

PointIndex::PointIndex(const PointSet& points, int threads) : impl_(std::make_unique<Impl>()) {
    points.validate();
    const Index n = points.size();
    if (n >= static_cast<Index>(std::numeric_limits<std::uint32_t>::max()))
        throw InputError(fmt::format("{} points: at most 4 294 967 294 are supported", n));
    if (threads < 0) throw InputError(fmt::format("point index: threads = {} (it must be 0 or more)", threads));
    threads = resolve_threads(threads, n);
    Impl& m = *impl_;
    m.points = &points;
    m.lonlat = points.lonlat;
    m.formula = points.great_circle;
    m.radius_km = points.great_circle == GreatCircle::Spdep ? kWgs84EquatorialRadiusKm : kMeanEarthRadiusKm;
    const std::size_t dim = m.lonlat ? 3 : 2;
    const Blocks blocks(n, threads);

    // The tree's coordinates: the points themselves, or unit vectors for lon/lat.
    std::vector<double> raw(static_cast<std::size_t>(n) * dim);
    parallel_for(blocks.count(), threads, [&](std::size_t b, int) {
        for (Index i = blocks.begin(b); i < blocks.end(b); ++i) {
            double* at = raw.data() + static_cast<std::size_t>(i) * dim;
            if (!m.lonlat) {
                at[0] = points.xy(i, 0);
                at[1] = points.xy(i, 1);
                continue;
            }
            constexpr double de2ra = std::numbers::pi / 180;
            const double lon = points.xy(i, 0) * de2ra;
            const double lat = points.xy(i, 1) * de2ra;
            at[0] = std::cos(lat) * std::cos(lon);
            at[1] = std::cos(lat) * std::sin(lon);
            at[2] = std::sin(lat);
        }
    });

    // Trees and coordinates are stored in Morton order: a query's neighbours then sit next to it in
    // memory, and queries issued in that order reuse the cache.
    m.order = m.lonlat ? morton_order<3>(raw, n, threads) : morton_order<2>(raw, n, threads);
    m.position.resize(static_cast<std::size_t>(n));
    m.xy.resize(2 * static_cast<std::size_t>(n));
    std::vector<double>& cloud = m.lonlat ? m.sphere.cloud.coords : m.planar.cloud.coords;
    cloud.resize(dim * static_cast<std::size_t>(n));
    parallel_for(blocks.count(), threads, [&](std::size_t b, int) {
        for (auto p = static_cast<std::size_t>(blocks.begin(b)); p < static_cast<std::size_t>(blocks.end(b)); ++p) {
            const Index i = m.order[p];
            m.position[static_cast<std::size_t>(i)] = static_cast<std::uint32_t>(p);
            m.xy[2 * p] = points.xy(i, 0);
            m.xy[2 * p + 1] = points.xy(i, 1);
            for (std::size_t d = 0; d < dim; ++d) cloud[dim * p + d] = raw[dim * static_cast<std::size_t>(i) + d];
        }
    });
    if (m.lonlat) m.sphere.build();
    else m.planar.build();
}

PointIndex::~PointIndex() = default;
PointIndex::PointIndex(PointIndex&&) noexcept = default;
PointIndex& PointIndex::operator=(PointIndex&&) noexcept = default;

const PointSet& PointIndex::points() const noexcept { return *impl_->points; }

PointIndex::Unit PointIndex::unit(Index i) const {
    if (i < 0 || i >= size()) throw std::out_of_range(fmt::format("PointIndex: unit {} outside 0..{}", i, size() - 1));
    return {i, impl_->position[static_cast<std::size_t>(i)]};
}
Index PointIndex::size() const noexcept { return impl_->n(); }
const std::vector<Index>& PointIndex::spatial_order() const noexcept { return impl_->order; }

namespace {

struct Candidate {
    std::uint32_t position;
    Index unit;
    double distance;
};

// spdep's knearneigh order: by distance, then by input order (its insertion sort keeps the earlier
// unit first among equal distances).
bool spdep_before(const Candidate& a, const Candidate& b) {
    return a.distance < b.distance || (a.distance == b.distance && a.unit < b.unit);
}

}  // namespace

void PointIndex::nearest(Unit u, Index k, std::vector<Neighbour>& out) const {
    const Impl& m = *impl_;
    const Index n = m.n();
    if (k < 1 || k >= n)
        throw std::invalid_argument(fmt::format("nearest: k = {} needs 1 <= k < n = {}", k, n));
    const std::uint32_t p = u.position;

    thread_local std::vector<std::uint32_t> found;
    thread_local std::vector<double> squared;
    thread_local std::vector<Candidate> candidates;
    const auto want = static_cast<std::size_t>(std::min<Index>(k + 2, n));
    found.resize(want);
    squared.resize(want);
    const std::size_t got = m.knn(p, want, found.data(), squared.data());
    candidates.clear();
    auto add = [&](std::uint32_t q) {
        if (q != p) candidates.push_back({q, m.order[q], m.distance_at(p, q)});
    };
    auto add_within = [&](double squared_radius) {
        candidates.clear();
        m.radius(p, squared_radius, found);
        for (std::uint32_t q : found) add(q);
    };

    if (want == static_cast<std::size_t>(n)) {
        for (std::size_t r = 0; r < got; ++r) add(found[r]);  // every other point
    } else if (!m.lonlat) {
        // The tree's k + 2 nearest hold the query itself (distance 0) and one spare. Unless the spare
        // (nearly) ties with the k-th, the first k others are the answer; otherwise every point as
        // close as the k-th is fetched and the exact distances with spdep's tie rule decide.
        std::size_t seen = 0, kth = 0, spare = 0;
        for (std::size_t r = 0; r < got; ++r) {
            if (found[r] == p) continue;
            ++seen;
            if (seen == static_cast<std::size_t>(k)) kth = r;
            if (seen == static_cast<std::size_t>(k) + 1) spare = r;
        }
        if (squared[spare] > squared[kth] * (1 + 1e-9)) {
            for (std::size_t r = 0; r <= kth; ++r) add(found[r]);
        } else {
            add_within(std::nextafter(squared[kth] * (1 + 2e-9), std::numeric_limits<double>::infinity()));
        }
    } else {
        // Chord order is not spdep-distance order (the flattening term): the k closest of the
        // candidates bound the k-th distance, and every point that could be within that bound must be
        // among the candidates — or is fetched.
        for (std::size_t r = 0; r < got; ++r) add(found[r]);
        std::nth_element(candidates.begin(), candidates.begin() + (k - 1), candidates.end(), spdep_before);
        const double bound = m.search_radius_squared(candidates[static_cast<std::size_t>(k - 1)].distance);
        if (!(squared[got - 1] > bound)) add_within(bound);
    }
    const auto kk = static_cast<std::size_t>(k);
    if (candidates.size() <= 32) {  // the usual handful: insertion sort beats partial_sort's heap
        for (std::size_t r = 1; r < candidates.size(); ++r)
            for (std::size_t s = r; s > 0 && spdep_before(candidates[s], candidates[s - 1]); --s)
                std::swap(candidates[s], candidates[s - 1]);
    } else {
        std::partial_sort(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(kk), candidates.end(),
                          spdep_before);
    }
    out.resize(kk);
    for (std::size_t r = 0; r < kk; ++r) out[r] = {candidates[r].unit, candidates[r].distance, candidates[r].position};
}

void PointIndex::within(Unit u, double lower, double upper, bool lower_inclusive, bool upper_inclusive,
                        std::vector<Neighbour>& out) const {
    const Impl& m = *impl_;
    const std::uint32_t p = u.position;
    thread_local std::vector<std::uint32_t> found;
    out.clear();
    if (upper < 0 || (upper == 0 && !upper_inclusive)) return;
    m.radius(p, m.search_radius_squared(upper), found);
    for (std::uint32_t q : found) {
        if (q == p) continue;
        const double d = m.distance_at(p, q);
        const bool above = lower_inclusive ? d >= lower : d > lower;
        const bool below = upper_inclusive ? d <= upper : d < upper;
        if (above && below) out.push_back({m.order[q], d, q});
    }
    std::sort(out.begin(), out.end(), [](const Neighbour& a, const Neighbour& b) { return a.index < b.index; });
}

// --- building rows ------------------------------------------------------------------------------

namespace {

// Neighbour lists in spatial order: row p belongs to unit order[p]; neighbours are positions.
struct SpatialRows {
    std::vector<Index> offsets;
    std::vector<std::uint32_t> position;
    std::vector<double> distance;
    std::vector<Index> unit;  // the neighbours' input indices (empty when symmetrising)
};

// Sorts each row by position (carrying distances along).
void sort_spatial_rows(SpatialRows& rows, int threads) {
    const Blocks blocks(static_cast<Index>(rows.offsets.size()) - 1, threads);
    parallel_for(blocks.count(), threads, [&](std::size_t b, int) {
        std::vector<std::pair<std::uint32_t, double>> row;
        for (auto p = static_cast<std::size_t>(blocks.begin(b)); p < static_cast<std::size_t>(blocks.end(b)); ++p) {
            const auto from = static_cast<std::size_t>(rows.offsets[p]);
            const auto to = static_cast<std::size_t>(rows.offsets[p + 1]);
            row.clear();
            for (std::size_t e = from; e < to; ++e) row.emplace_back(rows.position[e], rows.distance[e]);
            std::sort(row.begin(), row.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
            for (std::size_t e = from; e < to; ++e) std::tie(rows.position[e], rows.distance[e]) = row[e - from];
        }
    });
}

// The union of the rows and their transpose. Neighbours in spatial order sit close to their row,
// so the transpose's scatter stays in cache.
SpatialRows symmetrised_rows(SpatialRows a, int threads) {
    const std::size_t n = a.offsets.size() - 1;
    sort_spatial_rows(a, threads);
    // The transpose in parallel without atomics: each thread takes a contiguous range of source rows,
    // counts its links per target row, and gets its own slots in every target row (thread 0's first),
    // so rows of t come out sorted by source row.
    const auto T = static_cast<std::size_t>(threads);
    std::vector<std::size_t> split(T + 1);
    for (std::size_t c = 0; c <= T; ++c) split[c] = n * c / T;
    std::vector<std::vector<Index>> counts(T, std::vector<Index>(n, 0));
    parallel_for(T, threads, [&](std::size_t c, int) {
        for (auto e = static_cast<std::size_t>(a.offsets[split[c]]); e < static_cast<std::size_t>(a.offsets[split[c + 1]]); ++e)
            ++counts[c][a.position[e]];
    });
    SpatialRows t;
    t.offsets.assign(n + 1, 0);
    for (std::size_t q = 0; q < n; ++q) {  // counts[c][q] becomes thread c's first slot in row q
        Index at = t.offsets[q];
        for (std::size_t c = 0; c < T; ++c) {
            const Index count = counts[c][q];
            counts[c][q] = at;
            at += count;
        }
        t.offsets[q + 1] = at;
    }
    t.position.resize(a.position.size());
    t.distance.resize(a.position.size());
    parallel_for(T, threads, [&](std::size_t c, int) {
        std::vector<Index>& next = counts[c];
        for (std::size_t p = split[c]; p < split[c + 1]; ++p)
            for (auto e = static_cast<std::size_t>(a.offsets[p]); e < static_cast<std::size_t>(a.offsets[p + 1]); ++e) {
                const auto slot = static_cast<std::size_t>(next[a.position[e]]++);
                t.position[slot] = static_cast<std::uint32_t>(p);
                t.distance[slot] = a.distance[e];
            }
    });
    // Merge row p of a with row p of t (both sorted): count, then fill.
    SpatialRows out;
    out.offsets.assign(n + 1, 0);
    auto merge = [&](std::size_t p, std::uint32_t* position, double* distance) {
        auto i = static_cast<std::size_t>(a.offsets[p]), j = static_cast<std::size_t>(t.offsets[p]);
        const auto i_end = static_cast<std::size_t>(a.offsets[p + 1]), j_end = static_cast<std::size_t>(t.offsets[p + 1]);
        Index count = 0;
        while (i < i_end || j < j_end) {
            const bool take_a = j == j_end || (i < i_end && a.position[i] <= t.position[j]);
            const bool take_t = i == i_end || (j < j_end && t.position[j] <= a.position[i]);
            if (position != nullptr) {
                position[count] = take_a ? a.position[i] : t.position[j];
                distance[count] = take_a ? a.distance[i] : t.distance[j];
            }
            ++count;
            if (take_a) ++i;
            if (take_t) ++j;
        }
        return count;
    };
    const Blocks blocks(static_cast<Index>(n), threads);
    parallel_for(blocks.count(), threads, [&](std::size_t b, int) {
        for (auto p = static_cast<std::size_t>(blocks.begin(b)); p < static_cast<std::size_t>(blocks.end(b)); ++p)
            out.offsets[p + 1] = merge(p, nullptr, nullptr);
    });
    for (std::size_t p = 0; p < n; ++p) out.offsets[p + 1] += out.offsets[p];
    out.position.resize(static_cast<std::size_t>(out.offsets.back()));
    out.distance.resize(out.position.size());
    parallel_for(blocks.count(), threads, [&](std::size_t b, int) {
        for (auto p = static_cast<std::size_t>(blocks.begin(b)); p < static_cast<std::size_t>(blocks.end(b)); ++p) {
            const auto at = static_cast<std::size_t>(out.offsets[p]);
            merge(p, out.position.data() + at, out.distance.data() + at);
        }
    });
    return out;
}

}  // namespace

NeighbourLists PointIndex::build_rows_impl(RowFiller fill_row, void* context, int threads, Index row_length,
                                           bool symmetrise) const {
    const Impl& m = *impl_;
    const Index n = m.n();
    threads = resolve_threads(threads, n);
    const Blocks blocks(n, threads);

    // 1. Rows in spatial order: the queries run over neighbouring points, and rows are written
    //    sequentially.
    SpatialRows rows;
    // Symmetrised rows are rebuilt from positions, so they need no input indices until step 3.
    auto store = [&](const std::vector<Neighbour>& row, std::size_t at) {
        for (std::size_t e = 0; e < row.size(); ++e) {
            rows.position[at + e] = row[e].position;
            rows.distance[at + e] = row[e].distance;
            if (!symmetrise) rows.unit[at + e] = row[e].index;
        }
    };
    if (row_length >= 0) {
        rows.offsets.resize(static_cast<std::size_t>(n) + 1);
        for (Index p = 0; p <= n; ++p) rows.offsets[static_cast<std::size_t>(p)] = p * row_length;
        rows.position.resize(static_cast<std::size_t>(n * row_length));
        rows.distance.resize(rows.position.size());
        if (!symmetrise) rows.unit.resize(rows.position.size());
        parallel_for(blocks.count(), threads, [&](std::size_t b, int) {
            std::vector<Neighbour> row;
            for (Index p = blocks.begin(b); p < blocks.end(b); ++p) {
                row.clear();
                fill_row(context, Unit{m.order[static_cast<std::size_t>(p)], static_cast<std::uint32_t>(p)}, row);
                if (static_cast<Index>(row.size()) != row_length)
                    throw std::logic_error(fmt::format("build_rows: a row of {} for length {}", row.size(), row_length));
                store(row, static_cast<std::size_t>(p * row_length));
            }
        });
    } else {
        // Unknown lengths: per-block buffers, concatenated once the lengths are known.
        std::vector<std::vector<Neighbour>> buffers(blocks.count());
        rows.offsets.assign(static_cast<std::size_t>(n) + 1, 0);
        parallel_for(blocks.count(), threads, [&](std::size_t b, int) {
            std::vector<Neighbour> row;
            for (Index p = blocks.begin(b); p < blocks.end(b); ++p) {
                row.clear();
                fill_row(context, Unit{m.order[static_cast<std::size_t>(p)], static_cast<std::uint32_t>(p)}, row);
                rows.offsets[static_cast<std::size_t>(p) + 1] = static_cast<Index>(row.size());
                buffers[b].insert(buffers[b].end(), row.begin(), row.end());
            }
        });
        for (std::size_t p = 0; p < static_cast<std::size_t>(n); ++p) rows.offsets[p + 1] += rows.offsets[p];
        rows.position.resize(static_cast<std::size_t>(rows.offsets.back()));
        rows.distance.resize(rows.position.size());
        if (!symmetrise) rows.unit.resize(rows.position.size());
        parallel_for(blocks.count(), threads, [&](std::size_t b, int) {
            store(buffers[b], static_cast<std::size_t>(rows.offsets[static_cast<std::size_t>(blocks.begin(b))]));
            buffers[b] = {};
        });
    }

    // 2. The union with the transpose, still in spatial order.
    if (symmetrise) rows = symmetrised_rows(std::move(rows), threads);

    // 3. Rows to input order (row i is spatial row position[i]); neighbours to input indices. Rows
    //    are read in spatial order and written to their input-order place: the writes land at random
    //    but do not stall, and their targets are prefetched a few rows ahead.
    // The offsets are built aside and moved in: resizing lists.offsets in place draws a false
    // -Warray-bounds from GCC 12 at -O3.
    NeighbourLists lists;
    std::vector<Index> offsets(static_cast<std::size_t>(n) + 1, 0);
    for (std::size_t i = 0; i < static_cast<std::size_t>(n); ++i) {
        const std::size_t p = m.position[i];
        offsets[i + 1] = offsets[i] + rows.offsets[p + 1] - rows.offsets[p];
    }
    lists.offsets = std::move(offsets);
    lists.index.resize(static_cast<std::size_t>(lists.offsets.back()));
    lists.distance.resize(lists.index.size());
    parallel_for(blocks.count(), threads, [&](std::size_t b, int) {
        constexpr Index ahead = 16;
        std::vector<std::pair<Index, double>> row;
        const Index last = blocks.end(b);
        for (Index p = blocks.begin(b); p < last; ++p) {
            if (p + ahead < last) __builtin_prefetch(&lists.offsets[static_cast<std::size_t>(m.order[static_cast<std::size_t>(p + ahead)])]);
            if (p + ahead / 2 < last) {
                const auto soon = static_cast<std::size_t>(lists.offsets[static_cast<std::size_t>(m.order[static_cast<std::size_t>(p + ahead / 2)])]);
                __builtin_prefetch(lists.index.data() + soon, 1);
                __builtin_prefetch(lists.distance.data() + soon, 1);
            }
            const auto i = static_cast<std::size_t>(m.order[static_cast<std::size_t>(p)]);
            const auto from = static_cast<std::size_t>(rows.offsets[static_cast<std::size_t>(p)]);
            const auto end = static_cast<std::size_t>(rows.offsets[static_cast<std::size_t>(p) + 1]);
            auto to = static_cast<std::size_t>(lists.offsets[i]);
            if (!symmetrise) {
                for (std::size_t e = from; e < end; ++e, ++to) {
                    lists.index[to] = rows.unit[e];
                    lists.distance[to] = rows.distance[e];
                }
                continue;
            }
            row.clear();
            for (std::size_t e = from; e < end; ++e) row.emplace_back(m.order[rows.position[e]], rows.distance[e]);
            std::sort(row.begin(), row.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
            for (const auto& [j, d] : row) {
                lists.index[to] = j;
                lists.distance[to++] = d;
            }
        }
    });
    return lists;
}

// --- NeighbourLists ----------------------------------------------------------------------------

namespace {

// A row's links, sorted by neighbour index, in a scratch buffer.
void sorted_row(const NeighbourLists& lists, Index i, std::vector<std::pair<Index, double>>& row) {
    row.clear();
    for (Index e = lists.offsets[static_cast<std::size_t>(i)]; e < lists.offsets[static_cast<std::size_t>(i) + 1]; ++e)
        row.emplace_back(lists.index[static_cast<std::size_t>(e)], lists.distance[static_cast<std::size_t>(e)]);
    if (!std::is_sorted(row.begin(), row.end(), [](const auto& a, const auto& b) { return a.first < b.first; }))
        std::sort(row.begin(), row.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
}

}  // namespace

NeighbourLists NeighbourLists::symmetrised(int threads) const {
    // The same transpose and merge as the builders' (symmetrised_rows), on input indices.
    const Index rows = n();
    if (rows >= static_cast<Index>(std::numeric_limits<std::uint32_t>::max()))
        throw InputError(fmt::format("{} neighbour lists: at most 4 294 967 294 are supported", rows));
    if (std::any_of(index.begin(), index.end(), [&](Index j) { return j < 0 || j >= rows; }))
        throw std::invalid_argument(fmt::format("symmetrised: a neighbour index outside 0..{}", rows - 1));
    threads = resolve_threads(threads, rows);
    SpatialRows as_rows;
    as_rows.offsets = offsets;
    as_rows.position.assign(index.begin(), index.end());  // Index → uint32: checked above
    as_rows.distance = distance;
    SpatialRows sym = symmetrised_rows(std::move(as_rows), threads);
    NeighbourLists out;
    out.offsets = std::move(sym.offsets);
    out.index.assign(sym.position.begin(), sym.position.end());
    out.distance = std::move(sym.distance);
    return out;
}

SpatialWeights NeighbourLists::to_binary_weights(std::vector<std::string> ids, int threads) const {
    return to_weights(std::move(ids), [](double) { return 1.0; }, threads);
}

namespace detail {

SpatialWeights lists_to_weights(const NeighbourLists& lists, std::vector<std::string> ids, LinkValue value,
                                void* context, int threads) {
    const Index n = lists.n();
    if (static_cast<Index>(ids.size()) != n)
        throw InputError(fmt::format("{} ids for {} neighbour lists", ids.size(), n));
    threads = resolve_threads(threads, n);
    // Fill the compressed row-major matrix directly, sorting each row on the way: no triplets, no
    // copy of the lists.
    SpatialWeights::Matrix w(n, n);
    w.resizeNonZeros(lists.links());
    std::copy(lists.offsets.begin(), lists.offsets.end(), w.outerIndexPtr());
    Index* columns = w.innerIndexPtr();
    double* values = w.valuePtr();
    const Blocks blocks(n, threads);
    parallel_for(blocks.count(), threads, [&](std::size_t b, int) {
        std::vector<std::pair<Index, double>> row;
        for (Index i = blocks.begin(b); i < blocks.end(b); ++i) {
            sorted_row(lists, i, row);
            if (!row.empty() && (row.front().first < 0 || row.back().first >= n))
                throw InputError(fmt::format("unit '{}' has a neighbour index outside 0..{}", ids[static_cast<std::size_t>(i)], n - 1));
            for (std::size_t r = 1; r < row.size(); ++r)
                if (row[r].first == row[r - 1].first)
                    throw InputError(fmt::format("unit '{}' lists neighbour '{}' twice", ids[static_cast<std::size_t>(i)],
                                                 ids[static_cast<std::size_t>(row[r].first)]));
            Index e = lists.offsets[static_cast<std::size_t>(i)];
            for (const auto& [j, d] : row) {
                columns[e] = j;
                values[e] = value(context, i, j, d);
                ++e;
            }
        }
    });
    return SpatialWeights(std::move(ids), taken(w));
}

}  // namespace detail

}  // namespace spillover
