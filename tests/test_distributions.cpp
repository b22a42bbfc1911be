// Tail probabilities against R (pnorm, pt, pf, pchisq), including p-values far below 1e-16.

#include <cmath>

#include <fstream>
#include <string>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "engine/distributions.hpp"

using namespace spillover;

TEST_CASE("Tail probabilities equal R's to 1e-12 relative, deep tails included") {
    // tests/reference/distributions.R: pnorm, pt, pf, pchisq with 17 significant digits.
    std::ifstream in(std::string(SPILLOVER_FIXTURE_DIR) + "/distributions.json");
    REQUIRE(in.good());
    const auto fixture = nlohmann::json::parse(in);
    REQUIRE(fixture["cases"].size() == 7);
    for (const auto& c : fixture["cases"]) {
        const std::string kind = c["kind"].get<std::string>();
        const double x = c["x"].get<double>(), df1 = c["df1"].get<double>(), df2 = c["df2"].get<double>();
        const double expected = std::stod(c["p"].get<std::string>());
        double actual = std::nan("");
        if (kind == "normal_two_sided") actual = normal_two_sided_p(x);
        if (kind == "t_two_sided") actual = student_t_two_sided_p(x, df1);
        if (kind == "f_upper") actual = f_upper_p(x, df1, df2);
        if (kind == "chi_squared_upper") actual = chi_squared_upper_p(x, df1);
        CAPTURE(kind);
        CAPTURE(x);
        CHECK(actual == doctest::Approx(expected).epsilon(1e-12));
    }
}

TEST_CASE("Tail probabilities at the edges: NaN in, NaN out, and infinite statistics give 0") {
    CHECK(std::isnan(normal_two_sided_p(std::nan(""))));
    CHECK(std::isnan(student_t_two_sided_p(1.0, 0.0)));
    CHECK(normal_two_sided_p(INFINITY) == 0.0);
    CHECK(student_t_two_sided_p(-INFINITY, 5) == 0.0);
    CHECK(f_upper_p(0.0, 1, 1) == 1.0);
    CHECK(chi_squared_upper_p(-1.0, 2) == 1.0);
}
