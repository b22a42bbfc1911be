// Traces of the information matrix: exact dense values against the log-determinant's derivatives,
// and the stochastic estimates (factor, conjugate gradients, BiCGSTAB) within their standard errors.

#include <cmath>
#include <random>

#include <doctest/doctest.h>

#include "logdet_test_support.hpp"

#include "solvers/logdet_cholesky.hpp"
#include "solvers/logdet_eigen.hpp"
#include "solvers/logdet_lu.hpp"
#include "solvers/spatial_traces.hpp"
#include "weights/knn.hpp"
#include "weights/transforms.hpp"

namespace spillover {
namespace {

SpatialWeights knn_row(Eigen::Index n, bool symmetrise) { return testing::random_knn_row(n, symmetrise, 3); }


void check_within(const TraceEstimate& estimate, double exact) {
    CAPTURE(exact);
    CAPTURE(estimate.value);
    CAPTURE(estimate.std_error);
    CHECK(estimate.std_error > 0);
    CHECK(std::fabs(estimate.value - exact) <= 4 * estimate.std_error);
    CHECK(estimate.std_error <= 0.02 * std::fabs(exact));
}

}  // namespace

TEST_CASE("Exact traces are the derivatives of the log-determinant") {
    const SpatialWeights w = knn_row(600, true);
    LogDetOptions o;
    LogDetEigen eigen(w, rho_interval(w, o), o);
    const double rho = 0.45, h = 1e-5;
    const SpatialTraces t = spatial_traces(w, rho);
    CHECK(t.exact);
    CHECK(t.wa.value == doctest::Approx(-eigen.evaluate(rho).derivative).epsilon(1e-10));
    const double second = (eigen.evaluate(rho + h).derivative - eigen.evaluate(rho - h).derivative) / (2 * h);
    CHECK(t.wa_squared.value == doctest::Approx(-second).epsilon(1e-6));
    // For a symmetric W, W A⁻¹ is symmetric and T3 = T2.
    const SpatialWeights binary = transformed(w, WeightsTransform::Binary);
    const SpatialTraces s = spatial_traces(binary, 0.05);
    CHECK(s.wa_cross.value == doctest::Approx(s.wa_squared.value).epsilon(1e-12));
}

TEST_CASE("Exact sparse traces equal the dense ones") {
    TraceOptions dense, sparse;
    dense.dense_limit = 100'000;
    sparse.dense_limit = 0;
    sparse.method = TraceMethod::Exact;
    const auto check = [](double sparse_value, double dense_value, double tolerance) {
        CHECK(sparse_value == doctest::Approx(dense_value).epsilon(tolerance));
    };
    for (int kind = 0; kind < 3; ++kind) {
        CAPTURE(kind);  // 0: row-standardised symmetric kNN, 1: asymmetric kNN, 2: binary symmetric
        const SpatialWeights row = knn_row(700, kind != 1);
        const SpatialWeights w = kind == 2 ? transformed(row, WeightsTransform::Binary) : row;
        LogDetOptions o;
        const RhoInterval interval = rho_interval(w, o);
        std::unique_ptr<LogDeterminant> factor;
        if (kind != 1)
            factor = std::make_unique<LogDetCholesky>(w, interval, o);
        else
            factor = std::make_unique<LogDetLu>(w, interval, o);
        for (double fraction : {-0.6, 0.3, 0.95}) {
            const double rho = fraction > 0 ? fraction * interval.upper : -fraction * interval.lower;
            CAPTURE(rho);
            const SpatialTraces reference = spatial_traces(w, rho, dense);
            for (LogDeterminant* logdet : {factor.get(), static_cast<LogDeterminant*>(nullptr)}) {
                const SpatialTraces t = spatial_traces(w, rho, sparse, logdet);
                CHECK(t.exact);
                check(t.wa.value, reference.wa.value, 1e-10);
                check(t.wa_squared.value, reference.wa_squared.value, 1e-8);
                check(t.wa_cross.value, reference.wa_cross.value, 1e-9);
                check(t.lm_residual, reference.lm_residual, 1e-9);
                CHECK(t.wa.std_error <= 1e-8 * std::fabs(t.wa.value));
            }
            const double lambda = 0.5 * rho + 0.1;
            const MixedTraces m = mixed_traces(w, rho, lambda, sparse), d = mixed_traces(w, rho, lambda, dense);
            check(m.cross, d.cross, 1e-9);
            check(m.product, d.product, 1e-9);
        }
    }
}

TEST_CASE("Stochastic traces agree with exact ones within their standard errors") {
    TraceOptions stochastic;
    stochastic.method = TraceMethod::Stochastic;
    stochastic.probes = 30;  // n = 1200 is small for a Hutchinson estimate: more probes than the default
    for (bool symmetrise : {true, false}) {
        CAPTURE(symmetrise);
        const SpatialWeights w = knn_row(1200, symmetrise);
        const double rho = 0.6;
        const SpatialTraces exact = spatial_traces(w, rho);
        const SpatialTraces iterative = spatial_traces(w, rho, stochastic);
        CHECK_FALSE(iterative.exact);
        check_within(iterative.wa, exact.wa.value);
        check_within(iterative.wa_squared, exact.wa_squared.value);
        check_within(iterative.wa_cross, exact.wa_cross.value);
        // The same probes through a sparse factor give the same estimates.
        LogDetOptions o;
        std::unique_ptr<LogDeterminant> factor;
        if (symmetrise)
            factor = std::make_unique<LogDetCholesky>(w, rho_interval(w, o), o);
        else
            factor = std::make_unique<LogDetLu>(w, rho_interval(w, o), o);
        const SpatialTraces factored = spatial_traces(w, rho, stochastic, factor.get());
        CHECK(factored.wa.value == doctest::Approx(iterative.wa.value).epsilon(1e-8));
        CHECK(factored.wa_squared.value == doctest::Approx(iterative.wa_squared.value).epsilon(1e-8));
        CHECK(factored.wa_cross.value == doctest::Approx(iterative.wa_cross.value).epsilon(1e-8));
        MESSAGE(factored.method);
    }
}

}  // namespace spillover
