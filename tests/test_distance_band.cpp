// Tests for weights/distance_band: neighbour sets and distances equal spdep 1.2-7's dnearneigh and
// nbdists on Columbus (planar, with and without islands) and on London cycle docks (great circle,
// km, use_s2 = FALSE) — fixtures from tests/reference/weights_spdep.R — the bounds conventions
// (values printed by spdep 1.2-7), agreement with brute force, inverse-distance and exponential
// weights, and the error classes.

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/csv_reader.hpp"
#include "engine/data_table.hpp"
#include "tests/test_support.hpp"
#include "tests/weights_test_support.hpp"
#include "weights/distance_band.hpp"
#include "weights/knn.hpp"
#include "weights/point_set.hpp"

using namespace spillover;
using Index = SpatialWeights::Index;
using namespace spillover::testing;

namespace {

std::vector<std::vector<double>> row_distances(const NeighbourLists& lists) {
    std::vector<std::vector<double>> out(static_cast<std::size_t>(lists.n()));
    for (Index i = 0; i < lists.n(); ++i)
        for (Index e = lists.offsets[static_cast<std::size_t>(i)]; e < lists.offsets[static_cast<std::size_t>(i) + 1]; ++e)
            out[static_cast<std::size_t>(i)].push_back(lists.distance[static_cast<std::size_t>(e)]);
    return out;
}

void check_lists(const Lists& got, const Lists& expected) {
    REQUIRE(got.size() == expected.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
        INFO("unit " << i + 1);
        CHECK(got[i] == expected[i]);
    }
}

void check_distances(const std::vector<std::vector<double>>& got, const nlohmann::json& expected) {
    REQUIRE(got.size() == expected.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
        INFO("unit " << i + 1);
        const auto want = expected[i].get<std::vector<double>>();
        REQUIRE(got[i].size() == want.size());
        for (std::size_t e = 0; e < want.size(); ++e) CHECK(got[i][e] == doctest::Approx(want[e]).epsilon(1e-10));
    }
}

DistanceBandOptions band(double lower, double upper) {
    DistanceBandOptions options;
    options.lower = lower;
    options.upper = upper;
    return options;
}

Lists brute_force_band(const PointSet& points, const DistanceBandOptions& o) {
    Lists out(static_cast<std::size_t>(points.size()));
    for (Index i = 0; i < points.size(); ++i)
        for (Index j = 0; j < points.size(); ++j) {
            if (j == i) continue;
            const double d = points.distance(i, j);
            const bool above = o.lower_inclusive ? d >= o.lower : d > o.lower;
            const bool below = o.upper_inclusive ? d <= o.upper : d < o.upper;
            if (above && below) out[static_cast<std::size_t>(i)].push_back(j + 1);
        }
    return out;
}

}  // namespace

TEST_CASE("distance band: Columbus equals spdep dnearneigh, islands included") {
    const nlohmann::json expected = spillover::testing::weights_fixture("columbus_points.json");
    const PointSet points = columbus_points();

    const SpatialWeights w3 = distance_band_weights(points, band(0, 3));
    check_lists(one_based(w3), expected["band_3"].get<Lists>());
    CHECK(w3.islands().size() == 5);
    CHECK(w3.is_symmetric());

    const double d = max_nearest_distance(points);
    CHECK(d == doctest::Approx(expected["band_full_d"].get<double>()).epsilon(1e-12));
    const NeighbourLists full = distance_band_neighbours(points, band(0, d));
    check_lists(one_based(full), expected["band_full"].get<Lists>());
    check_distances(row_distances(full), expected["band_full_dists"]);
    CHECK_FALSE(distance_band_weights(points, band(0, d)).has_islands());
}

TEST_CASE("distance band: London docks within 0.5 km (great circle) equal spdep, with nbdists distances") {
    const nlohmann::json expected = spillover::testing::weights_fixture("london_lonlat.json");
    const PointSet points = london_points();
    const NeighbourLists lists = distance_band_neighbours(points, band(0, 0.5));
    check_lists(one_based(lists), expected["band_0.5km"].get<Lists>());
    check_distances(row_distances(lists), expected["band_0.5km_dists"]);
    CHECK(distance_band_weights(points, band(0, 0.5)).islands().size() == 3);
}

