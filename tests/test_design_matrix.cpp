// The design matrix: every function and I() arithmetic against values computed by hand (and checked
// in R 4 with model.matrix), the intercept column, the ids, the missing-value policy both ways with
// its row bookkeeping, and the errors with the location they name.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "engine/data_table.hpp"
#include "engine/design_matrix.hpp"
#include "engine/formula.hpp"
#include "engine/input_error.hpp"

using spillover::build_design;
using spillover::Column;
using spillover::DataTable;
using spillover::DesignMatrix;
using spillover::DesignOptions;
using spillover::InputError;
using spillover::MissingPolicy;
using spillover::parse_formula;

namespace {

using Names = std::vector<std::string>;
using Cells = std::vector<std::pair<std::string, std::vector<std::string>>>;

/// A table as a CSV reader would build it from "data.csv": data row r on line r + 2, column j at
/// field j + 1; "NA" and "" are missing; a column is numeric when every other cell parses.
DataTable make_table(const Cells& columns) {
    const std::size_t rows = columns.empty() ? 0 : columns.front().second.size();
    std::vector<std::size_t> lines;
    for (std::size_t r = 0; r < rows; ++r) lines.push_back(r + 2);
    DataTable table("data.csv", lines);
    for (std::size_t j = 0; j < columns.size(); ++j) {
        Column c;
        c.name = columns[j].first;
        c.position = j + 1;
        for (std::size_t r = 0; r < rows; ++r) {
            const std::string& cell = columns[j].second[r];
            c.text.push_back(cell);
            const bool missing = cell.empty() || cell == "NA";
            c.missing.push_back(missing);
            c.missing_count += missing ? 1 : 0;
            char* end = nullptr;
            const double v = missing ? std::nan("") : std::strtod(cell.c_str(), &end);
            if (!missing && end != cell.c_str() + cell.size() && !c.problem)
                c.problem = spillover::CellProblem{spillover::CellProblem::Kind::NonNumeric, r};
            else if (!missing && !std::isfinite(v) && !c.problem)
                c.problem = spillover::CellProblem{spillover::CellProblem::Kind::NonFinite, r};
            c.numbers.push_back(v);
        }
        if (c.problem && c.problem->kind == spillover::CellProblem::Kind::NonNumeric) c.numbers.clear();
        table.add_column(std::move(c));
    }
    return table;
}

/// x = 1, 10, 100, 1000 and z = 0, 1, -1, 2 keep most results exact (log10, x/1000, products).
DataTable sample() {
    return make_table({{"id", {"01001", "01003", "02010", "02020"}},
                       {"y", {"1", "2", "3", "4"}},
                       {"x", {"1", "10", "100", "1000"}},
                       {"z", {"0", "1", "-1", "2"}},
                       {"name", {"Ames", "Boone", "Clay", "Dent"}}});
}

DesignMatrix design(const DataTable& table, std::string_view formula, DesignOptions options = {}) {
    return build_design(table, parse_formula(formula), options);
}

/// The InputError build_design throws ("" if none).
std::string error_of(const DataTable& table, std::string_view formula, DesignOptions options = {}) {
    try {
        design(table, formula, options);
    } catch (const InputError& e) {
        return e.what();
    }
    return {};
}

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

std::vector<double> column(const DesignMatrix& d, Eigen::Index j) {
    return {d.X.col(j).data(), d.X.col(j).data() + d.X.rows()};
}

void check_close(const std::vector<double>& got, const std::vector<double>& want) {
    REQUIRE(got.size() == want.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
        CAPTURE(i);
        CHECK(got[i] == doctest::Approx(want[i]).epsilon(1e-15));
    }
}

}  // namespace

TEST_CASE("design: y, the intercept column, X, names and the default ids") {
    const DesignMatrix d = design(sample(), "y ~ x + z");
    CHECK(d.response_name == "y");
    CHECK(d.n() == 4);
    CHECK(d.has_intercept);
    CHECK(d.column_names == Names{"(Intercept)", "x", "z"});
    REQUIRE(d.X.cols() == 3);
    CHECK(column(d, 0) == std::vector<double>{1, 1, 1, 1});
    CHECK(column(d, 1) == std::vector<double>{1, 10, 100, 1000});
    CHECK(column(d, 2) == std::vector<double>{0, 1, -1, 2});
    CHECK(std::vector<double>(d.y.data(), d.y.data() + 4) == std::vector<double>{1, 2, 3, 4});
    CHECK(d.ids == Names{"1", "2", "3", "4"});
    CHECK(d.rows == std::vector<std::size_t>{0, 1, 2, 3});
    CHECK(d.dropped == 0);
}

TEST_CASE("design: no intercept, intercept only, ids from a column keep leading zeros") {
    DesignOptions options;
    options.id_column = "id";
    const DesignMatrix d = design(sample(), "y ~ x - 1", options);
    CHECK_FALSE(d.has_intercept);
    CHECK(d.column_names == Names{"x"});
    CHECK(column(d, 0) == std::vector<double>{1, 10, 100, 1000});
    CHECK(d.ids == Names{"01001", "01003", "02010", "02020"});

    const DesignMatrix only = design(sample(), "y ~ 1");
    CHECK(only.column_names == Names{"(Intercept)"});
    CHECK(column(only, 0) == std::vector<double>{1, 1, 1, 1});
}

