// The panel layout (long format to period-by-period rows) and the within transformations.

#include <doctest/doctest.h>

#include "engine/input_error.hpp"
#include "engine/panel_layout.hpp"
#include "engine/panel_within.hpp"
#include "test_support.hpp"

using namespace spillover;
using spillover::testing::contains;

TEST_CASE("panel layout: units in order of appearance, periods sorted as numbers, rows period by period") {
    // Rows in any order; "9" before "10" as numbers (as text "10" < "9").
    const std::vector<std::string> unit = {"b", "a", "a", "b", "c", "c"};
    const std::vector<std::string> period = {"10", "9", "10", "9", "10", "9"};
    const PanelLayout layout = panel_layout(unit, period, "id", "year");
    CHECK(layout.units == std::vector<std::string>{"b", "a", "c"});
    CHECK(layout.periods == std::vector<std::string>{"9", "10"});
    // Period 9: b (row 3), a (row 1), c (row 5); period 10: b (0), a (2), c (4).
    CHECK(layout.row_order == std::vector<std::size_t>{3, 1, 5, 0, 2, 4});

    const PanelLayout text = panel_layout({"x", "x"}, {"y2", "y10"}, "id", "year");
    CHECK(text.periods == std::vector<std::string>{"y10", "y2"});
}

TEST_CASE("panel layout: duplicates, missing unit-periods and a single period are named errors") {
    CHECK(contains(testing::input_error([] { panel_layout({"a", "a", "b", "b"}, {"1", "1", "1", "2"}, "id", "t"); }).what(),
                   "id = a appears twice in t = 1 (data rows 1 and 2)"));
    CHECK(contains(testing::input_error([] { panel_layout({"a", "a", "b"}, {"1", "2", "1"}, "id", "t"); }).what(),
                   "unbalanced panel: 1 of 4 unit-periods (2 units x 2 periods) have no row (first: id = b in t = 2)"));
    CHECK(contains(testing::input_error([] { panel_layout({"a", "b"}, {"1", "1"}, "id", "t"); }).what(),
                   "one period only (t = 1)"));
}

TEST_CASE("within transformations equal their definitions and absorb N, T or N + T - 1 parameters") {
    const std::int64_t n = 3, t = 4;
    Eigen::MatrixXd x(n * t, 2);
    for (Eigen::Index r = 0; r < x.rows(); ++r) x.row(r) << std::sin(1.0 + r), std::cos(0.3 * r * r);
    const auto at = [&](const Eigen::MatrixXd& m, std::int64_t i, std::int64_t p, Eigen::Index c) { return m(p * n + i, c); };
    const Eigen::MatrixXd by_unit = unit_means(x, n, t), by_period = period_means(x, n, t);
    const Eigen::RowVectorXd grand = x.colwise().mean();
    const Eigen::MatrixXd ind = within(x, n, t, PanelEffects::Individual), time = within(x, n, t, PanelEffects::Time),
                          two = within(x, n, t, PanelEffects::TwoWays);
    for (std::int64_t i = 0; i < n; ++i)
        for (std::int64_t p = 0; p < t; ++p)
            for (Eigen::Index c = 0; c < 2; ++c) {
                CHECK(at(ind, i, p, c) == doctest::Approx(at(x, i, p, c) - by_unit(i, c)));
                CHECK(at(time, i, p, c) == doctest::Approx(at(x, i, p, c) - by_period(p, c)));
                CHECK(at(two, i, p, c) ==
                      doctest::Approx(at(x, i, p, c) - by_unit(i, c) - by_period(p, c) + grand(c)));
            }
    CHECK(within(x, n, t, PanelEffects::None) == x);
    CHECK(within(two, n, t, PanelEffects::TwoWays).isApprox(two, 1e-14));  // a projection
    CHECK(absorbed_parameters(PanelEffects::Individual, n, t) == 3);
    CHECK(absorbed_parameters(PanelEffects::Time, n, t) == 4);
    CHECK(absorbed_parameters(PanelEffects::TwoWays, n, t) == 6);
    CHECK(parse_panel_effects("TwoWays") == PanelEffects::TwoWays);
    CHECK(contains(testing::input_error([] { parse_panel_effects("fixed"); }).what(), "available: none, individual, time, twoways"));
}
