// The exact log-determinants (eigen, cholesky, lu), the factory, and the ρ search, against dense
// eigenvalues: Columbus contiguity (symmetric similar), a symmetrised kNN-6 W and a plain
// (asymmetric) kNN-6 W on 1500 random points, and a binary (not row-standardised) W.

#include <cmath>
#include <random>

#include <doctest/doctest.h>

#include "logdet_test_support.hpp"

#include "models/lag_profile.hpp"
#include "solvers/logdet.hpp"
#include "solvers/logdet_cholesky.hpp"
#include "solvers/logdet_eigen.hpp"
#include "solvers/logdet_lu.hpp"
#include "solvers/spatial_search.hpp"
#include "test_support.hpp"
#include "weights/knn.hpp"
#include "weights/transforms.hpp"
#include "weights/weights_io.hpp"

namespace spillover {
namespace {

using testing::columbus_row;
SpatialWeights random_knn(Eigen::Index n, bool symmetrise, std::uint64_t seed = 7) {
    return testing::random_knn_row(n, symmetrise, seed);
}


/// ρ values spread over the interval, kept off its ends.
std::vector<double> rho_grid(const RhoInterval& interval) {
    std::vector<double> grid;
    const double lo = std::max(interval.lower, -3.0) + 0.02, hi = interval.upper - 0.02;
    for (int k = 0; k <= 12; ++k) grid.push_back(lo + (hi - lo) * k / 12.0);
    return grid;
}

double relative(double a, double b) { return std::fabs(a - b) / std::max(1e-300, std::fabs(b)); }

/// Every exact value within 1e-10 relative of the eigenvalue one, at every ρ of the grid, single
/// and in a batch; the difference derivative within 1e-7.
void check_exact_against_eigen(const SpatialWeights& w, LogDeterminant& method) {
    LogDetOptions o;
    LogDetEigen eigen(w, rho_interval(w, o), o);
    const auto grid = rho_grid(method.interval());
    const auto batch = method.evaluate(grid);
    for (std::size_t k = 0; k < grid.size(); ++k) {
        CAPTURE(grid[k]);
        const LogDetValue reference = eigen.evaluate(grid[k]);
        const LogDetValue value = method.evaluate(grid[k], k % 4 == 0);
        CHECK(relative(value.value, reference.value) <= 1e-10);
        CHECK(batch[k].value == doctest::Approx(value.value).epsilon(1e-13));
        if (k % 4 == 0) CHECK(relative(value.derivative, reference.derivative) <= 1e-7);
    }
}

}  // namespace

TEST_CASE("Log-determinant method names and options") {
    for (auto m : {LogDetMethod::Auto, LogDetMethod::Eigen, LogDetMethod::Cholesky, LogDetMethod::Lu,
                   LogDetMethod::Chebyshev, LogDetMethod::MonteCarlo, LogDetMethod::Slq})
        CHECK(parse_logdet_method(to_string(m)) == m);
    CHECK(testing::contains(testing::input_error([] { parse_logdet_method("Matrix"); }).what(), "choose auto, eigen"));
    LogDetOptions o;
    CHECK_NOTHROW(o.validate());
    o.probes = 1;
    CHECK_THROWS_AS(o.validate(), std::invalid_argument);
    CHECK(is_exact(LogDetMethod::Lu));
    CHECK_FALSE(is_exact(LogDetMethod::Slq));
}

TEST_CASE("Eigen log-determinant equals the product of 1 - rho lambda on Columbus") {
    const SpatialWeights w = columbus_row();
    LogDetOptions o;
    LogDetEigen eigen(w, rho_interval(w, o), o);
    // Direct dense determinant as an independent check.
    for (double rho : {-0.9, 0.0, 0.43, 0.95}) {
        const Eigen::MatrixXd a = Eigen::MatrixXd::Identity(w.n(), w.n()) - rho * Eigen::MatrixXd(w.matrix());
        const double direct = std::log(a.partialPivLu().determinant());
        CHECK(eigen.evaluate(rho).value == doctest::Approx(direct).epsilon(1e-12));
    }
    // The derivative against a central difference.
    const double h = 1e-6;
    CHECK(eigen.evaluate(0.4).derivative ==
          doctest::Approx((eigen.evaluate(0.4 + h).value - eigen.evaluate(0.4 - h).value) / (2 * h)).epsilon(1e-7));
    CHECK_THROWS_AS(eigen.evaluate(1.5), std::invalid_argument);
}

TEST_CASE("Cholesky log-determinant equals eigenvalues: Columbus and symmetrised kNN") {
    LogDetOptions o;
    for (const SpatialWeights& w : {columbus_row(), random_knn(1000, true)}) {
        CAPTURE(w.n());
        LogDetCholesky cholesky(w, rho_interval(w, o), o);
        check_exact_against_eigen(w, cholesky);
        CHECK(cholesky.evaluations() > 0);
    }
}

TEST_CASE("Cholesky log-determinant of a binary symmetric W uses its eigenvalue interval") {
    const SpatialWeights w = transformed(random_knn(600, true), WeightsTransform::Binary);
    LogDetOptions o;
    const RhoInterval interval = rho_interval(w, o);
    CHECK(interval.upper < 0.2);  // 1/λ_max of a binary W with about 7 neighbours a unit
    LogDetCholesky cholesky(w, interval, o);
    check_exact_against_eigen(w, cholesky);
}

TEST_CASE("LU log-determinant equals complex eigenvalues on an asymmetric kNN W") {
    const SpatialWeights w = random_knn(700, false);
    REQUIRE_FALSE(w.is_pattern_symmetric());
    LogDetOptions o;
    LogDetLu lu(w, rho_interval(w, o), o);
    check_exact_against_eigen(w, lu);
    // Solves: (I − ρW) x = b.
    const Eigen::VectorXd b = Eigen::VectorXd::LinSpaced(w.n(), -1.0, 2.0);
    const Eigen::VectorXd x = lu.solve(0.6, b);
    CHECK((x - 0.6 * w.lag(x) - b).norm() <= 1e-10 * b.norm());
}

TEST_CASE("Factory resolves auto by size and symmetry and refuses what W does not allow") {
    LogDetOptions o;
    const SpatialWeights symmetric = random_knn(300, true), asymmetric = random_knn(300, false);
    CHECK(resolve_logdet_method(symmetric, o) == LogDetMethod::Eigen);
    o.auto_eigen_limit = 100;  // a sparse W above it: a sparse factorisation, cheaper than dense eigenvalues
    CHECK(resolve_logdet_method(symmetric, o) == LogDetMethod::Cholesky);
    o.eigen_limit = 100;
    CHECK(resolve_logdet_method(symmetric, o) == LogDetMethod::Cholesky);
    CHECK(resolve_logdet_method(asymmetric, o) == LogDetMethod::Lu);
    CHECK(make_log_determinant(asymmetric, o)->method() == LogDetMethod::Lu);
    CHECK(rho_interval(asymmetric, o).lower == -1.0);  // row-standardised above eigen_limit
    o.method = LogDetMethod::Cholesky;
    CHECK(testing::contains(testing::input_error([&] { resolve_logdet_method(asymmetric, o); }).what(), "symmetrise W"));
    o.method = LogDetMethod::Eigen;  // at any n: only auto keeps to eigen_limit
    CHECK(resolve_logdet_method(asymmetric, o) == LogDetMethod::Eigen);
}

TEST_CASE("Exact rho search with few factorisations equals Brent on eigenvalues") {
    // A lag-model data set with ρ = 0.55: y = (I − ρW)⁻¹(Xβ + ε).
    for (bool symmetrise : {true, false}) {
        CAPTURE(symmetrise);
        const SpatialWeights w = random_knn(symmetrise ? 1200 : 600, symmetrise, 11);
        std::mt19937_64 rng(5);
        std::normal_distribution<double> normal;
        Eigen::MatrixXd x(w.n(), 2);
        Eigen::VectorXd e(w.n());
        for (Eigen::Index i = 0; i < w.n(); ++i) {
            x.row(i) << 1.0, normal(rng);
            e[i] = normal(rng);
        }
        const Eigen::MatrixXd a = Eigen::MatrixXd::Identity(w.n(), w.n()) - 0.55 * Eigen::MatrixXd(w.matrix());
        const Eigen::VectorXd y = a.partialPivLu().solve(x * Eigen::Vector2d(1.0, 2.0) + e);
        const LagProfile profile(y, x, w.lag(y), static_cast<double>(y.size()));
        auto rest = [&](double rho) { return profile.rest(rho); };

        LogDetOptions o;
        o.eigen_limit = 5000;
        o.method = LogDetMethod::Eigen;
        auto eigen = make_log_determinant(w, o);
        const SampleShape shape = SampleShape::cross_section(w.n());
        const SearchResult reference = maximise_over_parameter(*eigen, rest, shape);
        o.method = symmetrise ? LogDetMethod::Cholesky : LogDetMethod::Lu;
        auto sparse = make_log_determinant(w, o);
        REQUIRE(sparse->surrogate() != nullptr);
        for (bool use_surrogate : {true, false}) {
            CAPTURE(use_surrogate);
            SearchOptions search;
            search.use_surrogate = use_surrogate;
            const SearchResult exact = maximise_over_parameter(*sparse, rest, shape, search);
            const double logdet_there = eigen->evaluate(exact.estimate).value;
            CHECK(exact.converged);
            CHECK_FALSE(exact.at_bound);
            CHECK(exact.estimate == doctest::Approx(reference.estimate).epsilon(1e-7));
            CHECK(exact.objective == doctest::Approx(reference.objective).epsilon(1e-12));
            CHECK(exact.logdet.value == doctest::Approx(logdet_there).epsilon(1e-10));
            CHECK(exact.logdet_evaluations <= (use_surrogate ? 8 : 20));
            MESSAGE(exact.scheme);
        }
        CHECK(std::fabs(reference.estimate - 0.55) < 0.1);
    }
}

}  // namespace spillover
