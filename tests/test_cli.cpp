// The command line as a user meets it: exit codes, one-line errors, formats, atomic output files.

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <sys/wait.h>

#include "engine/number_format.hpp"
#include "tests/cli_test_support.hpp"

namespace {

using spillover::testing::cli_scratch;
using spillover::testing::Run;
using spillover::testing::run_cli;
using spillover::testing::slurp;

const std::string columbus = std::string(SPILLOVER_DATA_DIR) + "/columbus/columbus.csv";

bool one_error_line(const Run& r) {
    return r.err.rfind("spillover: error: ", 0) == 0 && r.err.find('\n') == r.err.size() - 1;
}

}  // namespace

TEST_CASE("CLI: fit --format json writes the contract") {
    const Run r = run_cli("fit --data '" + columbus + "' --formula 'CRIME ~ INC + HOVAL' --id POLYID --format json");
    REQUIRE(r.code == 0);
    const auto j = nlohmann::json::parse(r.out);
    CHECK(j["model"] == "ols");
    CHECK(j["n"] == 49);
    CHECK(j["dependent"] == "CRIME");
    CHECK(j["coefficients"][0]["name"] == "(Intercept)");
    std::ifstream fixture(std::string(SPILLOVER_FIXTURE_DIR) + "/ols_columbus.json");
    const double r_intercept = nlohmann::json::parse(fixture)["cases"][0]["estimate"][0].get<double>();
    CHECK(j["coefficients"][0]["estimate"].get<double>() == doctest::Approx(r_intercept).epsilon(1e-12));
    CHECK(j["status"] == "ok");
}

TEST_CASE("CLI: text, latex, markdown and csv outputs") {
    const std::string base = "fit --data '" + columbus + "' --formula 'CRIME ~ INC + HOVAL' ";
    const Run text = run_cli(base);
    CHECK(text.code == 0);
    CHECK(text.out.find("Coefficients:") != std::string::npos);
    CHECK(text.out.find("Status: ok") != std::string::npos);
    const Run tex = run_cli(base + "--format latex --decimals 2");
    CHECK(tex.out.find("(Intercept) & 68.62*** \\\\") != std::string::npos);
    const Run md = run_cli(base + "--format markdown");
    CHECK(md.out.find("| INC | -1.597\\*\\*\\* |") != std::string::npos);
    const Run csv = run_cli(base + "--format csv");
    CHECK(csv.out.rfind("model,section,name,estimate", 0) == 0);
}

TEST_CASE("CLI: --output writes the file atomically and prints nothing") {
    const auto target = cli_scratch() / "fit.json";
    std::filesystem::remove(target);
    const Run r = run_cli("fit --data '" + columbus + "' --formula 'CRIME ~ INC' --format json --output '" +
                            target.string() + "'");
    CHECK(r.code == 0);
    CHECK(r.out.empty());
    CHECK(nlohmann::json::parse(slurp(target))["n"] == 49);
    for (const auto& entry : std::filesystem::directory_iterator(cli_scratch()))
        CHECK(entry.path().filename().string().find(".fit.json.") == std::string::npos);  // no temp left
    const Run bad = run_cli("fit --data '" + columbus + "' --formula 'CRIME ~ INC' --output /nonexistent/dir/x.json");
    CHECK(bad.code == 2);
    CHECK(bad.err.find("cannot write '/nonexistent/dir/x.json'") != std::string::npos);
}

TEST_CASE("CLI: bad input is one error line and exit code 2") {
    const Run missing = run_cli("fit --data /no/such.csv --formula 'y ~ x'");
    CHECK(missing.code == 2);
    CHECK(one_error_line(missing));
    CHECK(missing.err.find("cannot open '/no/such.csv'") != std::string::npos);

    const Run column = run_cli("fit --data '" + columbus + "' --formula 'CRIME ~ INCOME'");
    CHECK(column.code == 2);
    CHECK(one_error_line(column));
    CHECK(column.err.find("unknown column 'INCOME'") != std::string::npos);

    const Run formula = run_cli("fit --data '" + columbus + "' --formula 'CRIME ~ lg(INC)'");
    CHECK(formula.code == 2);
    CHECK(one_error_line(formula));
    CHECK(formula.err.find("unknown function 'lg'") != std::string::npos);

    const Run usage = run_cli("fit --formula 'y ~ x'");
    CHECK(usage.code == 2);
    CHECK(one_error_line(usage));
    CHECK(usage.err.find("--data") != std::string::npos);

    const Run model = run_cli("fit --data '" + columbus + "' --formula 'CRIME ~ INC' --model probit");
    CHECK(model.code == 2);
    CHECK(one_error_line(model));

    const Run unknown = run_cli("regress");
    CHECK(unknown.code == 2);
    CHECK(one_error_line(unknown));
    CHECK(unknown.err.find("unknown command 'regress' (commands: demo, density, fit, geary, getis, index, inequality, lmtests, markov, moran, weights, workflow)") != std::string::npos);

    const Run nothing = run_cli("");
    CHECK(nothing.code == 2);
    CHECK(one_error_line(nothing));
}

