// The sample's shape (engine/sample_shape.hpp) and the spatial sample (models/spatial_sample.hpp):
// the Jacobian and the trace rule held to the Lee–Yu transformation computed densely, the
// per-period lag held to W applied period by period.

#include <doctest/doctest.h>

#include <cmath>
#include <stdexcept>

#include <Eigen/Dense>

#include "engine/sample_shape.hpp"
#include "logdet_test_support.hpp"
#include "models/spatial_sample.hpp"
#include "test_support.hpp"

using namespace spillover;

namespace {

/// F: an N × (N − 1) orthonormal basis of the complement of 1 (Lee & Yu's F_{N,N−1}), from a QR
/// of [1, I].
Eigen::MatrixXd complement_of_ones(Eigen::Index n) {
    Eigen::MatrixXd a(n, n + 1);
    a << Eigen::VectorXd::Ones(n), Eigen::MatrixXd::Identity(n, n);
    const Eigen::HouseholderQR<Eigen::MatrixXd> qr(a);
    const Eigen::MatrixXd q = qr.householderQ() * Eigen::MatrixXd::Identity(n, n);
    return q.rightCols(n - 1);
}

struct DenseTraces {
    double t1, t2, t3, logdet;
};

/// ln|I − ρM| and the traces of G = M(I − ρM)⁻¹ for a dense M.
DenseTraces dense_traces(const Eigen::MatrixXd& m, double rho) {
    const Eigen::MatrixXd a = Eigen::MatrixXd::Identity(m.rows(), m.cols()) - rho * m;
    const Eigen::PartialPivLU<Eigen::MatrixXd> lu(a);
    const Eigen::MatrixXd g = m * lu.inverse();
    double logdet = 0.0;
    for (Eigen::Index i = 0; i < a.rows(); ++i) logdet += std::log(std::fabs(lu.matrixLU()(i, i)));
    return {g.trace(), (g * g).trace(), (g.transpose() * g).trace(), logdet};
}

/// A ring of n units, each with its two neighbours, row-standardised: rows and columns sum to 1.
SpatialWeights ring(Eigen::Index n) {
    std::vector<std::vector<SpatialWeights::Index>> neighbours(static_cast<std::size_t>(n));
    std::vector<std::string> ids;
    for (Eigen::Index i = 0; i < n; ++i) {
        neighbours[static_cast<std::size_t>(i)] = {(i + n - 1) % n, (i + 1) % n};
        ids.push_back(std::to_string(i + 1));
    }
    return transformed(SpatialWeights::from_neighbours(ids, neighbours), WeightsTransform::Row);
}

}  // namespace

TEST_CASE("SampleShape: the cross-section and the direct-approach panel") {
    const SampleShape c = SampleShape::cross_section(49);
    CHECK(c.rows() == 49);
    CHECK(c.observations == 49.0);
    CHECK(c.jacobian(-1.25, 0.4) == -1.25);        // m = 1, no unit-root term: the log-determinant itself
    CHECK(c.trace(3.5, 1.0 / 0.6) == 3.5);
    const SampleShape p = SampleShape::panel(30, 12);
    CHECK(p.rows() == 360);
    CHECK(p.observations == 360.0);
    CHECK(p.jacobian(-1.25, 0.4) == doctest::Approx(12 * -1.25));
    CHECK(p.trace(3.5, 1.0 / 0.6) == doctest::Approx(42.0));
    CHECK_NOTHROW(p.validate());
}

TEST_CASE("SampleShape: validate names what is out of range") {
    SampleShape s = SampleShape::panel(10, 3);
    s.observations = 31;
    CHECK_THROWS_WITH_AS(s.validate(), doctest::Contains("31 observations for 30 rows"), std::invalid_argument);
    s = SampleShape::panel(10, 3);
    s.logdet_multiplier = 0;
    CHECK_THROWS_WITH_AS(s.validate(), doctest::Contains("multiplier"), std::invalid_argument);
    s = SampleShape::panel(10, 0);
    CHECK_THROWS_WITH_AS(s.validate(), doctest::Contains("0 periods"), std::invalid_argument);
    CHECK_THROWS_AS(SampleShape::cross_section(0).validate(), std::invalid_argument);
}

