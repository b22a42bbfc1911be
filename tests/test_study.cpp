// The study over several W (workflow/study_pipeline.hpp, study_report.hpp, study_file.hpp): on
// Columbus with Anselin's W and a kNN-4 W, its LM tests equal spdep's lm.LMtests and its SDM equals
// spatialreg's lagsarlm(Durbin = TRUE) (tests/reference/lm_tests_columbus.R and
// spatial_models_columbus.R), its LR tests equal spatialreg's LR.Sarlm and `fit`'s own, and the two
// W stand side by side in the paper's tables; on Cigar (a panel) the effects' LR tests and
// Hausman's test are there; the study file reads as the command line.

#include <doctest/doctest.h>

#include <filesystem>

#include "engine/input_error.hpp"
#include "tests/test_support.hpp"
#include "workflow/fit_pipeline.hpp"
#include "workflow/study_file.hpp"
#include "workflow/study_report.hpp"

using namespace spillover;
using spillover::testing::check_relative;
using spillover::testing::contains;
using spillover::testing::load_fixture;

namespace {

const std::string source = SPILLOVER_SOURCE_DIR;

StudyRequest columbus_study() {
    StudyRequest r;
    r.input.data_path = source + "/data/columbus/columbus.csv";
    r.input.id_column = "POLYID";
    r.formula = "CRIME ~ INC + HOVAL";
    r.weights = {{"col", source + "/data/columbus/COL.gal"}, {"knn4", source + "/tests/fixtures/columbus_knn4.gal"}};
    r.impacts.draws = 200;
    return r;
}

const StudyResult& columbus() {
    static const StudyResult study = run_study(columbus_study());
    return study;
}

const nlohmann::json& case_of(const nlohmann::json& cases, const std::string& key, const std::string& value,
                              const std::string& key2, const std::string& value2) {
    for (const auto& c : cases)
        if (c[key] == value && c[key2] == value2) return c;
    FAIL("no fixture case " << value << " " << value2);
    return cases[0];
}

}  // namespace

TEST_CASE("Study: Columbus LM tests of each W equal spdep's lm.LMtests") {
    const auto fixture = load_fixture("lm_tests_columbus.json");
    const StudyResult& study = columbus();
    REQUIRE(study.studies.size() == 2);
    for (const auto& [index, label] : {std::pair{0, "col_row"}, std::pair{1, "knn4_row"}}) {
        const auto& expected = case_of(fixture["cases"], "label", label, "transform", "row");
        const LmTestsResult& lm = study.studies[static_cast<std::size_t>(index)].lm;
        for (const char* key : {"lm_error", "lm_lag", "robust_lm_error", "robust_lm_lag", "sarma"}) {
            check_relative(lm.test(key).statistic, expected[key]["statistic"], 1e-9, std::string(label) + " " + key);
            check_relative(lm.test(key).p_value, expected[key]["p_value"], 1e-7, std::string(label) + " p " + key);
        }
        // The residuals' Moran scatterplot has the slope of lm.morantest's I (W row-standardised).
        check_relative(study.studies[static_cast<std::size_t>(index)].residual_scatter.slope, expected["moran_i"]["i"],
                       1e-9, std::string(label) + " residual Moran's I");
    }
}

TEST_CASE("Study: Columbus SDM of each W equals spatialreg, and its LR tests equal LR.Sarlm and fit's") {
    const auto fixture = load_fixture("spatial_models_columbus.json");
    const StudyResult& study = columbus();
    for (const WeightsStudy& s : study.studies) {
        const auto& expected = case_of(fixture["cases"], "label", "sdm", "weights", s.weights.name);
        for (std::size_t j = 0; j < s.sdm.coefficients.size(); ++j) {
            check_relative(s.sdm.coefficients[j].estimate, expected["estimate"][j], 1e-6, "sdm beta " + s.weights.name);
            check_relative(s.sdm.coefficients[j].std_error, expected["std_error"][j], 1e-4, "sdm se " + s.weights.name);
        }
        check_relative(s.sdm.rho->estimate, expected["rho"], 1e-6, "rho " + s.weights.name);
        check_relative(s.sdm.rho->std_error, expected["rho_se"], 1e-4, "rho se " + s.weights.name);
        check_relative(s.sdm.log_likelihood, expected["log_likelihood"], 1e-9, "logLik " + s.weights.name);
        const auto& lr = fixture["specification_tests"][s.weights.name];
        REQUIRE(s.tests.lr_sdm_sar.has_value());
        REQUIRE(s.tests.lr_sdm_sem.has_value());
        check_relative(s.tests.lr_sdm_sar->statistic, lr["lr_sdm_sar"]["statistic"], 1e-5, "LR sdm sar " + s.weights.name);
        check_relative(s.tests.lr_sdm_sem->statistic, lr["lr_sdm_sem"]["statistic"], 1e-5, "LR sdm sem " + s.weights.name);
        CHECK(s.tests.lr_sdm_sar->df == 2.0);
        REQUIRE(s.tests.wald_sdm_sar.has_value());
        REQUIRE(s.tests.wald_sdm_sem.has_value());
    }
    // `fit --model sdm` refits the restricted models itself: the same LR statistics.
    FitRequest fit;
    fit.input = columbus_study().input;
    fit.input.weights_path = source + "/data/columbus/COL.gal";
    fit.formula = "CRIME ~ INC + HOVAL";
    fit.models = {"sdm"};
    const SpatialFit sdm = run_fit(fit).front();
    for (const auto& t : sdm.tests) {
        if (t.key == "lr_theta") check_relative(study.studies[0].tests.lr_sdm_sar->statistic, t.statistic, 1e-9, "lr_theta");
        if (t.key == "lr_common_factor")
            check_relative(study.studies[0].tests.lr_sdm_sem->statistic, t.statistic, 1e-9, "lr_common_factor");
    }
}