TEST_CASE("design: each function against hand-computed values") {
    const DesignMatrix d = design(sample(), "log(y) ~ log(x) + log10(x) + sqrt(x) + exp(z) + abs(z) + I(z)");
    CHECK(d.column_names ==
          Names{"(Intercept)", "log(x)", "log10(x)", "sqrt(x)", "exp(z)", "abs(z)", "I(z)"});
    check_close({d.y.data(), d.y.data() + 4},
                {0, 0.69314718055994531, 1.0986122886681098, 1.3862943611198906});
    check_close(column(d, 1), {0, 2.3025850929940459, 4.6051701859880918, 6.9077552789821368});  // k ln 10
    CHECK(column(d, 2) == std::vector<double>{0, 1, 2, 3});
    check_close(column(d, 3), {1, 3.1622776601683795, 10, 31.622776601683793});
    check_close(column(d, 4), {1, 2.7182818284590451, 0.36787944117144233, 7.3890560989306504});  // e^z
    CHECK(column(d, 5) == std::vector<double>{0, 1, 1, 2});
    CHECK(column(d, 6) == std::vector<double>{0, 1, -1, 2});
}

TEST_CASE("design: I() arithmetic, precedence and R's right-associative ^") {
    const DesignMatrix d = design(
        sample(),
        "y ~ I(x/1000) + I(-x^2) + I(2^3^2) + I(2*z - 1) + I((z + 1)/(x + 1)) + I(x^0.5) + I(2^-z) - 1");
    CHECK(d.column_names ==
          Names{"I(x/1000)", "I(-x^2)", "I(2^3^2)", "I(2*z-1)", "I((z+1)/(x+1))", "I(x^0.5)", "I(2^-z)"});
    check_close(column(d, 0), {0.001, 0.01, 0.1, 1});
    CHECK(column(d, 1) == std::vector<double>{-1, -100, -10000, -1000000});  // -(x^2), not (-x)^2
    CHECK(column(d, 2) == std::vector<double>{512, 512, 512, 512});          // 2^(3^2), not (2^3)^2 = 64
    CHECK(column(d, 3) == std::vector<double>{-1, 1, -3, 3});
    check_close(column(d, 4), {0.5, 2.0 / 11.0, 0, 3.0 / 1001.0});
    check_close(column(d, 5), {1, 3.1622776601683795, 10, 31.622776601683793});
    CHECK(column(d, 6) == std::vector<double>{1, 0.5, 2, 0.25});
}

TEST_CASE("design: x^2 outside I() is the square, and a:b and a*b are products") {
    const DesignMatrix d = design(sample(), "y ~ x*z + x^2 + log(x):z");
    // "z:log(x)": the variables of an interaction in order of first appearance, as R labels it.
    CHECK(d.column_names == Names{"(Intercept)", "x", "z", "x^2", "x:z", "z:log(x)"});
    CHECK(column(d, 3) == std::vector<double>{1, 100, 10000, 1000000});
    CHECK(column(d, 4) == std::vector<double>{0, 10, -100, 2000});
    check_close(column(d, 5), {0, 2.3025850929940459, -4.6051701859880918, 2 * 6.9077552789821368});
}

TEST_CASE("design: backquoted column names") {
    const DataTable t = make_table({{"crime rate", {"1", "2"}}, {"GDP per capita", {"100", "1000"}}});
    const DesignMatrix d = design(t, "`crime rate` ~ log10(`GDP per capita`)");
    CHECK(d.response_name == "crime rate");
    CHECK(d.column_names == Names{"(Intercept)", "log10(GDP per capita)"});
    CHECK(column(d, 1) == std::vector<double>{2, 3});
}

TEST_CASE("design: a missing value is an error by default, naming id, column and line") {
    const DataTable t = make_table({{"id", {"a", "b", "c", "d"}},
                                    {"y", {"1", "2", "3", "4"}},
                                    {"x", {"1", "2", "3", "4"}},
                                    {"INC", {"5", "6", "NA", ""}},
                                    {"unused", {"NA", "NA", "NA", "NA"}}});
    DesignOptions options;
    options.id_column = "id";
    try {
        design(t, "y ~ x + INC", options);
        FAIL("no error for a missing value");
    } catch (const InputError& e) {
        CHECK(std::string(e.what()) ==
              "data.csv:4: missing value in column 'INC' for id \"c\" (spatial models need every unit: "
              "fill it or drop the unit from the data and W)");
        CHECK(e.file() == "data.csv");
        CHECK(e.line() == 4);
    }
    // Default ids are row numbers; a missing response is caught too; unused columns do not matter.
    CHECK(contains(error_of(t, "INC ~ x"), "data.csv:4: missing value in column 'INC' for id \"3\""));
    CHECK(design(t, "y ~ x").n() == 4);
}

