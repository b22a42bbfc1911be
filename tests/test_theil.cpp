// Theil's T and L: values by hand and the identities T = T_w + T_b, L = L_w + L_b.

#include <cmath>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "inequality/theil.hpp"

using spillover::code_groups;

TEST_CASE("Theil: T and L of two values by hand") {
    // y = {1, 3}, mu = 2: T = (1/2)[(1/2) ln(1/2) + (3/2) ln(3/2)] = (3/4) ln 3 - ln 2,
    //                     L = (1/2)[ln(2/1) + ln(2/3)] = (1/2) ln(4/3).
    const auto t = spillover::theil(std::vector<double>{1.0, 3.0});
    CHECK(t.t == doctest::Approx(0.75 * std::log(3.0) - std::log(2.0)).epsilon(1e-15));
    CHECK(t.l == doctest::Approx(0.5 * std::log(4.0 / 3.0)).epsilon(1e-15));
    // One group: all within.
    CHECK(t.t_within == doctest::Approx(t.t).epsilon(1e-15));
    CHECK(t.t_between == 0.0);
}

TEST_CASE("Theil: T = T_w + T_b and L = L_w + L_b to 1e-12, between-only when groups are flat") {
    std::mt19937_64 rng(5);
    std::lognormal_distribution<double> draw(0.0, 0.8);
    std::vector<double> y;
    std::vector<std::string> labels;
    for (int i = 0; i < 300; ++i) {
        labels.push_back(std::string(1, static_cast<char>('a' + i % 4)));
        y.push_back((1.0 + i % 4) * draw(rng));
    }
    const auto d = spillover::theil_decomposition(y, code_groups(labels));
    CHECK(std::fabs(d.t_within + d.t_between - d.t) <= 1e-12 * d.t);
    CHECK(std::fabs(d.l_within + d.l_between - d.l) <= 1e-12 * d.l);

    // Equal values inside each group: all inequality is between groups.
    const auto flat = spillover::theil_decomposition(std::vector<double>{2, 2, 6, 6}, code_groups({"a", "a", "b", "b"}));
    CHECK(flat.t_within == 0.0);
    CHECK(flat.t_between == doctest::Approx(flat.t).epsilon(1e-15));
    CHECK(flat.l_between == doctest::Approx(flat.l).epsilon(1e-15));
}

TEST_CASE("Theil: a zero leaves T defined and L NaN, a negative value is refused") {
    const auto d = spillover::theil(std::vector<double>{0.0, 2.0});
    CHECK(d.t == doctest::Approx(std::log(2.0)).epsilon(1e-15));  // (1/2)(2 ln 2)
    CHECK(std::isnan(d.l));
    CHECK_THROWS_AS(spillover::theil(std::vector<double>{-1.0, 2.0}), std::invalid_argument);
}