TEST_CASE("Study: Columbus selection follows the rule, and the SDM's effects are reported") {
    const StudyResult& study = columbus();
    const WeightsStudy& col = study.studies[0];
    // Robust LM-lag p = 0.054, robust LM-error p = 0.78: neither rejects at 5%; LM-lag and LM-error
    // both do, so the direction is "both" and the SDM stays.
    CHECK(col.selection.direction == LmDirection::Both);
    CHECK(col.selection.model == "sdm");
    REQUIRE(col.sdm.impacts.has_value());
    CHECK(col.sdm.impacts->effects.size() == 2);
    CHECK(col.sdm.impacts->draws == 200);
    CHECK(&col.selected() == &col.sdm);
}

TEST_CASE("Study: the paper's tables have the W as columns, and the JSON the contract's keys") {
    const StudyResult& study = columbus();
    const std::vector<PaperTable> tables = study_tables(study);
    // Anselin's W keeps the SDM; the kNN-4 W selects SAR (robust LM-lag p = 0.036 alone, theta = 0
    // not rejected), which adds the SAR's effects as a fifth table.
    CHECK(study.studies[1].selection.model == "sar");
    REQUIRE(tables.size() == 5);
    CHECK(contains(tables[4].title, "SAR"));
    for (const auto& t : tables) CHECK(t.column_labels == std::vector<std::string>{"col", "knn4"});
    const std::string latex = study_latex(study);
    CHECK(contains(latex, "\\documentclass"));
    CHECK(contains(latex, " & col & knn4 \\\\"));
    CHECK(contains(latex, "LR SDM vs SAR & 1.994 & 2.225"));
    CHECK(contains(latex, "\\end{document}"));
    const std::string markdown = study_markdown(study);
    CHECK(contains(markdown, "|  | col | knn4 |"));
    CHECK(contains(markdown, "*Indirect (spillover) effects*"));
    const nlohmann::ordered_json j = study_json(study);
    REQUIRE(j["weights"].size() == 2);
    const auto& w = j["weights"][0];
    CHECK(w["name"] == "col");
    for (const char* key : {"lm_error", "lm_lag", "rlm_error", "rlm_lag", "sarma"}) {
        CHECK(w["lm_tests"][key].contains("statistic"));
        CHECK(w["lm_tests"][key].contains("p_value"));
    }
    for (const char* key : {"ols", "sar", "sem", "sdm"}) CHECK(w["models"][key]["model"] == key);
    for (const char* key : {"lr_sdm_sar", "lr_sdm_sem", "wald_sdm_sar", "wald_sdm_sem"}) CHECK(w["tests"].contains(key));
    CHECK(w["selected"] == "sdm");
    CHECK(w["impacts"].size() == 2);
    CHECK(w["impacts"][0]["variable"] == "INC");
    const std::string summary = study_summary(study);
    CHECK(contains(summary, "col"));
    CHECK(contains(summary, "knn4"));
    CHECK(summary.find(" \n") == std::string::npos);
}

TEST_CASE("Study: a Cigar panel adds the effects' LR tests and Hausman's test") {
    StudyRequest r;
    r.input.data_path = source + "/data/cigar/cigar.csv";
    r.input.id_column = "state";
    r.input.time_column = "year";
    r.formula = "logc ~ logp + logy";
    r.weights = {{"queen", source + "/data/cigar/cigar_queen.gal"}};
    r.impacts.draws = 0;
    const StudyResult study = run_study(r);
    REQUIRE(study.panel);
    const WeightsStudy& s = study.studies.front();
    std::vector<std::string> keys;
    for (const auto& t : s.panel_tests) keys.push_back(t.key);
    CHECK(keys == std::vector<std::string>{"lr_unit_effects", "lr_time_effects", "hausman"});
    // The same LR tests as `fit --panel ... --effects twoways --model sdm` reports.
    FitRequest fit;
    fit.input = r.input;
    fit.input.weights_path = r.weights.front().path;
    fit.formula = r.formula;
    fit.models = {"sdm"};
    const SpatialFit sdm = run_fit(fit).front();
    for (const auto& t : sdm.tests)
        if (t.key == "lr_unit_effects") check_relative(s.panel_tests[0].statistic, t.statistic, 1e-9, "lr_unit_effects");
    CHECK(s.lm.n == 46 * 30);
    CHECK(s.sdm.panel.has_value());
    CHECK(contains(study_latex(study), "Hausman (FE vs RE)"));
}

