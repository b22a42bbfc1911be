// Tests for weights/point_set and weights/knn: k nearest neighbours equal spdep 1.2-7's knearneigh /
// knn2nb / make.sym.nb on Columbus (planar) and London cycle docks (lon/lat) — fixtures from
// tests/reference/weights_spdep.R — spdep's tie rule on lattices and duplicate points (expected
// values printed by spdep 1.2-7), agreement with a brute-force search on random points with many
// ties, and the error classes.

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <numbers>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/csv_reader.hpp"
#include "engine/data_table.hpp"
#include "tests/test_support.hpp"
#include "tests/weights_test_support.hpp"
#include "weights/knn.hpp"
#include "weights/point_set.hpp"

using namespace spillover;
using Index = SpatialWeights::Index;
using namespace spillover::testing;

namespace {

Lists expected_lists(const nlohmann::json& j) { return j.get<Lists>(); }

void check_lists(const Lists& got, const Lists& expected) {
    REQUIRE(got.size() == expected.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
        INFO("unit " << i + 1);
        CHECK(got[i] == expected[i]);
    }
}

// spdep's knearneigh by its definition: all other points by (distance, index), the first k.
Lists brute_force_knn(const PointSet& points, Index k) {
    Lists out;
    for (Index i = 0; i < points.size(); ++i) {
        std::vector<std::pair<double, Index>> all;
        for (Index j = 0; j < points.size(); ++j)
            if (j != i) all.emplace_back(points.distance(i, j), j);
        std::sort(all.begin(), all.end());
        std::vector<Index> row;
        for (Index r = 0; r < k; ++r) row.push_back(all[static_cast<std::size_t>(r)].second + 1);
        out.push_back(row);
    }
    return out;
}

// make.sym.nb by its definition: j in row i when j lists i or i lists j; rows sorted.
Lists symmetric_union(const Lists& lists) {
    Lists out = lists;
    for (std::size_t i = 0; i < lists.size(); ++i)
        for (const Index j : lists[i]) out[static_cast<std::size_t>(j - 1)].push_back(static_cast<Index>(i) + 1);
    for (auto& row : out) {
        std::sort(row.begin(), row.end());
        row.erase(std::unique(row.begin(), row.end()), row.end());
    }
    return out;
}

// Random points on a coarse grid, so that many distances tie exactly, plus some duplicates.
PointSet tied_points(Index n, bool lonlat, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::uniform_int_distribution<int> cell(0, 40);
    Eigen::MatrixX2d xy(n, 2);
    for (Index i = 0; i < n; ++i) {
        if (lonlat) {
            xy(i, 0) = -0.5 + cell(rng) * 0.025;  // a London-sized patch, 0.025° steps
            xy(i, 1) = 51.3 + cell(rng) * 0.025;
        } else {
            xy(i, 0) = cell(rng);
            xy(i, 1) = cell(rng);
        }
    }
    return PointSet::with_default_ids(std::move(xy), lonlat);
}

}  // namespace

TEST_CASE("knn: Columbus k = 4 equals spdep knearneigh, knn2nb and make.sym.nb") {
    const nlohmann::json expected = spillover::testing::weights_fixture("columbus_points.json");
    const PointSet points = columbus_points();
    REQUIRE(points.size() == 49);

    KnnOptions options;
    options.k = 4;
    check_lists(one_based(knn_neighbours(points, options)), expected_lists(expected["knn4"]));  // distance order
    const SpatialWeights w = knn_weights(points, options);
    check_lists(one_based(w), expected_lists(expected["knn4_nb"]));
    CHECK(w.ids().front() == "1");
    CHECK(w.links() == 49 * 4);
    CHECK_FALSE(w.is_pattern_symmetric());

    options.symmetrise = true;
    const SpatialWeights sym = knn_weights(points, options);
    check_lists(one_based(sym), expected_lists(expected["knn4_sym_nb"]));
    CHECK(sym.is_symmetric());
}

TEST_CASE("knn: London docks k = 6 (great circle) equals spdep knearneigh(longlat = TRUE)") {
    const nlohmann::json expected = spillover::testing::weights_fixture("london_lonlat.json");
    const PointSet points = london_points();
    REQUIRE(points.size() == 742);
    CHECK(points.ids[0] == "1");
    KnnOptions options;
    options.k = 6;
    check_lists(one_based(knn_neighbours(points, options)), expected_lists(expected["knn6"]));
}

