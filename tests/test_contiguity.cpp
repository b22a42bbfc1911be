// Tests for weights/polygon_layer and weights/contiguity: every Columbus neighbour set equals spdep's
// poly2nb (fixture from tests/reference/weights_spdep.R), the vertex-pair rule on a small GeoJSON
// (expected sets checked with spdep 1.2-7 poly2nb on the same file), snap semantics, and every
// error class with its message.

#include <doctest/doctest.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/input_error.hpp"
#include "tests/test_support.hpp"
#include "tests/weights_test_support.hpp"
#include "weights/contiguity.hpp"
#include "weights/polygon_layer.hpp"

using spillover::contiguity_neighbours;
using spillover::contiguity_weights;
using spillover::ContiguityOptions;
using spillover::ContiguityRule;
using spillover::Point;
using spillover::PolygonLayer;
using spillover::read_polygon_layer;
using spillover::SpatialWeights;
using spillover::testing::contains;
using spillover::testing::input_error;
using spillover::testing::TempDir;

using spillover::testing::weights_fixture;

namespace {

using Neighbours = std::vector<std::vector<SpatialWeights::Index>>;

const std::string columbus_shp = std::string(SPILLOVER_SOURCE_DIR) + "/data/columbus/columbus.shp";

nlohmann::json contiguity_fixture() {
    std::ifstream in(std::string(SPILLOVER_SOURCE_DIR) + "/tests/fixtures/weights/columbus_contiguity.json");
    REQUIRE(in.good());
    return nlohmann::json::parse(in);
}

// The neighbour sets as 1-based sorted indices, the fixture's layout, read from W's rows.
Neighbours one_based(const SpatialWeights& w) {
    Neighbours out(static_cast<std::size_t>(w.n()));
    for (SpatialWeights::Index i = 0; i < w.n(); ++i)
        for (SpatialWeights::Matrix::InnerIterator it(w.matrix(), i); it; ++it) {
            CHECK(it.value() == 1.0);
            out[static_cast<std::size_t>(i)].push_back(it.col() + 1);
        }
    return out;
}

void check_against_spdep(const PolygonLayer& layer, const nlohmann::json& expected, ContiguityOptions options) {
    const SpatialWeights w = contiguity_weights(layer, options);
    CHECK(w.transform() == spillover::WeightsTransform::None);
    CHECK(w.is_symmetric());
    const Neighbours got = one_based(w);
    REQUIRE(got.size() == expected.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
        INFO("record " << i + 1);
        CHECK(got[i] == expected[i].get<std::vector<SpatialWeights::Index>>());
    }
}

PolygonLayer square_layer(const std::vector<Point>& lower_left) {
    PolygonLayer layer;
    for (const Point& p : lower_left)
        layer.shapes.push_back({{{p, {p.x + 1, p.y}, {p.x + 1, p.y + 1}, {p.x, p.y + 1}, p}}});
    return layer;
}

// Named so that failures print names. Record order: A B C D E F H G K M L.
//   A, B share an edge; C touches B at one corner; D is a multipolygon sharing an edge with A,
//   touching B at a corner, and whose second part fills E's hole; F is an island; G touches H at
//   two separate points (no common edge); K's top edge runs along A's and B's bottom edges, but no
//   vertex is shared; L touches M only at the corner where M's hole ring starts (and ends).
/// 11 features: shared edges, a corner touch, a multipolygon, a hole with a polygon inside, an
/// island, a T-junction and a two-point touch (tests/fixtures/weights/shapes.geojson; spdep's
/// answers from tests/reference/weights_small_cases.R).
const std::string shapes_path = std::string(SPILLOVER_SOURCE_DIR) + "/tests/fixtures/weights/shapes.geojson";

// The neighbours of each unit as a string of names, e.g. "BD", to compare whole layers at once.
std::vector<std::string> named(const SpatialWeights& w) {
    std::vector<std::string> out;
    for (SpatialWeights::Index i = 0; i < w.n(); ++i) {
        std::string names;
        for (SpatialWeights::Matrix::InnerIterator it(w.matrix(), i); it; ++it)
            names += w.ids()[static_cast<std::size_t>(it.col())];
        out.push_back(names);
    }
    return out;
}

std::string feature(const std::string& geometry, const std::string& properties = R"({"name": "x"})") {
    return R"({"type": "Feature", "properties": )" + properties + R"(, "geometry": )" + geometry + "}";
}

std::string collection(const std::vector<std::string>& features) {
    std::string out = R"({"type": "FeatureCollection", "features": [)";
    for (std::size_t i = 0; i < features.size(); ++i) out += (i ? ",\n" : "\n") + features[i];
    return out + "]}";
}

const std::string unit_square = R"({"type": "Polygon", "coordinates": [[[0,0],[1,0],[1,1],[0,1],[0,0]]]})";

}  // namespace

