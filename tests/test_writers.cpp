// The result writers: JSON round-trips every number, tables show what a paper needs.

#include <algorithm>
#include <cmath>
#include <limits>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "engine/csv_reader.hpp"
#include "engine/csv_writer.hpp"
#include "engine/input_error.hpp"
#include "engine/json_writer.hpp"
#include "engine/latex_writer.hpp"
#include "engine/markdown_writer.hpp"
#include "engine/number_format.hpp"
#include "engine/output_format.hpp"
#include "engine/result_table.hpp"
#include "engine/text_writer.hpp"
#include "tests/test_support.hpp"

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
    CHECK(text.find("Not computable: NA") != std::string::npos);
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
    CHECK(format_fixed(std::numeric_limits<double>::quiet_NaN(), 3) == "NA");  // not available, never "NaN" as a result
    CHECK(format_number(std::numeric_limits<double>::quiet_NaN()) == "NA");
    CHECK(format_p_value(std::numeric_limits<double>::quiet_NaN()) == "NA");
    CHECK(format_round_trip(0.1 + 0.2) == "0.30000000000000004");
    CHECK(parse_output_format("md") == OutputFormat::Markdown);
    CHECK_THROWS_WITH_AS(parse_output_format("xlsx"), doctest::Contains("choose text, json"), InputError);
}

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// One table of each JSON layout, a table without a key, a NaN cell, texts LaTeX, Markdown and CSV
/// must escape or quote, and a round-trip number (0.1 + 0.2).
StatisticsReport sample_report() {
    StatisticsReport r;
    r.title = "Sample statistics";
    r.fields = {{"statistic", "Statistic", ColumnKind::Text, std::string("by_period")},
                {"n", "Observations", ColumnKind::Count, 49.0},
                {"sigma2", "sigma^2", ColumnKind::Number, 0.1 + 0.2}};
    ResultTable moran{"moran_i", "Moran's I", {{"i", "I", ColumnKind::Number}, {"p_value", "p", ColumnKind::PValue}},
                      {{"", "", {0.25, kNaN}}}, {}, JsonLayout::Object, {}, std::nullopt};
    ResultTable tests{"tests",
                      "Tests",
                      {{"name", "Name", ColumnKind::Text},
                       {"statistic", "Statistic", ColumnKind::Number},
                       {"df", "df", ColumnKind::Count},
                       {"p_value", "p-value", ColumnKind::PValue}},
                      {{"lm_a", "LM a_b & c%", {std::string("x|y*z"), 5.5, 1.0, 0.004}},
                       {"lm_b", "LM b", {std::string("plain, \"quoted\""), kNaN, 2.0, 0.2}}},
                      {"Half of 50% & more"},
                      JsonLayout::ByRowKey,
                      {},
                      StarredColumn{"statistic", "p_value"}};
    ResultTable by_period{"by_period", "By period", {{"i", "I", ColumnKind::Number}, {"units", "Units", ColumnKind::Count}},
                          {{"2001", "2001", {0.125, 10.0}}, {"2002", "2002", {-0.5, 12.0}}}, {}, JsonLayout::Array,
                          "period", std::nullopt};
    ResultTable top{"", "Top-level tests", {{"statistic", "Statistic", ColumnKind::Number}, {"p_value", "p", ColumnKind::PValue}},
                    {{"lm_error", "LM-error", {3.0, 0.08}}}, {}, JsonLayout::ByRowKey, {}, std::nullopt};
    r.tables = {moran, tests, by_period, top};
    r.conventions = {"sigma^2 = e'e/n"};
    r.status = FitStatus::Warning;
    r.message = "rho near 1";
    return r;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    for (std::size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1)
        lines.push_back(text.substr(start, end - start));
    return lines;
}

bool has_line(const std::string& text, const std::string& line) {
    const auto lines = lines_of(text);
    return std::find(lines.begin(), lines.end(), line) != lines.end();
}

/// Each of `lines` is a whole line of `text`.
void check_lines(const std::string& text, const std::vector<std::string>& lines) {
    for (const auto& line : lines) CHECK_MESSAGE(has_line(text, line), line);
}

}  // namespace

