// The Gini ratio by sorting against its definition over all pairs, and a value by hand.

#include <cmath>
#include <random>
#include <stdexcept>
#include <vector>

#include <doctest/doctest.h>

#include "inequality/gini.hpp"

using spillover::gini;

namespace {

double brute_pairwise(const std::vector<double>& a, const std::vector<double>& b) {
    double s = 0.0;
    for (double x : a)
        for (double y : b) s += std::fabs(x - y);
    return s;
}

}  // namespace

TEST_CASE("Gini: a value by hand and the sorted sum equals the sum over all pairs") {
    // {1, 2, 3, 4}: sorted coefficients 2k - n - 1 = -3, -1, 1, 3 give 10 for the pairs i < j, 20 over
    // all ordered pairs; mu = 2.5, so G = 20 / (2 * 16 * 2.5) = 1/4.
    const std::vector<double> y{3.0, 1.0, 4.0, 2.0};
    CHECK(gini(y) == doctest::Approx(0.25).epsilon(1e-15));
    CHECK(spillover::pairwise_absolute_sum(y) == doctest::Approx(20.0).epsilon(1e-15));

    std::mt19937_64 rng(7);
    std::lognormal_distribution<double> draw(0.0, 1.0);
    std::vector<double> a(57), b(31);
    for (double& v : a) v = draw(rng);
    for (double& v : b) v = draw(rng);
    b[3] = a[5];  // a tie across the two sets
    CHECK(spillover::pairwise_absolute_sum(a) == doctest::Approx(brute_pairwise(a, a)).epsilon(1e-13));
    const auto halves = spillover::positive_part_sums(a, b);
    CHECK(halves.a_above_b + halves.b_above_a == doctest::Approx(brute_pairwise(a, b)).epsilon(1e-13));
    double above = 0.0;
    for (double x : a)
        for (double y : b) above += std::max(x - y, 0.0);
    CHECK(halves.a_above_b == doctest::Approx(above).epsilon(1e-13));
}

TEST_CASE("Gini: equal values give 0, one holder of everything gives 1 - 1/n, scale does not matter") {
    CHECK(gini(std::vector<double>{5.0, 5.0, 5.0}) == 0.0);
    CHECK(gini(std::vector<double>{0.0, 0.0, 0.0, 8.0}) == doctest::Approx(0.75).epsilon(1e-15));
    const std::vector<double> y{1.5, 0.2, 7.0, 3.3};
    std::vector<double> scaled;
    for (double v : y) scaled.push_back(1000.0 * v);
    CHECK(gini(scaled) == doctest::Approx(gini(y)).epsilon(1e-14));
    CHECK_THROWS_AS(gini(std::vector<double>{}), std::invalid_argument);
    CHECK_THROWS_AS(gini(std::vector<double>{0.0, 0.0}), std::invalid_argument);
}
