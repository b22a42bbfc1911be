// Tests for weights/kernel_weights: kernel values by hand, PySAL's libpysal.weights.Kernel docstring
// examples (six points; fixed, given and adaptive bandwidths; triangular and Gaussian; diagonal),
// lon/lat bandwidths in km, and the error classes.

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <numbers>
#include <string>
#include <vector>

#include "tests/test_support.hpp"
#include "tests/weights_test_support.hpp"
#include "weights/kernel_weights.hpp"
#include "weights/point_set.hpp"

using namespace spillover;
using spillover::testing::contains;
using spillover::testing::input_error;
using Index = SpatialWeights::Index;
using spillover::testing::points_of;

namespace {

// The points of PySAL's Kernel docstring.
PointSet pysal_points() { return points_of({{10, 10}, {20, 10}, {40, 10}, {15, 20}, {30, 20}, {30, 30}}); }

// Row i of W as (column, weight) pairs.
std::vector<std::pair<Index, double>> row(const SpatialWeights& w, Index i) {
    std::vector<std::pair<Index, double>> out;
    for (SpatialWeights::Matrix::InnerIterator it(w.matrix(), i); it; ++it) out.emplace_back(it.col(), it.value());
    return out;
}

void check_row(const SpatialWeights& w, Index i, const std::vector<std::pair<Index, double>>& expected) {
    INFO("row " << i);
    const auto got = row(w, i);
    REQUIRE(got.size() == expected.size());
    for (std::size_t e = 0; e < got.size(); ++e) {
        CHECK(got[e].first == expected[e].first);
        CHECK(got[e].second == doctest::Approx(expected[e].second).epsilon(1e-12));
    }
}

const double inv_sqrt_2pi = 1 / std::sqrt(2 * std::numbers::pi);

}  // namespace

TEST_CASE("kernel functions at z = 0, 1/2, 1 and beyond") {
    using K = KernelFunction;
    CHECK(kernel_value(K::Uniform, 0) == 0.5);
    CHECK(kernel_value(K::Uniform, 1) == 0.5);
    CHECK(kernel_value(K::Triangular, 0) == 1.0);
    CHECK(kernel_value(K::Triangular, 0.5) == 0.5);
    CHECK(kernel_value(K::Triangular, 1) == 0.0);
    CHECK(kernel_value(K::Epanechnikov, 0) == 0.75);
    CHECK(kernel_value(K::Epanechnikov, 0.5) == 0.5625);
    CHECK(kernel_value(K::Epanechnikov, 1) == 0.0);
    CHECK(kernel_value(K::Bisquare, 0) == 0.9375);
    CHECK(kernel_value(K::Bisquare, 0.5) == 0.52734375);
    CHECK(kernel_value(K::Bisquare, 1) == 0.0);
    CHECK(kernel_value(K::Gaussian, 0) == doctest::Approx(0.3989422804014327).epsilon(1e-15));
    CHECK(kernel_value(K::Gaussian, 0.5) == doctest::Approx(0.3520653267642995).epsilon(1e-15));
    CHECK(kernel_value(K::Gaussian, 1) == doctest::Approx(0.24197072451914337).epsilon(1e-15));
    CHECK(kernel_value(K::Gaussian, 0.5, false) == doctest::Approx(std::exp(-0.125)).epsilon(1e-15));
    for (const K k : {K::Uniform, K::Triangular, K::Epanechnikov, K::Bisquare, K::Gaussian}) {
        CHECK(kernel_value(k, 1.0000001) == 0.0);
        CHECK(parse_kernel_function(to_string(k)) == k);
    }
    CHECK(parse_kernel_function("quadratic") == K::Epanechnikov);
    CHECK(parse_kernel_function("quartic") == K::Bisquare);
}