TEST_CASE("Report JSON: fields, the three layouts, a table without a key, NaN as null") {
    const StatisticsReport r = sample_report();
    const auto j = nlohmann::ordered_json::parse(write_json(r));
    std::vector<std::string> keys;
    for (const auto& [key, value] : j.items()) keys.push_back(key);
    CHECK(keys == std::vector<std::string>{"statistic", "n", "sigma2", "moran_i", "tests", "by_period", "lm_error",
                                           "conventions", "status", "message"});
    CHECK(j["statistic"] == "by_period");
    CHECK(j["n"].is_number_integer());
    CHECK(j["n"] == 49);
    CHECK(j["sigma2"].get<double>() == 0.1 + 0.2);  // exact
    // Object: the single row is the object.
    CHECK(j["moran_i"] == nlohmann::ordered_json::parse(R"({"i": 0.25, "p_value": null})"));
    // ByRowKey: one object per row key.
    CHECK(j["tests"]["lm_a"] ==
          nlohmann::ordered_json::parse(R"({"name": "x|y*z", "statistic": 5.5, "df": 1, "p_value": 0.004})"));
    CHECK(j["tests"]["lm_b"]["name"] == "plain, \"quoted\"");
    CHECK(j["tests"]["lm_b"]["statistic"].is_null());
    CHECK(j["tests"]["lm_b"]["df"].is_number_integer());
    // Array: row objects carrying their key under array_key.
    CHECK(j["by_period"] ==
          nlohmann::ordered_json::parse(R"([{"period": "2001", "i": 0.125, "units": 10}, {"period": "2002", "i": -0.5, "units": 12}])"));
    // No key: the rows stand in the report's object.
    CHECK(j["lm_error"] == nlohmann::ordered_json::parse(R"({"statistic": 3.0, "p_value": 0.08})"));
    CHECK(j["conventions"] == nlohmann::ordered_json::parse(R"(["sigma^2 = e'e/n"])"));
    CHECK(j["status"] == "warning");
    CHECK(j["message"] == "rho near 1");
    CHECK(write_report(r, OutputFormat::Json) == write_json(r));
}

TEST_CASE("Report CSV: long form at the JSON's places, RFC 4180 quoting, round trip, NaN empty") {
    const StatisticsReport r = sample_report();
    const std::string csv = write_report(r, OutputFormat::Csv);
    const auto lines = lines_of(csv);
    REQUIRE(lines.size() == 1 + 3 + 2 + 8 + 4 + 2 + 3);
    CHECK(lines.front() == "table,row,column,value");
    check_lines(csv, {"report,,statistic,by_period", "report,,n,49", "report,,sigma2,0.30000000000000004",
                      "moran_i,,i,0.25", "moran_i,,p_value,", "tests,lm_a,name,x|y*z", "tests,lm_a,statistic,5.5",
                      "tests,lm_a,df,1", "tests,lm_b,name,\"plain, \"\"quoted\"\"\"", "tests,lm_b,statistic,",
                      "by_period,2001,i,0.125", "by_period,2002,units,12", "report,lm_error,statistic,3",
                      "report,,conventions,sigma^2 = e'e/n", "report,,status,warning", "report,,message,rho near 1"});
    // A CSV reader gets the same texts and numbers back.
    const DataTable t = read_csv_text(csv, "report.csv");
    CHECK(t.column("value").text[0] == "by_period");
    CHECK(std::stod(std::string(t.column("value").text[2])) == 0.1 + 0.2);
    CHECK(t.column("value").text[9] == "plain, \"quoted\"");
    CHECK(t.column("row").text[9] == "lm_b");
    CHECK(t.column("value").text[10] == "");  // NaN
}

/// How one format of sample_report() begins, lines it holds, and how it ends.
struct ShownFormat {
    OutputFormat format;
    std::string begins;
    std::vector<std::string> lines;
    std::string ends;
};

TEST_CASE("Report text, LaTeX, Markdown: lists and grids, each format's numbers, stars, escaped texts, notes last") {
    TableOptions options;
    options.decimals = 2;
    const std::vector<ShownFormat> formats{
        {OutputFormat::Text,
         "Sample statistics\nStatistic     by_period\nObservations         49\nsigma^2             0.3\n\n"
         "Moran's I\nI  0.25\np    NA\n\n",
         {"                        Name  Statistic  df  p-value",
          "LM a_b & c%            x|y*z        5.5   1    0.004 **",  // R's codes from p
          "LM b         plain, \"quoted\"         NA   2      0.2",
          "Signif. codes:  0 '***' 0.001 '**' 0.01 '*' 0.05 '.' 0.1 ' ' 1", "Half of 50% & more", "2001  0.125     10"},
         "LM-error          3  0.08\nNote: sigma^2 = e'e/n\nStatus: warning (rho near 1)\n"},
        {OutputFormat::Latex,
         "% Sample statistics\n\\begin{tabular}{lc}\n\\toprule\nStatistic & by\\_period \\\\\nObservations & 49 \\\\\n"
         "sigma\\textasciicircum{}2 & 0.30 \\\\\n\\bottomrule\n\\end{tabular}\n\n% Moran's I\n",
         {"p & NA \\\\", "\\begin{tabular}{lcccc}", " & Name & Statistic & df & p-value \\\\",
          "LM a\\_b \\& c\\% & x|y*z & 5.50*** & 1 & 0.00 \\\\",  // the paper's stars on the statistic
          "LM b & plain, \"quoted\" & NA & 2 & 0.20 \\\\",
          "\\multicolumn{5}{l}{\\footnotesize * p<0.1, ** p<0.05, *** p<0.01.} \\\\",
          "\\multicolumn{5}{l}{\\footnotesize Half of 50\\% \\& more} \\\\", "2001 & 0.12 & 10 \\\\"},
         "LM-error & 3.00 & 0.08 \\\\\n\\bottomrule\n"
         "\\multicolumn{3}{l}{\\footnotesize Note: sigma\\textasciicircum{}2 = e'e/n} \\\\\n"
         "\\multicolumn{3}{l}{\\footnotesize Status: warning (rho near 1)} \\\\\n\\end{tabular}\n"},
        {OutputFormat::Markdown,
         "**Sample statistics**\n\n|  |  |\n|:---|---:|\n| Statistic | by\\_period |\n| Observations | 49 |\n"
         "| sigma^2 | 0.30 |\n\n**Moran's I**\n",
         {"| p | NA |", "|  | Name | Statistic | df | p-value |", "|:---|---:|---:|---:|---:|",
          "| LM a\\_b & c% | x\\|y\\*z | 5.50\\*\\*\\* | 1 | 0.00 |", "| LM b | plain, \"quoted\" | NA | 2 | 0.20 |",
          "\\* p<0.1, \\*\\* p<0.05, \\*\\*\\* p<0.01.", "Half of 50% & more", "| 2001 | 0.12 | 10 |"},
         "| LM-error | 3.00 | 0.08 |\n\nNote: sigma^2 = e'e/n\n\nStatus: warning (rho near 1)\n"}};
    for (const auto& f : formats) {
        const std::string out = write_report(sample_report(), f.format, options);
        CAPTURE(out);
        CHECK(out.starts_with(f.begins));
        check_lines(out, f.lines);
        CHECK(out.ends_with(f.ends));  // the conventions and the status close the report
    }
}

TEST_CASE("Report LaTeX: one booktabs tabular per table, stars only when asked for") {
    const StatisticsReport r = sample_report();
    const auto lines = lines_of(write_latex(r));
    CHECK(std::count(lines.begin(), lines.end(), "\\toprule") == 5);  // the fields and four tables
    CHECK(std::count(lines.begin(), lines.end(), "\\end{tabular}") == 5);
    TableOptions options;
    options.stars = false;
    const std::string plain = write_latex(r, options);
    CHECK(has_line(plain, "LM a\\_b \\& c\\% & x|y*z & 5.500 & 1 & 0.004 \\\\"));
    CHECK_FALSE(testing::contains(plain, "p<0.1"));
}

TEST_CASE("Report: a table that does not hold together is refused, naming it") {
    StatisticsReport r = sample_report();
    r.tables[1].rows[0].cells.pop_back();
    CHECK_THROWS_WITH_AS(write_json(r), doctest::Contains("table 'tests': row 'lm_a' has 3 cells for 4 columns"),
                         std::invalid_argument);
    r = sample_report();
    r.tables[1].rows[0].cells[1] = std::string("five");
    CHECK_THROWS_WITH_AS(write_csv(r), doctest::Contains("holds a text in a number column"), std::invalid_argument);
    r = sample_report();
    r.tables[0].rows.push_back(r.tables[0].rows.front());
    CHECK_THROWS_WITH_AS(write_text(r), doctest::Contains("needs one row, it has 2"), std::invalid_argument);
    r = sample_report();
    r.tables[3].layout = JsonLayout::Array;
    CHECK_THROWS_AS(write_latex(r), std::invalid_argument);
    r = sample_report();
    r.tables[1].stars = StarredColumn{"statistic", "df"};
    CHECK_THROWS_WITH_AS(write_markdown(r), doctest::Contains("not a p-value"), std::invalid_argument);
    r = sample_report();
    r.tables[3].rows[0].key = "n";  // a row of a table without a key beside the field n
    CHECK_THROWS_WITH_AS(write_json(r), doctest::Contains("two values under 'n'"), std::invalid_argument);
}
