// Tests for weights/weights_io and the format files behind it (GAL, GWT, MatrixMarket, dense and
// triplet CSV, Stata spmatrix text): the Columbus GAL files against spdep's read.gal, exact round
// trips through every format (islands, a diagonal, extreme doubles), and every error class with the
// file:line a user would see.

#include <doctest/doctest.h>

#include <cstring>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

#include "engine/input_error.hpp"
#include "tests/test_support.hpp"
#include "weights/csv_weights_format.hpp"
#include "weights/gal_format.hpp"
#include "weights/gwt_format.hpp"
#include "weights/matrix_market_format.hpp"
#include "weights/spatial_weights.hpp"
#include "weights/stata_spmatrix_format.hpp"
#include "weights/weights_io.hpp"

using spillover::InputError;
using spillover::ReadWeightsOptions;
using spillover::SpatialWeights;
using spillover::WeightsFileFormat;
using spillover::read_weights;
using spillover::read_weights_text;
using spillover::write_weights;
using spillover::write_weights_text;
using spillover::testing::contains;
using spillover::testing::input_error;

namespace {

using Index = SpatialWeights::Index;

const std::string kColGal = std::string(SPILLOVER_DATA_DIR) + "/columbus/COL.gal";
const std::string kColumbusGal = std::string(SPILLOVER_DATA_DIR) + "/columbus/columbus.gal";
const std::string kBaltimoreGwt = "/usr/lib/R/site-library/spData/weights/baltk4.GWT";

const WeightsFileFormat kAllFormats[] = {WeightsFileFormat::Gal,      WeightsFileFormat::Gwt,
                                         WeightsFileFormat::MatrixMarket, WeightsFileFormat::DenseCsv,
                                         WeightsFileFormat::TripletCsv,   WeightsFileFormat::StataText};

class TempDir : public spillover::testing::TempDir {
public:
    TempDir() : spillover::testing::TempDir("spillover_weights_io") {}
};

/// Same ids in the same order, same pattern, bit-identical weights.
void check_identical(const SpatialWeights& a, const SpatialWeights& b) {
    REQUIRE(a.ids() == b.ids());
    REQUIRE(a.links() == b.links());
    const auto& x = a.matrix();
    const auto& y = b.matrix();
    CHECK(std::equal(x.outerIndexPtr(), x.outerIndexPtr() + x.outerSize() + 1, y.outerIndexPtr()));
    CHECK(std::equal(x.innerIndexPtr(), x.innerIndexPtr() + x.nonZeros(), y.innerIndexPtr()));
    CHECK(std::memcmp(x.valuePtr(), y.valuePtr(), sizeof(double) * static_cast<std::size_t>(x.nonZeros())) == 0);
}

SpatialWeights make_w(std::vector<std::string> ids, const std::vector<Eigen::Triplet<double, Index>>& links) {
    const Index n = static_cast<Index>(ids.size());
    SpatialWeights::Matrix m(n, n);
    m.setFromTriplets(links.begin(), links.end());
    return SpatialWeights(std::move(ids), std::move(m));
}

/// Weights no decimal printing with a fixed precision would keep, a diagonal entry (kernel weights),
/// an island that is only a destination ("30") and one that appears in no link at all ("5").
/// Integer ids so that the Stata format can hold it.
SpatialWeights awkward_weighted_w() {
    return make_w({"10", "20", "30", "40", "5"},
                  {{0, 1, 0.1},
                   {0, 3, 1.0 / 3.0},
                   {1, 0, 1e-300},
                   {1, 1, 2.5},
                   {3, 0, std::numeric_limits<double>::max()},
                   {3, 1, std::numeric_limits<double>::denorm_min()},
                   {3, 2, 2.0 / 3.0}});
}

/// Binary, with an island and ids that are not 1..n.
SpatialWeights binary_w_with_island() {
    return make_w({"7", "3", "12", "4"}, {{0, 1, 1}, {1, 0, 1}, {1, 3, 1}, {3, 1, 1}});
}

bool can_hold_weights(WeightsFileFormat format) { return format != WeightsFileFormat::Gal; }
bool needs_ids_for_islands(WeightsFileFormat format) {
    return format == WeightsFileFormat::Gwt || format == WeightsFileFormat::TripletCsv;
}

std::string extension(WeightsFileFormat format) {
    switch (format) {
        case WeightsFileFormat::Gal: return ".gal";
        case WeightsFileFormat::Gwt: return ".gwt";
        case WeightsFileFormat::MatrixMarket: return ".mtx";
        case WeightsFileFormat::DenseCsv:
        case WeightsFileFormat::TripletCsv: return ".csv";
        case WeightsFileFormat::StataText: return ".txt";
    }
    return "";
}

/// Writes W in `format` to a file named by the format's extension and reads it back by extension.
SpatialWeights round_trip(const SpatialWeights& w, WeightsFileFormat format, const ReadWeightsOptions& options = {}) {
    TempDir dir;
    const std::string path = dir.path(std::string("w_") + std::string(spillover::to_string(format)) + extension(format));
    write_weights(w, path, format);
    CHECK(spillover::format_from_path(path) == format);
    return read_weights(path, options);
}

/// The error of reading `text` as `format`, which must name source:line.
InputError read_error(std::string_view text, WeightsFileFormat format, const ReadWeightsOptions& options = {}) {
    return input_error([&] { read_weights_text(text, "w.txt", format, options); });
}

std::vector<std::string> neighbour_ids(const SpatialWeights& w, std::string_view id) {
    const Index i = *w.index_of(id);
    std::vector<std::string> out;
    for (SpatialWeights::Matrix::InnerIterator it(w.matrix(), i); it; ++it)
        out.push_back(w.ids()[static_cast<std::size_t>(it.col())]);
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::string> numbered(int n) {
    std::vector<std::string> ids;
    for (int i = 1; i <= n; ++i) ids.push_back(std::to_string(i));
    return ids;
}

}  // namespace

// ---- the Columbus files (values from spdep 1.2.7 read.gal) ----

TEST_CASE("COL.gal (new-style header): Anselin's 232 links with POLYID ids in file order") {
    const SpatialWeights w = read_weights(kColGal);
    CHECK(w.n() == 49);
    CHECK(w.links() == 232);
    CHECK(w.transform() == spillover::WeightsTransform::Binary);
    CHECK(w.is_symmetric());
    CHECK(w.ids()[0] == "2");  // the file lists units in NEIG order
    CHECK(w.ids()[4] == "1");
    CHECK(w.matrix().coeffs().minCoeff() == 1.0);
    CHECK(w.matrix().coeffs().maxCoeff() == 1.0);
    CHECK(neighbour_ids(w, "5") == std::vector<std::string>{"11", "15", "16", "3", "4", "6", "8", "9"});
    // spdep card() in POLYID order
    const std::vector<Index> card = {2, 3, 4, 4, 8, 2, 4, 6, 7, 4, 5, 7, 4, 6, 6, 8, 3, 5, 3, 10, 3, 6, 3, 7, 7,
                                     5, 4, 9, 6, 5, 2, 4, 4, 4, 7, 5, 6, 6, 2, 5, 3, 2, 6, 5, 4, 2, 2, 4, 3};
    for (int i = 1; i <= 49; ++i) CHECK(w.cardinality(*w.index_of(std::to_string(i))) == card[i - 1]);
}

TEST_CASE("columbus.gal (old-style header \"49\"): spData's 230 links") {
    const SpatialWeights w = read_weights(kColumbusGal);
    CHECK(w.n() == 49);
    CHECK(w.links() == 230);
    CHECK(w.ids() == numbered(49));
    CHECK(w.is_symmetric());
    CHECK(neighbour_ids(w, "1") == std::vector<std::string>{"2", "3"});
    CHECK(neighbour_ids(w, "2") == std::vector<std::string>{"1", "3", "4"});
}

TEST_CASE("ReadWeightsOptions::ids puts W's units in the data's order") {
    ReadWeightsOptions options;
    options.ids = numbered(49);
    const SpatialWeights aligned = read_weights(kColGal, options);
    const SpatialWeights file_order = read_weights(kColGal);
    CHECK(aligned.ids() == numbered(49));
    CHECK(aligned.links() == 232);
    for (const auto& id : options.ids) CHECK(neighbour_ids(aligned, id) == neighbour_ids(file_order, id));

    SUBCASE("the list must hold exactly the file's ids") {
        options.ids.back() = "50";
        CHECK(contains(input_error([&] { read_weights(kColGal, options); }).what(), "ids of the data not in W: 1 ('50')"));
        options.ids.pop_back();
        CHECK(contains(input_error([&] { read_weights(kColGal, options); }).what(), "(48 in the data, 49 in W); units of W not in the data: 1 ("));
    }
}

// ---- GWT ----

namespace {
// The first six links of spData's baltk4.GWT (k = 4 nearest neighbours of 211 Baltimore house
// sales), with the header's n set to the 8 stations they name.
constexpr std::string_view kBaltimoreExcerpt =
    "0 8 BALTIM STATION\n"
    "1 96 5.09902\n"
    "1 16 6.32456\n"
    "1 90 6.57647\n"
    "1 133 6.80074\n"
    "2 5 4\n"
    "2 4 4.12311\n";

std::string with_header(std::string_view header) {
    std::string text(kBaltimoreExcerpt);
    return text.replace(0, text.find('\n'), header);
}
}  // namespace

TEST_CASE("GWT: exact weights, units are origins in order of appearance, then destinations") {
    const SpatialWeights w = read_weights_text(kBaltimoreExcerpt, "baltk4.GWT", WeightsFileFormat::Gwt);
    CHECK(w.ids() == std::vector<std::string>{"1", "2", "96", "16", "90", "133", "5", "4"});
    CHECK(w.links() == 6);
    CHECK(w.matrix().coeff(0, 2) == 5.09902);
    CHECK(w.matrix().coeff(1, 7) == 4.12311);
    CHECK(w.islands().size() == 6);
}

TEST_CASE("GWT: the header counts units the file never names") {
    const InputError extra = read_error(with_header("0 6 BALTIM STATION"), WeightsFileFormat::Gwt);
    CHECK(extra.line() == 6);
    CHECK(contains(extra.what(), "w.txt:6:2: '5' is a unit too many: the header (line 1) says 6 units"));

    const std::string ten = with_header("0 10 BALTIM STATION");
    const InputError fewer = read_error(ten, WeightsFileFormat::Gwt);
    CHECK(fewer.line() == 1);
    CHECK(contains(fewer.what(), "w.txt:1: the header says 10 units but the file names only 8"));
    CHECK(contains(fewer.what(), "give the list of all ids"));

    ReadWeightsOptions options;
    options.ids = {"133", "90", "16", "96", "5", "4", "2", "1", "island 1", "island 2"};
    const SpatialWeights w = read_weights_text(ten, "w.gwt", WeightsFileFormat::Gwt, options);
    CHECK(w.ids() == options.ids);
    CHECK(w.links() == 6);
    CHECK(w.matrix().coeff(*w.index_of("1"), *w.index_of("96")) == 5.09902);
    CHECK(w.matrix().coeff(*w.index_of("2"), *w.index_of("4")) == 4.12311);
    CHECK(w.islands().size() == 8);

    options.ids.pop_back();
    CHECK(contains(read_error(ten, WeightsFileFormat::Gwt, options).what(),
                   "w.txt:1: the header says 10 units but the list of ids has 9"));
    options.ids[7] = "3";  // "1" is no longer among the ids
    const InputError unknown = read_error(with_header("9"), WeightsFileFormat::Gwt, options);
    CHECK(contains(unknown.what(), "w.txt:2:1: '1' is not a unit: it is not among the 9 ids given"));
}

TEST_CASE("spData's baltk4.GWT (only where R's spData is installed)") {
    if (!std::filesystem::exists(kBaltimoreGwt)) return;
    ReadWeightsOptions options;
    options.format = WeightsFileFormat::Gwt;  // the extension is upper case .GWT; it would work either way
    const SpatialWeights w = read_weights(kBaltimoreGwt, options);
    CHECK(w.n() == 211);
    CHECK(w.links() == 844);
    CHECK(w.ids() == numbered(211));
    CHECK(w.matrix().coeff(0, 95) == 5.09902);
    CHECK(w.matrix().coeff(210, 67) == 0.860233);
    CHECK(spillover::format_from_path(kBaltimoreGwt) == WeightsFileFormat::Gwt);
    check_identical(round_trip(w, WeightsFileFormat::Gwt), w);
}

// ---- round trips ----

TEST_CASE("round trips through every format are exact") {
    const SpatialWeights col = read_weights(kColGal);
    for (const WeightsFileFormat format : kAllFormats) {
        CAPTURE(spillover::to_string(format));
        check_identical(round_trip(col, format), col);
    }
}

TEST_CASE("round trips keep islands, a diagonal and extreme doubles bit for bit") {
    const SpatialWeights weighted = awkward_weighted_w();
    const SpatialWeights binary = binary_w_with_island();
    ReadWeightsOptions with_ids;
    for (const WeightsFileFormat format : kAllFormats) {
        CAPTURE(spillover::to_string(format));
        const SpatialWeights& w = can_hold_weights(format) ? weighted : binary;
        with_ids.ids = w.ids();
        check_identical(round_trip(w, format, with_ids), w);
        if (!needs_ids_for_islands(format)) check_identical(round_trip(w, format), w);
    }
}

TEST_CASE("without the id list, GWT and triplet CSV cannot know units that appear nowhere") {
    const SpatialWeights w = awkward_weighted_w();  // "5" is in no link
    TempDir dir;
    const std::string gwt = dir.path("w.gwt");
    write_weights(w, gwt, WeightsFileFormat::Gwt);
    CHECK(contains(input_error([&] { read_weights(gwt); }).what(), "the header says 5 units but the file names only 4"));

    // Triplet CSV has no count: the units are the ids named, destination-only ones last.
    const std::string csv = dir.path("w.csv");
    write_weights(w, csv, WeightsFileFormat::TripletCsv);
    const SpatialWeights back = read_weights(csv);
    CHECK(back.ids() == std::vector<std::string>{"10", "20", "40", "30"});
    CHECK(back.links() == w.links());
}

TEST_CASE("writing: the GeoDa header names, and formats that cannot hold W") {
    spillover::WriteWeightsOptions options;
    options.geoda = {"columbus", "POLYID"};
    const SpatialWeights col = read_weights(kColGal);
    const std::string gal = write_weights_text(col, WeightsFileFormat::Gal, options);
    CHECK(gal.starts_with("0 49 columbus POLYID\n2 3\n"));
    CHECK(write_weights_text(col, WeightsFileFormat::Gwt).starts_with("0 49 unknown id\n"));

    const InputError weighted = input_error([] { write_weights_text(awkward_weighted_w(), WeightsFileFormat::Gal); });
    CHECK(contains(weighted.what(), "GAL files hold neighbours only"));
    CHECK(contains(weighted.what(), "write GWT"));

    options.geoda.shapefile = "my shapes";
    CHECK(contains(input_error([&] { write_weights_text(col, WeightsFileFormat::Gal, options); }).what(),
                   "shapefile name 'my shapes'"));

    const SpatialWeights named = make_w({"a b", "c"}, {{0, 1, 1.0}});
    CHECK(contains(input_error([&] { write_weights_text(named, WeightsFileFormat::Gal); }).what(),
                   "the id 'a b' contains white space"));
    CHECK(contains(input_error([&] { write_weights_text(named, WeightsFileFormat::StataText); }).what(),
                   "'a b' is not one"));
    // MatrixMarket and CSV hold any id.
    check_identical(read_weights_text(write_weights_text(named, WeightsFileFormat::MatrixMarket), "w.mtx",
                                      WeightsFileFormat::MatrixMarket),
                    named);
    const SpatialWeights quoted = make_w({"x, \"y\"", " z "}, {{0, 1, 0.5}, {1, 0, 2}});
    check_identical(read_weights_text(write_weights_text(quoted, WeightsFileFormat::TripletCsv), "w.csv",
                                      WeightsFileFormat::TripletCsv),
                    quoted);
    CHECK(contains(input_error([&] { write_weights_text(quoted, WeightsFileFormat::DenseCsv); }).what(),
                   "' z ' begins or ends with white space"));
    const SpatialWeights commas = make_w({"x, \"y\"", "z"}, {{0, 1, 0.5}, {1, 0, 2}});
    check_identical(read_weights_text(write_weights_text(commas, WeightsFileFormat::DenseCsv), "w.csv",
                                      WeightsFileFormat::DenseCsv),
                    commas);

    const SpatialWeights huge(numbered(spillover::weights_text::kMaxDenseUnits + 1),
                              SpatialWeights::Matrix(spillover::weights_text::kMaxDenseUnits + 1,
                                                     spillover::weights_text::kMaxDenseUnits + 1));
    CHECK(contains(input_error([&] { write_weights_text(huge, WeightsFileFormat::DenseCsv); }).what(),
                   "write GWT, MatrixMarket or triplet CSV instead"));

    TempDir dir;
    CHECK(contains(input_error([&] { write_weights(col, dir.path("no/such/dir/w.gal"), WeightsFileFormat::Gal); }).what(),
                   "cannot write"));
}

// ---- format names and detection ----

TEST_CASE("format_from_path: extensions, CSV layout from the header, overrides") {
    TempDir dir;
    CHECK(spillover::format_from_path("a/B.GAL") == WeightsFileFormat::Gal);
    CHECK(spillover::format_from_path("w.mtx") == WeightsFileFormat::MatrixMarket);
    CHECK(spillover::format_from_path("w.txt") == WeightsFileFormat::StataText);
    CHECK(spillover::format_from_path(dir.write("t.csv", "\xEF\xBB\xBF\"Origin\";destination\n")) ==
          WeightsFileFormat::TripletCsv);
    CHECK(spillover::format_from_path(dir.write("d.csv", "id,a,b\n")) == WeightsFileFormat::DenseCsv);
    CHECK(spillover::format_for_writing("out.csv") == WeightsFileFormat::TripletCsv);
    CHECK(contains(input_error([] { spillover::format_from_path("w.json"); }).what(), "cannot tell the weights format"));
    CHECK(contains(input_error([&] { spillover::format_from_path(dir.path("missing.csv")); }).what(), "cannot open"));

    for (const auto format : kAllFormats) CHECK(spillover::parse_weights_file_format(spillover::to_string(format)) == format);
    CHECK(spillover::parse_weights_file_format("Matrix-Market") == WeightsFileFormat::MatrixMarket);
    CHECK(contains(input_error([] { spillover::parse_weights_file_format("shp"); }).what(), "choose gal, gwt"));

    // A GAL file with another extension, read with the format named.
    const std::string path = dir.write("col.weights", "2\n1 1\n2\n2 1\n1\n");
    ReadWeightsOptions options;
    options.format = WeightsFileFormat::Gal;
    CHECK(read_weights(path, options).links() == 2);
    CHECK(contains(input_error([&] { read_weights(path); }).what(), "cannot tell"));
}

// ---- errors common to every format ----

TEST_CASE("missing and empty files") {
    TempDir dir;
    const InputError missing = input_error([&] { read_weights(dir.path("nope.gal")); });
    CHECK(contains(missing.what(), "cannot open '"));
    CHECK(contains(missing.what(), "nope.gal': No such file or directory"));
    for (const auto format : kAllFormats) {
        CAPTURE(spillover::to_string(format));
        const std::string path = dir.write("empty" + extension(format), " \n\n");
        ReadWeightsOptions options;
        options.format = format;
        const InputError empty = input_error([&] { read_weights(path, options); });
        CHECK(empty.line() == 1);
        CHECK(contains(empty.what(), "the file is empty"));
    }
}

// ---- GAL errors ----

TEST_CASE("GAL: every error names file and line") {
    const auto error = [](std::string_view text) { return read_error(text, WeightsFileFormat::Gal); };
    SUBCASE("header not parseable") {
        const InputError e = error("0 x columbus POLYID\n1 0\n\n");
        CHECK(e.line() == 1);
        CHECK(contains(e.what(), "w.txt:1: cannot read the GAL header '0 x columbus POLYID'"));
        CHECK(contains(error("3 4\n").what(), "expected \"n\" or \"0 n shapefile idfield\""));
        CHECK(contains(error("0\n").what(), "w.txt:1: the GAL header says the file has 0 units"));
    }
    SUBCASE("a neighbour id that is not a unit") {
        const InputError e = error("2\n1 1\n2\n2 1\n9\n");
        CHECK(e.line() == 5);
        CHECK(e.column() == 1);
        CHECK(contains(e.what(), "w.txt:5:1: the neighbour '9' of unit '2' is not a unit of the file"));
    }
    SUBCASE("a count that does not match its list") {
        const InputError e = error("2\n1 2\n2\n2 1\n1\n");
        CHECK(e.line() == 3);
        CHECK(contains(e.what(), "unit '1' has count 2 on its line 2 but its neighbour line lists 1 ids"));
    }
    SUBCASE("a truncated file") {
        CHECK(contains(error("3\n1 1\n2\n2 1\n1\n").what(),
                       "w.txt:5: the file ends after 2 of the 3 units its header announces"));
        CHECK(contains(error("2\n1 1\n2\n2 1").what(), "w.txt:4: the file ends before the neighbour list of unit '2'"));
    }
    SUBCASE("a duplicate unit") {
        CHECK(contains(error("2\n1 1\n2\n1 1\n2\n").what(), "w.txt:4:1: unit '1' appears twice (first on line 2)"));
    }
    SUBCASE("a duplicate link") {
        CHECK(contains(error("2\n1 2\n2 2\n2 1\n1\n").what(),
                       "w.txt:3: the link from '1' to '2' appears twice (first on line 3)"));
    }
    SUBCASE("a malformed unit line, more units than announced") {
        CHECK(contains(error("2\n1\n2\n").what(), "w.txt:2: expected the line \"id count\" of unit 1 of 2, got '1'"));
        CHECK(contains(error("1\n1 0\n\n2 0\n").what(), "w.txt:4: more units than the 1 the header announces"));
    }
}

TEST_CASE("GAL: islands with or without their empty line, CRLF, self-links kept") {
    const SpatialWeights w = read_weights_text("0 3 shp ID\r\n1 1\r\n2\r\n2 1\r\n1\r\n3 0\r\n", "w.gal", WeightsFileFormat::Gal);
    CHECK(w.ids() == std::vector<std::string>{"1", "2", "3"});
    CHECK(w.islands() == std::vector<Index>{2});
    const SpatialWeights v = read_weights_text("3\n9 0\n1 1\n2\n2 1\n1\n", "w.gal", WeightsFileFormat::Gal);
    CHECK(v.ids() == std::vector<std::string>{"9", "1", "2"});
    CHECK(v.links() == 2);
    const SpatialWeights self = read_weights_text("1\na 1\na\n", "w.gal", WeightsFileFormat::Gal);
    CHECK(self.matrix().coeff(0, 0) == 1.0);
}

// ---- GWT errors ----

TEST_CASE("GWT: weights and lines") {
    const auto error = [](std::string_view text) { return read_error(text, WeightsFileFormat::Gwt); };
    CHECK(contains(error("0 2 s id\n1 2 abc\n2 1 1\n").what(), "w.txt:2:3: weight 'abc' is not a number"));
    CHECK(contains(error("0 2 s id\n1 2 -0.5\n2 1 1\n").what(), "w.txt:2:3: weight -0.5 is negative"));
    CHECK(contains(error("0 2 s id\n1 2 inf\n2 1 1\n").what(), "w.txt:2:3: weight 'inf' is not finite"));
    CHECK(contains(error("0 2 s id\n1 2 1e999\n").what(), "outside the range of a double"));
    CHECK(contains(error("0 2 s id\n1 2\n").what(), "w.txt:2: expected \"from to weight\", got 2 fields"));
    CHECK(contains(error("0 2 s id\n1 2 1\n2 1 1\n1 2 3\n").what(),
                   "w.txt:4: the link from '1' to '2' appears twice (first on line 2)"));
    CHECK(contains(error("2 units\n").what(), "w.txt:1: cannot read the GWT header"));
    // "n" alone (old style), '+', leading-dot decimals and blank lines are fine.
    const SpatialWeights w = read_weights_text("2\n\n1 2 +.25\n2 1 1e-3\n", "w.gwt", WeightsFileFormat::Gwt);
    CHECK(w.matrix().coeff(0, 1) == 0.25);
    CHECK(w.matrix().coeff(1, 0) == 0.001);
}

// ---- MatrixMarket ----

TEST_CASE("MatrixMarket: ids in '% id' lines, symmetric and pattern files") {
    const SpatialWeights w = read_weights_text(
        "%%MatrixMarket matrix coordinate real general\n% id north\n% id south\n%other comment\n2 2 2\n1 2 0.5\n2 1 2\n",
        "w.mtx", WeightsFileFormat::MatrixMarket);
    CHECK(w.ids() == std::vector<std::string>{"north", "south"});
    CHECK(w.matrix().coeff(0, 1) == 0.5);

    const SpatialWeights symmetric = read_weights_text("%%matrixmarket MATRIX coordinate pattern symmetric\n3 3 3\n2 1\n3 1\n3 3\n",
                                                       "s.mtx", WeightsFileFormat::MatrixMarket);
    CHECK(symmetric.ids() == numbered(3));
    CHECK(symmetric.links() == 5);
    CHECK(symmetric.is_symmetric());
    CHECK(symmetric.matrix().coeff(2, 2) == 1.0);
}

TEST_CASE("MatrixMarket: every error names file and line") {
    const auto error = [](std::string_view text) { return read_error(text, WeightsFileFormat::MatrixMarket); };
    const std::string banner = "%%MatrixMarket matrix coordinate real general\n";
    CHECK(contains(error("2 2 1\n1 2 1\n").what(), "w.txt:1: expected the banner"));
    CHECK(contains(error("%%MatrixMarket matrix array real general\n").what(), "w.txt:1:3: only coordinate"));
    CHECK(contains(error("%%MatrixMarket matrix coordinate complex general\n").what(), "w.txt:1:4:"));
    CHECK(contains(error("%%MatrixMarket matrix coordinate real hermitian\n").what(), "w.txt:1:5:"));
    CHECK(contains(error(banner + "2 3 1\n").what(), "w.txt:2: W must be square"));
    CHECK(contains(error(banner + "2 two 1\n").what(), "w.txt:2: expected the size line"));
    CHECK(contains(error(banner).what(), "the file ends before the size line"));
    CHECK(contains(error(banner + "% id a\n2 2 1\n1 2 1\n").what(), "w.txt:3: the file has 1 \"% id\" lines for 2 units"));
    CHECK(contains(error(banner + "% id a\n% id a\n2 2 0\n").what(), "w.txt:3: unit 'a' appears twice (first on line 2)"));
    CHECK(contains(error(banner + "2 2 1\n1 3 1\n").what(), "w.txt:3:2: index 3 is not a unit: the matrix has units 1..2"));
    CHECK(contains(error(banner + "2 2 3\n1 2 1\n2 1 1\n").what(),
                   "w.txt:4: the file ends after 2 of the 3 entries the size line (line 2) announces"));
    CHECK(contains(error(banner + "2 2 1\n1 2 1\n2 1 1\n").what(), "w.txt:4: more entries than the 1"));
    CHECK(contains(error(banner + "2 2 2\n1 2 1\n1 2 1\n").what(), "w.txt:4: the link from '1' to '2' appears twice"));
    CHECK(contains(error(banner + "2 2 1\n1 2 x\n").what(), "w.txt:3:3: weight 'x' is not a number"));
    CHECK(contains(error("%%MatrixMarket matrix coordinate real symmetric\n2 2 1\n1 2 1\n").what(),
                   "w.txt:3: a symmetric MatrixMarket file lists entries on or below the diagonal only"));
}

// Found while writing fuzz/fuzz_matrix_market (the harness runs out of memory on these): without
// "% id" lines the ids 1..n were made from the size line alone, so 60 bytes of text made W allocate
// gigabytes (10^8 units: 3.2 GB of ids before the matrix), and an announced count of entries
// reserved up to 2^27 links whatever the file's length.
TEST_CASE("MatrixMarket: a size line of more units than the file names is a damaged file, not a huge allocation") {
    const auto error = [](std::string_view text) { return read_error(text, WeightsFileFormat::MatrixMarket); };
    const std::string banner = "%%MatrixMarket matrix coordinate real general\n";
    CHECK(contains(error(banner + "100000000 100000000 0\n").what(),
                   "w.txt:2: the size line says 100000000 units for 0 entries, so more than 1048576 units would be "
                   "islands that no line of the file names (a damaged size line? give the ids as \"% id\" lines"));
    // The bound is on the units no entry can name: 2^20 + 3 units and one entry (two units) are one too many.
    CHECK(contains(error(banner + "1048579 1048579 1\n1 2 1\n").what(), "w.txt:2: the size line says 1048579 units for 1 entries"));
    // A damaged entry count reserves nothing huge; the file is short.
    CHECK(contains(error(banner + "3 3 9000000000000000000\n1 2 1\n").what(),
                   "w.txt:3: the file ends after 1 of the 9000000000000000000 entries"));
}

// ---- CSV ----

TEST_CASE("dense CSV: R's write.csv layout and every error") {
    // write.csv(as.matrix(W)) leaves the first header cell empty and quotes the ids.
    const SpatialWeights w =
        read_weights_text("\"\",\"a\",\"b\"\n\"a\",0,0.5\n\"b\",1,0\n", "w.csv", WeightsFileFormat::DenseCsv);
    CHECK(w.ids() == std::vector<std::string>{"a", "b"});
    CHECK(w.matrix().coeff(0, 1) == 0.5);
    CHECK(read_weights_text(";a;b\na;0;1\nb;1;0\n", "w.csv", WeightsFileFormat::DenseCsv).links() == 2);

    const auto error = [](std::string_view text) { return read_error(text, WeightsFileFormat::DenseCsv); };
    CHECK(contains(error("id,a,b\nb,0,1\na,1,0\n").what(),
                   "w.txt:2:1: row 1 is unit 'b', but the header's unit 1 is 'a' (rows must follow the header's order)"));
    CHECK(contains(error("id,a,b\na,0,1\na,1,0\n").what(), "w.txt:3:1: unit 'a' has a second row (first on line 2)"));
    CHECK(contains(error("id,a,a\na,0,1\na,1,0\n").what(), "w.txt:1:3: the column name 'a' appears twice"));
    CHECK(contains(error("id,a,b\na,0,1\n").what(), "w.txt:2: the file ends after 1 of the 2 rows the header announces"));
    CHECK(contains(error("id,a\na,0\nb,0\n").what(), "w.txt:3: more rows than the 1 units the header names"));
    CHECK(contains(error("id,a,b\na,0,NA\nb,1,0\n").what(), "w.txt:2:3: weight 'NA' is not a number"));
    CHECK(contains(error("id,a,b\na,0,\nb,1,0\n").what(), "w.txt:2:3: a weight is missing"));
    CHECK(contains(error("id,a,b\na,0,-1\nb,1,0\n").what(), "w.txt:2:3: weight -1 is negative"));
    CHECK(contains(error("id\n").what(), "w.txt:1: the header names no unit"));
    CHECK(contains(error("id,a,b\na,0,1,5\nb,1,0\n").what(), "w.txt:2: row has 4 fields but the header has 3"));
}

// Found while writing fuzz/fuzz_dense_csv_weights (its round-trip check fails on this input): the
// writer named the first header cell "id" whatever the units, so a W with a unit called "id" was
// written as a file whose header names "id" twice, which the reader refuses; and R's layout, whose
// empty first cell the reader named "id", could not hold such a unit either.
TEST_CASE("dense CSV: a unit called id survives a round trip and R's layout") {
    const SpatialWeights w = read_weights_text("x,id,b\nid,0,1\nb,0.5,0\n", "w.csv", WeightsFileFormat::DenseCsv);
    REQUIRE(w.ids() == std::vector<std::string>{"id", "b"});
    const std::string written = write_weights_text(w, WeightsFileFormat::DenseCsv);
    CHECK(written == "id_,id,b\nid,0,1\nb,0.5,0\n");
    check_identical(w, read_weights_text(written, "w.csv", WeightsFileFormat::DenseCsv));

    const SpatialWeights r = read_weights_text("\"\",\"id\",\"b\"\n\"id\",0,1\n\"b\",0.5,0\n", "r.csv", WeightsFileFormat::DenseCsv);
    check_identical(w, r);
    // The name given to R's empty cell takes its two characters, so positions on the header line hold.
    CHECK(contains(read_error("\"\",\"id\",\"b\"x\n", WeightsFileFormat::DenseCsv).what(), "w.txt:1:12: field 3 has text after"));
}

TEST_CASE("triplet CSV: header names, optional weight, errors") {
    const SpatialWeights w = read_weights_text("Origin,Destination\nx,y\ny,x\n", "t.csv", WeightsFileFormat::TripletCsv);
    CHECK(w.ids() == std::vector<std::string>{"x", "y"});
    CHECK(w.matrix().coeff(0, 1) == 1.0);

    const auto error = [](std::string_view text, const ReadWeightsOptions& options = {}) {
        return read_error(text, WeightsFileFormat::TripletCsv, options);
    };
    CHECK(contains(error("a,b,c\n1,2,3\n").what(), "w.txt:1: expected the header \"from,to,weight\""));
    CHECK(contains(error("from,to,weight\n1,2,0.5\n1,2,0.5\n").what(),
                   "w.txt:3: the link from '1' to '2' appears twice (first on line 2)"));
    CHECK(contains(error("from,to,weight\n1,2,x\n").what(), "w.txt:2:3: weight 'x' is not a number"));
    CHECK(contains(error("from,to,weight\n1,,1\n").what(), "w.txt:2:2: a unit id is missing"));
    ReadWeightsOptions options;
    options.ids = {"1", "2"};
    CHECK(contains(error("from,to\n1,3\n", options).what(), "w.txt:2:2: '3' is not a unit: it is not among the 2 ids given"));
    options.ids = {"1", "1"};
    CHECK(contains(error("from,to\n1,1\n", options).what(), "the list of ids names '1' twice"));
}

// ---- Stata spmatrix export text ----

TEST_CASE("Stata spmatrix text: Stata's number spellings and every error") {
    const SpatialWeights w = read_weights_text("3\n1 0 .5 .5\n2 1 0 0\n3 1.000e+00 0 0\n", "w.txt", WeightsFileFormat::StataText);
    CHECK(w.ids() == numbered(3));
    CHECK(w.links() == 4);
    CHECK(w.matrix().coeff(0, 2) == 0.5);
    CHECK(write_weights_text(w, WeightsFileFormat::StataText) == "3\n1 0 0.5 0.5\n2 1 0 0\n3 1 0 0\n");

    const auto error = [](std::string_view text) { return read_error(text, WeightsFileFormat::StataText); };
    CHECK(contains(error("three\n").what(), "w.txt:1: expected the first line to be the number of units"));
    CHECK(contains(error("2\n1 0 1\n2 1\n").what(), "w.txt:3: the row of unit '2' has 1 weights; the first line says 2 units"));
    CHECK(contains(error("2\n1 0 1\n2 1 0 0\n").what(), "w.txt:3: the row of unit '2' has 3 weights"));
    CHECK(contains(error("2\n1 0 1\n").what(), "w.txt:2: the file ends after 1 of the 2 rows its first line announces"));
    CHECK(contains(error("2\n1 0 1\n1 1 0\n").what(), "w.txt:3:1: unit '1' appears twice (first on line 2)"));
    CHECK(contains(error("1\n1 0\n2 0\n").what(), "w.txt:3: more rows than the 1 units"));
    CHECK(contains(error("2\n1 0 -1\n2 1 0\n").what(), "w.txt:2:3: weight -1 is negative"));
    CHECK(contains(error("2\n1 0 1\n2 x 0\n").what(), "w.txt:3:2: weight 'x' is not a number"));
}

// Found by fuzz/fuzz_gal and fuzz/fuzz_stata_spmatrix: the unit count of the header sized the tables
// before a unit was read, so a damaged count (a few bytes) reserved hundreds of gigabytes and the
// reader died of it instead of reporting the short file.
TEST_CASE("a header that announces more units than the file can hold is a short file, not a huge reservation") {
    const auto gal = [](std::string_view text) { return read_error(text, WeightsFileFormat::Gal); };
    CHECK(contains(gal("0 20000000003\n1 0\n").what(),
                   "w.txt:2: the file ends after 1 of the 20000000003 units its header announces"));
    // An id that is a large number was looked up in an array sized by the announced count.
    CHECK(contains(gal("0 20000000003\n79999999999 0\n").what(),
                   "w.txt:2: the file ends after 1 of the 20000000003 units its header announces"));
    const auto stata = [](std::string_view text) { return read_error(text, WeightsFileFormat::StataText); };
    CHECK(contains(stata("20000000003\n1 0\n").what(),
                   "w.txt:2: the row of unit '1' has 1 weights; the first line says 20000000003 units"));
}

// ---- ids and order ----

TEST_CASE("links in any order give the same W, ids are text (\"01\" is not \"1\")") {
    const SpatialWeights sorted = read_weights_text("3\n1 2 0.5\n1 3 0.25\n2 1 1\n3 1 2\n", "s.gwt", WeightsFileFormat::Gwt);
    const SpatialWeights shuffled = read_weights_text("3\n3 1 2\n1 3 0.25\n2 1 1\n1 2 0.5\n", "u.gwt", WeightsFileFormat::Gwt);
    ReadWeightsOptions options;
    options.ids = sorted.ids();
    check_identical(read_weights_text("3\n3 1 2\n1 3 0.25\n2 1 1\n1 2 0.5\n", "u.gwt", WeightsFileFormat::Gwt, options),
                    sorted);
    CHECK(shuffled.ids() == std::vector<std::string>{"3", "1", "2"});
    CHECK(shuffled.links() == 4);

    const SpatialWeights padded = read_weights_text("2\n1 1\n01\n01 1\n1\n", "p.gal", WeightsFileFormat::Gal);
    CHECK(padded.ids() == std::vector<std::string>{"1", "01"});
    CHECK(padded.links() == 2);
    // Census-tract-like ids (too large to index by value) and names mixed with numbers.
    const SpatialWeights tracts =
        read_weights_text("3\n39049000100 1\n7\n7 2\n39049000100 b\nb 1\n7\n", "t.gal", WeightsFileFormat::Gal);
    CHECK(tracts.ids() == std::vector<std::string>{"39049000100", "7", "b"});
    CHECK(neighbour_ids(tracts, "7") == std::vector<std::string>{"39049000100", "b"});
    CHECK(contains(read_error("2\n1 1\n3\n2 1\n1\n", WeightsFileFormat::Gal).what(), "the neighbour '3' of unit '1'"));
    CHECK(contains(read_error("2\n1 1\nx\n2 1\n1\n", WeightsFileFormat::Gal).what(), "the neighbour 'x' of unit '1'"));
}
