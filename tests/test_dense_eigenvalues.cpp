// Dense eigenvalues by LAPACK (weights/dense_eigenvalues.hpp) against Eigen's dense solvers, which
// they replaced; their cost estimate; and the eigen log-determinant above the old limit of 2000 units
// against sparse Cholesky.

#include <algorithm>
#include <cmath>
#include <complex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <Eigen/Eigenvalues>
#include <doctest/doctest.h>

#include "logdet_test_support.hpp"

#include "engine/input_error.hpp"
#include "solvers/logdet.hpp"
#include "solvers/logdet_cholesky.hpp"
#include "test_support.hpp"
#include "weights/dense_eigenvalues.hpp"
#include "weights/spectrum.hpp"
#include "weights/symmetric_similar.hpp"
#include "weights/transforms.hpp"

namespace spillover {
namespace {

/// A row-standardised W with 4 random neighbours a unit and random weights: asymmetric, with no
/// symmetric similar form, and (unlike a binary kNN W, whose eigenvalue −1/k is defective, so that
/// rounding alone moves it by about 1e-5 in any method) simple, well-conditioned eigenvalues.
SpatialWeights random_asymmetric(Eigen::Index n, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::uniform_int_distribution<Eigen::Index> unit(0, n - 1);
    std::uniform_real_distribution<double> weight(0.5, 1.5);
    std::vector<std::string> ids;
    std::vector<std::vector<SpatialWeights::Index>> neighbours(static_cast<std::size_t>(n));
    std::vector<std::vector<double>> values(static_cast<std::size_t>(n));
    for (Eigen::Index i = 0; i < n; ++i) {
        ids.push_back(std::to_string(i + 1));
        auto& list = neighbours[static_cast<std::size_t>(i)];
        while (list.size() < 4) {
            const Eigen::Index j = unit(rng);
            if (j != i && std::find(list.begin(), list.end(), j) == list.end()) {
                list.push_back(j);
                values[static_cast<std::size_t>(i)].push_back(weight(rng));
            }
        }
    }
    return transformed(SpatialWeights::from_neighbours(std::move(ids), neighbours, values), WeightsTransform::Row);
}

std::vector<std::complex<double>> sorted(const Eigen::VectorXcd& v) {
    std::vector<std::complex<double>> s(v.data(), v.data() + v.size());
    std::sort(s.begin(), s.end(), [](auto a, auto b) {
        return a.real() < b.real() || (a.real() == b.real() && a.imag() < b.imag());
    });
    return s;
}

/// The largest difference of the sorted lists, and the largest distance from an eigenvalue of either
/// to the nearest of the other (which does not depend on how near-ties were ordered).
double disagreement(const Eigen::VectorXcd& a, const Eigen::VectorXcd& b) {
    REQUIRE(a.size() == b.size());
    double worst = 0.0;
    const auto sa = sorted(a), sb = sorted(b);
    for (std::size_t i = 0; i < sa.size(); ++i) worst = std::max(worst, std::abs(sa[i] - sb[i]));
    for (const auto& x : a) worst = std::max(worst, (b.array() - x).abs().minCoeff());
    for (const auto& x : b) worst = std::max(worst, (a.array() - x).abs().minCoeff());
    return worst;
}

}  // namespace

TEST_CASE("LAPACK eigenvalues equal those of Eigen's dense solvers: symmetric similar kNN and asymmetric W") {
    const SpatialWeights symmetric = testing::random_knn_row(300, true, 3);
    REQUIRE(has_symmetric_similar(symmetric));
    const Eigen::MatrixXd s(symmetric_similar(symmetric));
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> reference(s, Eigen::EigenvaluesOnly);
    const AllEigenvalues ours = all_eigenvalues(symmetric);
    CHECK(ours.real);
    CHECK(testing::contains(ours.method, "LAPACK dsyevd"));
    CHECK(disagreement(ours.values, reference.eigenvalues().cast<std::complex<double>>()) <= 1e-10);
    CHECK(ours.values.imag().cwiseAbs().maxCoeff() == 0.0);

    const SpatialWeights asymmetric = random_asymmetric(250, 5);
    REQUIRE_FALSE(has_symmetric_similar(asymmetric));
    const Eigen::EigenSolver<Eigen::MatrixXd> general(Eigen::MatrixXd(asymmetric.matrix()), false);
    const AllEigenvalues complex = all_eigenvalues(asymmetric);
    CHECK_FALSE(complex.real);
    CHECK(testing::contains(complex.method, "LAPACK dgeev"));
    CHECK(complex.values.imag().cwiseAbs().maxCoeff() > 0.01);  // there are complex pairs to compare
    CHECK(disagreement(complex.values, general.eigenvalues()) <= 1e-10);
    // The conjugate pairs are exact, so Σ ln|1 − ρλ| is the log of a real determinant.
    CHECK(std::abs(complex.values.sum().imag()) <= 1e-12);
}

TEST_CASE("LAPACK symmetric eigen-decomposition: S Q = Q diag(values), Q orthonormal") {
    const SpatialWeights w = testing::random_knn_row(200, true, 9);
    const Eigen::MatrixXd s(symmetric_similar(w));
    const SymmetricEigen e = symmetric_eigen(s);
    CHECK(std::is_sorted(e.values.data(), e.values.data() + e.values.size()));
    CHECK((s * e.vectors - e.vectors * e.values.asDiagonal()).norm() <= 1e-12 * s.norm() * 200);
    CHECK((e.vectors.transpose() * e.vectors - Eigen::MatrixXd::Identity(200, 200)).norm() <= 1e-12 * 200);
    CHECK((symmetric_eigenvalues(s) - e.values).cwiseAbs().maxCoeff() <= 1e-12);
    CHECK(symmetric_eigenvalues(Eigen::MatrixXd(0, 0)).size() == 0);
    CHECK_THROWS_AS(general_eigenvalues(Eigen::MatrixXd(2, 3)), std::invalid_argument);
}

TEST_CASE("Dense eigenvalue cost: 8n^2 bytes, LAPACK's workspace, the flop count and a time") {
    const DenseEigenCost symmetric = dense_eigenvalues_cost(1000, true);
    CHECK(symmetric.matrix_bytes == 8e6);
    CHECK(symmetric.workspace_bytes >= 8.0 * (2 * 1000 + 1));  // dsyevd 'N' needs at least 2n + 1 doubles
    CHECK(symmetric.workspace_bytes < symmetric.matrix_bytes);
    CHECK(symmetric.flops == doctest::Approx(4.0 / 3.0 * 1e9));
    CHECK(symmetric.seconds > 0.0);
    const DenseEigenCost general = dense_eigenvalues_cost(1000, false);
    CHECK(general.flops == doctest::Approx(1e10));
    CHECK(general.workspace_bytes >= 8.0 * 3 * 1000);  // dgeev 'N','N' needs at least 3n doubles
    CHECK(general.seconds > symmetric.seconds);
    CHECK(dense_eigenvalues_cost(0, true).bytes() == 0.0);
    CHECK(testing::contains(dense_eigenvalues_cost(20000, true).summary(), "3.2 GB, about"));
    CHECK(available_memory_bytes() > 0.0);  // Linux: /proc/meminfo
    const int hardware = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    CHECK(dense_eigen_threads(1) == 1);
    CHECK(dense_eigen_threads(1000) == hardware);
    CHECK(dense_eigen_threads(0) >= 1);  // the idle ones by the load average, at least one
    CHECK(dense_eigen_threads(0) <= hardware);

    DenseEigenCost huge;  // 8 TB: more than any machine this runs on has free
    huge.n = 1'000'000;
    huge.matrix_bytes = 8e12;
    const auto e = testing::input_error([&] { check_memory(huge, "--ldet eigen", "use --ldet cholesky or lu"); });
    CHECK(testing::contains(e.what(), "--ldet eigen needs 8000.00 GB"));
    CHECK(testing::contains(e.what(), "1000000 units"));
    CHECK(testing::contains(e.what(), "of memory is available: use --ldet cholesky or lu"));
    CHECK_NOTHROW(check_memory(symmetric, "--ldet eigen", "use --ldet cholesky or lu"));
}

TEST_CASE("Eigen log-determinant runs above 2000 units, says its cost, and equals Cholesky") {
    const SpatialWeights w = testing::random_knn_row(2500, true, 17);
    LogDetOptions o;
    REQUIRE(w.n() > o.eigen_limit);
    o.method = LogDetMethod::Eigen;
    o.notice_seconds = 0.0;  // announce whatever the estimate
    std::vector<std::string> notices;
    o.notice = [&](const std::string& line) { notices.push_back(line); };
    CHECK(resolve_logdet_method(w, o) == LogDetMethod::Eigen);
    const auto eigen = make_log_determinant(w, o);
    CHECK(eigen->method() == LogDetMethod::Eigen);
    REQUIRE(notices.size() == 1);
    CHECK(testing::contains(notices[0], "eigen log-determinant: n = 2500, "));
    CHECK(testing::contains(notices[0], " MB, "));
    CHECK(testing::contains(eigen->description(), "(LAPACK dsyevd, "));
    CHECK(testing::contains(eigen->description(), " thread"));
    CHECK(testing::contains(eigen->description(), "); estimated "));
    CHECK(testing::contains(eigen->description(), "; took "));

    LogDetOptions sparse;
    sparse.surrogate = false;
    sparse.threads = 1;
    LogDetCholesky cholesky(w, eigen->interval(), sparse);
    for (double rho : {-0.8, -0.2, 0.3, 0.7, 0.95}) {
        CAPTURE(rho);
        const double reference = cholesky.evaluate(rho).value;
        CHECK(std::fabs(eigen->evaluate(rho).value - reference) <= 1e-9 * std::fabs(reference));
    }
    // auto keeps its limit: above eigen_limit it does not choose eigen.
    o.method = LogDetMethod::Auto;
    CHECK(resolve_logdet_method(w, o) == LogDetMethod::Cholesky);
}

}  // namespace spillover