TEST_CASE("contiguity: Columbus queen and rook equal spdep poly2nb, default snap") {
    const nlohmann::json fixture = contiguity_fixture();
    const PolygonLayer layer = read_polygon_layer(columbus_shp);
    REQUIRE(layer.size() == 49);
    CHECK(fixture["default_snap"].get<double>() == doctest::Approx(ContiguityOptions{}.snap).epsilon(1e-12));
    check_against_spdep(layer, fixture["queen"], {ContiguityRule::Queen});
    check_against_spdep(layer, fixture["rook"], {ContiguityRule::Rook});
}

TEST_CASE("contiguity: Columbus with a large snap equals spdep poly2nb (queen 0.1, rook 0.3)") {
    const nlohmann::json fixture = contiguity_fixture();
    const PolygonLayer layer = read_polygon_layer(columbus_shp);
    check_against_spdep(layer, fixture["queen_snap_0.1"], {ContiguityRule::Queen, 0.1});
    check_against_spdep(layer, fixture["rook_snap_0.3"], {ContiguityRule::Rook, 0.3});
}

TEST_CASE("contiguity: Columbus queen has spdep's link count and ids from POLYID") {
    const PolygonLayer layer = read_polygon_layer(columbus_shp, "POLYID");
    const SpatialWeights w = contiguity_weights(layer);
    CHECK(w.links() == 236);  // spdep: poly2nb(columbus) has 236 nonzero links
    REQUIRE(w.ids().size() == 49);
    for (std::size_t i = 0; i < 49; ++i) CHECK(w.ids()[i] == std::to_string(i + 1));
    CHECK(w.islands().empty());
    CHECK(layer.source == columbus_shp);
}

TEST_CASE("polygon layer: default ids are 1..n, real-valued id fields print integers without decimals") {
    const PolygonLayer by_record = read_polygon_layer(columbus_shp);
    CHECK(by_record.ids.front() == "1");
    CHECK(by_record.ids.back() == "49");
    // NEIGNO is a shapefile N(11,6) column: a real field holding 1005, 1001, ...
    const PolygonLayer by_neigno = read_polygon_layer(columbus_shp, "NEIGNO");
    CHECK(by_neigno.ids[0] == "1005");
    CHECK(by_neigno.ids[1] == "1001");
}

TEST_CASE("polygon layer: centroids are area-weighted (equal to sf::st_centroid)") {
    const PolygonLayer layer = read_polygon_layer(columbus_shp);
    REQUIRE(layer.centroids.size() == 49);
    // sf's st_centroid, from tests/reference/weights_spdep.R.
    const auto expected = contiguity_fixture();
    for (std::size_t i = 0; i < 49; ++i) {
        CHECK(layer.centroids[i].x == doctest::Approx(expected["centroid_x"][i].get<double>()).epsilon(1e-12));
        CHECK(layer.centroids[i].y == doctest::Approx(expected["centroid_y"][i].get<double>()).epsilon(1e-12));
    }
}

TEST_CASE("polygon layer: a GeoJSON keeps parts, holes and closing vertices as written") {
    const PolygonLayer layer = read_polygon_layer(shapes_path, "name");
    REQUIRE(layer.size() == 11);
    CHECK(layer.ids[3] == "D");
    REQUIRE(layer.shapes[3].size() == 2);                // D: two parts
    CHECK(layer.shapes[3][1][0].size() == 5);            // closed ring
    REQUIRE(layer.shapes[4].size() == 1);
    CHECK(layer.shapes[4][0].size() == 2);               // E: exterior and one hole
    CHECK(layer.shapes[4][0][1][0].x == 5.0);
    // E's centroid: the 4x4 square centred on (6, 6) minus the unit hole centred on (5.5, 5.5).
    CHECK(layer.centroids[4].x == doctest::Approx((16 * 6.0 - 5.5) / 15));
    CHECK(layer.centroids[4].y == doctest::Approx((16 * 6.0 - 5.5) / 15));
    // D's centroid: two unit squares, centred on (0.5, 1.5) and (5.5, 5.5).
    CHECK(layer.centroids[3].x == doctest::Approx(3.0));
    CHECK(layer.centroids[3].y == doctest::Approx(3.5));
}

TEST_CASE("polygon layer: integer, real and text id fields") {
    const std::string& path = shapes_path;
    CHECK(read_polygon_layer(path, "code").ids[0] == "11");
    const PolygonLayer sized = read_polygon_layer(path, "size");
    CHECK(sized.ids[1] == "2");
    CHECK(sized.ids[2] == "3.5");
    CHECK(read_polygon_layer(path, "name", "shapes").ids[10] == "L");  // the layer by name
}

