// The approximate log-determinants (mc, chebyshev, slq) against the exact one from dense eigenvalues,
// on Columbus queen contiguity, a symmetrised kNN-6 W on 1000 random points and a plain (asymmetric)
// kNN-6 W on 500 (dense complex eigenvalues cost 2.6 s at 1000): every value and derivative within
// its reported bound across the interval, also with short series and few Lanczos steps (where the
// deterministic terms dominate), bounds small enough to be of use at moderate ρ, the same numbers
// for a seed whatever the threads, the set-up's refusals.
// The bounds are z = 3 standard errors plus deterministic terms: over 200 seeds the error exceeded
// them at 0.2–0.8 % of evaluations (logdet_monte_carlo.hpp). The seeds here are fixed (the
// defaults), so the checks are deterministic.

#include <cmath>
#include <limits>
#include <memory>
#include <random>
#include <stdexcept>

#include <doctest/doctest.h>

#include "logdet_test_support.hpp"

#include "solvers/logdet.hpp"
#include "solvers/logdet_chebyshev.hpp"
#include "solvers/logdet_eigen.hpp"
#include "solvers/logdet_monte_carlo.hpp"
#include "solvers/logdet_slq.hpp"
#include "weights/knn.hpp"
#include "weights/transforms.hpp"
#include "weights/weights_io.hpp"