TEST_CASE("SampleShape: the unit-root term is Lee and Yu's transformation of the units, computed densely") {
    // For a row-standardised W, F'WF (F orthonormal, orthogonal to 1) has W's eigenvalues but 1.
    // One transformed period: m = 1, c = −1.
    SampleShape lee_yu = SampleShape::cross_section(49);
    lee_yu.unit_root = -1.0;
    for (const auto& [name, w] : {std::pair{"Columbus contiguity", testing::columbus_row()}, {"ring", ring(40)}}) {
        CAPTURE(name);
        const Eigen::MatrixXd wd(w.matrix());
        const Eigen::MatrixXd f = complement_of_ones(w.n());
        const Eigen::MatrixXd transformed_w = f.transpose() * wd * f;
        for (double rho : {-0.6, 0.3, 0.85}) {
            CAPTURE(rho);
            const DenseTraces one = dense_traces(wd, rho), star = dense_traces(transformed_w, rho);
            const double at_one = 1.0 / (1.0 - rho);
            CHECK(lee_yu.jacobian(one.logdet, rho) == doctest::Approx(star.logdet).epsilon(1e-12));
            CHECK(lee_yu.trace(one.t1, at_one) == doctest::Approx(star.t1).epsilon(1e-12));
            CHECK(lee_yu.trace(one.t2, at_one * at_one) == doctest::Approx(star.t2).epsilon(1e-12));
            // T3: exact when the columns sum to 1 too (the ring); not otherwise, as the header warns.
            const double t3 = lee_yu.trace(one.t3, at_one * at_one);
            if (std::string(name) == "ring")
                CHECK(t3 == doctest::Approx(star.t3).epsilon(1e-12));
            else
                CHECK(std::fabs(t3 - star.t3) > 1e-6 * star.t3);
        }
    }
}

TEST_CASE("SpatialSample: the lag is W in every period, and periods are one block of columns") {
    const SpatialWeights w = testing::columbus_row();
    const SpatialSample sample(w, SampleShape::panel(w.n(), 3));
    CHECK(sample.rows() == 147);
    Eigen::MatrixXd x = Eigen::MatrixXd::Random(147, 2);
    const Eigen::MatrixXd lagged = sample.lag(x);
    const Eigen::VectorXd lagged_column = sample.lag(Eigen::VectorXd(x.col(1)));
    for (Eigen::Index t = 0; t < 3; ++t) {
        const Eigen::MatrixXd period = x.middleRows(49 * t, 49);
        CHECK((lagged.middleRows(49 * t, 49) - w.lag(period)).cwiseAbs().maxCoeff() < 1e-15);
        CHECK((lagged_column.segment(49 * t, 49) - w.lag(Eigen::VectorXd(period.col(1)))).cwiseAbs().maxCoeff() < 1e-15);
    }
    const Eigen::MatrixXd blocks = sample.blocks(x);
    CHECK(blocks.rows() == 49);
    CHECK(blocks.cols() == 6);
    CHECK(blocks.col(4) == x.col(1).segment(49, 49));  // column 1, period 1
    CHECK(sample.stacked(blocks, 2) == x);
    // A cross-section's lag is W's, bit for bit.
    const SpatialSample once(w);
    const Eigen::VectorXd y = Eigen::VectorXd::Random(49);
    CHECK(once.lag(y) == w.lag(y));
    CHECK_THROWS_AS(sample.lag(y), std::invalid_argument);
    CHECK_THROWS_AS(SpatialSample(w, SampleShape::panel(48, 3)), std::invalid_argument);
}

TEST_CASE("SpatialSample: the data's rows must follow W's units in every period") {
    const SpatialWeights w = testing::columbus_row();
    const SpatialSample sample(w, SampleShape::panel(w.n(), 2));
    DesignMatrix d;
    d.y = Eigen::VectorXd::Zero(98);
    d.X = Eigen::MatrixXd::Ones(98, 1);
    d.ids = w.ids();
    d.ids.insert(d.ids.end(), w.ids().begin(), w.ids().end());
    CHECK_NOTHROW(sample.check_rows(d));
    std::swap(d.ids[60], d.ids[61]);
    const std::string moved = testing::input_error([&] { sample.check_rows(d); }).what();
    CHECK(testing::contains(moved, "row 61 of the data has id '" + w.ids()[12] + "' but unit 12 of the weights"));
    d.ids.clear();
    CHECK_NOTHROW(sample.check_rows(d));  // a design built by hand, without ids: its size only
    d.y.resize(97);
    CHECK(testing::contains(testing::input_error([&] { sample.check_rows(d); }).what(),
                            "W has 49 units but the data 97 rows (for 2 periods)"));
}
