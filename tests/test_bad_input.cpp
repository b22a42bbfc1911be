// The bad-input battery (issue 18): messy files and wrong options, each run through `spillover` as a
// user would. Every case must end with exit code 2 and one line "spillover: error: ..." that names
// where the problem is (file, line, column, id, period) and what it is. The files are the bundled
// Columbus and Cigar data, spoiled one way each.

#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "tests/cli_test_support.hpp"

namespace fs = std::filesystem;
using spillover::testing::cli_scratch;
using spillover::testing::contains;
using spillover::testing::Run;
using spillover::testing::run_cli;

namespace {

const std::string kColumbus = std::string(SPILLOVER_DATA_DIR) + "/columbus/columbus.csv";
const std::string kColumbusGal = std::string(SPILLOVER_DATA_DIR) + "/columbus/columbus.gal";
const std::string kCigar = std::string(SPILLOVER_DATA_DIR) + "/cigar/cigar.csv";
const std::string kCigarGal = std::string(SPILLOVER_DATA_DIR) + "/cigar/cigar_queen.gal";

std::vector<std::string> lines_of(const std::string& path) {
    std::ifstream in(path);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

std::vector<std::string> fields_of(const std::string& line) {
    std::vector<std::string> fields;
    std::stringstream s(line);
    for (std::string field; std::getline(s, field, ',');) fields.push_back(field);
    return fields;
}

std::string joined(const std::vector<std::string>& fields) {
    std::string line;
    for (const auto& f : fields) line += (line.empty() ? "" : ",") + f;
    return line;
}

/// Writes `lines` as the file `name` in the scratch folder and returns its path.
std::string write_file(const std::string& name, const std::vector<std::string>& lines) {
    const fs::path path = cli_scratch() / name;
    std::ofstream out(path);
    for (const auto& line : lines) out << line << '\n';
    return path.string();
}

/// The CSV `source` with `change(fields, line)` applied to every line after the header (line is
/// 1-based, the header is line 1); a change that empties the fields drops the line.
std::string spoiled_csv(const std::string& name, const std::string& source,
                        const std::function<void(std::vector<std::string>&, std::size_t)>& change) {
    std::vector<std::string> lines = lines_of(source), out{lines.front()};
    for (std::size_t i = 1; i < lines.size(); ++i) {
        std::vector<std::string> fields = fields_of(lines[i]);
        change(fields, i + 1);
        if (!fields.empty()) out.push_back(joined(fields));
    }
    return write_file(name, out);
}

/// Columbus's fields (1-based in messages): POLYID is field 5, HOVAL 7, INC 8, CRIME 9.
constexpr std::size_t kPolyid = 4, kHoval = 6, kInc = 7;

/// The run fails as bad input: exit code 2, one line, and every expected part in it.
void check_bad_input(const std::string& args, const std::vector<std::string>& expected) {
    const Run r = run_cli(args);
    CAPTURE(args);
    CAPTURE(r.err);
    CHECK(r.code == 2);
    CHECK(r.err.starts_with("spillover: error: "));
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    CHECK(r.out.empty());
    for (const auto& part : expected) CHECK(contains(r.err, part));
}

std::string fit_columbus(const std::string& data, const std::string& more = "--model sar") {
    return "fit --data '" + data + "' --id POLYID --weights '" + kColumbusGal + "' --formula 'CRIME ~ INC + HOVAL' " +
           more;
}

std::string fit_with_weights(const std::string& weights) {
    return "fit --data '" + kColumbus + "' --id POLYID --weights '" + weights +
           "' --formula 'CRIME ~ INC + HOVAL' --model sar";
}

std::string fit_cigar(const std::string& data, const std::string& more = "") {
    return "fit --data '" + data + "' --panel state,year --weights '" + kCigarGal +
           "' --formula 'logc ~ logp + logy' --model sdm " + more;
}

}  // namespace

TEST_CASE("Bad input battery: data files that are empty, ragged, non-numeric, non-finite or incomplete") {
    check_bad_input(fit_columbus(write_file("empty.csv", {})), {"empty.csv: the file is empty"});
    check_bad_input(fit_columbus(write_file("header.csv", {lines_of(kColumbus).front()})),
                    {"header.csv: the data has no rows"});
    std::vector<std::string> ragged = lines_of(kColumbus);
    ragged[4] = "1,2,3";
    check_bad_input(fit_columbus(write_file("ragged.csv", ragged)), {"ragged.csv:5: row has 3 fields but the header has 20"});
    const std::string text_cells = spoiled_csv("text.csv", kColumbus, [](auto& f, std::size_t line) {
        if (line == 5) f[kInc] = "abc";
        if (line == 9) f[kInc] = "1,5";  // a decimal comma: two fields, so this row is the ragged one
        if (line == 12) f[kHoval] = "?";
    });
    check_bad_input(fit_columbus(text_cells), {"text.csv:9: row has 21 fields but the header has 20"});
    const std::string bad_cells = spoiled_csv("cells.csv", kColumbus, [](auto& f, std::size_t line) {
        if (line == 5) f[kInc] = "abc";
        if (line == 9) f[kInc] = "x";
        if (line == 12) f[kHoval] = "?";
    });
    // The first few bad cells of every used column, in one message located at the first.
    check_bad_input(fit_columbus(bad_cells), {"cells.csv:5:8: column 'INC' has a non-numeric value \"abc\"",
                                              "also line 9 \"x\"", "line 12 field 7: column 'HOVAL'"});
    const std::string infinite = spoiled_csv("inf.csv", kColumbus, [](auto& f, std::size_t line) {
        if (line == 5) f[kInc] = "Inf";
    });
    check_bad_input(fit_columbus(infinite), {"inf.csv:5:8: column 'INC' has a non-finite value \"Inf\""});
    const std::string missing = spoiled_csv("missing.csv", kColumbus, [](auto& f, std::size_t line) {
        if (line == 5) f[kInc] = "NA";
    });
    check_bad_input(fit_columbus(missing), {"missing.csv:5: missing value in column 'INC' for id \"4\"",
                                            "spatial models need every unit"});
}

TEST_CASE("Bad input battery: unknown columns are named all at once, before any cell is judged") {
    const std::string bad_cells = spoiled_csv("cells_and_names.csv", kColumbus, [](auto& f, std::size_t line) {
        if (line == 5) f[kInc] = "abc";
    });
    check_bad_input("fit --data '" + bad_cells + "' --formula 'CRIME ~ INC + INCOME + log(HOUSING)'",
                    {"cells_and_names.csv: unknown columns 'INCOME', 'HOUSING' (columns: AREA, PERIMETER"});
    check_bad_input("moran --data '" + bad_cells + "' --weights '" + kColumbusGal + "' --id POLY --var CRIMES",
                    {"unknown columns 'CRIMES', 'POLY'"});
    check_bad_input("weights build --data '" + bad_cells + "' --coords XX,YY --knn 4 --output '" +
                        (cli_scratch() / "never.gal").string() + "'",
                    {"unknown columns 'XX', 'YY'"});
}

TEST_CASE("Bad input battery: ids of the data and of W, duplicated or not matching") {
    const std::string duplicate = spoiled_csv("dup.csv", kColumbus, [](auto& f, std::size_t line) {
        if (line == 6) f[kPolyid] = "1";
    });
    check_bad_input(fit_columbus(duplicate), {"dup.csv:6:5: duplicate id \"1\" in column 'POLYID' (first seen on line 2)"});
    const std::string absent = spoiled_csv("absent.csv", kColumbus, [](auto& f, std::size_t line) {
        if (line == 5) f[kPolyid] = "999";
    });
    check_bad_input(fit_columbus(absent), {"ids of the data not in W: 1 ('999')", "units of W not in the data: 1 ('4')"});
    const std::string fewer = spoiled_csv("fewer.csv", kColumbus, [](auto& f, std::size_t line) {
        if (line > 40) f.clear();
    });
    check_bad_input(fit_columbus(fewer), {"(39 in the data, 49 in W)", "units of W not in the data: 10 ('40', '41'"});
    check_bad_input("fit --data '" + kColumbus + "' --id POLYID --weights '" + kCigarGal +
                        "' --formula 'CRIME ~ INC' --model sar",
                    {"cigar_queen.gal' differ (49 in the data, 46 in W)"});
}

TEST_CASE("Bad input battery: truncated or inconsistent GAL and GWT files, unknown neighbours") {
    std::vector<std::string> gal = lines_of(kColumbusGal);
    check_bad_input(fit_with_weights(write_file("truncated.gal", {gal.begin(), gal.begin() + 20})),
                    {"truncated.gal:20: the file ends before the neighbour list of unit '10'"});
    std::vector<std::string> inconsistent = gal;
    inconsistent[2] = "1 2 3";  // unit 1 announces 2 neighbours
    check_bad_input(fit_with_weights(write_file("inconsistent.gal", inconsistent)),
                    {"inconsistent.gal:3: unit '1' has count 2 on its line 2 but its neighbour line lists 3 ids"});
    std::vector<std::string> unknown = gal;
    unknown[2] = "2 77";
    check_bad_input(fit_with_weights(write_file("unknown.gal", unknown)),
                    {"unknown.gal:3:2: the neighbour '77' of unit '1' is not a unit of the file"});
    std::vector<std::string> header = gal;
    header[0] = "50";
    check_bad_input(fit_with_weights(write_file("header.gal", header)),
                    {"header.gal:99: the file ends after 49 of the 50 units its header announces"});
    check_bad_input(fit_with_weights(write_file("short.gwt", {"0 49 columbus POLYID", "1 2 1.0", "1 3"})),
                    {"short.gwt:3: expected \"from to weight\", got 2 fields"});
    check_bad_input(fit_with_weights(write_file("text.gwt", {"0 49 columbus POLYID", "1 2 1.0", "1 3 x"})),
                    {"text.gwt:3:3: weight 'x' is not a number"});
    check_bad_input(fit_with_weights(write_file("nan.gwt", {"0 49 columbus POLYID", "1 2 nan"})),
                    {"nan.gwt:2:3: weight 'nan' is not finite"});
    check_bad_input(fit_with_weights(write_file("unknown.gwt", {"0 49 columbus POLYID", "1 2 1", "1 300 1"})),
                    {"unknown.gwt:3:2: '300' is not a unit"});
}

TEST_CASE("Bad input battery: models that cannot be identified, unknown models, bad formulas") {
    const std::string twice = spoiled_csv("twice.csv", kColumbus, [](auto& f, std::size_t line) {
        f.push_back(line == 1 ? "INC2" : std::to_string(2 * std::stod(f[kInc])));
    });
    std::vector<std::string> with_header = lines_of(twice);
    with_header[0] = lines_of(kColumbus).front() + ",INC2";
    const std::string collinear = write_file("collinear.csv", with_header);
    check_bad_input("fit --data '" + collinear + "' --formula 'CRIME ~ INC + HOVAL + INC2'",
                    {"collinear regressors: 'INC2' = ", "2*INC"});
    const std::string constant = spoiled_csv("constant.csv", kColumbus, [](auto& f, std::size_t) { f[kHoval] = "5"; });
    for (const std::string model : {"ols", "sar", "sdm"})
        check_bad_input("fit --data '" + constant + "' --id POLYID --weights '" + kColumbusGal +
                            "' --formula 'HOVAL ~ INC + CRIME' --model " + model,
                        {"the dependent variable 'HOVAL' is constant (5 in every row)"});
    check_bad_input(fit_columbus(kColumbus, "--model probit"), {"unknown model 'probit' (available: ols, slx, sar"});
    check_bad_input("fit --data '" + kColumbus + "' --formula 'CRIME ~~ INC +'", {"formula \"CRIME ~~ INC +\""});
    check_bad_input("fit --data '" + kColumbus + "' --formula 'CRIME ~ (INC + HOVAL'", {"formula", "INC + HOVAL"});
}

TEST_CASE("Bad input battery: negative or absurd option values") {
    const std::string moran = "moran --data '" + kColumbus + "' --id POLYID --weights '" + kColumbusGal + "' --var CRIME ";
    check_bad_input(moran + "--permutations -5", {"permutations must be between 0 and 10^7 (got -5)"});
    check_bad_input(moran + "--permutations 2000000000", {"permutations must be between 0 and 10^7"});
    check_bad_input(moran + "--seed -1", {"--seed"});
    check_bad_input(moran + "--local --significance 3", {"significance level must be in (0, 1) (got 3)"});
    check_bad_input(moran + "--threads -2", {"threads must be 0 (all) or more"});
    check_bad_input(moran + "--format latex --decimals 400", {"decimals must be between 0 and 12, got 400"});
    check_bad_input(moran + "--transform rows", {"unknown weights transform 'rows'"});
    check_bad_input(fit_columbus(kColumbus, "--impacts --draws -5"), {"draws must be between 0 and 10^6 (got -5)"});
    check_bad_input(fit_columbus(kColumbus, "--impacts --draws 2000000000"), {"draws must be between 0 and 10^6"});
    check_bad_input(fit_columbus(kColumbus, "--impacts --orders -1"), {"--orders"});
    check_bad_input("workflow --data '" + kColumbus + "' --id POLYID --weights '" + kColumbusGal +
                        "' --formula 'CRIME ~ INC' --alpha 1.5",
                    {"--alpha 1.5 is not a level in (0, 1)"});
    const std::string points = "weights build --data '" + kColumbus + "' --coords X,Y --output '" +
                               (cli_scratch() / "never.gal").string() + "' ";
    check_bad_input(points + "--knn 0", {"--knn needs k >= 1, got 0"});
    check_bad_input(points + "--knn 1000000", {"k = 1000000 needs more than 1000000 points, got 49"});
    check_bad_input(points + "--distance-band -1", {"--distance-band needs a positive distance, got -1"});
    check_bad_input(points + "--kernel gaussian --bandwidth -1", {"bandwidth -1 must be a positive distance"});
    CHECK_FALSE(fs::exists(cli_scratch() / "never.gal"));
    const std::string density = "density --data '" + kCigar + "' --var logc --panel state,year ";
    check_bad_input(density + "--points 2000000000", {"between 2 and 10^6 points"});
    check_bad_input(density + "--bandwidth 0", {"bandwidth must be positive and finite"});
    check_bad_input("markov --data '" + kCigar + "' --var logc --panel state,year --classes 1",
                    {"number of classes must be between 2 and 100, got 1"});
}

TEST_CASE("Bad input battery: garbage or truncated polygon files") {
    const fs::path garbage = cli_scratch() / "garbage.shp";
    std::ofstream(garbage, std::ios::binary) << std::string(500, '\x17') << "not a shapefile";
    check_bad_input("weights build --shapes '" + garbage.string() + "' --contiguity queen --output '" +
                        (cli_scratch() / "never.gal").string() + "'",
                    {"garbage.shp: cannot open as a vector data source"});
    // A shapefile cut after its first records: the index (.shx) promises features the .shp lacks.
    const std::string columbus = std::string(SPILLOVER_DATA_DIR) + "/columbus/columbus";
    const fs::path cut = cli_scratch() / "cut";
    for (const std::string ext : {".shx", ".dbf"}) fs::copy_file(columbus + ext, cut.string() + ext, fs::copy_options::overwrite_existing);
    std::ifstream in(columbus + ".shp", std::ios::binary);
    std::string bytes(3000, '\0');
    in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    std::ofstream(cut.string() + ".shp", std::ios::binary) << bytes;
    check_bad_input("weights build --shapes '" + cut.string() + ".shp' --contiguity queen --output '" +
                        (cli_scratch() / "never.gal").string() + "'",
                    {"cut.shp: feature 6 (FID 5) has an empty geometry"});
}

TEST_CASE("Bad input battery: panels unbalanced, duplicated, absorbed, or without variation in a period") {
    const std::size_t year = 3, logp = 12, logc = 11;
    const std::string unbalanced = spoiled_csv("unbalanced.csv", kCigar, [](auto& f, std::size_t line) {
        if (line == 10) f.clear();
    });
    check_bad_input(fit_cigar(unbalanced), {"unbalanced panel: 1 of 1380 unit-periods (46 units x 30 periods) have no row",
                                            "(first: state = 1 in year = 1971)"});
    std::vector<std::string> rows = lines_of(kCigar);
    rows.insert(rows.begin() + 10, rows[9]);
    check_bad_input(fit_cigar(write_file("duplicated.csv", rows)),
                    {"state = 1 appears twice in year = 1971 (data rows 9 and 10)"});
    const std::string absorbed = spoiled_csv("absorbed.csv", kCigar, [&](auto& f, std::size_t) { f[logc] = f[0]; });
    check_bad_input(fit_cigar(absorbed), {"the dependent variable 'logc' does not vary once the twoways fixed effects are "
                                          "removed"});
    const std::string flat = spoiled_csv("flat_1970.csv", kCigar, [&](auto& f, std::size_t line) {
        if (line > 1 && f[year] == "1970") f[logp] = "0.5";
    });
    for (const std::string statistic : {"moran", "geary"})
        check_bad_input(statistic + " --data '" + flat + "' --var logp --weights '" + kCigarGal + "' --panel state,year --id state",
                        {"'logp' takes one value (0.5) for every unit in period 1970", "drop that period"});
}
