// `spillover moran`, `geary`, `getis` as a user runs them: the JSON contract's keys and one value
// each against spdep (fixture tests/reference/esda_columbus.R), and a bad variable's error.

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

const std::string columbus = "--data '" + std::string(SPILLOVER_DATA_DIR) + "/columbus/columbus.csv' --id POLYID --weights '" +
                             std::string(SPILLOVER_DATA_DIR) + "/columbus/COL.gal' ";

const nlohmann::json& expected(const std::string& statistic) {
    static const nlohmann::json j = spillover::testing::load_fixture("esda_columbus.json");
    return j["global"][0]["statistics"]["CRIME"][statistic];
}

}  // namespace

TEST_CASE("CLI: moran --format json writes I, expected, variance, z, p_value, permutation_p_value") {
    const Run r = run_cli("moran " + columbus + "--var CRIME --format json --permutations 99");
    REQUIRE(r.code == 0);
    const auto j = nlohmann::json::parse(r.out);
    for (const char* key : {"I", "expected", "variance", "z", "p_value", "permutation_p_value"}) CHECK(j.contains(key));
    CHECK(j["I"].get<double>() == doctest::Approx(expected("moran_randomisation_greater")["statistic"].get<double>()).epsilon(1e-12));
    CHECK(j["permutation_p_value"].get<double>() == doctest::Approx(0.01));  // 1/(99 + 1): no draw reaches I
    CHECK(j["status"] == "ok");
}

TEST_CASE("CLI: moran --local writes the local array with its keys") {
    const Run r = run_cli("moran " + columbus + "--var CRIME --local --adjust fdr --permutations 99 --format json");
    REQUIRE(r.code == 0);
    const auto j = nlohmann::json::parse(r.out);
    REQUIRE(j["local"].size() == 49);
    for (const char* key : {"id", "Ii", "E_Ii", "Var_Ii", "Z_Ii", "p_value", "cluster"}) CHECK(j["local"][0].contains(key));
    const auto e = spillover::testing::load_fixture("esda_columbus.json")["local"][0]["statistics"]["CRIME"];
    CHECK(j["local"][0]["Ii"].get<double>() == doctest::Approx(e["Ii"][0].get<double>()).epsilon(1e-12));
}

TEST_CASE("CLI: geary --normality writes C, expected, variance, z, p_value") {
    const Run r = run_cli("geary " + columbus + "--var CRIME --normality --permutations 0 --format json");
    REQUIRE(r.code == 0);
    const auto j = nlohmann::json::parse(r.out);
    for (const char* key : {"C", "expected", "variance", "z", "p_value"}) CHECK(j.contains(key));
    CHECK(j["variance"].get<double>() ==
          doctest::Approx(expected("geary_normality_greater")["variance"].get<double>()).epsilon(1e-12));
}

TEST_CASE("CLI: getis reads W binary and writes G, with --local --star the G* table") {
    const Run r = run_cli("getis " + columbus + "--var CRIME --local --star --permutations 0 --format json");
    REQUIRE(r.code == 0);
    const auto j = nlohmann::json::parse(r.out);
    const auto e = spillover::testing::load_fixture("esda_columbus.json");
    CHECK(j["G"].get<double>() ==
          doctest::Approx(e["global"][1]["statistics"]["CRIME"]["getis_greater"]["statistic"].get<double>()).epsilon(1e-12));
    CHECK(j["local"][0]["Z_G"].get<double>() ==
          doctest::Approx(e["local"][1]["statistics"]["CRIME"]["Z_G_star"][0].get<double>()).epsilon(1e-12));
}

TEST_CASE("CLI: an unknown --var is named, exit code 2") {
    const Run r = run_cli("moran " + columbus + "--var NOPE");
    CHECK(r.code == 2);
    CHECK(r.err.find("unknown column 'NOPE'") != std::string::npos);
    CHECK(r.out.empty());
}
