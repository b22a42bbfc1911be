// Tail probabilities against R (pnorm, pt, pf, pchisq), including p-values far below 1e-16.

#include <cmath>

#include <doctest/doctest.h>

#include "engine/distributions.hpp"

using namespace spillover;

TEST_CASE("Tail probabilities equal R's to 1e-12 relative, deep tails included") {
    // Values printed by R 4.2.2 with options(digits = 17).
    CHECK(normal_two_sided_p(1.96) == doctest::Approx(4.9995790296440856e-02).epsilon(1e-12));
    CHECK(normal_two_sided_p(-9.0) == doctest::Approx(2.2571768119076816e-19).epsilon(1e-12));
    CHECK(student_t_two_sided_p(2.5, 7) == doctest::Approx(4.0992218585752874e-02).epsilon(1e-12));
    CHECK(student_t_two_sided_p(-14.49, 46) == doctest::Approx(9.2198849886591443e-19).epsilon(1e-10));
    CHECK(f_upper_p(28.3856, 2, 46) == doctest::Approx(9.3408692863061693e-09).epsilon(1e-10));
    CHECK(chi_squared_upper_p(3.84, 1) == doctest::Approx(5.0043521248705224e-02).epsilon(1e-12));
    CHECK(chi_squared_upper_p(120, 3) == doctest::Approx(7.7167903556341579e-26).epsilon(1e-10));
}

TEST_CASE("Tail probabilities at the edges: NaN in, NaN out, and infinite statistics give 0") {
    CHECK(std::isnan(normal_two_sided_p(std::nan(""))));
    CHECK(std::isnan(student_t_two_sided_p(1.0, 0.0)));
    CHECK(normal_two_sided_p(INFINITY) == 0.0);
    CHECK(student_t_two_sided_p(-INFINITY, 5) == 0.0);
    CHECK(f_upper_p(0.0, 1, 1) == 1.0);
    CHECK(chi_squared_upper_p(-1.0, 2) == 1.0);
}