TEST_CASE("contiguity: queen vs rook on shared edges, corners, holes, multipolygons and an island") {
    const PolygonLayer layer = read_polygon_layer(shapes_path, "name");
    const auto spdep = weights_fixture("small_cases.json");
    const auto queen = spdep["shapes_queen"].get<std::vector<std::string>>();
    const auto rook = spdep["shapes_rook"].get<std::vector<std::string>>();
    const SpatialWeights wq = contiguity_weights(layer, {ContiguityRule::Queen});
    const SpatialWeights wr = contiguity_weights(layer, {ContiguityRule::Rook});
    CHECK(named(wq) == queen);
    CHECK(named(wr) == rook);
    CHECK(wq.islands() == std::vector<SpatialWeights::Index>{5, 8});       // F, and K (no shared vertex)
    CHECK(wr.islands() == std::vector<SpatialWeights::Index>{2, 5, 8});    // C touches by a corner only
    CHECK(wq.is_symmetric());
    CHECK(wr.is_symmetric());
}

TEST_CASE("contiguity: snap is a Euclidean distance, compared with <=") {
    // Squares at x = 0 and x = 1.25 (a gap of 0.25), and one offset by (0.2, 0.2) from the second's
    // top-right corner (distance 0.283 per pair of corners). Checked with spdep poly2nb on st_sfc.
    const PolygonLayer layer = square_layer({{0, 0}, {1.25, 0}, {2.45, 1.2}});
    CHECK(contiguity_neighbours(layer, {ContiguityRule::Queen, 0.2}) == Neighbours{{}, {}, {}});
    CHECK(contiguity_neighbours(layer, {ContiguityRule::Queen, 0.25}) == Neighbours{{1}, {0}, {}});
    CHECK(contiguity_neighbours(layer, {ContiguityRule::Queen, 0.3}) == Neighbours{{1}, {0, 2}, {1}});
    // Two corners of the first pair are within 0.25, so they are rook neighbours too.
    CHECK(contiguity_neighbours(layer, {ContiguityRule::Rook, 0.25}) == Neighbours{{1}, {0}, {}});
    CHECK(contiguity_neighbours(layer, {ContiguityRule::Rook, 0.3}) == Neighbours{{1}, {0}, {}});
}

TEST_CASE("contiguity: snap 0 links exact coincidences only, ids default to 1..n in memory") {
    PolygonLayer layer = square_layer({{0, 0}, {1, 0}, {1, 1}, {2.5, 0}});
    const SpatialWeights w = contiguity_weights(layer, {ContiguityRule::Queen, 0.0});
    CHECK(w.ids() == std::vector<std::string>{"1", "2", "3", "4"});
    CHECK(named(w) == std::vector<std::string>{"23", "13", "12", ""});
    CHECK(named(contiguity_weights(layer, {ContiguityRule::Rook, 0.0})) == std::vector<std::string>{"2", "13", "2", ""});
}

TEST_CASE("contiguity: a 130 x 130 grid of squares links the 8 (queen) or 4 (rook) squares around each") {
    const int side = 130;  // 67,600 points and ~100,000 hits: large enough for the radix sort path
    std::vector<Point> corners;
    for (int r = 0; r < side; ++r)
        for (int c = 0; c < side; ++c) corners.push_back({c * 1.0, r * 1.0});
    const PolygonLayer layer = square_layer(corners);
    const Neighbours queen = contiguity_neighbours(layer, {});
    const Neighbours rook = contiguity_neighbours(layer, {ContiguityRule::Rook});
    std::size_t wrong_queen = 0, wrong_rook = 0;
    for (int r = 0; r < side; ++r)
        for (int c = 0; c < side; ++c) {
            std::vector<SpatialWeights::Index> q, k;  // ascending: row-major order
            for (int dr = -1; dr <= 1; ++dr)
                for (int dc = -1; dc <= 1; ++dc) {
                    if ((dr == 0 && dc == 0) || r + dr < 0 || r + dr >= side || c + dc < 0 || c + dc >= side) continue;
                    q.push_back((r + dr) * side + c + dc);
                    if (dr == 0 || dc == 0) k.push_back((r + dr) * side + c + dc);
                }
            wrong_queen += queen[static_cast<std::size_t>(r * side + c)] != q;
            wrong_rook += rook[static_cast<std::size_t>(r * side + c)] != k;
        }
    CHECK(wrong_queen == 0);
    CHECK(wrong_rook == 0);
}

TEST_CASE("contiguity: rule names and option errors") {
    CHECK(spillover::parse_contiguity_rule("queen") == ContiguityRule::Queen);
    CHECK(spillover::parse_contiguity_rule("rook") == ContiguityRule::Rook);
    CHECK(spillover::to_string(ContiguityRule::Rook) == "rook");
    CHECK(contains(input_error([] { spillover::parse_contiguity_rule("bishop"); }).what(), "choose queen or rook"));
    const PolygonLayer layer = square_layer({{0, 0}, {1, 0}});
    for (const double snap : {-1e-8, std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity()}) {
        const auto e = input_error([&] { contiguity_weights(layer, {ContiguityRule::Queen, snap}); });
        CHECK(contains(e.what(), "snap distance must be a finite number >= 0"));
    }
}

