// `spillover markov` as a user meets it: the JSON keys on giddy's example, the text report, and the
// errors for data that cannot make a chain.

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

using spillover::testing::contains;

const std::string us_income = "--data '" + std::string(SPILLOVER_DATA_DIR) + "/us_income/us_income.csv' ";
const std::string states48 = "--weights '" + std::string(SPILLOVER_DATA_DIR) + "/us_income/states48.gal' ";

}  // namespace

TEST_CASE("CLI markov: the spatial chain of giddy's example as JSON") {
    const Run r = run_cli("markov " + us_income + states48 + "--var income --panel id,year --relative --format json");
    REQUIRE(r.code == 0);
    const auto j = nlohmann::json::parse(r.out);
    for (const char* key : {"analysis", "variable", "scale", "classification", "units", "periods", "transitions",
                            "classes", "lag_classes", "cutoffs", "lag_cutoffs", "transition_counts",
                            "transition_probabilities", "spatial_counts", "spatial_probabilities", "steady_state",
                            "first_passage_times", "spatial_first_passage_times", "tests", "chi2_by_lag_class",
                            "conventions", "status", "message"})
        CHECK_MESSAGE(j.contains(key), key);
    CHECK(j["analysis"] == "spatial_markov");
    CHECK(j["transitions"] == 48 * 80);
    CHECK(j["status"] == "ok");
    // giddy's sm.P[0][0][0]: a poor state among poor neighbours stays poor with 0.96341463.
    const auto& first = j["spatial_probabilities"][0];
    CHECK(first["lag_class"] == "1");
    CHECK(first["from"] == 1);
    CHECK(std::fabs(first["1"].get<double>() - 0.96341463) < 5e-9);
    CHECK(first["n"] == 492);  // 474 of 492 stay
    CHECK(std::fabs(j["tests"]["lr"]["statistic"].get<double>() - 170.659) < 5e-4);
    CHECK(j["tests"]["q"]["df"] == 60);
    CHECK(j["cutoffs"][0]["breaks"] == "pooled");
    CHECK(std::fabs(j["cutoffs"][0]["cut_1"].get<double>() - 0.83999133) < 5e-9);
    CHECK(j["steady_state"][1]["chain"] == "lag_1");
}

TEST_CASE("CLI markov: without W the classic chain, per period, in text") {
    const Run r = run_cli("markov " + us_income + "--var income --panel id,year --per-period");
    REQUIRE(r.code == 0);
    CHECK(contains(r.out, "Markov chain of income"));
    CHECK(contains(r.out, "729"));  // giddy's m.transitions[0][0]
    CHECK(contains(r.out, "giddy fixed=False"));
    CHECK(!contains(r.out, "Homogeneity"));
}

TEST_CASE("CLI markov: a cross-section cannot make a chain (exit code 2, one line)") {
    const std::string columbus = "--data '" + std::string(SPILLOVER_DATA_DIR) + "/columbus/columbus.csv' ";
    const Run none = run_cli("markov " + columbus + "--var CRIME");
    CHECK(none.code == 2);
    CHECK(contains(none.err, "spillover: error: a Markov chain needs a panel"));
    const spillover::testing::TempDir files;
    const std::string one_year = files.write("one_year.csv", "id,year,y\n1,2000,1\n2,2000,2\n3,2000,3\n");
    const Run single = run_cli("markov --data '" + one_year + "' --var y --panel id,year");
    CHECK(single.code == 2);
    CHECK(contains(single.err, "spillover: error: the panel has one period only"));
    const Run bad = run_cli("markov " + us_income + "--var income --panel id,year --classes 1");
    CHECK(bad.code == 2);
    CHECK(contains(bad.err, "between 2 and 100"));
}
