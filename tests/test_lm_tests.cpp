// OLS spatial diagnostics (models/lm_tests) against spdep's lm.morantest and lm.LMtests on Columbus
// (fixture: tests/reference/lm_tests_columbus.R), the k × k trace reductions against dense M, and
// the properties: row order does not matter, sizes and ids must match, degenerate cases warn.

#include <algorithm>
#include <cmath>
#include <fstream>
#include <numeric>
#include <random>
#include <set>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "engine/design_matrix.hpp"
#include "engine/distributions.hpp"
#include "engine/formula.hpp"
#include "engine/json_writer.hpp"
#include "engine/read_table.hpp"
#include "models/lm_tests.hpp"
#include "models/ols.hpp"
#include "test_support.hpp"
#include "weights/transforms.hpp"
#include "weights/weights_io.hpp"

using namespace spillover;
using spillover::testing::load_fixture;

namespace {

double relative_error(double actual, double expected) {
    return std::fabs(actual - expected) / std::max(std::fabs(expected), 1e-300);
}

/// Largest relative error seen over the fixture cases, reported once at the end.
double max_seen = 0.0;

void check_relative(double actual, double expected, double tol, const std::string& what) {
    const double err = relative_error(actual, expected);
    max_seen = std::max(max_seen, err);
    INFO(what << ": actual " << actual << " expected " << expected << " relative error " << err);
    CHECK(err <= tol);
}

DesignMatrix columbus_design(const std::string& formula = "CRIME ~ INC + HOVAL") {
    const DataTable table = read_table(std::string(SPILLOVER_SOURCE_DIR) + "/data/columbus/columbus.csv");
    DesignOptions options;
    options.id_column = "POLYID";
    return build_design(table, parse_formula(formula), options);
}

SpatialWeights case_weights(const nlohmann::json& c, const DesignMatrix& d) {
    ReadWeightsOptions options;
    options.ids = d.ids;
    const SpatialWeights w =
        read_weights(std::string(SPILLOVER_SOURCE_DIR) + "/" + c["weights"].get<std::string>(), options);
    return transformed(w, parse_weights_transform(c["transform"].get<std::string>()));
}

/// Rows of `d` reordered: row i of the result is row order[i] of `d`.
DesignMatrix permuted_design(const DesignMatrix& d, const std::vector<SpatialWeights::Index>& order) {
    DesignMatrix p = d;
    for (std::size_t i = 0; i < order.size(); ++i) {
        const auto from = static_cast<Eigen::Index>(order[i]);
        p.y(static_cast<Eigen::Index>(i)) = d.y(from);
        p.X.row(static_cast<Eigen::Index>(i)) = d.X.row(from);
        p.ids[i] = d.ids[static_cast<std::size_t>(from)];
    }
    return p;
}

/// A random asymmetric W on n units with unequal weights, a self-free pattern and unit 0 an island.
SpatialWeights random_weights(int n, unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> value(0.1, 2.0);
    std::uniform_int_distribution<int> pick(1, n - 1);
    std::vector<std::string> ids;
    std::vector<std::vector<SpatialWeights::Index>> nb(static_cast<std::size_t>(n));
    std::vector<std::vector<double>> vals(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
        ids.push_back("u" + std::to_string(i));
        if (i == 0) continue;
        while (nb[static_cast<std::size_t>(i)].size() < 3) {
            const int j = pick(rng);
            auto& row = nb[static_cast<std::size_t>(i)];
            if (j == i || std::find(row.begin(), row.end(), j) != row.end()) continue;
            row.push_back(j);
            vals[static_cast<std::size_t>(i)].push_back(value(rng));
        }
    }
    return SpatialWeights::from_neighbours(ids, nb, vals);
}

DesignMatrix random_design(int n, unsigned seed, const std::vector<std::string>& ids) {
    std::mt19937 rng(seed);
    std::normal_distribution<double> z(0.0, 1.0);
    DesignMatrix d;
    d.response_name = "y";
    d.X.resize(n, 3);
    d.y.resize(n);
    for (int i = 0; i < n; ++i) {
        d.X(i, 0) = 1.0;
        d.X(i, 1) = z(rng);
        d.X(i, 2) = z(rng) + 0.5 * d.X(i, 1);
        d.y(i) = 1.0 + 2.0 * d.X(i, 1) - d.X(i, 2) + z(rng);
    }
    d.column_names = {"(Intercept)", "x1", "x2"};
    d.ids = ids;
    return d;
}

}  // namespace