TEST_CASE("distance band: bounds GE/LE by default, GT/LT on request (values from spdep 1.2-7)") {
    // expand.grid(x = 0:3, y = 0:2); distances 1, √2, 2 sit exactly on the bounds.
    std::vector<std::pair<double, double>> grid;
    for (int y = 0; y <= 2; ++y)
        for (int x = 0; x <= 3; ++x) grid.emplace_back(x, y);
    const PointSet points = points_of(grid);
    const Lists inclusive = one_based(distance_band_neighbours(points, band(1, 2)));
    CHECK(inclusive[0] == std::vector<Index>{2, 3, 5, 6, 9});
    CHECK(inclusive[1] == std::vector<Index>{1, 3, 4, 5, 6, 7, 10});
    CHECK(inclusive[2] == std::vector<Index>{1, 2, 4, 6, 7, 8, 11});
    DistanceBandOptions open = band(1, 2);
    open.lower_inclusive = false;
    open.upper_inclusive = false;
    const Lists exclusive = one_based(distance_band_neighbours(points, open));
    CHECK(exclusive[0] == std::vector<Index>{6});
    CHECK(exclusive[1] == std::vector<Index>{5, 7});
    CHECK(exclusive[2] == std::vector<Index>{6, 8});
    check_lists(exclusive, brute_force_band(points, open));
    // A zero-width inclusive band keeps exactly the pairs at that distance.
    CHECK(one_based(distance_band_neighbours(points, band(2, 2)))[0] == std::vector<Index>{3, 9});
}

TEST_CASE("distance band: duplicate points are neighbours when the band starts at 0 (spdep 1.2-7)") {
    const auto points = points_of({{0, 0}, {1, 0}, {0, 0}, {2, 0}, {0, 0}, {5, 5}});
    check_lists(one_based(distance_band_neighbours(points, band(0, 1))), {{2, 3, 5}, {1, 3, 4, 5}, {1, 2, 5}, {2}, {1, 2, 3}, {}});
    DistanceBandOptions positive = band(0, 1);
    positive.lower_inclusive = false;
    check_lists(one_based(distance_band_neighbours(points, positive)), {{2}, {1, 3, 4, 5}, {2}, {2}, {2}, {}});
}

TEST_CASE("distance band: agrees with brute force, planar and lon/lat, any thread count") {
    std::mt19937_64 rng(3);
    for (const bool lonlat : {false, true}) {
        INFO("lonlat " << lonlat);
        std::uniform_int_distribution<int> cell(0, 30);
        Eigen::MatrixX2d xy(1200, 2);
        for (Index i = 0; i < xy.rows(); ++i) {
            const double lon = 179.85 + cell(rng) * 0.01;  // across the antimeridian, written both ways
            xy(i, 0) = lonlat ? (lon > 180 ? lon - 360 : lon) : cell(rng);
            xy(i, 1) = lonlat ? 60 + cell(rng) * 0.01 : cell(rng);
        }
        const PointSet points = PointSet::with_default_ids(xy, lonlat);
        const std::vector<double> uppers = lonlat ? std::vector<double>{0.9, 5.0} : std::vector<double>{2.0, 5.0};
        for (const double upper : uppers) {
            DistanceBandOptions options = band(lonlat ? 0.3 : 1.0, upper);
            const Lists expected = brute_force_band(points, options);
            for (const int threads : {0, 1, 3}) {
                options.threads = threads;
                check_lists(one_based(distance_band_neighbours(points, options)), expected);
            }
        }
    }
}

TEST_CASE("distance band: an infinite upper bound links every pair") {
    const auto points = points_of({{0, 0}, {1e300, 0}, {0, -1e300}});
    const SpatialWeights w = distance_band_weights(points, band(0, std::numeric_limits<double>::infinity()));
    CHECK(w.links() == 6);
}

