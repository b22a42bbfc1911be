// `spillover workflow` and `spillover demo` as a user runs them: the command line and the study
// file, every output written, the LaTeX compiled where a TeX system is installed, and the China
// demo's report with the synthetic truth beside the estimates.

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>

#include "tests/cli_test_support.hpp"

using namespace spillover::testing;

namespace {

const std::string source = SPILLOVER_SOURCE_DIR;

std::string columbus_args() {
    return "workflow --data '" + source + "/data/columbus/columbus.csv' --id POLYID --formula 'CRIME ~ INC + HOVAL' "
           "--weights 'anselin=" + source + "/data/columbus/COL.gal' --weights '" + source +
           "/tests/fixtures/columbus_knn4.gal' --draws 100";
}

bool have_pdflatex() { return std::system("command -v pdflatex >/dev/null 2>&1") == 0; }

}  // namespace

TEST_CASE("CLI: workflow prints the summary and writes the JSON, LaTeX, Markdown and figures") {
    const TempDir dir("spillover_workflow");
    const Run r = run_cli(columbus_args() + " --json '" + dir.path("s.json") + "' --latex '" + dir.path("s.tex") +
                          "' --markdown '" + dir.path("s.md") + "' --figures '" + dir.path("fig") + "' --figure-format svg");
    INFO(r.err);
    REQUIRE(r.code == 0);
    CHECK(contains(r.out, "Study of CRIME ~ INC + HOVAL over 2 weights matrices"));
    CHECK(contains(r.out, "anselin"));
    CHECK(contains(r.out, "columbus_knn4"));
    CHECK(r.err.empty());  // no progress lines without a terminal
    const auto json = nlohmann::json::parse(slurp(dir.path("s.json")));
    CHECK(json["weights"][1]["name"] == "columbus_knn4");
    CHECK(contains(slurp(dir.path("s.tex")), "\\begin{table}"));
    CHECK(contains(slurp(dir.path("s.md")), "## Model selection"));
    for (const char* f : {"effects_anselin.svg", "effects_columbus_knn4.svg", "coefficients_by_weights.svg",
                          "residuals_anselin.svg", "residuals_columbus_knn4.svg"})
        CHECK(std::filesystem::file_size(dir.path(std::string("fig/") + f)) > 1000);
    const Run json_out = run_cli(columbus_args() + " --format json");
    CHECK(nlohmann::json::parse(json_out.out)["alpha"] == 0.05);
}

TEST_CASE("CLI: workflow LaTeX compiles with pdflatex, where a TeX system is installed") {
    if (!have_pdflatex()) {
        MESSAGE("pdflatex not installed: the LaTeX of the study is not compiled here");
        return;
    }
    const TempDir dir("spillover_latex");
    REQUIRE(run_cli(columbus_args() + " --latex '" + dir.path("study.tex") + "'").code == 0);
    const std::string command = "cd '" + dir.root().string() +
                                "' && pdflatex -interaction=nonstopmode -halt-on-error study.tex >/dev/null 2>&1";
    CHECK(std::system(command.c_str()) == 0);
    CHECK(std::filesystem::file_size(dir.path("study.pdf")) > 10000);
}

TEST_CASE("CLI: workflow --study reads the file, and the command line overrides it") {
    const TempDir dir("spillover_studyfile");
    const std::string study = dir.write(
        "study.toml", "data = \"" + source + "/data/columbus/columbus.csv\"\nformula = \"CRIME ~ INC + HOVAL\"\n"
                      "id = \"POLYID\"\n[impacts]\ndraws = 10\n[[weights]]\nname = \"anselin\"\nfile = \"" +
                          source + "/data/columbus/COL.gal\"\n[output]\njson = \"study.json\"\n");
    const Run r = run_cli("workflow --study '" + study + "' --alpha 0.1");
    INFO(r.err);
    REQUIRE(r.code == 0);
    CHECK(contains(r.out, "(alpha = 0.1)"));
    const auto json = nlohmann::json::parse(slurp(dir.path("study.json")));
    CHECK(json["alpha"] == 0.1);
    CHECK(json["weights"][0]["selected"] == "sar");  // at 10% the robust LM-lag test alone rejects
}