TEST_CASE("design: MissingPolicy::Drop drops and counts rows, keeping rows and ids aligned") {
    const DataTable t = make_table({{"id", {"a", "b", "c", "d", "e"}},
                                    {"y", {"1", "NA", "3", "4", "5"}},
                                    {"x", {"10", "20", "30", "", "50"}},
                                    {"z", {"1", "1", "1", "1", "NA"}}});
    DesignOptions options;
    options.missing = MissingPolicy::Drop;
    DesignMatrix d = design(t, "y ~ x", options);
    CHECK(d.dropped == 2);
    CHECK(d.rows == std::vector<std::size_t>{0, 2, 4});
    CHECK(d.ids == Names{"1", "3", "5"});  // default ids number the table's rows, not the kept ones
    CHECK(std::vector<double>(d.y.data(), d.y.data() + 3) == std::vector<double>{1, 3, 5});
    CHECK(column(d, 1) == std::vector<double>{10, 30, 50});

    options.id_column = "id";
    d = design(t, "y ~ x + z", options);
    CHECK(d.dropped == 3);
    CHECK(d.rows == std::vector<std::size_t>{0, 2});
    CHECK(d.ids == Names{"a", "c"});

    const DataTable none = make_table({{"y", {"NA", "2"}}, {"x", {"1", "NA"}}});
    options.id_column.clear();
    const std::string m = error_of(none, "y ~ x", options);
    CHECK(contains(m, "data.csv: no rows left"));
    CHECK(contains(m, "(y, x)"));
}

TEST_CASE("design: a non-finite term names the term, id, line, operation and inputs") {
    const DataTable t = make_table({{"id", {"a", "b", "c"}},
                                    {"y", {"1", "-1", "3"}},
                                    {"x", {"1", "0", "-4"}},
                                    {"z", {"2", "1", "0"}}});
    DesignOptions options;
    options.id_column = "id";
    std::string m = error_of(t, "y ~ log(x)", options);
    CHECK(m == "data.csv:3: term 'log(x)' is not finite for id \"b\": log(0) = -Inf (x = 0)");
    m = error_of(t, "y ~ sqrt(x + 0)", options);
    CHECK(contains(m, "data.csv:4: term 'sqrt(x+0)' is not finite for id \"c\": sqrt(-4) = NaN (x = -4)"));
    m = error_of(t, "y ~ I(x / z)", options);
    CHECK(contains(m, "data.csv:4: term 'I(x/z)' is not finite for id \"c\": (-4)/0 = -Inf (x = -4, z = 0)"));
    m = error_of(t, "log(y) ~ x", options);
    CHECK(contains(m, "data.csv:3: response 'log(y)' is not finite for id \"b\": log(-1) = NaN (y = -1)"));
    m = error_of(t, "y ~ exp(1000 * z)", options);
    CHECK(contains(m, "data.csv:2: term 'exp(1000*z)' is not finite for id \"a\": exp(2000) = Inf (z = 2)"));
    m = error_of(t, "y ~ x^-1", options);
    CHECK(contains(m, "term 'x^-1' is not finite for id \"b\": 0^(-1) = Inf"));
    // Dropping is for missing cells only: a bad transformation is still an error.
    options.missing = MissingPolicy::Drop;
    CHECK(contains(error_of(t, "y ~ log(x)", options), "log(0) = -Inf"));
}

TEST_CASE("design: unknown, non-numeric and non-finite columns, bad ids, empty data") {
    const DataTable t = sample();
    CHECK(contains(error_of(t, "y ~ w"), "unknown column 'w'"));
    CHECK(contains(error_of(t, "y ~ log(name)"),
                   "data.csv:2:5: column 'name' has a non-numeric value \"Ames\""));
    const DataTable inf = make_table({{"y", {"1", "2"}}, {"x", {"1", "Inf"}}});
    CHECK(contains(error_of(inf, "y ~ x"), "data.csv:3:2: column 'x' has a non-finite value \"Inf\""));
    const DataTable dup = make_table({{"id", {"7", "7"}}, {"y", {"1", "2"}}});
    DesignOptions options;
    options.id_column = "id";
    CHECK(contains(error_of(dup, "y ~ 1", options), "duplicate id \"7\""));
    options.id_column = "nope";
    CHECK(contains(error_of(t, "y ~ x", options), "unknown column 'nope'"));
    const DataTable empty = make_table({{"y", {}}, {"x", {}}});
    CHECK(contains(error_of(empty, "y ~ x"), "the data has no rows"));
}

TEST_CASE("design options: the defaults are valid, and a policy out of range is not") {
    const DesignOptions defaults;
    CHECK_NOTHROW(defaults.validate());
    CHECK(defaults.missing == MissingPolicy::Error);
    CHECK(defaults.id_column.empty());
    DesignOptions bad;
    bad.missing = static_cast<MissingPolicy>(7);
    CHECK_THROWS_AS(bad.validate(), std::invalid_argument);
    CHECK_THROWS_AS(build_design(sample(), parse_formula("y ~ x"), bad), std::invalid_argument);
}
