// The reader of the exploratory and inequality commands (workflow/variable_inputs.hpp): panel
// order, groups, W aligned with the units, and its errors.

#include <doctest/doctest.h>

#include "test_support.hpp"
#include "workflow/variable_inputs.hpp"

namespace spillover {
namespace {

using testing::TempDir;
using testing::contains;
using testing::input_error;

TEST_CASE("Variable inputs: a panel in any row order comes out unit within period, with its groups") {
    TempDir dir;
    InputRequest request;
    request.data_path = dir.write("p.csv",
                                  "year,id,region,a,b\n2021,B,west,4,40\n2020,A,east,1,10\n2021,A,east,3,30\n"
                                  "2020,B,west,2,20\n");
    request.id_column = "id";
    request.time_column = "year";
    const VariableInputs in = read_variable_inputs(request, {"b", "a"}, "region");
    CHECK(in.units == std::vector<std::string>{"B", "A"});
    CHECK(in.periods == std::vector<std::string>{"2020", "2021"});
    CHECK(in.is_panel());
    CHECK(in.period_column(0, 1)(0) == 2.0);  // a of B in 2020
    CHECK(in.period_column(1, 0)(1) == 30.0);  // b of A in 2021
    CHECK(in.period_groups(1) == std::vector<std::string>{"west", "east"});
    CHECK(in.period_block(1).rows() == 2);
}

TEST_CASE("Variable inputs: every unknown column is named at once, a missing cell names its unit") {
    TempDir dir;
    InputRequest request;
    request.data_path = dir.write("c.csv", "id,a\n1,1\n2,NA\n");
    request.id_column = "id";
    const InputError unknown = input_error([&] { read_variable_inputs(request, {"a", "x", "y"}, "g"); });
    CHECK(contains(unknown.what(), "unknown columns 'x', 'y', 'g' (columns: id, a)"));
    const InputError missing = input_error([&] { read_variable_inputs(request, {"a"}); });
    CHECK(contains(missing.what(), ":3:2: missing value in column 'a' for unit \"2\""));
    CHECK(!read_variable_inputs([&] { auto r = request; r.id_column.clear(); return r; }(), {"id"}).is_panel());
    CHECK(contains(input_error([&] { read_variable_inputs(request, {"id"}, "", true); }).what(), "needs a weights file"));
}

TEST_CASE("Variable inputs: W is read for the units in the data's order") {
    InputRequest request;
    request.data_path = std::string(SPILLOVER_DATA_DIR) + "/columbus/columbus.csv";
    request.id_column = "POLYID";
    request.weights_path = std::string(SPILLOVER_DATA_DIR) + "/columbus/COL.gal";
    const VariableInputs in = read_variable_inputs(request, {"CRIME"}, "", true);
    CHECK(in.w.n() == 49);
    CHECK(in.values.rows() == 49);
    CHECK(in.values(0, 0) == doctest::Approx(15.72598));
}

}  // namespace
}  // namespace spillover