TEST_CASE("CLI: --help on the program and every subcommand") {
    const Run top = run_cli("--help");
    CHECK(top.code == 0);
    CHECK(top.out.find("fit") != std::string::npos);
    CHECK(top.out.find("demo") != std::string::npos);
    const Run fit = run_cli("fit --help");
    CHECK(fit.code == 0);
    CHECK(fit.out.find("--formula") != std::string::npos);
    CHECK(fit.out.find("na.omit") != std::string::npos);
    CHECK(run_cli("demo --help").code == 0);
}

TEST_CASE("CLI: demo runs the Columbus LM tests, SDM and the family table") {
    const Run r = run_cli("demo columbus");
    CHECK(r.code == 0);
    CHECK(r.out.find("CRIME ~ INC + HOVAL") != std::string::npos);
    CHECK(r.out.find("LM-lag            LMlag") != std::string::npos);
    CHECK(r.out.find("W_HOVAL") != std::string::npos);
    CHECK(r.out.find("| HOVAL |") != std::string::npos);
    CHECK(r.out.find("| SDEM |") != std::string::npos);
}

TEST_CASE("CLI: fit of a spatial model writes the JSON contract, and --residuals the fitted values") {
    const std::string gal = std::string(SPILLOVER_DATA_DIR) + "/columbus/COL.gal";
    const auto residuals = cli_scratch() / "residuals.csv";
    const Run r = run_cli("fit --data '" + columbus + "' --formula 'CRIME ~ INC + HOVAL' --id POLYID --weights '" + gal +
                          "' --model sdm --format json --residuals '" + residuals.string() + "'");
    REQUIRE(r.code == 0);
    const auto j = nlohmann::json::parse(r.out);
    CHECK(j["model"] == "sdm");
    CHECK(j["coefficients"][3]["name"] == "W_INC");
    double r_rho = 0.0;  // spatialreg's, from the model fixture
    const auto fixture = spillover::testing::load_fixture("spatial_models_columbus.json");
    for (const auto& c : fixture["cases"])
        if (c["label"] == "sdm" && c["weights"] == "col") r_rho = c["rho"].get<double>();
    REQUIRE(r_rho != 0.0);
    CHECK(j["rho"]["estimate"].get<double>() == doctest::Approx(r_rho).epsilon(1e-6));
    for (const char* key : {"estimate", "std_error", "z", "p_value"}) CHECK(j["rho"].contains(key));
    CHECK(j["ldet"]["method_requested"] == "auto");
    CHECK(j["ldet"]["method_used"] == "eigen");
    CHECK(j["ldet"]["rho_interval"].size() == 2);
    CHECK(j["tests"].size() >= 5);
    CHECK(j["status"] == "ok");
    const std::string csv = slurp(residuals);
    CHECK(csv.rfind("id,fitted_sdm,residual_sdm\n1,", 0) == 0);
    CHECK(std::count(csv.begin(), csv.end(), '\n') == 50);
}