TEST_CASE("kernel weights: PySAL Kernel(points) — triangular, fixed bandwidth from k = 2") {
    const PointSet points = pysal_points();
    const KernelOptions options;  // PySAL's defaults
    const std::vector<double> h = kernel_bandwidths(points, options);
    for (double hi : h) CHECK(hi == doctest::Approx(20.000002).epsilon(1e-15));
    const SpatialWeights w = kernel_weights(points, options);
    // PySAL: kw.weights[0] = [1.0, 0.500000049999995, 0.4409830615267465], neighbours [0, 1, 3].
    check_row(w, 0, {{0, 1.0}, {1, 0.500000049999995}, {3, 0.4409830615267465}});
    for (Index i = 0; i < w.n(); ++i) CHECK(w.matrix().coeff(i, i) == 1.0);  // K(0) kept
    // Unit 2's farthest neighbour sets the bandwidth: 20 from unit 1, weight 1 - 20/20.000002.
    CHECK(w.matrix().coeff(2, 1) == doctest::Approx(1 - 20 / 20.000002).epsilon(1e-9));
}

TEST_CASE("kernel weights: PySAL Kernel(points, bandwidth = 15)") {
    KernelOptions options;
    options.bandwidth = 15.0;
    const SpatialWeights w = kernel_weights(pysal_points(), options);
    check_row(w, 0, {{0, 1.0}, {1, 0.33333333333333337}, {3, 0.2546440075000701}});
    CHECK(kernel_bandwidths(pysal_points(), options) == std::vector<double>(6, 15.0));
}

TEST_CASE("kernel weights: PySAL Kernel(points, fixed = False) — adaptive bandwidths") {
    KernelOptions options;
    options.adaptive = true;
    const std::vector<double> expected_h = {11.18034101, 11.18034101, 20.000002, 11.18034101, 14.14213704, 18.02775818};
    const std::vector<double> h = kernel_bandwidths(pysal_points(), options);
    REQUIRE(h.size() == 6);
    for (std::size_t i = 0; i < 6; ++i) CHECK(h[i] == doctest::Approx(expected_h[i]).epsilon(1e-9));
    const SpatialWeights w = kernel_weights(pysal_points(), options);
    check_row(w, 0, {{0, 1.0}, {1, 0.10557289844279438}, {3, 9.99999900663795e-08}});
    for (Index i = 0; i < w.n(); ++i) CHECK(w.cardinality(i) == 3);  // itself and its k = 2 nearest
    CHECK_FALSE(w.is_pattern_symmetric());

    options.function = KernelFunction::Gaussian;  // PySAL kweag
    check_row(kernel_weights(pysal_points(), options), 0,
              {{0, 0.3989422804014327}, {1, 0.2674190291577696}, {3, 0.2419707487162134}});
}

TEST_CASE("kernel weights: PySAL Gaussian, truncated at the bandwidth, diagonal = True") {
    KernelOptions options;
    options.function = KernelFunction::Gaussian;
    const SpatialWeights w = kernel_weights(pysal_points(), options);
    // PySAL kq.weights[0] and [1].
    check_row(w, 0, {{0, 0.3989422804014327}, {1, 0.35206533556593145}, {3, 0.3412334260702758}});
    check_row(w, 1, {{0, 0.35206533556593145}, {1, 0.3989422804014327}, {2, 0.2419707487162134},
                     {3, 0.3412334260702758}, {4, 0.31069657591175387}});
    CHECK(w.matrix().coeff(1, 5) == 0.0);  // 22.4 > 20.000002: no link, though exp(-z²/2) > 0
    options.diagonal_one = true;
    const SpatialWeights d = kernel_weights(pysal_points(), options);
    check_row(d, 0, {{0, 1.0}, {1, 0.35206533556593145}, {3, 0.3412334260702758}});
}

