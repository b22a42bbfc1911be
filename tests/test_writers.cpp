// The result writers: JSON round-trips every number, tables show what a paper needs.

#include <cmath>
#include <limits>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "engine/csv_reader.hpp"
#include "engine/json_writer.hpp"
#include "engine/latex_writer.hpp"
#include "engine/markdown_writer.hpp"
#include "engine/number_format.hpp"
#include "engine/output_format.hpp"
#include "engine/input_error.hpp"

using namespace spillover;

namespace {

EstimationResult sample_result() {
    EstimationResult r;
    r.model = "sar";
    r.estimator = "maximum likelihood";
    r.formula = "CRIME ~ INC + HOVAL";
    r.dependent = "CRIME";
    r.n = 49;
    r.coefficients = {{"(Intercept)", 45.0792117, 7.1773514, 6.2806, 3.37e-10},
                      {"INC", -1.0316369, 0.3051324, -3.3809, 0.000722},
                      {"W_x_1", 0.1 + 0.2, 1.0 / 3.0, 0.9, 0.368}};
    r.rho = Coefficient{"rho", 0.43102320, 0.1179, 3.6557, 0.000256};
    r.sigma2 = 95.494;
    r.log_likelihood = -182.6740;
    r.aic = 375.348;
    r.bic = 384.8072;
    r.statistics = {{"r_squared", "R-squared", 0.6518}, {"undefined", "Not computable", std::nan("")}};
    r.tests = {{"lr_rho", "LR test of rho = 0", 9.97, 1.0, 0.00159}};
    r.ldet = LogDetReport{"auto", "eigen", -1.536, 1.0, "dense eigenvalues", 0.0, 14};
    r.conventions = {"sigma^2 = e'e/n"};
    r.status = FitStatus::Warning;
    r.message = "rho close to the upper bound";
    r.timings = {{"fit", 0.001}};
    return r;
}

}  // namespace

TEST_CASE("JSON: the contract keys and an exact round trip of every number") {
    const EstimationResult r = sample_result();
    const auto j = nlohmann::json::parse(write_json({r}));
    for (const char* key : {"model", "estimator", "n", "dependent", "coefficients", "rho", "sigma2",
                            "log_likelihood", "aic", "bic", "status", "message"})
        CHECK_MESSAGE(j.contains(key), key);
    CHECK(j["model"] == "sar");
    CHECK(j["status"] == "warning");
    REQUIRE(j["coefficients"].size() == 3);
    for (std::size_t i = 0; i < 3; ++i) {
        const auto& c = j["coefficients"][i];
        CHECK(c["name"] == r.coefficients[i].name);
        CHECK(c["estimate"].get<double>() == r.coefficients[i].estimate);  // exact, not approximate
        CHECK(c["std_error"].get<double>() == r.coefficients[i].std_error);
        CHECK(c["z"].get<double>() == r.coefficients[i].statistic);
        CHECK(c["p_value"].get<double>() == r.coefficients[i].p_value);
        CHECK_FALSE(c.contains("t"));
    }
    CHECK(j["rho"]["estimate"].get<double>() == r.rho->estimate);
    CHECK(j["rho"]["z"].get<double>() == r.rho->statistic);
    CHECK(j["log_likelihood"].get<double>() == r.log_likelihood);
    CHECK(j["statistics"]["r_squared"].get<double>() == 0.6518);
    CHECK(j["statistics"]["undefined"].is_null());  // NaN is null, never a number
    CHECK(j["tests"][0]["key"] == "lr_rho");
    CHECK(j["tests"][0]["statistic"].get<double>() == 9.97);
    CHECK(j["ldet"]["method_requested"] == "auto");
    CHECK(j["ldet"]["method_used"] == "eigen");
    CHECK(j["ldet"]["rho_interval"][0].get<double>() == -1.536);
}

TEST_CASE("JSON: t inference adds t beside z, and several models give an array") {
    EstimationResult r = sample_result();
    r.inference = Inference{Inference::Kind::StudentT, 46};
    const auto j = nlohmann::json::parse(write_json({r, r}));
    REQUIRE(j.is_array());
    CHECK(j.size() == 2);
    CHECK(j[0]["coefficients"][1]["t"].get<double>() == r.coefficients[1].statistic);
    CHECK(j[0]["inference"]["df"].get<double>() == 46.0);
}

