#pragma once
// The running mean of a Monte Carlo statistic and the standard error of that mean, for the property
// tests of the estimators (tests/test_panel_monte_carlo.cpp, tests/test_dynamic_panel.cpp).

#include <cmath>

namespace spillover::testing {

struct Moments {
    double sum = 0, sum_sq = 0;
    int count = 0;
    void add(double v) { sum += v, sum_sq += v * v, ++count; }
    double mean() const { return sum / count; }
    double mean_se() const { return std::sqrt((sum_sq / count - mean() * mean()) / count); }
};

}  // namespace spillover::testing