TEST_CASE("knn: distances are the exact planar and great-circle distances") {
    const PointSet points = columbus_points();
    KnnOptions options;
    options.k = 3;
    const NeighbourLists lists = knn_neighbours(points, options);
    for (Index i = 0; i < lists.n(); ++i)
        for (Index e = lists.offsets[static_cast<std::size_t>(i)]; e < lists.offsets[static_cast<std::size_t>(i) + 1]; ++e)
            CHECK(lists.distance[static_cast<std::size_t>(e)] ==
                  std::hypot(points.xy(i, 0) - points.xy(lists.index[static_cast<std::size_t>(e)], 0),
                             points.xy(i, 1) - points.xy(lists.index[static_cast<std::size_t>(e)], 1)));
    // London: the first neighbour of dock 1 is dock 167 (fixture), at its spdep distance.
    const PointSet london = london_points();
    const NeighbourLists ll = knn_neighbours(london, KnnOptions{1, false, 0});
    CHECK(ll.index[0] == 166);
    CHECK(ll.distance[0] == spdep_gcdist_km(london.xy(0, 0), london.xy(0, 1), london.xy(166, 0), london.xy(166, 1)));
}

TEST_CASE("knn: ties go to the lower index, as spdep's knearneigh (lattice, tests/reference/weights_small_cases.R)") {
    // expand.grid(x = 0:3, y = 0:2): unit 6 = (1, 1) has four neighbours at distance 1 (2, 5, 7, 10);
    // spdep keeps 2, 5, 7.
    std::vector<std::pair<double, double>> grid;
    for (int y = 0; y <= 2; ++y)
        for (int x = 0; x <= 3; ++x) grid.emplace_back(x, y);
    const Lists spdep = weights_fixture("small_cases.json")["lattice_knn3"].get<Lists>();
    REQUIRE(spdep[5] == std::vector<Index>{2, 5, 7});
    KnnOptions options;
    options.k = 3;
    check_lists(one_based(knn_neighbours(points_of(grid), options)), spdep);
    options.threads = 1;
    check_lists(one_based(knn_neighbours(points_of(grid), options)), spdep);
}

TEST_CASE("knn: duplicate points are each other's nearest neighbours (spdep 1.2-7)") {
    const auto points = points_of({{0, 0}, {1, 0}, {0, 0}, {2, 0}, {0, 0}, {5, 5}});
    KnnOptions options;
    options.k = 2;
    check_lists(one_based(knn_neighbours(points, options)), weights_fixture("small_cases.json")["duplicates_knn2"].get<Lists>());
    const NeighbourLists lists = knn_neighbours(points, options);
    CHECK(lists.distance[0] == 0.0);
    CHECK(lists.distance[1] == 0.0);
}

TEST_CASE("knn: lon/lat ties between equal great-circle distances (spdep 1.2-7)") {
    // (1, 0) and (-1, 0) are equally far from (0, 0); (0, ±1) are nearer (meridian degrees are
    // shorter on the ellipsoid).
    const auto points = points_of({{0, 0}, {1, 0}, {-1, 0}, {0, 1}, {0, -1}, {2, 2}}, true);
    KnnOptions options;
    options.k = 3;
    const auto spdep = weights_fixture("small_cases.json");
    check_lists(one_based(knn_neighbours(points, options)), spdep["lonlat_knn3"].get<Lists>());
    const NeighbourLists lists = knn_neighbours(points, options);
    // spdep's nbdists, written with 17 significant digits.
    CHECK(lists.distance[0] == doctest::Approx(std::stod(spdep["lonlat_distance_1_4"].get<std::string>())).epsilon(1e-14));
    CHECK(lists.distance[3] == doctest::Approx(std::stod(spdep["lonlat_distance_2_1"].get<std::string>())).epsilon(1e-14));
}

TEST_CASE("knn: agrees with a brute-force search on tied random points, planar and lon/lat") {
    for (const bool lonlat : {false, true}) {
        INFO("lonlat " << lonlat);
        const PointSet points = tied_points(1500, lonlat, 42);
        for (const int k : {1, 4, 9}) {
            INFO("k " << k);
            const Lists expected = brute_force_knn(points, k);
            for (const int threads : {0, 1, 3}) {
                INFO("threads " << threads);
                KnnOptions options{k, false, threads};
                check_lists(one_based(knn_neighbours(points, options)), expected);
                options.symmetrise = true;
                check_lists(one_based(knn_neighbours(points, options)), symmetric_union(expected));
            }
        }
    }
}

