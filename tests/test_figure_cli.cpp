// The figures as the commands draw them (--plot, --map): each file is written, an SVG parses as XML
// with the marks the data asks for, and a bad figure option is an error before any output.

#include <libxml/parser.h>

#include <filesystem>
#include <string>

#include <doctest/doctest.h>

#include "tests/cli_test_support.hpp"

namespace {

using spillover::testing::cli_scratch;
using spillover::testing::contains;
using spillover::testing::Run;
using spillover::testing::run_cli;

/// The number of <path> elements of an SVG file, or −1 when it does not parse as an SVG document.
int svg_paths(const std::string& file) {
    xmlDoc* doc = xmlReadFile(file.c_str(), nullptr, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (doc == nullptr) return -1;
    const xmlNode* root = xmlDocGetRootElement(doc);
    int count = root != nullptr && xmlStrEqual(root->name, BAD_CAST "svg") ? 0 : -1;
    const auto walk = [&](const auto& self, const xmlNode* node) -> void {
        for (; node != nullptr; node = node->next) {
            if (node->type == XML_ELEMENT_NODE && xmlStrEqual(node->name, BAD_CAST "path")) ++count;
            self(self, node->children);
        }
    };
    if (count == 0) walk(walk, root->children);
    xmlFreeDoc(doc);
    return count;
}

std::string figure(const std::string& name) { return (cli_scratch() / name).string(); }

const std::string data_dir = SPILLOVER_DATA_DIR;
const std::string columbus = "--data '" + data_dir + "/columbus/columbus.csv' --id POLYID --weights '" + data_dir +
                             "/columbus/COL.gal' ";

}  // namespace

TEST_CASE("Figures CLI: moran --local draws the scatterplot and the LISA map of the 49 tracts") {
    const Run r = run_cli("moran " + columbus + "--var CRIME --local --seed 7 --plot '" + figure("scatter.svg") +
                          "' --map '" + figure("lisa.svg") + "' --polygons '" + data_dir +
                          "/columbus/columbus.shp' --polygon-id POLYID --format json");
    REQUIRE(r.code == 0);
    CHECK(svg_paths(figure("scatter.svg")) >= 49);  // a marker per tract, axes and legend besides
    CHECK(svg_paths(figure("lisa.svg")) >= 49);     // a polygon per tract
    const Run choropleth = run_cli("moran " + columbus + "--var HOVAL --permutations 0 --map '" + figure("map.pdf") +
                                   "' --polygons '" + data_dir + "/columbus/columbus.shp' --polygon-id POLYID");
    REQUIRE(choropleth.code == 0);
    CHECK(spillover::testing::slurp(figure("map.pdf")).rfind("%PDF", 0) == 0);
}

TEST_CASE("Figures CLI: a map without polygons, a file that is not svg, pdf or png and a period that is not there are errors before any output") {
    const Run no_polygons = run_cli("moran " + columbus + "--var CRIME --map '" + figure("none.svg") + "'");
    CHECK(no_polygons.code == 2);
    CHECK(no_polygons.out.empty());
    CHECK(contains(no_polygons.err, "--map needs the units' polygons"));
    CHECK(!std::filesystem::exists(figure("none.svg")));
    for (const std::string& command : {"moran " + columbus + "--var CRIME --plot", "fit " + columbus +
                                      "--formula 'CRIME ~ INC' --model sar --plot"}) {
        const Run extension = run_cli(command + " '" + figure("scatter.jpg") + "'");
        CHECK(extension.code == 2);
        CHECK(extension.out.empty());
        CHECK(contains(extension.err, "must end in .svg, .pdf or .png"));
    }
    const Run period = run_cli("density --data '" + std::string(SPILLOVER_FIXTURE_DIR) +
                               "/cigar_regions.csv' --panel state,year --var sales --plot '" + figure("d.svg") +
                               "' --plot-periods 1963,2050");
    CHECK(period.code == 2);
    CHECK(period.out.empty());
    CHECK(contains(period.err, "no period '2050'"));
}

TEST_CASE("Figures CLI: density curves by year and the effects chart of a fit") {
    const Run density = run_cli("density --data '" + std::string(SPILLOVER_FIXTURE_DIR) +
                                "/cigar_regions.csv' --panel state,year --var sales --plot '" + figure("density.svg") + "'");
    REQUIRE(density.code == 0);
    CHECK(contains(density.err, "4 of 30 periods drawn"));
    CHECK(svg_paths(figure("density.svg")) >= 4);
    const Run fit = run_cli("fit " + columbus + "--formula 'CRIME ~ INC + HOVAL' --model sdm --impacts --draws 200 --plot '" +
                            figure("effects.svg") + "'");
    REQUIRE(fit.code == 0);
    CHECK(svg_paths(figure("effects.svg")) >= 6);  // 2 variables × direct, indirect, total
}
