// The figures as the commands draw them (--plot, --map): each file is written, an SVG parses as XML
// with the marks the data asks for, and a bad figure option is an error before any output.

#include <libxml/parser.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include "engine/figure_palette.hpp"
#include "engine/lisa_class.hpp"
#include "tests/cli_test_support.hpp"
#include "tests/svg_test_support.hpp"
#include "weights/polygon_layer.hpp"

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
const std::string columbus_shp = "'" + data_dir + "/columbus/columbus.shp'";

/// columbus.csv with two more columns, CX and CY: the tracts' centroids in the shapefile's
/// coordinates (the data's own X and Y are in other units), so that points and outline line up.
/// Returns the --data/--id/--weights options for it.
std::string columbus_with_centroids() {
    const std::string path = figure("columbus_centroids.csv");
    const spillover::PolygonLayer layer = spillover::read_polygon_layer(data_dir + "/columbus/columbus.shp");
    std::ifstream in(data_dir + "/columbus/columbus.csv");
    std::ofstream out(path);
    std::string line;
    std::getline(in, line);
    out << line << ",\"CX\",\"CY\"\n";
    for (std::size_t i = 0; std::getline(in, line); ++i)
        out << line << fmt::format(",{},{}\n", layer.centroids.at(i).x, layer.centroids.at(i).y);
    return "--data '" + path + "' --id POLYID --weights '" + data_dir + "/columbus/COL.gal' ";
}

/// The LISA class of each unit from `moran --local --format csv` ("local,ID,cluster,NAME" rows).
std::map<std::string, spillover::LisaClass> clusters(const std::string& csv) {
    std::map<std::string, spillover::LisaClass> out;
    std::istringstream lines(csv);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.rfind("local,", 0) != 0) continue;
        const auto id_end = line.find(',', 6);
        if (line.compare(id_end, 9, ",cluster,") != 0) continue;
        const std::string name = line.substr(id_end + 9);
        for (const spillover::LisaClass c : spillover::lisa_classes)
            if (spillover::lisa_class_name(c) == name) out[line.substr(6, id_end - 6)] = c;
    }
    return out;
}

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

TEST_CASE("Figures CLI: moran --map --coords draws each tract as a circle in its LISA class colour over the outline") {
    const std::string data = columbus_with_centroids();
    const Run r = run_cli("moran " + data + "--var CRIME --local --seed 7 --format csv --map '" + figure("lisa_points.svg") +
                          "' --coords CX,CY --outline " + columbus_shp);
    REQUIRE(r.code == 0);
    CHECK(r.err.empty());  // no note: planar, every point inside the outline's extent
    const std::map<std::string, spillover::LisaClass> cluster = clusters(r.out);
    REQUIRE(cluster.size() == 49);
    std::vector<spillover::testing::SvgCircle> circles = spillover::testing::svg_circles(figure("lisa_points.svg"));
    REQUIRE(circles.size() == 49);
    // The easternmost tract is the rightmost circle, and so on: each circle has its tract's class colour.
    const spillover::PolygonLayer layer = spillover::read_polygon_layer(data_dir + "/columbus/columbus.shp");
    std::vector<std::size_t> by_x(49);
    for (std::size_t i = 0; i < 49; ++i) by_x[i] = i;
    std::sort(by_x.begin(), by_x.end(), [&](std::size_t a, std::size_t b) { return layer.centroids[a].x < layer.centroids[b].x; });
    std::sort(circles.begin(), circles.end(), [](const auto& a, const auto& b) { return a.x < b.x; });
    for (std::size_t k = 0; k < 49; ++k) {
        const std::string id = std::to_string(by_x[k] + 1);  // POLYID is the record number
        INFO("tract " << id);
        CHECK(circles[k].fill == spillover::testing::to_255(spillover::figure::lisa_colour(cluster.at(id))));
    }
    // The outline underneath: its 49 features in the background grey, besides the circles.
    CHECK(svg_paths(figure("lisa_points.svg")) >= 49 + 49);
}

TEST_CASE("Figures CLI: moran --map --coords without --local draws the quantile choropleth as circles") {
    const Run r = run_cli("moran " + columbus + "--var HOVAL --permutations 0 --map '" + figure("hoval_points.svg") +
                          "' --coords X,Y");
    REQUIRE(r.code == 0);
    const auto circles = spillover::testing::svg_circles(figure("hoval_points.svg"));
    REQUIRE(circles.size() == 49);
    std::map<spillover::testing::Rgb255, int> by_colour;
    for (const auto& c : circles) ++by_colour[c.fill];
    CHECK(by_colour.size() == 5);
    for (const spillover::figure::Rgb& colour : spillover::figure::sequential_classes(5))
        CHECK(by_colour[spillover::testing::to_255(colour)] >= 9);
}