namespace spillover {
namespace {

using testing::columbus_row;
SpatialWeights random_knn(Eigen::Index n, bool symmetrise) { return testing::random_knn_row(n, symmetrise); }


std::unique_ptr<LogDeterminant> make(LogDetMethod method, const SpatialWeights& w, const RhoInterval& interval,
                                     const LogDetOptions& options) {
    switch (method) {
        case LogDetMethod::MonteCarlo:
            return std::make_unique<LogDetMonteCarlo>(w, interval, options);
        case LogDetMethod::Chebyshev:
            return std::make_unique<LogDetChebyshev>(w, interval, options);
        case LogDetMethod::Slq:
            return std::make_unique<LogDetSlq>(w, interval, options);
        default:
            break;
    }
    throw std::invalid_argument("not an approximate method");
}

constexpr LogDetMethod approximate[] = {LogDetMethod::MonteCarlo, LogDetMethod::Chebyshev, LogDetMethod::Slq};

/// 15 values of ρ from interval.lower + 0.05 to min(0.95, interval.upper − 0.05).
std::vector<double> rho_grid(const RhoInterval& interval) {
    const double lo = interval.lower + 0.05, hi = std::min(0.95, interval.upper - 0.05);
    std::vector<double> grid;
    for (int k = 0; k < 15; ++k) grid.push_back(lo + (hi - lo) * k / 14.0);
    return grid;
}

/// The bound is of use where ρ is moderate: error_bound ≤ `relative`·|ln|I − ρW|| + 1 on [−0.5, 0.8].
/// Over 200 seeds with the default options (30 probes) on the three W here: chebyshev and slq bounds
/// stayed below 1 (at most 1.4 % of |f| on the 1000-point kNN W), so 0.01 holds with room; mc, whose
/// Taylor control variates leave more noise, needed (bound − 1)/|f| up to 0.023, so 0.03.
struct Usefulness {
    double relative;
};
constexpr Usefulness useful_mc{0.03}, useful_polynomial{0.01};
constexpr Usefulness any_bound{std::numeric_limits<double>::infinity()};
Usefulness useful_for(LogDetMethod method) {
    return method == LogDetMethod::MonteCarlo ? useful_mc : useful_polynomial;
}

/// Every value and derivative of `method` within its bounds of the exact one, over the grid.
void check_within_bounds(LogDeterminant& method, LogDeterminant& exact, Usefulness useful) {
    for (const double rho : rho_grid(exact.interval())) {
        CAPTURE(to_string(method.method()));
        CAPTURE(rho);
        const LogDetValue truth = exact.evaluate(rho);
        const LogDetValue value = method.evaluate(rho);
        CHECK(std::fabs(value.value - truth.value) <= value.error_bound);
        CHECK(std::fabs(value.derivative - truth.derivative) <= value.derivative_error_bound);
        if (rho >= -0.5 && rho <= 0.8 && std::isfinite(useful.relative))
            CHECK(value.error_bound <= useful.relative * std::fabs(truth.value) + 1.0);
    }
}

/// Short series and few Lanczos steps, where the deterministic terms (truncation tails, the
/// Gauss–Radau bracket) make up nearly all of the bound: observed up to 97 % of the error.
LogDetOptions low_order() {
    LogDetOptions options;
    options.mc_powers = 4;
    options.chebyshev_degree = 4;
    options.slq_steps = 3;
    return options;
}

LogDetValue value_with(LogDetMethod method, const SpatialWeights& w, const RhoInterval& interval, LogDetOptions options,
                       double rho) {
    return make(method, w, interval, options)->evaluate(rho);
}

}  // namespace

TEST_CASE("Approximate log-determinants: Columbus queen, row-standardised, within their bounds") {
    const SpatialWeights w = columbus_row();
    const LogDetOptions options;
    LogDetEigen exact(w, options);
    for (const LogDetMethod method : approximate) {
        const auto approx = make(method, w, exact.interval(), options);
        CHECK(approx->method() == method);
        CHECK(approx->n() == w.n());
        CHECK(approx->setup_seconds() >= 0.0);
        CHECK_FALSE(approx->description().empty());
        check_within_bounds(*approx, exact, useful_for(method));
        CHECK(approx->evaluations() == 15);
        CHECK_THROWS_AS(approx->evaluate(exact.interval().upper + 0.01), std::invalid_argument);
        check_within_bounds(*make(method, w, exact.interval(), low_order()), exact, any_bound);
    }
}

TEST_CASE("Approximate log-determinants: symmetrised kNN-6 on 1000 points within their bounds") {
    const SpatialWeights w = random_knn(1000, true);
    const LogDetOptions options;
    LogDetEigen exact(w, options);
    for (const LogDetMethod method : approximate) {
        check_within_bounds(*make(method, w, exact.interval(), options), exact, useful_for(method));
        check_within_bounds(*make(method, w, exact.interval(), low_order()), exact, any_bound);
    }
}

TEST_CASE("Approximate log-determinants: asymmetric kNN-6, Monte Carlo within its bounds, the others refuse it") {
    const SpatialWeights w = random_knn(500, false);
    const LogDetOptions options;
    LogDetEigen exact(w, options);
    LogDetMonteCarlo mc(w, exact.interval(), options);
    check_within_bounds(mc, exact, useful_mc);
    LogDetMonteCarlo short_series(w, exact.interval(), low_order());
    check_within_bounds(short_series, exact, any_bound);
    CHECK_THROWS_AS(LogDetChebyshev(w, exact.interval(), options), std::invalid_argument);
    CHECK_THROWS_AS(LogDetSlq(w, exact.interval(), options), std::invalid_argument);
}

TEST_CASE("Approximate log-determinants: the Monte-Carlo bound is infinite where the series diverges") {
    const SpatialWeights w = columbus_row();  // interval (−1.54, 1): the series needs |ρ| < 1
    const LogDetOptions options;
    LogDetEigen exact(w, options);
    LogDetMonteCarlo mc(w, exact.interval(), options);
    CHECK(mc.radius_bound() == doctest::Approx(1.0));
    const LogDetValue beyond = mc.evaluate(-1.2);
    CHECK(beyond.error_bound == std::numeric_limits<double>::infinity());
    CHECK(beyond.derivative_error_bound == std::numeric_limits<double>::infinity());
    CHECK(std::isfinite(mc.evaluate(-0.9).error_bound));
}

TEST_CASE("Approximate log-determinants: more Lanczos steps than units, and long series, stay within bounds") {
    const SpatialWeights w = columbus_row();
    LogDetOptions options;
    options.slq_steps = 80;  // n = 49: the Krylov space closes
    options.chebyshev_degree = 150;
    options.mc_powers = 150;
    LogDetEigen exact(w, options);
    for (const LogDetMethod method : approximate) {
        const auto approx = make(method, w, exact.interval(), options);
        check_within_bounds(*approx, exact, useful_for(method));
    }
}

TEST_CASE("Approximate log-determinants: a seed fixes the values, another seed changes them, threads do not") {
    const SpatialWeights w = random_knn(5000, true);  // several chunks of rows, so both threads work
    const RhoInterval interval{-1.0, 1.0, "row-standardised"};
    LogDetOptions one, two, other;
    one.threads = 1;
    two.threads = 2;
    other.seed = one.seed + 1;
    for (const LogDetMethod method : approximate) {
        CAPTURE(to_string(method));
        const LogDetValue a = value_with(method, w, interval, one, 0.6);
        const LogDetValue b = value_with(method, w, interval, two, 0.6);
        const LogDetValue c = value_with(method, w, interval, other, 0.6);
        CHECK(a.value == b.value);
        CHECK(a.derivative == b.derivative);
        CHECK(a.error_bound == b.error_bound);
        CHECK(a.value != c.value);
        CHECK(std::fabs(a.value - c.value) <= a.error_bound + c.error_bound);
    }
}

TEST_CASE("Approximate log-determinants: options out of range are refused") {
    const SpatialWeights w = columbus_row();
    const RhoInterval interval{-1.5, 1.0, "given"};
    const auto refuse = [&](auto change) {
        LogDetOptions options;
        change(options);
        for (const LogDetMethod method : approximate) {
            CAPTURE(to_string(method));
            CHECK_THROWS_AS(make(method, w, interval, options), std::invalid_argument);
        }
    };
    refuse([](LogDetOptions& o) { o.probes = 1; });
    refuse([](LogDetOptions& o) { o.chebyshev_degree = 1; });
    refuse([](LogDetOptions& o) { o.mc_powers = 1; });
    refuse([](LogDetOptions& o) { o.slq_steps = 1; });
    refuse([](LogDetOptions& o) { o.z = 0.0; });
    refuse([](LogDetOptions& o) { o.threads = -1; });
    // Chebyshev and SLQ map [1/lower, 1/upper] onto [−1, 1]: the interval must contain 0.
    CHECK_THROWS_AS(LogDetChebyshev(w, RhoInterval{0.1, 1.0, "given"}, LogDetOptions{}), std::invalid_argument);
    CHECK_THROWS_AS(LogDetSlq(w, RhoInterval{0.1, 1.0, "given"}, LogDetOptions{}), std::invalid_argument);
}

}  // namespace spillover
