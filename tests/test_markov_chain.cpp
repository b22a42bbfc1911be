// The classic Markov chain (esda/markov_chain.hpp) on giddy's small documented chains: transition
// probabilities, steady states, mean first passage times, reducible chains.

#include <doctest/doctest.h>

#include <cmath>

#include <Eigen/LU>

#include "esda/markov_chain.hpp"
#include "test_support.hpp"

namespace spillover {
namespace {

using testing::load_fixture;

Eigen::MatrixXd matrix(const nlohmann::json& rows) {
    Eigen::MatrixXd m(rows.size(), rows.front().size());
    for (Eigen::Index i = 0; i < m.rows(); ++i)
        for (Eigen::Index j = 0; j < m.cols(); ++j) {
            const auto& v = rows[i][j];
            m(i, j) = v.is_null() ? INFINITY : v.get<double>();
        }
    return m;
}

/// Equal to the digits giddy printed: half a unit of the 8th decimal.
void check_printed(const Eigen::MatrixXd& actual, const Eigen::MatrixXd& printed, const char* what) {
    REQUIRE(actual.rows() == printed.rows());
    REQUIRE(actual.cols() == printed.cols());
    for (Eigen::Index i = 0; i < actual.rows(); ++i)
        for (Eigen::Index j = 0; j < actual.cols(); ++j) {
            INFO(what << "(" << i << ", " << j << "): " << actual(i, j) << " printed " << printed(i, j));
            if (std::isinf(printed(i, j)))
                CHECK(std::isinf(actual(i, j)));
            else
                CHECK(std::fabs(actual(i, j) - printed(i, j)) <= 5.0e-9 + 1e-12);
        }
}

TEST_CASE("Markov chain: giddy's three-state chain of letters, counts and steady state") {
    const auto fx = load_fixture("giddy_us_income.json")["markov_letters"];
    const Eigen::MatrixXd c = matrix(fx["classes"]);
    const MarkovChain chain = estimate_markov_chain(transition_counts(c.cast<int>(), 3));
    CHECK(chain.counts.sum() == 10.0);  // 5 units, 2 transitions each
    check_printed(chain.probabilities, matrix(fx["p"]), "p");
    REQUIRE(chain.steady_states.size() == 1);
    check_printed(chain.steady_states[0].transpose(), matrix(nlohmann::json::array({fx["steady_state"]})), "pi");
    CHECK(chain.structure.irreducible());
    CHECK(chain.empty_rows.empty());
}

TEST_CASE("Markov chain: the Land of Oz (Kemeny and Snell), steady state and mean first passage times") {
    const auto fx = load_fixture("giddy_us_income.json")["land_of_oz"];
    const Eigen::MatrixXd p = matrix(fx["p"]);
    const auto pi = steady_states(p);
    REQUIRE(pi.size() == 1);
    CHECK((pi[0] - Eigen::Vector3d(0.4, 0.2, 0.4)).cwiseAbs().maxCoeff() < 1e-15);
    const Eigen::MatrixXd m = mean_first_passage_times(p);
    check_printed(m, matrix(fx["mfpt"]), "mfpt");
    CHECK(m(1, 1) == doctest::Approx(1.0 / 0.2).epsilon(1e-14));  // recurrence time = 1/pi
    // πP = π and Kemeny-Snell's identity M = (I − Z + E Z_dg) D, computed independently here.
    CHECK((pi[0].transpose() * p - pi[0].transpose()).cwiseAbs().maxCoeff() < 1e-15);
    const Eigen::MatrixXd a = Eigen::VectorXd::Ones(3) * pi[0].transpose();
    const Eigen::MatrixXd z = (Eigen::MatrixXd::Identity(3, 3) - p + a).inverse();
    const Eigen::MatrixXd ks = (Eigen::MatrixXd::Identity(3, 3) - z + Eigen::MatrixXd::Ones(3, 3) * z.diagonal().asDiagonal()) *
                               pi[0].cwiseInverse().asDiagonal();
    CHECK((m - ks).cwiseAbs().maxCoeff() < 1e-12);
}

TEST_CASE("Markov chain: a reducible chain has a steady state per recurrent class and infinite passage times") {
    const auto fx = load_fixture("giddy_us_income.json")["reducible"];
    Eigen::MatrixXd p = matrix(fx["p"]);
    for (int empty_last_row = 0; empty_last_row < 2; ++empty_last_row) {
        if (empty_last_row) p(2, 2) = 0.0;  // giddy's fill_empty_classes=True gives the same
        const ChainClasses classes = chain_classes(fill_empty_rows(p));
        CHECK(classes.recurrent == std::vector<std::vector<int>>{{0, 1}, {2}});
        const auto pi = steady_states(p);
        REQUIRE(pi.size() == 2);
        Eigen::MatrixXd both(2, 3);
        both << pi[0].transpose(), pi[1].transpose();
        check_printed(both, matrix(fx["steady_states"]), "steady states");
        check_printed(mean_first_passage_times(p), matrix(fx["mfpt"]), "mfpt");
    }
}

TEST_CASE("Markov chain: transient states get no steady-state mass, and a zero row stays zero in P") {
    Eigen::MatrixXd n(3, 3);
    n << 1, 1, 0,  //
        0, 2, 2,   //
        0, 0, 0;   // class 3: no transitions start there
    const MarkovChain chain = estimate_markov_chain(n);
    CHECK(chain.probabilities.row(2).sum() == 0.0);
    CHECK(chain.empty_rows == std::vector<int>{2});
    CHECK(chain.probabilities.row(0).sum() == 1.0);
    // With the zero row absorbing, 1 and 2 are transient and everything ends in 3.
    REQUIRE(chain.steady_states.size() == 1);
    CHECK(chain.steady_states[0].isApprox(Eigen::Vector3d(0, 0, 1)));
    CHECK(chain.first_passage(0, 2) == doctest::Approx(4.0));  // 2 periods to leave 1, then 2 to leave 2
    CHECK(std::isinf(chain.first_passage(2, 0)));
    CHECK(std::isinf(chain.first_passage(0, 0)));  // once it leaves 1 it never returns
}

}  // namespace
}  // namespace spillover
