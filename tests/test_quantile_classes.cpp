// Quantile classes as mapclassify's Quantiles (esda/quantile_classes.hpp): the edges, which class a
// value on an edge goes to, ties, pooled against per period, relative values.

#include <doctest/doctest.h>

#include <numeric>
#include <vector>

#include "esda/quantile_classes.hpp"

namespace spillover {
namespace {

TEST_CASE("Quantile classes: the edges of mapclassify's quantile docstring (k = 4 and the k = 3 rounding)") {
    std::vector<double> x(1000);
    std::iota(x.begin(), x.end(), 0.0);
    CHECK(quantile_edges(x, 4) == std::vector<double>{249.75, 499.5, 749.25, 999.0});
    // k = 3: the percentiles are numpy's arange(w, 100 + w, w), w = 100/3 = 33.333333333333336, the
    // last capped at 100, so the first edge is 0.33333333333333337 · 999 = 333.00000000000006 (numpy
    // prints "333.").
    const std::vector<double> thirds = quantile_edges(x, 3);
    REQUIRE(thirds.size() == 3);
    CHECK(thirds[0] == 0.33333333333333337 * 999.0);
    CHECK(thirds[1] == doctest::Approx(666.0).epsilon(1e-15));
    CHECK(thirds[2] == 999.0);
}

TEST_CASE("Quantile classes: linear interpolation between order statistics, a value on an edge goes down") {
    // 1..4, k = 2: the median sits at position 1.5 → 2.5; the top edge is the maximum.
    CHECK(quantile_edges({4, 1, 3, 2}, 2) == std::vector<double>{2.5, 4.0});
    // 1..5, k = 2: position 2 is the value 3 itself, and 3 belongs to the lower class (x ≤ edge).
    const std::vector<double> edges = quantile_edges({1, 2, 3, 4, 5}, 2);
    REQUIRE(edges == std::vector<double>{3.0, 5.0});
    CHECK(quantile_class(3.0, edges) == 0);
    CHECK(quantile_class(3.0000001, edges) == 1);
    CHECK(quantile_class(5.0, edges) == 1);
    CHECK(quantile_class(-10.0, edges) == 0);
}

TEST_CASE("Quantile classes: ties merge edges, pooled k shrinks, per period k stays") {
    CHECK(quantile_edges({1, 1, 1, 1, 2}, 4) == std::vector<double>{1.0, 2.0});
    Eigen::MatrixXd y(5, 2);
    y << 1, 1, 1, 2, 1, 3, 1, 4, 2, 5;
    const QuantileClasses pooled = classify_quantiles(y, 4, ClassBreaks::Pooled);
    CHECK(pooled.k == 4);  // 1,1,1,1,1,2,2,3,4,5 has four distinct quartile edges: 1, 1.5, 2.75, 5
    CHECK(pooled.edges.front() == std::vector<double>{1.0, 1.5, 2.75, 5.0});
    const QuantileClasses per = classify_quantiles(y, 4, ClassBreaks::PerPeriod);
    CHECK(per.k == 4);
    CHECK(per.merged_edges);  // period 1 has only the edges 1 and 2
    CHECK(per.edges[0] == std::vector<double>{1.0, 2.0});
    CHECK(per.ids(4, 0) == 1);
    const Eigen::VectorXi second = per.ids.col(1);  // 1..5 against the edges 2, 3, 4, 5
    CHECK(std::vector<int>(second.data(), second.data() + 5) == std::vector<int>{0, 0, 1, 2, 3});
    const QuantileClasses few = classify_quantiles(Eigen::MatrixXd::Ones(3, 2), 5, ClassBreaks::Pooled);
    CHECK(few.k == 1);
    CHECK(few.merged_edges);
    CHECK(few.sizes()(0) == 6);
}

TEST_CASE("Quantile classes: relative values divide each period by its mean") {
    Eigen::MatrixXd y(2, 2);
    y << 1, 10, 3, 30;
    Eigen::MatrixXd expected(2, 2);
    expected << 0.5, 0.5, 1.5, 1.5;
    CHECK(relative_to_period_mean(y).isApprox(expected));
    Eigen::MatrixXd zero(2, 2);
    zero << 1, 1, -1, 2;
    CHECK_THROWS_AS(relative_to_period_mean(zero), std::invalid_argument);
}

}  // namespace
}  // namespace spillover
