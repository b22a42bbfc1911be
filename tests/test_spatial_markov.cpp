// The classic and spatial Markov chains of the 48 US states' per-capita income (esda/spatial_markov.hpp)
// against giddy's documented example (tests/fixtures/giddy_us_income.json), the homogeneity tests by
// hand, and the properties that hold whatever the data.

#include <doctest/doctest.h>

#include <cmath>

#include "esda/markov_homogeneity.hpp"
#include "esda/spatial_markov.hpp"
#include "test_support.hpp"
#include "workflow/variable_inputs.hpp"

namespace spillover {
namespace {

using testing::load_fixture;

struct UsIncome {
    Eigen::MatrixXd pci;  // 48 states × 81 years
    SpatialWeights w;     // states48.gal, row-standardised
};

const UsIncome& us_income() {
    static const UsIncome data = [] {
        InputRequest request;
        request.data_path = std::string(SPILLOVER_DATA_DIR) + "/us_income/us_income.csv";
        request.id_column = "id";
        request.time_column = "year";
        request.weights_path = std::string(SPILLOVER_DATA_DIR) + "/us_income/states48.gal";
        const VariableInputs in = read_variable_inputs(request, {"income"}, "", true);
        UsIncome d;
        d.pci.resize(in.unit_count(), in.period_count());
        for (std::int64_t t = 0; t < in.period_count(); ++t) d.pci.col(t) = in.period_column(t, 0);
        d.w = in.w;
        return d;
    }();
    return data;
}

Eigen::MatrixXd matrix(const nlohmann::json& rows) {
    Eigen::MatrixXd m(rows.size(), rows.front().size());
    for (Eigen::Index i = 0; i < m.rows(); ++i)
        for (Eigen::Index j = 0; j < m.cols(); ++j) m(i, j) = rows[i][j].get<double>();
    return m;
}

Eigen::MatrixXd row(const nlohmann::json& values) { return matrix(nlohmann::json::array({values})); }

/// Equal to what giddy printed with `decimals` decimals: within half a unit of the last one.
void check_printed(const Eigen::MatrixXd& actual, const Eigen::MatrixXd& printed, int decimals, const std::string& what) {
    REQUIRE(actual.rows() == printed.rows());
    REQUIRE(actual.cols() == printed.cols());
    const double half = 0.5 * std::pow(10.0, -decimals) * (1.0 + 1e-9);
    for (Eigen::Index i = 0; i < actual.rows(); ++i)
        for (Eigen::Index j = 0; j < actual.cols(); ++j) {
            INFO(what << "(" << i << ", " << j << "): " << actual(i, j) << " printed " << printed(i, j));
            CHECK(std::fabs(actual(i, j) - printed(i, j)) <= half);
        }
}

Eigen::MatrixXd inner_cutoffs(const QuantileClasses& c) {
    const auto& e = c.edges.front();
    return Eigen::Map<const Eigen::RowVectorXd>(e.data(), static_cast<Eigen::Index>(e.size()) - 1);
}

MarkovOptions relative_options(int k, int m) {
    MarkovOptions o;
    o.classes = k;
    o.lag_classes = m;
    o.relative = true;
    return o;
}

TEST_CASE("Markov: giddy's per-year quintiles of nominal income (Markov docstring)") {
    const auto fx = load_fixture("giddy_us_income.json")["markov_nominal_per_period_k5"];
    MarkovOptions options;
    options.breaks = ClassBreaks::PerPeriod;
    const ClassicMarkovResult r = classic_markov(us_income().pci, options);
    CHECK(r.chain.counts == matrix(fx["transitions"]));
    check_printed(r.chain.probabilities, matrix(fx["p"]), 8, "p");
    check_printed(r.chain.steady_states.at(0).transpose(), row(fx["steady_state"]), 8, "steady state");
    CHECK(r.status == FitStatus::Ok);
}

TEST_CASE("Markov: giddy's pooled quintiles of relative income (Markov docstring)") {
    const auto fx = load_fixture("giddy_us_income.json")["markov_relative_pooled_k5"];
    const ClassicMarkovResult r = classic_markov(us_income().pci, relative_options(5, 5));
    CHECK(r.chain.counts == matrix(fx["transitions"]));
    check_printed(r.chain.steady_states.at(0).transpose(), row(fx["steady_state"]), 8, "steady state");
}

TEST_CASE("Spatial Markov: giddy's example k = 5, m = 5 (cut-offs, P, p, S, F, LR, Q)") {
    const auto fx = load_fixture("giddy_us_income.json")["spatial_markov_k5_m5"];
    const SpatialMarkovResult r = spatial_markov(us_income().pci, us_income().w, relative_options(5, 5));
    check_printed(inner_cutoffs(r.classes), row(fx["cutoffs"]), 8, "cutoffs");
    check_printed(inner_cutoffs(r.lag_classes), row(fx["lag_cutoffs"]), 8, "lag cutoffs");
    REQUIRE(r.conditional.size() == 5);
    for (int l = 0; l < 5; ++l) {
        check_printed(r.conditional[l].probabilities, matrix(fx["P"][l]), 8, "P[" + std::to_string(l) + "]");
        check_printed(r.conditional[l].first_passage, matrix(fx["F"][l]), 8, "F[" + std::to_string(l) + "]");
        REQUIRE(r.conditional[l].steady_states.size() == 1);
        check_printed(r.conditional[l].steady_states[0].transpose(), row(fx["S"][l]), 8, "S[" + std::to_string(l) + "]");
    }
    check_printed(r.pooled.probabilities, matrix(fx["p"]), 8, "p");
    CHECK(std::fabs(r.homogeneity.lr.statistic - fx["LR"].get<double>()) <= 5e-4);
    CHECK(std::fabs(r.homogeneity.q.statistic - fx["Q"].get<double>()) <= 5e-4);
    CHECK(r.homogeneity.lr.df == fx["dof_hom"].get<double>());
    CHECK(r.homogeneity.q.df == 60.0);
    CHECK(r.homogeneity.lr.p_value < 5e-4);  // printed '0.000'
    CHECK(r.homogeneity.q.p_value < 5e-4);
    CHECK(r.status == FitStatus::Ok);
}

TEST_CASE("Spatial Markov: giddy's example k = 5, m = 4 (lag quartiles)") {
    const auto fx = load_fixture("giddy_us_income.json")["spatial_markov_k5_m4"];
    const SpatialMarkovResult r = spatial_markov(us_income().pci, us_income().w, relative_options(5, 4));
    check_printed(inner_cutoffs(r.classes), row(fx["cutoffs"]), 8, "cutoffs");
    check_printed(inner_cutoffs(r.lag_classes), row(fx["lag_cutoffs"]), 8, "lag cutoffs");
    REQUIRE(r.conditional.size() == 4);
    for (int l = 0; l < 4; ++l)
        check_printed(r.conditional[l].probabilities, matrix(fx["P"][l]), 8, "P[" + std::to_string(l) + "]");
    CHECK(std::fabs(r.homogeneity.lr.statistic - fx["LR"].get<double>()) <= 5e-4);
    CHECK(std::fabs(r.homogeneity.q.statistic - fx["Q"].get<double>()) <= 5e-4);
    CHECK(r.homogeneity.lr.df == fx["dof_hom"].get<double>());
}

TEST_CASE("Spatial Markov: giddy's chi2 of the first lag quartile against the pooled chain (k = m = 4)") {
    const auto fx = load_fixture("giddy_us_income.json")["spatial_markov_k4_m4_chi2"];
    const SpatialMarkovResult r = spatial_markov(us_income().pci, us_income().w, relative_options(4, 4));
    CHECK(r.conditional[0].counts == matrix(fx["T0"]));
    CHECK(r.pooled.counts == matrix(fx["transitions"]));
    testing::check_relative(r.chi2[0].statistic, fx["chi2"].get<double>(), 1e-12, "chi2");
    testing::check_relative(r.chi2[0].p_value, fx["p_value"].get<double>(), 1e-9, "chi2 p-value");
    CHECK(r.chi2[0].df == fx["df"].get<double>());
    CHECK(r.x2.df == 4.0 * 3 * 3);  // giddy's x2_dof = k(k − 1)²
}

TEST_CASE("Spatial Markov: the lag classes' counts add up to the pooled counts, every used row sums to 1") {
    MarkovOptions options;
    options.breaks = ClassBreaks::PerPeriod;
    options.lag_classes = 3;
    const SpatialMarkovResult r = spatial_markov(us_income().pci, us_income().w, options);
    Eigen::MatrixXd sum = Eigen::MatrixXd::Zero(5, 5);
    for (const auto& c : r.conditional) {
        sum += c.counts;
        for (Eigen::Index i = 0; i < 5; ++i)
            if (c.counts.row(i).sum() > 0) CHECK(c.probabilities.row(i).sum() == doctest::Approx(1.0).epsilon(1e-14));
        for (const auto& pi : c.steady_states) CHECK(pi.sum() == doctest::Approx(1.0).epsilon(1e-14));
    }
    CHECK(sum == r.pooled.counts);
    CHECK(r.pooled.counts.sum() == 48.0 * 80.0);
    // Per period, each year's 48 states fill the quintiles 10, 9, 10, 9, 10 (positions 9.4, 18.8 …).
    CHECK(r.classes.ids.col(0).cwiseEqual(0).count() == 10);
    CHECK(r.classes.ids.col(80).cwiseEqual(1).count() == 9);
}

TEST_CASE("Spatial Markov: four units on a line over three periods, by hand") {
    // A - B - C - D, row-standardised. Pooled median of y: position 5.5 of 12 → 2.5, so the classes are
    // A, B: low, low, high and C, D: high, high, low. The lags Wy: period 1 (2, 2, 3, 3), period 2
    // (1, 3, 2, 4); their pooled median is 2.5 too, so the lag classes are (1, 1, 2, 2), (1, 2, 1, 2).
    const SpatialWeights w = SpatialWeights::from_neighbours({"A", "B", "C", "D"}, {{1}, {0, 2}, {1, 3}, {2}},
                                                             {{1.0}, {0.5, 0.5}, {0.5, 0.5}, {1.0}});
    Eigen::MatrixXd y(4, 3);
    y << 1, 2, 3,  //
        2, 1, 4,   //
        3, 4, 1,   //
        4, 3, 2;
    MarkovOptions options;
    options.classes = options.lag_classes = 2;
    const SpatialMarkovResult r = spatial_markov(y, w, options);
    CHECK(r.classes.edges.front() == std::vector<double>{2.5, 4.0});
    CHECK(r.lag_classes.edges.front() == std::vector<double>{2.5, 4.0});
    CHECK(r.pooled.counts == Eigen::Matrix2d::Constant(2.0));
    Eigen::Matrix2d low, high;
    low << 2, 1, 1, 0;   // A, B stay low (lag 1 in period 1); A moves up, C moves down (lag 1 in period 2)
    high << 0, 1, 1, 2;  // B moves up, D moves down (lag 2 in period 2); C, D stay high (lag 2 in period 1)
    CHECK(r.conditional[0].counts == Eigen::MatrixXd(low));
    CHECK(r.conditional[1].counts == Eigen::MatrixXd(high));
    CHECK(r.conditional[0].steady_states.at(0).isApprox(Eigen::Vector2d(0.75, 0.25), 1e-15));
    CHECK(r.conditional[0].first_passage(0, 1) == doctest::Approx(3.0).epsilon(1e-14));
    CHECK(r.conditional[0].first_passage(1, 1) == doctest::Approx(4.0).epsilon(1e-14));
    CHECK(r.homogeneity.q.statistic == doctest::Approx(8.0 / 3.0).epsilon(1e-14));
    CHECK(r.homogeneity.lr.statistic ==
          doctest::Approx(8 * std::log(4.0 / 3) + 4 * std::log(2.0 / 3) + 4 * std::log(2.0)).epsilon(1e-14));
    CHECK(r.homogeneity.lr.df == 2.0);
    CHECK(r.chi2[0].statistic == doctest::Approx(4.0 / 3.0).epsilon(1e-14));
    CHECK(r.chi2[0].df == 1.0);
    // giddy's x2 is the sum of the chi2, which is Q itself; only its df differ (k(k − 1)² = 2 here).
    CHECK(r.x2.statistic == doctest::Approx(r.homogeneity.q.statistic).epsilon(1e-14));
    CHECK(r.x2.df == 2.0);
    CHECK(r.status == FitStatus::Ok);
}

TEST_CASE("Markov: a class no transition starts from, or ties that merge classes, give a warning") {
    Eigen::MatrixXd y(2, 2);
    y << 1, 3,  // the top class only appears in the last period
        1, 1;
    MarkovOptions options;
    options.classes = 2;
    const ClassicMarkovResult r = classic_markov(y, options);
    CHECK(r.chain.empty_rows == std::vector<int>{1});
    CHECK(r.status == FitStatus::Warning);
    CHECK(testing::contains(r.message, "no transitions from class 2"));
    const ClassicMarkovResult flat = classic_markov(Eigen::MatrixXd::Ones(3, 2), options);
    CHECK(flat.status == FitStatus::Warning);
    CHECK(testing::contains(flat.message, "1 class instead of 2"));
}

TEST_CASE("Markov homogeneity: LR, Q and their degrees of freedom by hand") {
    Eigen::MatrixXd a(2, 2), b(2, 2);
    a << 3, 1, 1, 1;
    b << 1, 3, 1, 1;
    // Pooled p = 1/2 everywhere; row 1 moves (3/4, 1/4 against 1/2), row 2 does not.
    const MarkovHomogeneity h = markov_homogeneity({a, b});
    CHECK(h.q.statistic == doctest::Approx(2.0).epsilon(1e-14));
    CHECK(h.lr.statistic == doctest::Approx(12.0 * std::log(1.5) - 4.0 * std::log(2.0)).epsilon(1e-14));
    CHECK(h.lr.df == 2.0);  // (a_i − 1)(b_i − 1) = 1 for each row
    CHECK(h.transitions == 12.0);
    // Proportional regimes: nothing to reject. A regime without transitions from class 2 loses its df.
    Eigen::MatrixXd c(2, 2);
    c << 4, 2, 0, 0;
    Eigen::MatrixXd d(2, 2);
    d << 2, 1, 1, 2;
    const MarkovHomogeneity same = markov_homogeneity({c, d});
    CHECK(same.q.statistic == doctest::Approx(0.0));
    CHECK(same.lr.statistic == doctest::Approx(0.0));
    CHECK(same.lr.df == 1.0);
    CHECK(same.lr.p_value == doctest::Approx(1.0));
}

TEST_CASE("Spatial Markov: options are checked, a chain needs two periods") {
    MarkovOptions options;
    CHECK_NOTHROW(options.validate());
    options.classes = 1;
    CHECK_THROWS_AS(options.validate(), std::invalid_argument);
    CHECK_THROWS_AS(classic_markov(Eigen::MatrixXd::Ones(4, 1), MarkovOptions{}), std::invalid_argument);
}

}  // namespace
}  // namespace spillover