TEST_CASE("contiguity: bad in-memory layers") {
    PolygonLayer layer = square_layer({{0, 0}, {1, 0}});
    layer.source = "memory";
    layer.ids = {"a"};
    CHECK(contains(input_error([&] { contiguity_weights(layer); }).what(), "memory: the polygon layer has 1 ids for 2 features"));
    layer.ids = {"a", "b"};
    layer.shapes[1][0][0][2].y = std::numeric_limits<double>::quiet_NaN();
    CHECK(contains(input_error([&] { contiguity_weights(layer); }).what(),
                   "memory: feature 2 (id 'b') has a coordinate that is not a finite number"));
}

TEST_CASE("polygon layer: errors name the file and the feature") {
    const TempDir dir;
    SUBCASE("a missing file") {
        const std::string path = dir.path("missing.shp");
        const auto e = input_error([&] { read_polygon_layer(path); });
        CHECK(e.file() == path);
        CHECK(contains(e.what(), "cannot open as a vector data source"));
        CHECK(contains(e.what(), "No such file or directory"));
    }
    SUBCASE("a file GDAL does not recognise") {
        const std::string path = dir.write("noise.xyz1", "this is not a vector file\n");
        const auto e = input_error([&] { read_polygon_layer(path); });
        CHECK(contains(e.what(), path + ": cannot open as a vector data source"));
        CHECK(contains(e.what(), "not recognized as a supported file format"));
    }
    SUBCASE("a data source without layers") {
        const std::string path = dir.write("empty.vrt", "<OGRVRTDataSource></OGRVRTDataSource>\n");
        CHECK(contains(input_error([&] { read_polygon_layer(path); }).what(), path + ": the data source has no layer"));
    }
    SUBCASE("an unknown layer") {
        const std::string& path = shapes_path;
        const auto e = input_error([&] { read_polygon_layer(path, "", "roads"); });
        CHECK(contains(e.what(), path + ": no layer named 'roads' (layers: shapes)"));
    }
    SUBCASE("an unknown id field lists the fields") {
        const std::string& path = shapes_path;
        const auto e = input_error([&] { read_polygon_layer(path, "POLYID"); });
        CHECK(contains(e.what(), path + ": no field named 'POLYID' for the ids (fields: name, code, size)"));
    }
    SUBCASE("a feature that is not a polygon") {
        const std::string path = dir.write("mixed.geojson",
            collection({feature(unit_square), feature(R"({"type": "LineString", "coordinates": [[0,0],[1,1]]})")}));
        const auto e = input_error([&] { read_polygon_layer(path); });
        CHECK(contains(e.what(), path + ": feature 2 (FID 1) is a Line String, not a Polygon or MultiPolygon"));
    }
    SUBCASE("a feature without geometry") {
        const std::string path = dir.write("null.geojson", collection({feature(unit_square), feature("null")}));
        CHECK(contains(input_error([&] { read_polygon_layer(path); }).what(),
                       "feature 2 (FID 1) has an empty geometry"));
    }
    SUBCASE("a feature with an empty polygon") {
        const std::string path = dir.write("empty.geojson",
            collection({feature(R"({"type": "Polygon", "coordinates": []})"), feature(unit_square)}));
        CHECK(contains(input_error([&] { read_polygon_layer(path); }).what(),
                       "feature 1 (FID 0) has an empty geometry"));
    }
    SUBCASE("a repeated id") {
        const std::string path = dir.write("twice.geojson",
            collection({feature(unit_square, R"({"name": "a"})"), feature(unit_square, R"({"name": "b"})"),
                        feature(unit_square, R"({"name": "a"})")}));
        CHECK(contains(input_error([&] { read_polygon_layer(path, "name"); }).what(),
                       path + ": feature 3 (FID 2) has the id 'a' of feature 1 (ids must be unique)"));
    }
    SUBCASE("a missing id") {
        const std::string path = dir.write("noid.geojson",
            collection({feature(unit_square, R"({"name": "a"})"), feature(unit_square, R"({"name": null})")}));
        CHECK(contains(input_error([&] { read_polygon_layer(path, "name"); }).what(),
                       "feature 2 (FID 1) has no value in the id field 'name'"));
    }
    SUBCASE("a layer without features") {
        const std::string path = dir.write("none.geojson", collection({}));
        CHECK(contains(input_error([&] { read_polygon_layer(path); }).what(), path + ": the layer has no feature"));
    }
}