TEST_CASE("LaTeX: booktabs, stars, SEs in parentheses, escaped names, models side by side") {
    EstimationResult a = sample_result();
    EstimationResult b = sample_result();
    b.model = "ols";
    b.rho.reset();
    b.coefficients.pop_back();
    const std::string tex = write_latex({a, b});
    CHECK(tex.find("\\begin{tabular}{lcc}") == 0);
    CHECK(tex.find("\\toprule") != std::string::npos);
    CHECK(tex.find("\\bottomrule") != std::string::npos);
    CHECK(tex.find(" & SAR & OLS \\\\") != std::string::npos);
    CHECK(tex.find("(Intercept) & 45.079*** & 45.079*** \\\\") != std::string::npos);
    CHECK(tex.find(" & (7.177) & (7.177) \\\\") != std::string::npos);
    CHECK(tex.find("W\\_x\\_1 & 0.300 &  \\\\") != std::string::npos);
    CHECK(tex.find("$\\rho$ & 0.431*** &  \\\\") != std::string::npos);
    CHECK(tex.find("Observations & 49 & 49 \\\\") != std::string::npos);
    CHECK(latex_escape("a_b&c%^") == "a\\_b\\&c\\%\\textasciicircum{}");
}

TEST_CASE("Markdown: a pipe table with the same layout") {
    const std::string md = write_markdown({sample_result()});
    CHECK(md.find("|  | SAR |") == 0);
    CHECK(md.find("|:---|---:|") != std::string::npos);
    CHECK(md.find("| INC | -1.032\\*\\*\\* |") != std::string::npos);
    CHECK(md.find("|  | (0.305) |") != std::string::npos);
    CHECK(md.find("| rho | 0.431\\*\\*\\* |") != std::string::npos);
}

TEST_CASE("CSV: long form that reads back to the same numbers") {
    const EstimationResult r = sample_result();
    const std::string csv = write_results({r}, OutputFormat::Csv);
    const DataTable t = read_csv_text(csv, "result.csv");
    REQUIRE(t.rows() == r.coefficients.size() + 1 + 5 + r.statistics.size() + r.tests.size());
    const auto& estimate = t.numeric("estimate");
    for (std::size_t i = 0; i < r.coefficients.size(); ++i) {
        CHECK(t.column("name").text[i] == r.coefficients[i].name);
        CHECK(estimate[i] == r.coefficients[i].estimate);
    }
    CHECK(t.column("section").text[3] == "spatial");
    CHECK(estimate[3] == r.rho->estimate);
    const std::size_t last = t.rows() - 1;
    CHECK(t.column("section").text[last] == "test");
    CHECK(t.numeric("statistic")[last] == 9.97);
    CHECK(estimate[last] == 1.0);  // the degrees of freedom
}

TEST_CASE("Text report: coefficient table, statistics, conventions and status") {
    const std::string text = sample_result().full_report();
    CHECK(text.find("Model: sar — maximum likelihood") == 0);
    CHECK(text.find("Pr(>|z|)") != std::string::npos);
    CHECK(text.find("rho") != std::string::npos);
    CHECK(text.find("R-squared: 0.6518\n") != std::string::npos);
    CHECK(text.find("Not computable: NaN") != std::string::npos);
    CHECK(text.find("sigma^2 = e'e/n") != std::string::npos);
    CHECK(text.find("Status: warning (rho close to the upper bound)") != std::string::npos);
    CHECK(text.find("LR test of rho = 0") != std::string::npos);
    CHECK(text.find("Log-determinant: eigen (requested auto)") != std::string::npos);
    CHECK(sample_result().brief_report().find("Status: warning") != std::string::npos);
}

TEST_CASE("Number formats") {
    CHECK(format_p_value(1e-20) == "< 2.2e-16");
    CHECK(format_p_value(0.0108745) == "0.01087");
    CHECK(significance_stars(0.0005) == "***");
    CHECK(significance_stars(0.07) == ".");
    CHECK(paper_stars(0.07) == "*");
    CHECK(paper_stars(0.2) == "");
    CHECK(format_fixed(-0.0001, 3) == "0.000");
    CHECK(format_fixed(std::numeric_limits<double>::quiet_NaN(), 3) == "NaN");
    CHECK(format_round_trip(0.1 + 0.2) == "0.30000000000000004");
    CHECK(parse_output_format("md") == OutputFormat::Markdown);
    CHECK_THROWS_WITH_AS(parse_output_format("xlsx"), doctest::Contains("choose text, json"), InputError);
}