TEST_CASE("Figures CLI: --lonlat is noted with its mean latitude and points off the outline are noted") {
    const Run r = run_cli("moran " + columbus + "--var CRIME --permutations 0 --map '" + figure("degrees.png") +
                          "' --coords X,Y --lonlat");
    REQUIRE(r.code == 0);
    CHECK(contains(r.err, "degrees.png: Degrees drawn in the equirectangular projection at the units' mean latitude 32.4"));
    CHECK(contains(r.err, "x = longitude \u00B7 cos 32.4\u00B0"));
    // The data's X, Y and the shapefile are in different units: the figure says so.
    const Run apart = run_cli("moran " + columbus + "--var CRIME --permutations 0 --map '" + figure("apart.svg") +
                              "' --coords X,Y --outline " + columbus_shp);
    REQUIRE(apart.code == 0);
    CHECK(contains(apart.err, "49 of 49 points lie outside the outline's extent"));
}

TEST_CASE("Figures CLI: --polygons with --coords, --map with neither, and --coords, --outline or --lonlat without --map are errors before any output") {
    const std::string map = "--var CRIME --map '" + figure("never.svg") + "' ";
    const std::string polygons = "--polygons " + columbus_shp + " --polygon-id POLYID ";
    const std::pair<std::string, std::string> cases[] = {
        {map + polygons + "--coords X,Y", "--polygons and --coords are two ways to draw the map's units: give one"},
        {map, "--map needs the units' polygons (--polygons FILE) or their coordinates (--coords X,Y)"},
        {map + "--outline " + columbus_shp, "--map needs the units' polygons"},
        {"--var CRIME --coords X,Y", "--coords is for --map FILE"},
        {"--var CRIME --outline " + columbus_shp, "--outline is for --map FILE"},
        {"--var CRIME --lonlat", "--lonlat is for --map FILE"},
        {map + "--coords X", "--coords takes the two columns of the units' coordinates as X,Y (e.g. lon,lat), got 'X'"},
        {map + "--coords X,Y,Z", "got 'X,Y,Z'"},
        {map + "--coords X,Y --polygon-id POLYID", "--polygon-id is for --polygons FILE"},
    };
    for (const auto& [options, message] : cases) {
        INFO(options);
        const Run r = run_cli("moran " + columbus + options);
        CHECK(r.code == 2);
        CHECK(r.out.empty());
        CHECK(contains(r.err, message));
    }
    CHECK(!std::filesystem::exists(figure("never.svg")));
}

TEST_CASE("Figures CLI: an unknown or missing coordinate is an error naming the column and the unit") {
    const Run unknown = run_cli("moran " + columbus + "--var CRIME --permutations 0 --map '" + figure("u.svg") +
                                "' --coords X,LAT");
    CHECK(unknown.code == 2);
    CHECK(contains(unknown.err, "unknown column 'LAT'"));
    // Tract 5 without its X.
    std::ifstream in(data_dir + "/columbus/columbus.csv");
    std::ofstream out(figure("columbus_gap.csv"));
    std::string line;
    for (int row = 0; std::getline(in, line); ++row) {
        if (row == 5) {  // the header, then POLYID 1..4: this is POLYID 5; X is the 13th column
            std::vector<std::string> cells;
            std::stringstream fields(line);
            for (std::string cell; std::getline(fields, cell, ',');) cells.push_back(cell);
            cells.at(12).clear();
            line.clear();
            for (std::size_t i = 0; i < cells.size(); ++i) line += (i ? "," : "") + cells[i];
        }
        out << line << "\n";
    }
    out.close();
    const Run missing = run_cli("moran --data '" + figure("columbus_gap.csv") + "' --id POLYID --weights '" + data_dir +
                                "/columbus/COL.gal' --var CRIME --permutations 0 --map '" + figure("gap.svg") +
                                "' --coords X,Y");
    CHECK(missing.code == 2);
    CHECK(contains(missing.err, "missing value in column 'X' for unit \"5\""));
    CHECK(!std::filesystem::exists(figure("gap.svg")));
}

TEST_CASE("Figures CLI: a panel's point map needs the same coordinates in every period of a unit") {
    // Four units on a line, two periods; unit 3 moves in the second period.
    const std::string gal = figure("line4.gal");
    std::ofstream(gal) << "0 4 line id\n1 1\n2\n2 2\n1 3\n3 2\n2 4\n4 1\n3\n";
    const auto panel = [](double moved) {
        std::string csv = "id,t,v,x,y\n";
        for (int t = 1; t <= 2; ++t)
            for (int i = 1; i <= 4; ++i)
                csv += fmt::format("{},{},{},{},{}\n", i, t, (i * 7 + t * 3) % 5, i == 3 && t == 2 ? moved : i, 10 - i);
        return csv;
    };
    std::ofstream(figure("steady.csv")) << panel(3);
    std::ofstream(figure("moving.csv")) << panel(3.5);
    const std::string options = "--panel id,t --var v --weights '" + gal + "' --permutations 0 --coords x,y --map ";
    const Run steady = run_cli("moran --data '" + figure("steady.csv") + "' " + options + "'" + figure("steady.svg") + "'");
    REQUIRE(steady.code == 0);
    CHECK(spillover::testing::svg_circles(figure("steady.svg")).size() == 4);
    const Run moving = run_cli("moran --data '" + figure("moving.csv") + "' " + options + "'" + figure("moving.svg") + "'");
    CHECK(moving.code == 2);
    CHECK(contains(moving.err, "column 'x' of unit \"3\" is 3 in period 1 but 3.5 in period 2"));
    CHECK(!std::filesystem::exists(figure("moving.svg")));
}
