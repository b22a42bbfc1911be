// OLS against R's lm() on the bundled Columbus data (fixture: tests/reference/ols_columbus.R).

#include <cmath>
#include <fstream>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "engine/input_error.hpp"
#include "test_support.hpp"
#include "workflow/fit_pipeline.hpp"

using namespace spillover;
using spillover::testing::check_relative;
using spillover::testing::load_fixture;

namespace {

SpatialFit fit_case(const nlohmann::json& c) {
    FitRequest request;
    request.input.data_path = std::string(SPILLOVER_SOURCE_DIR) + "/" + c["data"].get<std::string>();
    request.formula = c["formula"].get<std::string>();
    request.input.id_column = "POLYID";
    return run_fit(request).front();
}

}  // namespace

TEST_CASE("OLS equals R lm() on Columbus to 1e-10 relative") {
    const auto fixture = load_fixture("ols_columbus.json");
    for (const auto& c : fixture["cases"]) {
        const std::string label = c["label"].get<std::string>();
        CAPTURE(label);
        const SpatialFit fit = fit_case(c);
        REQUIRE(fit.n == c["n"].get<std::size_t>());
        REQUIRE(fit.coefficients.size() == c["names"].size());
        constexpr double tol = 1e-10;
        for (std::size_t j = 0; j < fit.coefficients.size(); ++j) {
            const auto& coef = fit.coefficients[j];
            CHECK(coef.name == c["names"][j].get<std::string>());
            check_relative(coef.estimate, c["estimate"][j], tol, label + " estimate " + coef.name);
            check_relative(coef.std_error, c["std_error"][j], tol, label + " SE " + coef.name);
            check_relative(coef.statistic, c["t"][j], tol, label + " t " + coef.name);
            check_relative(coef.p_value, c["p"][j], 1e-8, label + " p " + coef.name);
        }
        check_relative(*fit.statistic("r_squared"), c["r_squared"], tol, label + " R2");
        check_relative(*fit.statistic("adj_r_squared"), c["adj_r_squared"], tol, label + " adj R2");
        check_relative(*fit.statistic("f_statistic"), c["f_statistic"], tol, label + " F");
        check_relative(*fit.statistic("f_p_value"), c["f_p"], 1e-8, label + " F p");
        check_relative(fit.sigma2, c["sigma2"], tol, label + " sigma2");
        check_relative(fit.log_likelihood, c["log_likelihood"], tol, label + " logLik");
        check_relative(fit.aic, c["aic"], tol, label + " AIC");
        check_relative(fit.bic, c["bic"], tol, label + " BIC");
        CHECK(fit.status == FitStatus::Ok);
    }
}

TEST_CASE("OLS through the fit workflow keeps the data's ids in row order") {
    // The estimates are checked against R above; here only what the workflow adds.
    FitRequest request;
    request.input.data_path = std::string(SPILLOVER_DATA_DIR) + "/columbus/columbus.csv";
    request.formula = "CRIME ~ INC + HOVAL";
    const SpatialFit fit = run_fit(request).front();
    REQUIRE(fit.ids.size() == 49);
    CHECK(fit.ids.front() == "1");
    CHECK(fit.ids.back() == "49");
}

TEST_CASE("OLS: dropped rows are counted and reported") {
    FitRequest request;
    request.input.data_path = std::string(SPILLOVER_FIXTURE_DIR) + "/columbus_missing.csv";
    request.formula = "CRIME ~ INC + HOVAL";
    request.input.id_column = "POLYID";
    const SpatialFit fit = run_fit(request).front();
    CHECK(fit.n == 46);
    CHECK(fit.dropped == 3);
    CHECK(fit.full_report().find("3 dropped for missing values") != std::string::npos);
    CHECK(std::find(fit.ids.begin(), fit.ids.end(), "3") == fit.ids.end());
}

TEST_CASE("OLS: collinear regressors are an error naming the columns and the combination") {
    DesignMatrix d;
    d.response_name = "y";
    d.y = Eigen::VectorXd::LinSpaced(6, 1.0, 6.0).array().square();
    d.X.resize(6, 4);
    d.X.col(0).setOnes();
    d.X.col(1) = Eigen::VectorXd::LinSpaced(6, 1.0, 6.0);
    d.X.col(2) << 3, 1, 4, 1, 5, 9;
    d.X.col(3) = 2.0 * d.X.col(1) + 1.0 * d.X.col(0);
    d.column_names = {"(Intercept)", "x1", "x2", "x3"};
    d.ids = {"a", "b", "c", "d", "e", "f"};
    try {
        fit_ols(d);
        FAIL("expected an InputError");
    } catch (const InputError& e) {
        const std::string what = e.what();
        CHECK(what.find("collinear regressors") != std::string::npos);
        CHECK(what.find("'x3' = 1*(Intercept) + 2*x1") != std::string::npos);
    }
    CHECK(collinear_columns(d.X, 1e-7) == std::vector<Eigen::Index>{3});
}

TEST_CASE("OLS: a constant regressor beside the intercept, an all-zero column, too few observations") {
    DesignMatrix d;
    d.response_name = "y";
    d.y = Eigen::VectorXd::LinSpaced(5, 1.0, 5.0);
    d.X = Eigen::MatrixXd::Ones(5, 2);
    d.X(0, 1) = 1.0;
    d.column_names = {"(Intercept)", "five"};
    d.X.col(1).setConstant(5.0);
    CHECK_THROWS_WITH_AS(fit_ols(d), doctest::Contains("'five' = 5*(Intercept)"), InputError);
    d.X.col(1).setZero();
    CHECK_THROWS_WITH_AS(fit_ols(d), doctest::Contains("column 'five' is all zero"), InputError);
    d.X = Eigen::MatrixXd::Random(2, 2);
    d.y = Eigen::VectorXd::Random(2);
    CHECK_THROWS_WITH_AS(fit_ols(d), doctest::Contains("2 observations for 2 coefficients"), InputError);
}

TEST_CASE("OLS: options validate and defaults are valid") {
    CHECK_NOTHROW(OlsOptions{}.validate());
    OlsOptions bad;
    bad.rank_tolerance = 0.0;
    CHECK_THROWS_AS(bad.validate(), std::invalid_argument);
}

TEST_CASE("OLS: the fit does not depend on the row order") {
    Eigen::MatrixXd X(8, 3);
    X.col(0).setOnes();
    X.col(1) << 1, 2, 3, 4, 5, 6, 7, 8;
    X.col(2) << 2, 7, 1, 8, 2, 8, 1, 8;
    Eigen::VectorXd y(8);
    y << 3.1, 4.7, 5.2, 8.9, 9.1, 12.3, 12.2, 16.8;
    DesignMatrix a;
    a.response_name = "y";
    a.y = y;
    a.X = X;
    a.column_names = {"(Intercept)", "x1", "x2"};
    DesignMatrix b = a;
    b.y = y.reverse();
    b.X = X.colwise().reverse();
    const OlsFit fa = fit_ols(a), fb = fit_ols(b);
    for (int j = 0; j < 3; ++j) {
        CHECK(fa.beta(j) == doctest::Approx(fb.beta(j)).epsilon(1e-12));
        CHECK(fa.coefficients[j].std_error == doctest::Approx(fb.coefficients[j].std_error).epsilon(1e-12));
    }
    CHECK(fa.log_likelihood == doctest::Approx(fb.log_likelihood).epsilon(1e-12));
}