TEST_CASE("lm_tests equals spdep lm.morantest and lm.LMtests on Columbus to 1e-8 relative") {
    const auto fixture = load_fixture("lm_tests_columbus.json");
    const DesignMatrix d = columbus_design();
    const OlsFit ols = fit_ols(d);
    constexpr double tol = 1e-8;
    for (const auto& c : fixture["cases"]) {
        const std::string label = c["label"].get<std::string>();
        CAPTURE(label);
        const SpatialWeights w = case_weights(c, d);
        const LmTestsResult r = lm_tests(d, ols, w);
        REQUIRE(r.n == c["n"].get<std::size_t>());
        check_relative(r.s0, c["s0"], tol, label + " S0");
        const auto& m = c["moran_i"];
        check_relative(r.moran.i, m["i"], tol, label + " I");
        check_relative(r.moran.expectation, m["expectation"], tol, label + " E[I]");
        check_relative(r.moran.variance, m["variance"], tol, label + " Var[I]");
        check_relative(r.moran.z, m["z"], tol, label + " z");
        check_relative(r.moran.p_greater, m["p_greater"], tol, label + " p greater");
        check_relative(r.moran.p_two_sided, m["p_two_sided"], tol, label + " p two-sided");
        for (const std::string key : {"lm_error", "lm_lag", "robust_lm_error", "robust_lm_lag", "sarma"}) {
            const auto& t = r.test(key);
            check_relative(t.statistic, c[key]["statistic"], tol, label + " " + key);
            CHECK(t.df == c[key]["df"].get<double>());
            check_relative(t.p_value, c[key]["p_value"], tol, label + " " + key + " p");
        }
        CHECK(r.status == FitStatus::Ok);
        if (label == "island_row") {
            CHECK(r.units_with_neighbours == 48);
            CHECK(testing::contains(r.full_report(), "island"));
        }
        if (label == "col_binary") CHECK(testing::contains(r.full_report(), "not row-standardised"));
    }
    MESSAGE("largest relative error against spdep: " << max_seen);
}

TEST_CASE("lm_tests: the report's JSON holds every number of the result under its key, and its text spdep's names") {
    const auto fixture = load_fixture("lm_tests_columbus.json");
    const DesignMatrix d = columbus_design();
    const LmTestsResult r = lm_tests(d, fit_ols(d), case_weights(fixture["cases"][0], d));
    const auto j = to_json(r.report());
    std::set<std::string> keys;
    for (const auto& [key, value] : j.items()) keys.insert(key);
    CHECK(keys == std::set<std::string>{"diagnostics", "dependent", "n", "regressors", "weights", "sigma2", "moran_i",
                                        "lm_error", "lm_lag", "robust_lm_error", "robust_lm_lag", "sarma",
                                        "conventions", "status", "message"});
    CHECK(j["diagnostics"] == "ols_spatial");
    CHECK(j["dependent"] == "CRIME");
    CHECK(j["n"].get<std::size_t>() == r.n);
    CHECK(j["regressors"].get<std::size_t>() == r.regressors);
    CHECK(j["sigma2"].get<double>() == r.sigma2);  // every number exact, not approximate
    CHECK(j["weights"] == nlohmann::ordered_json{{"transform", r.weights_transform},
                                                 {"s0", r.s0},
                                                 {"trace_t", r.trace_t},
                                                 {"units_with_neighbours", r.units_with_neighbours}});
    CHECK(j["moran_i"] == nlohmann::ordered_json{{"i", r.moran.i},
                                                 {"expectation", r.moran.expectation},
                                                 {"variance", r.moran.variance},
                                                 {"z", r.moran.z},
                                                 {"p_greater", r.moran.p_greater},
                                                 {"p_two_sided", r.moran.p_two_sided}});
    REQUIRE(r.tests.size() == 5);
    for (const auto& t : r.tests) {
        CAPTURE(t.key);
        CHECK(j[t.key]["statistic"].get<double>() == t.statistic);
        CHECK(j[t.key]["df"].get<double>() == t.df);
        CHECK(j[t.key]["p_value"].get<double>() == t.p_value);
        CHECK(j[t.key]["spdep_name"] == t.spdep_name);
    }
    CHECK(j["sarma"]["df"].get<double>() == 2.0);
    CHECK(j["conventions"].get<std::vector<std::string>>() == r.conventions);
    CHECK(j["status"] == "ok");
    CHECK(j["message"] == "");

    const std::string report = r.full_report();
    for (const char* part : {"Moran's I of the residuals", "Observed I       0.2356384", "LM-error          LMerr",
                             "LM-lag            LMlag    9.363684   1  0.002213 **", "RLMerr", "RLMlag",
                             "SARMA             SARMA", "Signif. codes:", "Note: LM tests as spdep", "Status: ok"})
        CHECK_MESSAGE(testing::contains(report, part), part);
    CHECK_THROWS_AS(r.test("no_such_test"), std::out_of_range);
}