TEST_CASE("knn: lon/lat search is exact across the antimeridian and near the poles") {
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> lon(170, 190), lat(-90, 90);
    Eigen::MatrixX2d xy(600, 2);
    for (Index i = 0; i < 600; ++i) {
        const double l = lon(rng);
        xy(i, 0) = l > 180 ? l - 360 : l;  // both sides of ±180
        xy(i, 1) = i % 3 == 0 ? 89 + (lat(rng) + 90) / 180 : lat(rng);
    }
    const PointSet points = PointSet::with_default_ids(xy, true);
    KnnOptions options;
    options.k = 5;
    check_lists(one_based(knn_neighbours(points, options)), brute_force_knn(points, 5));

    PointSet haversine = points;
    haversine.great_circle = GreatCircle::Haversine;
    check_lists(one_based(knn_neighbours(haversine, options)), brute_force_knn(haversine, 5));
}

TEST_CASE("NeighbourLists::symmetrised equals the symmetrised kNN build, distances carried along") {
    const PointSet points = tied_points(2500, false, 5);
    KnnOptions options{5, false, 2};
    const NeighbourLists plain = knn_neighbours(points, options);
    options.symmetrise = true;
    const NeighbourLists built = knn_neighbours(points, options);
    for (const int threads : {1, 2}) {
        const NeighbourLists sym = plain.symmetrised(threads);
        CHECK(sym.offsets == built.offsets);
        CHECK(sym.index == built.index);
        CHECK(sym.distance == built.distance);
    }
    for (Index i = 0; i < built.n(); ++i)
        for (Index e = built.offsets[static_cast<std::size_t>(i)]; e < built.offsets[static_cast<std::size_t>(i) + 1]; ++e)
            REQUIRE(built.distance[static_cast<std::size_t>(e)] == points.distance(i, built.index[static_cast<std::size_t>(e)]));
    const SpatialWeights w = built.to_binary_weights(points.ids);
    CHECK(w.is_symmetric());
    CHECK(w.links() == built.links());
}

TEST_CASE("NeighbourLists: hand-made lists to weights, and their errors") {
    NeighbourLists lists;
    lists.offsets = {0, 2, 2, 3};
    lists.index = {2, 1, 0};
    lists.distance = {4.0, 2.0, 4.0};
    const SpatialWeights w = lists.to_weights({"a", "b", "c"}, [](Index row, Index column, double d) {
        return static_cast<double>(10 * row + column) + d / 100;
    });
    CHECK(w.matrix().coeff(0, 1) == doctest::Approx(1.02));
    CHECK(w.matrix().coeff(0, 2) == doctest::Approx(2.04));
    CHECK(w.matrix().coeff(2, 0) == doctest::Approx(20.04));
    CHECK(w.cardinality(1) == 0);
    const NeighbourLists sym = lists.symmetrised();
    CHECK(sym.offsets == std::vector<Index>{0, 2, 3, 4});
    CHECK(sym.index == std::vector<Index>{1, 2, 0, 0});
    CHECK(sym.distance == std::vector<double>{2.0, 4.0, 2.0, 4.0});

    CHECK(contains(input_error([&] { lists.to_binary_weights({"a", "b"}); }).what(), "2 ids for 3 neighbour lists"));
    NeighbourLists twice = lists;
    twice.index = {1, 1, 0};
    CHECK(contains(input_error([&] { twice.to_binary_weights({"a", "b", "c"}); }).what(), "lists neighbour 'b' twice"));
    NeighbourLists outside = lists;
    outside.index = {3, 1, 0};
    CHECK(contains(input_error([&] { outside.to_binary_weights({"a", "b", "c"}); }).what(), "outside 0..2"));
    CHECK_THROWS_AS(outside.symmetrised(), std::invalid_argument);
    NeighbourLists negative = lists;
    negative.distance[0] = -1;
    CHECK(contains(input_error([&] { negative.to_weights({"a", "b", "c"}, [](double d) { return d; }); }).what(),
                   "non-negative"));
}

TEST_CASE("knn: k = n - 1 makes every other unit a neighbour, symmetrising changes nothing then") {
    const auto points = points_of({{0, 0}, {3, 0}, {0, 4}});
    KnnOptions options;
    options.k = 2;
    check_lists(one_based(knn_neighbours(points, options)), {{2, 3}, {1, 3}, {1, 2}});
    options.symmetrise = true;
    check_lists(one_based(knn_weights(points, options)), {{2, 3}, {1, 3}, {1, 2}});
}