TEST_CASE("CLI: workflow panel options on the command line override the study file's") {
    const TempDir dir("spillover_studypanel");
    const std::string study = dir.write(
        "study.toml", "data = \"" + source + "/data/cigar/cigar.csv\"\nformula = \"logc ~ logp + logy\"\nid = \"state\"\n"
                      "[panel]\ntime = \"year\"\nhausman = false\n[impacts]\ndraws = 0\n[[weights]]\nfile = \"" +
                          source + "/data/cigar/cigar_queen.gal\"\n");
    const Run r = run_cli("workflow --study '" + study + "' --lee-yu --format json");
    INFO(r.err);
    REQUIRE(r.code == 0);
    const auto json = nlohmann::json::parse(r.out);
    CHECK(json["weights"][0]["models"]["sdm"]["panel"]["transformation"] == "lee-yu");
    CHECK_FALSE(json["weights"][0]["tests"].contains("hausman"));
    const std::string cross = dir.write("cross.toml", "data = \"" + source + "/data/columbus/columbus.csv\"\n");
    const Run refused = run_cli("workflow --study '" + cross + "' --bias-correction");
    CHECK(refused.code == 2);
    CHECK(contains(refused.err, "are for panels"));
}

TEST_CASE("CLI: workflow errors are one line with exit code 2") {
    const Run none = run_cli("workflow --data '" + source + "/data/columbus/columbus.csv' --formula 'CRIME ~ INC'");
    CHECK(none.code == 2);
    CHECK(contains(none.err, "at least one weights file"));
    const Run bad = run_cli(columbus_args() + " --figures /tmp --figure-format jpg");
    CHECK(bad.code == 2);
    CHECK(contains(bad.err, "--figure-format jpg"));
    const Run csv = run_cli(columbus_args() + " --format csv");
    CHECK(csv.code == 2);
    const Run random = run_cli("workflow --data '" + source + "/data/cigar/cigar.csv' --panel state,year --effects random "
                               "--formula 'logc ~ logp' --weights '" + source + "/data/cigar/cigar_queen.gal'");
    CHECK(random.code == 2);
    CHECK(contains(random.err, "random effects enter through Hausman's test"));
}

TEST_CASE("CLI: demo (china) writes the report and puts the synthetic truth beside the estimates") {
    const TempDir dir("spillover_demo");
    const Run r = run_cli("demo --output-dir '" + dir.root().string() + "'");
    INFO(r.err);
    REQUIRE(r.code == 0);
    CHECK(contains(r.out, "THE DATA ARE SYNTHETIC"));
    CHECK(contains(r.out, "Dagum"));
    CHECK(contains(r.out, "inverse distance"));
    CHECK(contains(r.out, "within 2 SE"));
    // rho is recovered: the bias-corrected estimate lies within two standard errors of 0.3.
    const auto rho_line = r.out.find("   rho ");
    REQUIRE(rho_line != std::string::npos);
    CHECK(contains(r.out.substr(rho_line, r.out.find('\n', rho_line) - rho_line), "yes"));
    for (const char* f : {"report.tex", "report.md", "study.json", "nqpf_index.csv", "figures/moran_scatter.png", "figures/lisa_map.png",
                          "figures/coefficients_by_weights.png", "figures/effects_contiguity.png"})
        CHECK(std::filesystem::exists(dir.path(f)));
    const auto json = nlohmann::json::parse(slurp(dir.path("study.json")));
    CHECK(json["weights"].size() == 4);
    CHECK(json["weights"][0]["selected"] == "sdm");
    CHECK(contains(slurp(dir.path("report.md")), "Synthetic truth beside the estimates"));
}