TEST_CASE("lm_tests: statistics do not depend on the order of the rows") {
    const auto fixture = load_fixture("lm_tests_columbus.json");
    const DesignMatrix d = columbus_design();
    const OlsFit ols = fit_ols(d);
    std::vector<SpatialWeights::Index> order(static_cast<std::size_t>(d.n()));
    std::iota(order.begin(), order.end(), 0);
    std::mt19937 rng(7);
    std::shuffle(order.begin(), order.end(), rng);
    const DesignMatrix dp = permuted_design(d, order);
    const OlsFit olsp = fit_ols(dp);
    for (const auto& c : fixture["cases"]) {
        CAPTURE(c["label"].get<std::string>());
        const SpatialWeights w = case_weights(c, d);
        const LmTestsResult a = lm_tests(d, ols, w);
        const LmTestsResult b = lm_tests(dp, olsp, w.permuted(order));
        CHECK(relative_error(b.moran.i, a.moran.i) < 1e-12);
        CHECK(relative_error(b.moran.expectation, a.moran.expectation) < 1e-12);
        CHECK(relative_error(b.moran.variance, a.moran.variance) < 1e-12);
        for (std::size_t t = 0; t < a.tests.size(); ++t)
            CHECK(relative_error(b.tests[t].statistic, a.tests[t].statistic) < 1e-10);
    }
}

TEST_CASE("lm_tests: the k x k trace reductions equal the dense traces with M") {
    // Asymmetric W with unequal weights and an island: the moments under normal errors from dense
    // M = I − X(X'X)⁻¹X' and U = (W + W')/2, the LM statistics from their dense definitions.
    const int n = 40;
    const SpatialWeights w = random_weights(n, 11);
    const DesignMatrix d = random_design(n, 5, w.ids());
    const OlsFit ols = fit_ols(d);
    const LmTestsResult r = lm_tests(d, ols, w);

    const Eigen::MatrixXd W = Eigen::MatrixXd(w.matrix());
    const Eigen::MatrixXd U = 0.5 * (W + W.transpose());
    const Eigen::MatrixXd& X = d.X;
    const Eigen::MatrixXd M =
        Eigen::MatrixXd::Identity(n, n) - X * (X.transpose() * X).inverse() * X.transpose();
    const double k = 3.0, N = n - 1.0;  // one island
    const double S0 = W.sum();
    const Eigen::MatrixXd MU = M * U;
    const double tr_mu = MU.trace(), tr_mumu = (MU * MU).trace();
    const double expectation = (N / S0) * tr_mu / (N - k);
    const double second = (N / S0) * (N / S0) * (2.0 * tr_mumu + tr_mu * tr_mu) / ((N - k) * (N - k + 2.0));
    CHECK(r.units_with_neighbours == 39);
    CHECK(relative_error(r.moran.expectation, expectation) < 1e-12);
    CHECK(relative_error(r.moran.variance, second - expectation * expectation) < 1e-10);

    // Traces of the header: tr(MWMW') and tr(MWMW) through the reductions.
    const double T = (W.transpose() * W + W * W).trace();
    CHECK(relative_error(r.trace_t, T) < 1e-13);

    const Eigen::VectorXd& e = ols.residuals;
    const double s2 = e.squaredNorm() / n;
    const double d_err = e.dot(W * e) / s2, d_lag = e.dot(W * d.y) / s2;
    const Eigen::VectorXd wxb = W * (X * ols.beta);
    const double nJ = wxb.dot(M * wxb) / s2 + T;
    CHECK(relative_error(r.test("lm_error").statistic, d_err * d_err / T) < 1e-12);
    CHECK(relative_error(r.test("lm_lag").statistic, d_lag * d_lag / nJ) < 1e-12);
    CHECK(relative_error(r.test("robust_lm_lag").statistic, (d_lag - d_err) * (d_lag - d_err) / (nJ - T)) < 1e-10);
    const double a = d_err - T / nJ * d_lag;
    CHECK(relative_error(r.test("robust_lm_error").statistic, a * a / (T * (1 - T / nJ))) < 1e-10);
    CHECK(r.test("sarma").statistic ==
          doctest::Approx(r.test("robust_lm_lag").statistic + r.test("lm_error").statistic).epsilon(1e-14));
    CHECK(r.test("sarma").p_value == doctest::Approx(chi_squared_upper_p(r.test("sarma").statistic, 2.0)));
}

