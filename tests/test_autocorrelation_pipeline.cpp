// The pipeline of `moran`, `geary`, `getis` (workflow/autocorrelation_pipeline): a panel's
// year-by-year table and pooled statistic against spdep's moran.test per year and on the stacked years
// with I_T ⊗ W (fixture: tests/reference/esda_columbus.R, Baltagi's cigarette panel); the report's
// JSON keys; the scatterplot's points; bad requests; the point map asked for from C++.

#include <string>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "engine/json_writer.hpp"
#include "test_support.hpp"
#include "workflow/autocorrelation_figure.hpp"
#include "workflow/autocorrelation_pipeline.hpp"

using namespace spillover;
using spillover::testing::check_relative;

namespace {

AutocorrelationRequest cigar_request(AutocorrelationStatistic statistic) {
    AutocorrelationRequest r;
    r.input.data_path = std::string(SPILLOVER_SOURCE_DIR) + "/data/cigar/cigar.csv";
    r.input.id_column = "state";
    r.input.time_column = "year";
    r.input.weights_path = std::string(SPILLOVER_SOURCE_DIR) + "/data/cigar/cigar_queen.gal";
    r.statistic = statistic;
    r.variable = "logc";
    r.global.permutation.permutations = 0;
    return r;
}

AutocorrelationRequest columbus_request() {
    AutocorrelationRequest r;
    r.input.data_path = std::string(SPILLOVER_SOURCE_DIR) + "/data/columbus/columbus.csv";
    r.input.id_column = "POLYID";
    r.input.weights_path = std::string(SPILLOVER_SOURCE_DIR) + "/data/columbus/COL.gal";
    r.variable = "CRIME";
    r.global.permutation.permutations = 99;
    return r;
}

void check_test(const GlobalTest& t, const nlohmann::json& e, const std::string& what) {
    check_relative(t.value, e["statistic"].get<double>(), 1e-10, what + " statistic");
    check_relative(t.expected, e["expected"].get<double>(), 1e-10, what + " expected");
    check_relative(t.variance, e["variance"].get<double>(), 1e-10, what + " variance");
    check_relative(t.z, e["z"].get<double>(), 1e-10, what + " z");
    check_relative(t.p_value, e["p_value"].get<double>(), 1e-9, what + " p");
}

}  // namespace

TEST_CASE("Panel Moran: every year and the pooled statistic equal spdep moran.test (both centrings)") {
    const nlohmann::json e = testing::load_fixture("esda_columbus.json")["panel"];
    AutocorrelationRequest request = cigar_request(AutocorrelationStatistic::Moran);
    const AutocorrelationResult r = run_autocorrelation(request);
    REQUIRE(r.periods.size() == e["per_period"].size());
    for (std::size_t t = 0; t < r.periods.size(); ++t) {
        CHECK(r.periods[t].period == e["per_period"][t]["period"].get<std::string>());
        check_test(r.periods[t].global, e["per_period"][t], "year " + r.periods[t].period);
    }
    REQUIRE(r.pooled);
    check_test(*r.pooled, e["pooled_period_centred"], "pooled, period centred");
    request.centring = PooledCentring::Pooled;
    check_test(*run_autocorrelation(request).pooled, e["pooled_raw"], "pooled, raw");

    AutocorrelationRequest geary = cigar_request(AutocorrelationStatistic::Geary);
    check_test(*run_autocorrelation(geary).pooled, e["geary_pooled_period_centred"], "geary pooled, period centred");
    geary.centring = PooledCentring::Pooled;
    check_test(*run_autocorrelation(geary).pooled, e["geary_pooled_raw"], "geary pooled, raw");

    const nlohmann::json j = nlohmann::json::parse(write_json(r.report()));
    CHECK(j["periods"].size() == 30);
    CHECK(j["periods"][0]["period"] == "1963");
    CHECK(j["periods"][0].contains("permutation_p_value"));
    CHECK(j["I"].get<double>() == doctest::Approx(r.pooled->value));
}