TEST_CASE("great-circle distance formulas") {
    // spdep's gcdist: zero for the same point (also 360° apart in longitude), symmetric, and the
    // London fixture's distances are checked in test_distance_band.
    CHECK(spdep_gcdist_km(10, 20, 10, 20) == 0.0);
    CHECK(spdep_gcdist_km(-180, 10, 180, 10) == 0.0);
    CHECK(spdep_gcdist_km(1, 2, 3, 4) == spdep_gcdist_km(3, 4, 1, 2));
    CHECK(spdep_gcdist_km(0, 0, 1, 0) == doctest::Approx(111.31949079327356).epsilon(1e-14));
    // Haversine: one degree of a great circle on the mean sphere.
    CHECK(haversine_km(0, 0, 0, 1) == doctest::Approx(kMeanEarthRadiusKm * std::numbers::pi / 180).epsilon(1e-14));
    CHECK(haversine_km(0, 0, 180, 0) == doctest::Approx(kMeanEarthRadiusKm * std::numbers::pi).epsilon(1e-14));
    CHECK(haversine_km(-0.1, 51.5, 2.35, 48.86) == doctest::Approx(haversine_km(2.35, 48.86, -0.1, 51.5)));
    PointSet points = points_of({{0, 0}, {0, 1}}, true);
    CHECK(points.distance(0, 1) == spdep_gcdist_km(0, 0, 0, 1));
    points.great_circle = GreatCircle::Haversine;
    CHECK(points.distance(0, 1) == haversine_km(0, 0, 0, 1));
}

TEST_CASE("knn: error classes") {
    const auto three = points_of({{0, 0}, {1, 0}, {0, 1}});
    KnnOptions options;
    options.k = 3;
    CHECK(contains(input_error([&] { knn_weights(three, options); }).what(), "k = 3 needs more than 3 points"));
    options.k = 0;
    CHECK(contains(input_error([&] { knn_weights(three, options); }).what(), "at least 1"));
    options.k = 1;
    options.threads = -1;
    CHECK(contains(input_error([&] { knn_weights(three, options); }).what(), "threads"));

    options = KnnOptions{};
    auto nan = points_of({{0, 0}, {std::numeric_limits<double>::quiet_NaN(), 0}, {0, 1}});
    CHECK(contains(input_error([&] { knn_weights(nan, options); }).what(), "point '2' has a non-finite x"));
    auto inf = points_of({{0, 0}, {1, std::numeric_limits<double>::infinity()}, {0, 1}});
    CHECK(contains(input_error([&] { knn_weights(inf, options); }).what(), "non-finite y"));
    auto lat = points_of({{0, 0}, {1, 91}, {0, 1}}, true);
    CHECK(contains(input_error([&] { knn_weights(lat, options); }).what(), "latitude 91 outside [-90, 90]"));
    auto lon = points_of({{0, 0}, {-181, 0}, {0, 1}}, true);
    CHECK(contains(input_error([&] { knn_weights(lon, options); }).what(), "longitude -181 outside [-180, 360]"));
    auto ok_lon = points_of({{359, 0}, {-180, 0}, {0, 90}}, true);
    CHECK(knn_weights(ok_lon, options).n() == 3);

    PointSet ids = three;
    ids.ids.pop_back();
    CHECK(contains(input_error([&] { knn_weights(ids, options); }).what(), "2 ids for 3 points"));
    PointSet twice = three;
    twice.ids[2] = twice.ids[0];
    CHECK(contains(input_error([&] { knn_weights(twice, options); }).what(), "appears twice"));
    CHECK(contains(input_error([&] { knn_weights(points_of({}), options); }).what(), "needs more than 1 points, got 0"));
}

TEST_CASE("PointSet::from_table reads coordinates and ids and names bad cells") {
    spillover::testing::TempDir dir;
    const std::string good = dir.write("p.csv", "name,x,y\na,0,0\nb,1,0\nc,0,2\n");
    const PointSet points = PointSet::from_table(read_csv(good), "x", "y", "name");
    CHECK(points.ids == std::vector<std::string>{"a", "b", "c"});
    CHECK(points.xy(2, 1) == 2.0);
    CHECK(points.distance(1, 2) == std::sqrt(5.0));
    const std::string bad = dir.write("q.csv", "x,y\n0,0\n1,NA\n");
    CHECK(contains(input_error([&] { PointSet::from_table(read_csv(bad), "x", "y"); }).what(), "q.csv:3"));
    const std::string lat = dir.write("r.csv", "lon,lat\n0,0\n1,-95\n");
    CHECK(contains(input_error([&] { PointSet::from_table(read_csv(lat), "lon", "lat", "", true); }).what(),
                   "latitude -95"));
}
