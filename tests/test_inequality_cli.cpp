// `spillover index`, `inequality` and `density` as a user runs them: JSON keys and a value, the CSV
// files written, and a bad input named with exit code 2.

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <sys/wait.h>

#include "tests/cli_test_support.hpp"

namespace {

using spillover::testing::cli_scratch;
using spillover::testing::Run;
using spillover::testing::run_cli;
using spillover::testing::slurp;

const std::string cigar = "--data '" + std::string(SPILLOVER_FIXTURE_DIR) + "/cigar_regions.csv' --panel state,year ";

}  // namespace

TEST_CASE("Inequality CLI: index writes its report, the weights and the index as CSV") {
    const auto fixture = spillover::testing::load_fixture("inequality_cigar.json");
    const std::string weights = (cli_scratch() / "w.csv").string(), index = (cli_scratch() / "i.csv").string();
    const Run r = run_cli("index " + cigar + "--indicators sales,ndi,-price --format json --weights-out '" + weights +
                          "' --index-out '" + index + "'");
    REQUIRE(r.code == 0);
    const auto j = nlohmann::json::parse(r.out);
    for (const char* key : {"method", "indicators", "units", "periods", "observations", "normalisation", "shift",
                            "weights", "index_by_period", "conventions", "status"})
        CHECK_MESSAGE(j.contains(key), key);
    CHECK(j["observations"] == 1380);
    CHECK(j["weights"][2]["indicator"] == "price");
    CHECK(j["weights"][2]["direction"] == "negative");
    spillover::testing::check_relative(j["weights"][1]["weight"], fixture["entropy"]["pooled"]["weight"][1], 1e-12, "ndi");

    const std::string w = slurp(weights);
    CHECK(w.rfind("indicator,direction,entropy,divergence,weight\nsales,positive,", 0) == 0);
    std::istringstream lines(slurp(index));
    std::string header, first;
    std::getline(lines, header);
    std::getline(lines, first);
    CHECK(header == "unit,period,index,topsis");
    CHECK(first.rfind("1,1963,", 0) == 0);
    const double value = std::stod(first.substr(7, first.find(',', 7) - 7));
    spillover::testing::check_relative(value, fixture["entropy"]["pooled"]["index"][0], 1e-12, "first index value");
}

TEST_CASE("Inequality CLI: inequality --groups gives the Dagum and Theil tables by period") {
    const auto fixture = spillover::testing::load_fixture("inequality_cigar.json");
    const Run r = run_cli("inequality " + cigar + "--var sales --groups region --format json");
    REQUIRE(r.code == 0);
    const auto j = nlohmann::json::parse(r.out);
    for (const char* key : {"variable", "groups", "inequality", "dagum", "dagum_within", "dagum_between",
                            "dagum_relative_affluence", "theil", "conventions", "status"})
        CHECK_MESSAGE(j.contains(key), key);
    REQUIRE(j["dagum"].size() == 30);
    CHECK(j["dagum"][29]["period"] == "1992");
    spillover::testing::check_relative(j["dagum"][29]["transvariation"],
                                       fixture["by_year"][29]["dagum"]["transvariation"], 1e-12, "G_t 1992");
    CHECK(j["dagum_within"][0].contains("Northeast"));

    const Run text = run_cli("inequality " + cigar + "--var sales --groups region");
    REQUIRE(text.code == 0);
    CHECK(spillover::testing::contains(text.out, "Dagum (1997) decomposition"));
    const Run tex = run_cli("inequality " + cigar + "--var sales --format latex");
    CHECK(tex.code == 0);
    CHECK(spillover::testing::contains(tex.out, "\\toprule"));
}

TEST_CASE("Inequality CLI: density writes the summary and the curves as CSV") {
    const std::string grid = (cli_scratch() / "grid.csv").string();
    const Run r = run_cli("density " + cigar + "--var sales --format json --grid-out '" + grid + "'");
    REQUIRE(r.code == 0);
    const auto j = nlohmann::json::parse(r.out);
    for (const char* key : {"variable", "kernel", "bandwidth_rule", "points", "density"}) CHECK_MESSAGE(j.contains(key), key);
    const auto fixture = spillover::testing::load_fixture("inequality_cigar.json");
    spillover::testing::check_relative(j["density"][0]["bandwidth"], fixture["by_year"][0]["bandwidth"], 1e-14, "h 1963");
    const std::string curves = slurp(grid);
    CHECK(curves.rfind("period,x,density\n1963,", 0) == 0);
    CHECK(std::count(curves.begin(), curves.end(), '\n') == 1 + 30 * 512);
}

TEST_CASE("Inequality CLI: a constant indicator and a negative value are errors with exit code 2") {
    const spillover::testing::TempDir files;
    const std::string data = files.write("flat.csv", "id,a,b\n1,1,5\n2,2,5\n3,3,5\n");
    const Run r = run_cli("index --data '" + data + "' --id id --indicators a,b");
    CHECK(r.code == 2);
    CHECK(r.err.rfind("spillover: error: indicator 'b' is constant", 0) == 0);
    const std::string negative = files.write("neg.csv", "id,y\n1,1\n2,-2\n");
    const Run n = run_cli("inequality --data '" + negative + "' --id id --var y");
    CHECK(n.code == 2);
    CHECK(spillover::testing::contains(n.err, "unit \"2\""));
    const Run w = run_cli("density --data '" + negative + "' --var y --weights x.gal");
    CHECK(w.code == 2);  // no --weights option for these commands
}