TEST_CASE("inverse distance weights equal 1/d over spdep's band distances") {
    const nlohmann::json expected = spillover::testing::weights_fixture("columbus_points.json");
    const PointSet points = columbus_points();
    const DistanceBandOptions full = band(0, max_nearest_distance(points));
    DistanceWeightsOptions idw;
    const SpatialWeights w = distance_weights(points, full, idw);
    CHECK(w.transform() == WeightsTransform::None);
    CHECK(w.is_symmetric());
    const auto dists = expected["band_full_dists"];
    const auto nb = expected["band_full"].get<Lists>();
    for (Index i = 0; i < w.n(); ++i) {
        std::size_t e = 0;
        for (SpatialWeights::Matrix::InnerIterator it(w.matrix(), i); it; ++it, ++e) {
            CHECK(it.col() + 1 == nb[static_cast<std::size_t>(i)][e]);
            CHECK(it.value() == doctest::Approx(1 / dists[static_cast<std::size_t>(i)][e].get<double>()).epsilon(1e-10));
        }
        CHECK(e == nb[static_cast<std::size_t>(i)].size());
    }

    idw.power = 2;
    const SpatialWeights w2 = distance_weights(points, full, idw);
    const double d01 = dists[0][0].get<double>();
    CHECK(w2.matrix().coeff(0, nb[0][0] - 1) == doctest::Approx(1 / (d01 * d01)).epsilon(1e-10));
}

TEST_CASE("exponential weights: w = exp(-d / scale), over k nearest neighbours too") {
    const auto points = points_of({{0, 0}, {3, 0}, {0, 4}, {10, 10}});
    DistanceWeightsOptions decay;
    decay.decay = DistanceDecay::Exponential;
    decay.scale = 2.0;
    const SpatialWeights w = distance_weights(points, band(0, 5), decay);
    CHECK(w.matrix().coeff(0, 1) == doctest::Approx(std::exp(-1.5)));
    CHECK(w.matrix().coeff(0, 2) == doctest::Approx(std::exp(-2.0)));
    CHECK(w.matrix().coeff(1, 2) == doctest::Approx(std::exp(-2.5)));
    CHECK(w.cardinality(3) == 0);

    KnnOptions knn;
    knn.k = 1;
    const NeighbourLists nearest = knn_neighbours(points, knn);
    const SpatialWeights wk = distance_weights(points, nearest, DistanceWeightsOptions{});
    CHECK(wk.matrix().coeff(0, 1) == doctest::Approx(1.0 / 3));
    CHECK(wk.matrix().coeff(2, 0) == doctest::Approx(1.0 / 4));
    CHECK(wk.matrix().coeff(3, 2) == doctest::Approx(1 / std::hypot(10.0, 6.0)));
    CHECK(wk.links() == 4);
    CHECK(parse_distance_decay("exp") == DistanceDecay::Exponential);
    CHECK(parse_distance_decay("idw") == DistanceDecay::Inverse);
    CHECK(to_string(DistanceDecay::Exponential) == "exponential");
}

TEST_CASE("distance band and distance weights: error classes") {
    const auto points = points_of({{0, 0}, {1, 0}, {0, 0}});
    CHECK(contains(input_error([&] { distance_band_weights(points, band(-1, 2)); }).what(), "lower bound -1 is negative"));
    CHECK(contains(input_error([&] { distance_band_weights(points, band(0, -2)); }).what(), "upper bound -2 is negative"));
    CHECK(contains(input_error([&] { distance_band_weights(points, band(3, 2)); }).what(), "below lower bound"));
    CHECK(contains(input_error([&] { distance_band_weights(points, band(0, std::nan(""))); }).what(), "not a number"));
    DistanceWeightsOptions idw;
    CHECK(contains(input_error([&] { distance_weights(points, band(0, 2), idw); }).what(),
                   "points '1' and '3' are at distance 0"));
    idw.power = 0;
    CHECK(contains(input_error([&] { distance_weights(points, band(0, 2), idw); }).what(), "power 0"));
    DistanceWeightsOptions exp;
    exp.decay = DistanceDecay::Exponential;
    exp.scale = -1;
    CHECK(contains(input_error([&] { distance_weights(points, band(0, 2), exp); }).what(), "scale -1"));
    exp.scale = 1;
    CHECK(distance_weights(points, band(0, 2), exp).matrix().coeff(0, 2) == 1.0);  // exp(0)
    CHECK(contains(input_error([&] { parse_distance_decay("gravity"); }).what(), "unknown distance decay"));
    CHECK(contains(input_error([&] { max_nearest_distance(points_of({{0, 0}})); }).what(), "at least 2 points"));
    auto bad = points_of({{0, 0}, {0, -90.5}}, true);
    CHECK(contains(input_error([&] { distance_band_weights(bad, band(0, 1)); }).what(), "latitude -90.5"));
}