TEST_CASE("Study: bad requests name what is wrong") {
    StudyRequest r = columbus_study();
    r.weights.push_back(r.weights.front());
    CHECK(contains(testing::input_error([&] { run_study(r); }).what(), "two weights matrices are named \"col\""));
    r.weights.clear();
    CHECK(contains(testing::input_error([&] { run_study(r); }).what(), "at least one weights file"));
    r = columbus_study();
    r.alpha = 1.5;
    CHECK(contains(testing::input_error([&] { run_study(r); }).what(), "--alpha"));
    r = columbus_study();
    r.weights[1].path = source + "/data/cigar/cigar_queen.gal";
    CHECK(contains(testing::input_error([&] { run_study(r); }).what(), "weights \"knn4\""));
    CHECK(parse_study_weights("dist=a/b.gwt").name == "dist");
    CHECK(parse_study_weights("a/queen.gal").name == "queen");
    CHECK_THROWS_AS(parse_study_weights("=a.gal"), InputError);
}

TEST_CASE("Study file: TOML with paths relative to it, and unknown keys named with their line") {
    const testing::TempDir dir;
    std::filesystem::copy_file(source + "/data/columbus/columbus.csv", dir.path("columbus.csv"));
    std::filesystem::copy_file(source + "/data/columbus/COL.gal", dir.path("COL.gal"));
    const std::string path = dir.write("study.toml",
                                       "data = \"columbus.csv\"\nformula = \"CRIME ~ INC + HOVAL\"\nid = \"POLYID\"\n"
                                       "alpha = 0.1\n[impacts]\ndraws = 50\n[[weights]]\nname = \"anselin\"\n"
                                       "file = \"COL.gal\"\n[output]\nlatex = \"out/t.tex\"\n");
    const StudyFile file = read_study_file(path);
    CHECK(file.request.input.data_path == dir.path("columbus.csv"));
    CHECK(file.request.alpha == 0.1);
    CHECK(file.request.impacts.draws == 50);
    REQUIRE(file.request.weights.size() == 1);
    CHECK(file.request.weights[0].name == "anselin");
    CHECK(file.outputs.latex == dir.path("out/t.tex"));
    CHECK(run_study(file.request).studies[0].weights.name == "anselin");

    const std::string typo = dir.write("typo.toml", "data = \"x.csv\"\n[[weights]]\nfile = \"COL.gal\"\nnmae = \"w\"\n");
    CHECK(contains(testing::input_error([&] { read_study_file(typo); }).what(), "typo.toml:4: unknown key weights.nmae"));
    const std::string type = dir.write("type.toml", "alpha = \"five\"\n");
    CHECK(contains(testing::input_error([&] { read_study_file(type); }).what(), "type.toml:1: alpha has the wrong type"));
    const std::string syntax = dir.write("syntax.toml", "data = \n");
    CHECK(contains(testing::input_error([&] { read_study_file(syntax); }).what(), "syntax.toml:1"));
    CHECK(contains(testing::input_error([&] { read_study_file(dir.path("none.toml")); }).what(), "cannot open"));
}

// Found while writing fuzz/fuzz_study_file (its oracle compares the numbers of the file with the
// request): TOML's 64-bit integer was cast to the int of the draws, so 4294967298 ran 2 draws and
// 2147483648 became negative.
TEST_CASE("Study file: a number of draws that does not fit is an error at its line, not wrapped") {
    const testing::TempDir dir;
    for (const char* draws : {"4294967298", "2147483648", "-5"}) {
        CAPTURE(draws);
        const std::string path = dir.write("draws.toml", std::string("data = \"x.csv\"\n[impacts]\ndraws = ") + draws + "\n");
        CHECK(std::string(testing::input_error([&] { read_study_file(path); }).what()) ==
              path + ":3: impacts.draws = " + draws + " is not a number of draws (0 to 2147483647)");
    }
    const std::string largest = dir.write("largest.toml", "[impacts]\ndraws = 2147483647\n");
    CHECK(read_study_file(largest).request.impacts.draws == 2147483647);
}

// Found by fuzz/fuzz_study_file under UBSan: toml++ casts a float to the integer asked for, undefined
// beyond its range (draws = 1319e71). A whole float that fits is still a count.
TEST_CASE("Study file: a count written as a float must be a whole number") {
    const testing::TempDir dir;
    for (const char* draws : {"1319e71", "2.5", "inf", "nan"}) {
        CAPTURE(draws);
        const std::string path = dir.write("draws.toml", std::string("[impacts]\ndraws = ") + draws + "\n");
        CHECK(contains(testing::input_error([&] { read_study_file(path); }).what(),
                       path + ":2: impacts.draws must be a whole number"));
    }
    const std::string whole = dir.write("whole.toml", "[impacts]\ndraws = 1e3\n");
    CHECK(read_study_file(whole).request.impacts.draws == 1000);
}