TEST_CASE("lm_tests: W of another size, W with other ids, W without links are input errors") {
    const DesignMatrix d = columbus_design();
    const OlsFit ols = fit_ols(d);
    const SpatialWeights small = random_weights(20, 3);
    const auto size_error = testing::input_error([&] { lm_tests(d, ols, small); });
    CHECK(testing::contains(size_error.what(), "20 units"));
    CHECK(testing::contains(size_error.what(), "the data 49 rows"));

    ReadWeightsOptions options;
    options.ids = d.ids;
    const SpatialWeights w =
        transformed(read_weights(std::string(SPILLOVER_SOURCE_DIR) + "/data/columbus/COL.gal", options),
                    WeightsTransform::Row);
    std::vector<SpatialWeights::Index> swap(49);
    std::iota(swap.begin(), swap.end(), 0);
    std::swap(swap[0], swap[1]);
    const auto id_error = testing::input_error([&] { lm_tests(d, ols, w.permuted(swap)); });
    CHECK(testing::contains(id_error.what(), "row 1 of the data has id '1'"));

    const SpatialWeights empty(d.ids, SpatialWeights::Matrix(49, 49));
    CHECK(testing::contains(testing::input_error([&] { lm_tests(d, ols, empty); }).what(), "no link"));

    CHECK_THROWS_AS(lm_tests(d, fit_ols(columbus_design("CRIME ~ INC")), w), std::invalid_argument);
}

TEST_CASE("lm_tests: degenerate robust tests and a diagonal W set a warning, not a made-up number") {
    const DesignMatrix d = columbus_design("CRIME ~ 1");
    const OlsFit ols = fit_ols(d);
    ReadWeightsOptions options;
    options.ids = d.ids;
    const SpatialWeights w =
        transformed(read_weights(std::string(SPILLOVER_SOURCE_DIR) + "/data/columbus/COL.gal", options),
                    WeightsTransform::Row);
    // Intercept only, row-standardised W without islands: WXβ = β₀·1 lies in the span of X.
    const LmTestsResult r = lm_tests(d, ols, w);
    CHECK(r.status == FitStatus::Warning);
    CHECK(testing::contains(r.message, "robust LM tests"));
    CHECK(std::isfinite(r.test("lm_error").statistic));
    CHECK(std::isfinite(r.test("lm_lag").statistic));
    CHECK(std::isnan(r.test("robust_lm_error").statistic));
    CHECK(to_json(r.report())["sarma"]["statistic"].is_null());

    // A diagonal: W + 0.5 I on the first unit.
    SpatialWeights::Matrix m = w.matrix();
    m.coeffRef(0, 0) = 0.5;
    const LmTestsResult diag = lm_tests(columbus_design(), fit_ols(columbus_design()), SpatialWeights(d.ids, m));
    CHECK(diag.status == FitStatus::Warning);
    CHECK(testing::contains(diag.message, "non-zero diagonal"));
}