TEST_CASE("CLI: lmtests writes spdep's diagnostics in every format, and spatial input errors are one line") {
    const std::string gal = std::string(SPILLOVER_DATA_DIR) + "/columbus/COL.gal";
    const Run r = run_cli("lmtests --data '" + columbus + "' --formula 'CRIME ~ INC + HOVAL' --id POLYID --weights '" +
                          gal + "' --format json");
    REQUIRE(r.code == 0);
    const auto j = nlohmann::json::parse(r.out);
    const auto spdep = spillover::testing::load_fixture("lm_tests_columbus.json")["cases"][0];  // COL.gal, style W
    REQUIRE(spdep["label"] == "col_row");
    CHECK(j["lm_lag"]["statistic"].get<double>() == doctest::Approx(spdep["lm_lag"]["statistic"].get<double>()).epsilon(1e-10));
    CHECK(j.contains("moran_i"));

    // Every format of the same numbers: spdep's LM-lag 9.3637 (p 0.0022) and LM-error 5.7231 (p 0.0167).
    const std::string args = "lmtests --data '" + columbus + "' --formula 'CRIME ~ INC + HOVAL' --id POLYID --weights '" +
                             gal + "' ";
    const Run tex = run_cli(args + "--format latex --decimals 2");
    REQUIRE(tex.code == 0);
    CHECK(tex.out.find("LM-lag & LMlag & 9.36*** & 1 & 0.00 \\\\\n") != std::string::npos);
    CHECK(tex.out.find("Observed I & 0.24 \\\\\n") != std::string::npos);
    CHECK(tex.out.find("\\footnotesize Status: ok} \\\\\n\\end{tabular}\n") != std::string::npos);
    const Run md = run_cli(args + "--format markdown");
    REQUIRE(md.code == 0);
    CHECK(md.out.find("| LM-error | LMerr | 5.723\\*\\* | 1 | 0.017 |\n") != std::string::npos);
    CHECK(md.out.find("| Observations | 49 |\n") != std::string::npos);
    const Run csv = run_cli(args + "--format csv");
    REQUIRE(csv.code == 0);
    CHECK(csv.out.rfind("table,row,column,value\nreport,,diagnostics,ols_spatial\n", 0) == 0);
    CHECK(csv.out.find("\nreport,lm_lag,statistic," + spillover::format_round_trip(j["lm_lag"]["statistic"].get<double>()) +
                       "\n") != std::string::npos);
    CHECK(csv.out.find("\nmoran_i,,p_greater," + spillover::format_round_trip(j["moran_i"]["p_greater"].get<double>()) +
                       "\n") != std::string::npos);
    CHECK(csv.out.find("\nreport,,status,ok\n") != std::string::npos);

    const Run no_w = run_cli("fit --data '" + columbus + "' --formula 'CRIME ~ INC' --model sar");
    CHECK(no_w.code == 2);
    CHECK(one_error_line(no_w));
    CHECK(no_w.err.find("--weights FILE") != std::string::npos);
    const std::string missing = std::string(SPILLOVER_FIXTURE_DIR) + "/columbus_missing.csv";
    const Run na = run_cli("fit --data '" + missing + "' --formula 'CRIME ~ INC + HOVAL' --id POLYID --weights '" + gal +
                           "' --model sar");
    CHECK(na.code == 2);
    CHECK(one_error_line(na));
    CHECK(na.err.find("INC") != std::string::npos);
}