TEST_CASE("kernel weights: every kernel on a hand-computed row") {
    // Unit 0 at the origin; others at 1, 2, 4 along x; bandwidth 4 → z = 0, 1/4, 1/2, 1.
    const PointSet points = points_of({{0, 0}, {1, 0}, {2, 0}, {4, 0}});
    KernelOptions options;
    options.bandwidth = 4.0;
    struct Case {
        KernelFunction function;
        std::vector<double> values;  // K(0), K(1/4), K(1/2), K(1)
    };
    const std::vector<Case> cases = {
        {KernelFunction::Uniform, {0.5, 0.5, 0.5, 0.5}},
        {KernelFunction::Triangular, {1, 0.75, 0.5, 0}},
        {KernelFunction::Epanechnikov, {0.75, 0.75 * (1 - 1.0 / 16), 0.5625, 0}},
        {KernelFunction::Bisquare, {0.9375, 0.9375 * (15.0 / 16) * (15.0 / 16), 0.52734375, 0}},
        {KernelFunction::Gaussian, {inv_sqrt_2pi, inv_sqrt_2pi * std::exp(-1.0 / 32), inv_sqrt_2pi * std::exp(-0.125),
                                    inv_sqrt_2pi * std::exp(-0.5)}},
    };
    for (const Case& c : cases) {
        INFO(to_string(c.function));
        options.function = c.function;
        const SpatialWeights w = kernel_weights(points, options);
        for (Index j = 0; j < 4; ++j)
            CHECK(w.matrix().coeff(0, j) == doctest::Approx(c.values[static_cast<std::size_t>(j)]).epsilon(1e-15));
        // K(1) = 0 drops the link (tapered kernels): SpatialWeights keeps no explicit zero.
        CHECK(w.cardinality(0) == (c.values[3] == 0 ? 3 : 4));
    }
}

TEST_CASE("kernel weights: lon/lat bandwidths are great-circle km") {
    // Along the equator: 0.5° ≈ 55.66 km and 1° ≈ 111.32 km (spdep's gcdist).
    const PointSet points = points_of({{0, 0}, {0.5, 0}, {1, 0}}, true);
    KernelOptions options;
    options.bandwidth = 100.0;
    const SpatialWeights w = kernel_weights(points, options);
    CHECK(w.matrix().coeff(0, 1) == doctest::Approx(1 - spdep_gcdist_km(0, 0, 0.5, 0) / 100).epsilon(1e-14));
    CHECK(w.matrix().coeff(0, 2) == 0.0);
    options.bandwidth.reset();
    options.k = 1;
    options.adaptive = true;
    const std::vector<double> h = kernel_bandwidths(points, options);
    CHECK(h[0] == doctest::Approx(1.0000001 * spdep_gcdist_km(0, 0, 0.5, 0)).epsilon(1e-14));
}

TEST_CASE("kernel weights: error classes") {
    const PointSet points = pysal_points();
    KernelOptions options;
    options.bandwidth = -1.0;
    CHECK(contains(input_error([&] { kernel_weights(points, options); }).what(), "bandwidth -1 must be a positive"));
    options.bandwidth = 0.0;
    CHECK(contains(input_error([&] { kernel_weights(points, options); }).what(), "bandwidth 0 must be a positive"));
    options.bandwidth = std::numeric_limits<double>::infinity();
    CHECK(contains(input_error([&] { kernel_weights(points, options); }).what(), "must be a positive"));
    options.bandwidth = 5.0;
    options.adaptive = true;
    CHECK(contains(input_error([&] { kernel_weights(points, options); }).what(), "cannot be adaptive"));
    options = KernelOptions{};
    options.k = 6;
    CHECK(contains(input_error([&] { kernel_weights(points, options); }).what(), "needs more than 6 points, got 6"));
    options.k = 0;
    CHECK(contains(input_error([&] { kernel_weights(points, options); }).what(), "k = 0"));
    options = KernelOptions{};
    options.eps = 0.5;
    CHECK(contains(input_error([&] { kernel_weights(points, options); }).what(), "eps"));
    CHECK(contains(input_error([&] { parse_kernel_function("cosine"); }).what(), "unknown kernel 'cosine'"));
    // k duplicates at one spot leave a zero bandwidth.
    options = KernelOptions{};
    options.adaptive = true;
    const PointSet dup = points_of({{0, 0}, {0, 0}, {0, 0}, {1, 1}});
    CHECK(contains(input_error([&] { kernel_weights(dup, options); }).what(), "bandwidth is 0"));
    options.k = 3;
    CHECK(kernel_weights(dup, options).n() == 4);
    const PointSet bad = points_of({{0, 0}, {std::nan(""), 1}, {2, 2}});
    CHECK(contains(input_error([&] { kernel_weights(bad, KernelOptions{}); }).what(), "non-finite x"));
}