TEST_CASE("Moran report: the contract's keys, the local table and the scatterplot's points") {
    AutocorrelationRequest request = columbus_request();
    request.local = true;
    const AutocorrelationResult r = run_autocorrelation(request);
    REQUIRE(r.status == FitStatus::Ok);
    const nlohmann::json j = nlohmann::json::parse(write_json(r.report()));
    for (const char* key : {"I", "expected", "variance", "z", "p_value", "permutation_p_value"}) CHECK(j.contains(key));
    REQUIRE(j["local"].size() == 49);
    for (const char* key : {"id", "Ii", "E_Ii", "Var_Ii", "Z_Ii", "p_value", "cluster"}) CHECK(j["local"][0].contains(key));
    CHECK(j["local"][0]["id"] == "1");
    const MoranScatter& s = *r.periods[0].scatter;
    REQUIRE(s.classes.size() == 49);
    CHECK(s.ids[0] == "1");
    // Row-standardised W, no island: the scatterplot's slope is Moran's I, and the local table's
    // standardised value and lag are the scatter's.
    CHECK(s.slope == doctest::Approx(r.periods[0].global.value).epsilon(1e-12));
    CHECK(j["local"][3]["standardised"].get<double>() == doctest::Approx(s.z[3]));
    CHECK(j["local"][3]["spatial_lag"].get<double>() == doctest::Approx(s.lag[3]));
}

TEST_CASE("Getis: local G* reads W with self-links, global G stays on W") {
    AutocorrelationRequest request = columbus_request();
    request.statistic = AutocorrelationStatistic::Getis;
    request.input.weights_transform = "binary";
    request.local = true;
    request.star = true;
    const AutocorrelationResult r = run_autocorrelation(request);
    const nlohmann::json e = testing::load_fixture("esda_columbus.json");
    check_relative(r.periods[0].global.value, e["global"][1]["statistics"]["CRIME"]["getis_greater"]["statistic"].get<double>(),
                   1e-10, "G binary");
    check_relative(r.periods[0].local_g->z[0], e["local"][1]["statistics"]["CRIME"]["Z_G_star"][0].get<double>(), 1e-10, "Z G*");
    CHECK(testing::contains(r.weights_line, "include.self"));
}

TEST_CASE("Autocorrelation requests: bad combinations and unknown columns are InputErrors") {
    AutocorrelationRequest r = columbus_request();
    r.statistic = AutocorrelationStatistic::Geary;
    r.local = true;
    CHECK(testing::contains(testing::input_error([&] { run_autocorrelation(r); }).what(), "geary has no --local"));
    r = columbus_request();
    r.star = true;
    CHECK(testing::contains(testing::input_error([&] { run_autocorrelation(r); }).what(), "--star"));
    r = columbus_request();
    r.variable = "NOPE";
    CHECK(testing::contains(testing::input_error([&] { run_autocorrelation(r); }).what(), "unknown column 'NOPE'"));
    r = columbus_request();
    r.local_inference.significance = 1.5;
    CHECK(testing::contains(testing::input_error([&] { run_autocorrelation(r); }).what(), "significance"));
}

TEST_CASE("Moran figures from C++: the point map through the request's coords, outline and lonlat") {
    AutocorrelationRequest request = columbus_request();
    request.local = true;
    const AutocorrelationResult r = run_autocorrelation(request);
    const testing::TempDir dir("spillover_figure");
    AutocorrelationFigureRequest figures;
    figures.map = dir.path("lisa.svg");
    figures.coords = "X,Y";
    figures.lonlat = true;
    const std::vector<figure::FigureReport> reports = draw_autocorrelation_figures(r, figures);
    REQUIRE(reports.size() == 1);
    CHECK(reports[0].drawn == 49);
    REQUIRE(reports[0].notes.size() == 1);
    CHECK(testing::contains(reports[0].notes[0], "equirectangular"));
    CHECK(figures.coordinate_columns() == std::pair<std::string, std::string>{"X", "Y"});
    // The map's units one way or the other, never both; the data's columns checked when drawn.
    figures.polygons = std::string(SPILLOVER_SOURCE_DIR) + "/data/columbus/columbus.shp";
    CHECK_THROWS_WITH_AS(figures.validate(AutocorrelationStatistic::Moran), doctest::Contains("give one, not both"),
                         InputError);
    figures.polygons.clear();
    figures.coords = "X,NORTH";
    CHECK_THROWS_WITH_AS(draw_autocorrelation_figures(r, figures), doctest::Contains("unknown column 'NORTH'"), InputError);
    figures.coords = "X,Y";
    figures.map.clear();
    CHECK_THROWS_WITH_AS(figures.validate(AutocorrelationStatistic::Moran), doctest::Contains("--coords is for --map"),
                         InputError);
}