TEST_CASE("CLI: weights build, info and convert on Columbus") {
    const std::string shapes = std::string(SPILLOVER_DATA_DIR) + "/columbus/columbus.shp";
    const auto gal = cli_scratch() / "queen.gal";
    const Run build = run_cli("weights build --contiguity queen --shapes '" + shapes + "' --id-field POLYID --output '" +
                              gal.string() + "'");
    REQUIRE(build.code == 0);
    CHECK(build.out.find("49 units, 236 links") != std::string::npos);
    CHECK(build.out.find("transform: row (the default)") != std::string::npos);
    // GAL holds links only: the file gets the neighbour sets, and the output says so.
    CHECK(slurp(gal).rfind("0 49", 0) == 0);
    CHECK(build.out.find("GAL stores the neighbour sets only") != std::string::npos);

    const auto gwt = cli_scratch() / "knn.gwt";
    const Run knn = run_cli("weights build --knn 4 --data '" + columbus + "' --coords X,Y --id POLYID --output '" +
                            gwt.string() + "'");
    REQUIRE(knn.code == 0);
    CHECK(knn.out.find("49 units, 196 links") != std::string::npos);

    const Run second = run_cli("weights build --contiguity queen --shapes '" + shapes + "' --order 2 --transform binary --output '" +
                               (cli_scratch() / "queen2.gal").string() + "'");
    REQUIRE(second.code == 0);
    CHECK(second.out.find("neighbours of order 2 (spdep nblag: exactly k steps)") != std::string::npos);

    const Run info = run_cli("weights info '" + std::string(SPILLOVER_DATA_DIR) + "/columbus/COL.gal' --format json");
    REQUIRE(info.code == 0);
    const auto j = nlohmann::json::parse(info.out);
    CHECK(j["links"] == 232);
    CHECK(j["components"] == 1);
    std::ifstream graph(std::string(SPILLOVER_FIXTURE_DIR) + "/weights/columbus_graph.json");
    const double r_largest = nlohmann::json::parse(graph)["binary_eigen_max"].get<double>();
    CHECK(j["eigenvalues"]["largest"].get<double>() == doctest::Approx(r_largest).epsilon(1e-10));

    const auto mtx = cli_scratch() / "col.mtx";
    const Run convert = run_cli("weights convert '" + std::string(SPILLOVER_DATA_DIR) + "/columbus/COL.gal' '" +
                                mtx.string() + "' --transform row");
    REQUIRE(convert.code == 0);
    CHECK(convert.out.find("49 units, 232 links") != std::string::npos);
    const Run text = run_cli("weights info '" + mtx.string() + "'");
    CHECK(text.out.find("Transform:") != std::string::npos);
    // 1/λ_min of the row-standardised W, as R's eigen() gives it.
    const double r_lower = 1.0 / nlohmann::json::parse(std::ifstream(std::string(SPILLOVER_FIXTURE_DIR) +
                                                                     "/weights/columbus_graph.json"))["row_eigen_min"].get<double>();
    CHECK(text.out.find(fmt::format("Interval of rho: ({:.7}", r_lower)) != std::string::npos);
}

TEST_CASE("CLI: weights build errors are one line with exit code 2") {
    const Run none = run_cli("weights build --data '" + columbus + "' --output /tmp/x.gal");
    CHECK(none.code == 2);
    CHECK(one_error_line(none));
    CHECK(none.err.find("name one method") != std::string::npos);
    const Run two = run_cli("weights build --knn 4 --distance-band 3 --data '" + columbus + "' --coords X,Y --output /tmp/x.gwt");
    CHECK(two.code == 2);
    CHECK(two.err.find("name one method, got --knn and --distance-band") != std::string::npos);
    const Run islands = run_cli("weights build --distance-band 3 --data '" + columbus +
                                "' --coords X,Y --no-islands --output /tmp/x.gwt");
    CHECK(islands.code == 2);
    CHECK(one_error_line(islands));
    CHECK(islands.err.find("5 units have no neighbour") != std::string::npos);
    const Run coords = run_cli("weights build --knn 4 --data '" + columbus + "' --coords X --output /tmp/x.gwt");
    CHECK(coords.code == 2);
    CHECK(coords.err.find("--coords takes two column names") != std::string::npos);
}

TEST_CASE("CLI: fit --impacts writes the impacts array, the effects table in every format, and orders") {
    const std::string gal = std::string(SPILLOVER_DATA_DIR) + "/columbus/COL.gal";
    const std::string base = "fit --data '" + columbus + "' --formula 'CRIME ~ INC + HOVAL' --id POLYID --weights '" + gal +
                             "' --model sar,sdm --impacts --draws 500 --seed 5 ";
    const Run r = run_cli(base + "--orders 2 --format json");
    REQUIRE(r.code == 0);
    const auto j = nlohmann::json::parse(r.out);
    REQUIRE(j.size() == 2);
    const auto& sdm = j[1];
    const auto fixture = spillover::testing::load_fixture("impacts_columbus.json");
    const auto& r_sdm = fixture["cases"][1];
    REQUIRE(r_sdm["name"] == "sdm_col");
    REQUIRE(sdm["impacts"].size() == 2);
    CHECK(sdm["impacts"][0]["variable"] == "INC");
    for (const char* effect : {"direct", "indirect", "total"}) {
        for (const char* key : {"estimate", "std_error", "z", "p_value", "mean", "lower", "upper"})
            CHECK(sdm["impacts"][0][effect].contains(key));
        CHECK(sdm["impacts"][0][effect]["estimate"].get<double>() ==
              doctest::Approx(r_sdm["exact"]["INC"][effect].get<double>()).epsilon(1e-6));
    }
    CHECK(sdm["impacts_method"]["draws"] == 500);
    CHECK(sdm["impacts_method"]["seed"] == 5);
    CHECK(sdm["impacts_by_order"].size() == 3);
    CHECK(sdm["impacts_by_order"][1]["component"][0]["direct"]["estimate"].get<double>() ==
          doctest::Approx(r_sdm["components"]["INC"]["direct"][1].get<double>()).epsilon(1e-6));

    const Run text = run_cli(base);
    CHECK(text.out.find("Impacts (direct, indirect and total effects") != std::string::npos);
    const Run tex = run_cli(base + "--format latex");
    CHECK(tex.out.find("\\multicolumn{3}{c}{SDM}") != std::string::npos);
    CHECK(tex.out.find("Direct & Indirect & Total") != std::string::npos);
    const Run md = run_cli(base + "--format markdown");
    CHECK(md.out.find("SDM Indirect") != std::string::npos);
    const Run csv = run_cli(base + "--format csv");
    CHECK(csv.out.find("sdm,impact,INC:total,") != std::string::npos);

    const Run method = run_cli(base + "--impacts-method series");
    CHECK(method.code != 0);
}

TEST_CASE("CLI: panels: fit --panel with its JSON block, demo cigar, and the panel errors are one line") {
    using spillover::testing::contains;
    const std::string cigar = std::string(SPILLOVER_DATA_DIR) + "/cigar/cigar.csv";
    const std::string queen = std::string(SPILLOVER_DATA_DIR) + "/cigar/cigar_queen.gal";
    const std::string base = "fit --data '" + cigar + "' --weights '" + queen + "' --formula 'logc ~ logp + logy' ";
    const Run r = run_cli(base + "--panel state,year --model sdm --effects twoways --bias-correction --format json "
                                 "--fixed-effects '" + (cli_scratch() / "fe.csv").string() + "'");
    REQUIRE(r.code == 0);
    const auto j = nlohmann::json::parse(r.out);
    CHECK(j["panel"]["N"] == 46);
    CHECK(j["panel"]["T"] == 30);
    CHECK(j["panel"]["effects"] == "twoways");
    CHECK(j["panel"]["transformation"] == "bias-corrected");
    CHECK(j["panel"]["convention"] == "demean-lag");
    CHECK(j["panel"]["observations"] == 1380);
    const std::string fe = slurp(cli_scratch() / "fe.csv");
    CHECK(fe.rfind("model,kind,id,estimate,std_error\nsdm,intercept,,", 0) == 0);
    CHECK(std::count(fe.begin(), fe.end(), '\n') == 1 + 1 + 46 + 30);

    const Run demo = run_cli("demo cigar");
    CHECK(demo.code == 0);
    CHECK(demo.out.find("Robust LM-lag") != std::string::npos);
    CHECK(demo.out.find("LR test of the unit effects") != std::string::npos);
    CHECK(demo.out.find("SDM (LEE-YU)") != std::string::npos);

    const auto error_of = [&](const std::string& args) {
        const Run e = run_cli(base + args);
        CHECK(e.code == 2);
        CHECK(one_error_line(e));
        return e.err;
    };
    CHECK(contains(error_of("--panel state"), "--panel takes the unit and the period column"));
    CHECK(contains(error_of("--panel state,year --lee-yu --bias-correction"), "two estimators"));
    CHECK(contains(error_of("--lee-yu --model sar"), "are for panels"));
    CHECK(contains(error_of("--panel state,year --model sar --effects none --lee-yu"), "corrects for fixed effects"));
    CHECK(contains(error_of("--panel state,year --model sac"), "sac is not available with panel fixed effects"));
    CHECK(contains(error_of("--panel state,year --model sar --effects time --lee-yu --transform binary"),
                   "needs W row-standardised"));
    const Run absorbed = run_cli("fit --data '" + cigar + "' --weights '" + queen +
                                 "' --formula 'logc ~ logp + I(state * 2)' --panel state,year --model sar --effects individual");
    CHECK(absorbed.code == 2);
    CHECK(contains(absorbed.err, "'I(state*2)' does not vary once the individual fixed effects are removed"));
    CHECK(contains(error_of("--panel state,pop --model sar"), "state = 8 appears twice in pop = 582 (data rows 164 and 165)"));
}
