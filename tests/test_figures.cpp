// The figures (engine/figure_*.hpp): each chart kind written as SVG, PDF and PNG and read back —
// the SVG through libxml2's parser (well-formed, the expected number of filled shapes of each
// colour), the PNG through cairo (size, the class colours present), the PDF by its header — and the
// degenerate inputs each chart refuses or draws with a note.
//
// Set SPILLOVER_FIGURE_GALLERY to a directory to keep a PNG and an SVG of each chart there for
// looking at (the tests write into a temporary directory otherwise).

#include <cairo.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <numbers>
#include <numeric>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <Eigen/Dense>
#include <doctest/doctest.h>
#include <fmt/format.h>

#include "engine/figure_axes.hpp"
#include "engine/figure_canvas.hpp"
#include "engine/figure_choropleth.hpp"
#include "engine/figure_coefficient_chart.hpp"
#include "engine/figure_density_curves.hpp"
#include "engine/figure_geometry.hpp"
#include "engine/figure_lisa_map.hpp"
#include "engine/figure_map.hpp"
#include "engine/figure_map_layer.hpp"
#include "engine/figure_moran_scatter.hpp"
#include "engine/figure_palette.hpp"
#include "engine/input_error.hpp"
#include "engine/read_table.hpp"
#include "tests/svg_test_support.hpp"
#include "tests/test_support.hpp"
#include "weights/polygon_layer.hpp"
#include "weights/transforms.hpp"
#include "weights/weights_io.hpp"

using namespace spillover;
using namespace spillover::figure;
using spillover::testing::TempDir;
using spillover::testing::contains;
using spillover::testing::parse_colour;
using spillover::testing::Rgb255;
using spillover::testing::style_value;
using spillover::testing::svg_circles;
using spillover::testing::SvgCircle;
using spillover::testing::to_255;

namespace {

const std::string data_dir = SPILLOVER_DATA_DIR;

// Default options as named objects: GCC 12 reports -Wmaybe-uninitialized false positives for
// temporaries of these structs inside doctest's macros.
const MoranScatterOptions moran_defaults;
const LisaMapOptions lisa_defaults;
const ChoroplethOptions choropleth_defaults;
const DensityCurvesOptions density_defaults;
const CoefficientChartOptions coefficient_defaults;

std::string read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// ---------------------------------------------------------------------------------------------
// Reading back an SVG with libxml2.

struct SvgSummary {
    bool parsed = false;
    std::string width, height;            // the root's attributes, e.g. "468pt"
    std::size_t paths = 0;                // <path> outside the glyph definitions
    std::size_t glyph_uses = 0;           // <use> of a glyph: one per character drawn
    std::map<Rgb255, std::size_t> fills;  // filled <path>s by fill colour

    std::size_t filled(Rgb c) const {
        const auto it = fills.find(to_255(c));
        return it == fills.end() ? 0 : it->second;
    }
    std::size_t filled_paths() const {
        std::size_t n = 0;
        for (const auto& [colour, count] : fills) n += count;
        return n;
    }
};

void walk(xmlNode* node, SvgSummary& summary, bool in_glyphs) {
    for (; node != nullptr; node = node->next) {
        if (node->type != XML_ELEMENT_NODE) continue;
        const std::string name(reinterpret_cast<const char*>(node->name));
        bool glyphs = in_glyphs;
        if (name == "symbol" || name == "defs") glyphs = true;  // cairo's glyph outlines live there
        if (name == "path" && !glyphs) {
            ++summary.paths;
            const std::string fill = style_value(node, "fill");
            if (const auto colour = parse_colour(fill)) ++summary.fills[*colour];
        }
        if (name == "use") {
            xmlChar* href = xmlGetNsProp(node, BAD_CAST "href", BAD_CAST "http://www.w3.org/1999/xlink");
            if (href == nullptr) href = xmlGetProp(node, BAD_CAST "href");
            if (href != nullptr) {
                if (contains(reinterpret_cast<char*>(href), "glyph")) ++summary.glyph_uses;
                xmlFree(href);
            }
        }
        walk(node->children, summary, glyphs);
    }
}

SvgSummary read_svg(const std::string& path) {
    SvgSummary summary;
    xmlDoc* doc = xmlReadFile(path.c_str(), nullptr, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (doc == nullptr) return summary;
    xmlNode* root = xmlDocGetRootElement(doc);
    summary.parsed = root != nullptr && std::string(reinterpret_cast<const char*>(root->name)) == "svg";
    if (summary.parsed) {
        summary.width = style_value(root, "width");
        summary.height = style_value(root, "height");
        walk(root->children, summary, false);
    }
    xmlFreeDoc(doc);
    return summary;
}

// ---------------------------------------------------------------------------------------------
// Reading back a PNG with cairo.

struct PngSummary {
    int width = 0;
    int height = 0;
    std::map<Rgb255, std::size_t> pixels;  // opaque pixels by colour

    std::size_t count(Rgb c) const {
        const auto it = pixels.find(to_255(c));
        return it == pixels.end() ? 0 : it->second;
    }
};

PngSummary read_png(const std::string& path) {
    PngSummary summary;
    cairo_surface_t* image = cairo_image_surface_create_from_png(path.c_str());
    if (cairo_surface_status(image) == CAIRO_STATUS_SUCCESS) {
        summary.width = cairo_image_surface_get_width(image);
        summary.height = cairo_image_surface_get_height(image);
        const unsigned char* data = cairo_image_surface_get_data(image);
        const int stride = cairo_image_surface_get_stride(image);
        for (int y = 0; y < summary.height; ++y)
            for (int x = 0; x < summary.width; ++x) {
                std::uint32_t argb;
                std::memcpy(&argb, data + y * stride + 4 * x, 4);
                if ((argb >> 24) == 0xFF)
                    ++summary.pixels[{static_cast<int>((argb >> 16) & 0xFF), static_cast<int>((argb >> 8) & 0xFF),
                                      static_cast<int>(argb & 0xFF)}];
            }
    }
    cairo_surface_destroy(image);
    return summary;
}

// ---------------------------------------------------------------------------------------------
// Drawing one chart in the three formats.

struct Written {
    SvgSummary svg;
    PngSummary png;
    std::string pdf;
    std::vector<FigureReport> reports;
};

// Calls draw(path) for figure.svg, .pdf and .png in a fresh directory, checks what every format must
// be, and keeps copies in SPILLOVER_FIGURE_GALLERY when that is set.
template <typename Draw>
Written write_three(const std::string& name, Draw draw, const FigureOptions& options = {}) {
    const TempDir dir("spillover_figure");
    Written w;
    for (const char* extension : {".svg", ".pdf", ".png"}) {
        const std::string path = dir.path(name + extension);
        w.reports.push_back(draw(path));
        CHECK(w.reports.back().path == path);
        if (const char* gallery = std::getenv("SPILLOVER_FIGURE_GALLERY"); gallery != nullptr)
            std::filesystem::copy_file(path, std::filesystem::path(gallery) / (name + extension),
                                       std::filesystem::copy_options::overwrite_existing);
    }
    w.svg = read_svg(dir.path(name + ".svg"));
    w.pdf = read_bytes(dir.path(name + ".pdf"));
    w.png = read_png(dir.path(name + ".png"));
    // Nothing else in the directory: the atomic writes left no temporary file.
    CHECK(std::distance(std::filesystem::directory_iterator(dir.root()), std::filesystem::directory_iterator{}) == 3);
    CHECK(w.svg.parsed);
    CHECK(w.svg.width == fmt::format("{}pt", options.width_pt));
    CHECK(w.svg.height == fmt::format("{}pt", options.height_pt));
    CHECK(w.pdf.rfind("%PDF-", 0) == 0);
    CHECK(contains(w.pdf.substr(w.pdf.size() - 32), "%%EOF"));
    CHECK(w.png.width == static_cast<int>(std::lround(options.width_pt * options.png_scale)));
    CHECK(w.png.height == static_cast<int>(std::lround(options.height_pt * options.png_scale)));
    CHECK(w.svg.glyph_uses > 0);  // there is text: at least the title
    return w;
}

// ---------------------------------------------------------------------------------------------
// Columbus: the polygons, CRIME, and W (Anselin's COL.gal, row-standardised).

struct Columbus {
    std::vector<PlotShape> shapes;
    std::vector<PlotPoint> centroids;  // of the polygons, in their coordinates (not the data's X, Y)
    std::vector<double> crime;
    std::vector<double> z;    // CRIME standardised (population standard deviation)
    std::vector<double> lag;  // Wz
    double moran_i = 0.0;
    std::vector<LisaClass> classes;
};

std::vector<PlotShape> plot_shapes(const PolygonLayer& layer) {
    std::vector<PlotShape> shapes;
    for (const MultiPolygon& feature : layer.shapes) {
        PlotShape shape;
        for (const Polygon& part : feature)
            for (const Ring& ring : part) {
                PlotRing plot_ring;
                for (const Point& p : ring) plot_ring.push_back({p.x, p.y});
                shape.rings.push_back(std::move(plot_ring));
            }
        shapes.push_back(std::move(shape));
    }
    return shapes;
}

// Quadrant classes, "significant" where |z · Wz| > 0.4: a stand-in for local Moran's permutation
// inference (esda/), which is not what these tests are about.
LisaClass quadrant_class(double z, double lag) {
    if (std::fabs(z * lag) <= 0.4) return LisaClass::NotSignificant;
    if (z > 0) return lag > 0 ? LisaClass::HighHigh : LisaClass::HighLow;
    return lag > 0 ? LisaClass::LowHigh : LisaClass::LowLow;
}

const Columbus& columbus() {
    static const Columbus c = [] {
        Columbus c;
        const PolygonLayer layer = read_polygon_layer(data_dir + "/columbus/columbus.shp");
        c.shapes = plot_shapes(layer);
        for (const Point& p : layer.centroids) c.centroids.push_back({p.x, p.y});
        c.crime = read_table(data_dir + "/columbus/columbus.csv").numeric("CRIME");
        const std::size_t n = c.crime.size();
        std::vector<std::string> ids;
        for (std::size_t i = 1; i <= n; ++i) ids.push_back(std::to_string(i));
        ReadWeightsOptions read_options;
        read_options.ids = ids;
        const SpatialWeights w =
            transformed(read_weights(data_dir + "/columbus/COL.gal", read_options), WeightsTransform::Row);
        const double mean = std::accumulate(c.crime.begin(), c.crime.end(), 0.0) / n;
        double ss = 0.0;
        for (double v : c.crime) ss += (v - mean) * (v - mean);
        Eigen::VectorXd z(n);
        for (std::size_t i = 0; i < n; ++i) z[i] = (c.crime[i] - mean) / std::sqrt(ss / n);
        const Eigen::VectorXd lag = w.lag(z);
        c.moran_i = z.dot(lag) / z.dot(z);  // S0 = n for a row-standardised W
        c.z.assign(z.data(), z.data() + n);
        c.lag.assign(lag.data(), lag.data() + n);
        for (std::size_t i = 0; i < n; ++i) c.classes.push_back(quadrant_class(z[i], lag[i]));
        return c;
    }();
    return c;
}

std::size_t count_class(const std::vector<LisaClass>& classes, LisaClass c) {
    return static_cast<std::size_t>(std::count(classes.begin(), classes.end(), c));
}

// A unit square at (x, y).
PlotShape square(double x, double y) { return {{{{x, y}, {x + 1, y}, {x + 1, y + 1}, {x, y + 1}}}}; }

double normal_density(double x, double mean, double sd) {
    return std::exp(-0.5 * std::pow((x - mean) / sd, 2)) / (sd * std::sqrt(2 * std::numbers::pi));
}

// Kernel-density-like curves: a normal mixture that spreads and shifts with the period.
DensityCurvesData period_curves() {
    DensityCurvesData data;
    const std::vector<std::string> labels{"2012", "2015", "2018", "2021年"};  // UTF-8 passes through
    for (std::size_t p = 0; p < labels.size(); ++p) {
        DensityCurve curve{labels[p], {}, {}};
        const double m1 = 0.8 + 0.15 * p, m2 = 1.9 + 0.25 * p, s = 0.25 + 0.05 * p;
        for (int k = 0; k <= 200; ++k) {
            const double x = 3.5 * k / 200.0;
            curve.x.push_back(x);
            curve.density.push_back(0.7 * normal_density(x, m1, s) + 0.3 * normal_density(x, m2, 1.6 * s));
        }
        data.curves.push_back(std::move(curve));
    }
    return data;
}

// Direct, indirect and total effects of an SDM of CRIME on INC and HOVAL: illustrative values of the
// size the Columbus SDM gives, with 95 % intervals.
CoefficientChartData effects_data() {
    CoefficientChartData data;
    const auto add = [&](const std::string& variable, const std::string& effect, double estimate, double half) {
        data.estimates.push_back({variable, effect, estimate, estimate - half, estimate + half});
    };
    add("INC", "Direct", -1.08, 0.62);
    add("INC", "Indirect", -0.91, 1.35);
    add("INC", "Total", -1.99, 1.52);
    add("HOVAL", "Direct", -0.29, 0.18);
    add("HOVAL", "Indirect", 0.05, 0.41);
    add("HOVAL", "Total", -0.24, 0.45);
    return data;
}

// ---------------------------------------------------------------------------------------------
// Colour-vision deficiency: Machado, Oliveira & Fernandes (2009) at severity 1, on linear RGB, and
// the CIE 1976 colour difference in L*a*b* (D65).

using Matrix3 = std::array<std::array<double, 3>, 3>;
const Matrix3 deuteranopia{{{0.367322, 0.860646, -0.227968}, {0.280085, 0.672501, 0.047413}, {-0.011820, 0.042940, 0.968881}}};
const Matrix3 protanopia{{{0.152286, 1.052583, -0.204868}, {0.114503, 0.786281, 0.099216}, {-0.003882, -0.048116, 1.051998}}};
const Matrix3 tritanopia{{{1.255528, -0.076749, -0.178779}, {-0.078411, 0.930809, 0.147602}, {0.004733, 0.691367, 0.303900}}};

std::array<double, 3> lab_seen(Rgb c, const Matrix3& m) {
    const auto linear = [](double v) { return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
    const std::array<double, 3> in{linear(c.r), linear(c.g), linear(c.b)};
    std::array<double, 3> l{};
    for (int i = 0; i < 3; ++i) l[i] = std::clamp(m[i][0] * in[0] + m[i][1] * in[1] + m[i][2] * in[2], 0.0, 1.0);
    const double X = 0.4124 * l[0] + 0.3576 * l[1] + 0.1805 * l[2];
    const double Y = 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
    const double Z = 0.0193 * l[0] + 0.1192 * l[1] + 0.9505 * l[2];
    const auto f = [](double t) { return t > 0.008856 ? std::cbrt(t) : 7.787 * t + 16.0 / 116.0; };
    const double fx = f(X / 0.95047), fy = f(Y), fz = f(Z / 1.08883);
    return {116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)};
}

double smallest_difference(const std::vector<Rgb>& colours, const Matrix3& m) {
    double smallest = INFINITY;
    for (std::size_t i = 0; i < colours.size(); ++i)
        for (std::size_t j = i + 1; j < colours.size(); ++j) {
            const auto a = lab_seen(colours[i], m), b = lab_seen(colours[j], m);
            smallest = std::min(smallest, std::hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]));
        }
    return smallest;
}

}  // namespace

// =============================================================================================
// The pieces

TEST_CASE("Figure canvas: the extension names the format, any other is an input error naming the path") {
    CHECK(figure_format("a/b.svg") == FigureFormat::Svg);
    CHECK(figure_format("b.PDF") == FigureFormat::Pdf);
    CHECK(figure_format("c.Png") == FigureFormat::Png);
    CHECK_THROWS_WITH_AS(figure_format("map.jpg"), doctest::Contains("'map.jpg'"), InputError);
    CHECK_THROWS_WITH_AS(figure_format("map"), doctest::Contains(".svg, .pdf or .png"), InputError);
}

TEST_CASE("Figure canvas: nothing is written until finish, and then the whole file") {
    const TempDir dir("spillover_figure");
    const std::string path = dir.path("page.svg");
    {
        const Canvas canvas(path, FigureOptions{});
        canvas.text("drawn but never finished", 10, 10, TextStyle{});
    }
    CHECK(!std::filesystem::exists(path));
    Canvas canvas(path, FigureOptions{});
    const double narrow = canvas.text_width("i", TextStyle{});
    CHECK(narrow > 0.0);
    CHECK(canvas.text_width("iiii", TextStyle{}) == doctest::Approx(4 * narrow));
    CHECK(canvas.text_width("W", TextStyle{tick_size * 2}) > 2 * narrow);
    canvas.finish();
    CHECK(read_svg(path).parsed);
}

TEST_CASE("Figure options: the defaults are valid, a size out of range is refused by name") {
    const FigureOptions defaults;
    CHECK_NOTHROW(defaults.validate());
    FigureOptions o;
    o.width_pt = 10;
    CHECK_THROWS_WITH_AS(o.validate(), doctest::Contains("width"), std::invalid_argument);
    o = FigureOptions{};
    o.height_pt = NAN;
    CHECK_THROWS_WITH_AS(o.validate(), doctest::Contains("height"), std::invalid_argument);
    o = FigureOptions{};
    o.png_scale = 0;
    CHECK_THROWS_WITH_AS(o.validate(), doctest::Contains("PNG scale"), std::invalid_argument);
    o = FigureOptions{};
    o.width_pt = 3600;
    o.png_scale = 10;
    CHECK_THROWS_WITH_AS(o.validate(), doctest::Contains("20000"), std::invalid_argument);
    CHECK_NOTHROW(moran_defaults.validate());
    CHECK_NOTHROW(lisa_defaults.validate());
    CHECK_NOTHROW(choropleth_defaults.validate());
    CHECK_NOTHROW(density_defaults.validate());
    CHECK_NOTHROW(coefficient_defaults.validate());
}

TEST_CASE("Figure axes: tick steps are 1, 2 or 5 times a power of ten, about five ticks") {
    CHECK(nice_step(10.0) == doctest::Approx(2.0));
    CHECK(nice_step(1.0) == doctest::Approx(0.2));
    CHECK(nice_step(7.3) == doctest::Approx(2.0));
    CHECK(nice_step(0.0042) == doctest::Approx(0.001));
    CHECK(nice_step(2.4e6) == doctest::Approx(5e5));
    for (double span : {0.013, 0.7, 3.0, 9.99, 41.0, 1234.5}) {
        const double step = nice_step(span);
        const double mantissa = step / std::pow(10.0, std::floor(std::log10(step) + 1e-9));
        INFO("span " << span << " step " << step);
        CHECK((std::fabs(mantissa - 1) < 1e-9 || std::fabs(mantissa - 2) < 1e-9 || std::fabs(mantissa - 5) < 1e-9));
        CHECK(span / step >= 2.5);
        CHECK(span / step <= 10.0);
    }
    const Ticks t = nice_ticks({-0.3, 2.1});
    CHECK(t.step == doctest::Approx(0.5));
    REQUIRE(t.values.size() == 5);
    CHECK(t.values.front() == 0.0);
    CHECK(!std::signbit(t.values.front()));
    CHECK(t.values.back() == doctest::Approx(2.0));
    CHECK_THROWS_AS(nice_step(0.0), std::invalid_argument);
}

TEST_CASE("Figure axes: tick labels have the step's decimals and never read -0") {
    CHECK(tick_label(0.30000000000000004, 0.1) == "0.3");
    CHECK(tick_label(-1e-17, 0.1) == "0.0");
    CHECK(tick_label(-1e-17, 1.0) == "0");
    CHECK(tick_label(40.0, 20.0) == "40");
    CHECK(tick_label(0.75, 0.25) == "0.75");
    CHECK(tick_label(-1.5, 0.5) == "\u22121.5");  // U+2212, the minus sign
    CHECK(tick_label(-0.04, 0.1) == "0.0");
    CHECK(tick_label(2e6, 1e6) == "2e+06");
    CHECK(tick_label(-2e6, 1e6) == "\u22122e+06");
}

TEST_CASE("Figure axes: a range of one value is padded, a range is widened, a bad range refused") {
    const Interval one = padded_interval(3.0, 3.0);
    CHECK(one.lo == doctest::Approx(2.7));
    CHECK(one.hi == doctest::Approx(3.3));
    const Interval zero = padded_interval(0.0, 0.0);
    CHECK(zero.lo == -1.0);
    CHECK(zero.hi == 1.0);
    const Interval wide = padded_interval(0.0, 10.0, 0.04);
    CHECK(wide.lo == doctest::Approx(-0.4));
    CHECK(wide.hi == doctest::Approx(10.4));
    CHECK_THROWS_AS(padded_interval(NAN, 1.0), std::invalid_argument);
    CHECK_THROWS_AS(padded_interval(2.0, 1.0), std::invalid_argument);
}

TEST_CASE("Figure palette: the LISA colours stay apart for colour-blind readers") {
    std::vector<Rgb> lisa;
    for (LisaClass c : lisa_classes) lisa.push_back(lisa_colour(c));
    const Matrix3 identity{{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}};
    CHECK(smallest_difference(lisa, identity) >= 20.0);
    CHECK(smallest_difference(lisa, deuteranopia) >= 20.0);
    CHECK(smallest_difference(lisa, protanopia) >= 20.0);
    CHECK(smallest_difference(lisa, tritanopia) >= 20.0);
    const std::vector<Rgb> first_four(okabe_ito().begin(), okabe_ito().begin() + 4);
    for (const Matrix3* m : {&deuteranopia, &protanopia, &tritanopia}) CHECK(smallest_difference(first_four, *m) >= 23.0);
    // GeoDa's convention: HH is a red (red channel dominant), LL a blue.
    CHECK(lisa_colour(LisaClass::HighHigh).r > lisa_colour(LisaClass::HighHigh).b);
    CHECK(lisa_colour(LisaClass::LowLow).b > lisa_colour(LisaClass::LowLow).r);
}

TEST_CASE("Figure palette: viridis runs from dark purple to yellow and its classes get lighter") {
    CHECK(to_255(sequential_colour(0.0)) == Rgb255{0x44, 0x01, 0x54});
    CHECK(to_255(sequential_colour(1.0)) == Rgb255{0xFD, 0xE7, 0x25});
    CHECK(to_255(sequential_colour(0.5)) == Rgb255{0x21, 0x90, 0x8C});
    CHECK(to_255(sequential_colour(NAN)) == to_255(sequential_colour(0.0)));
    const std::vector<Rgb> classes = sequential_classes(5);
    REQUIRE(classes.size() == 5);
    const auto lightness = [](Rgb c) { return lab_seen(c, {{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}})[0]; };
    for (std::size_t i = 1; i < classes.size(); ++i) CHECK(lightness(classes[i]) > lightness(classes[i - 1]));
    CHECK(sequential_classes(1).size() == 1);
}

TEST_CASE("Figure choropleth: quantile breaks are R's type 7") {
    // quantile(c(15.7, 18.8, 30.6, 32.4, 50.7, 26.1, 0.18, 38.4), seq(0, 1, 0.2)) in R 4.2.
    const std::vector<double> breaks =
        quantile_breaks({15.7, 18.8, NAN, 30.6, 32.4, 50.7, 26.1, 0.18, 38.4}, 5);
    const std::vector<double> r{0.18, 16.94, 24.64, 30.96, 36.00, 50.7};
    REQUIRE(breaks.size() == r.size());
    for (std::size_t i = 0; i < r.size(); ++i) CHECK(breaks[i] == doctest::Approx(r[i]).epsilon(1e-12));
    CHECK_THROWS_WITH_AS(quantile_breaks({NAN}, 3), doctest::Contains("no finite value"), std::invalid_argument);
}

// =============================================================================================
// The charts, in three formats

TEST_CASE("Figure Moran scatterplot: Columbus CRIME in SVG, PDF and PNG") {
    const Columbus& c = columbus();
    // The slope drawn is Moran's I of CRIME with COL.gal: spdep's moran.test gives 0.5109512641.
    CHECK(c.moran_i == doctest::Approx(0.5109512641).epsilon(1e-9));
    MoranScatterData data{c.z, c.lag, c.moran_i, {}};
    const Written plain = write_three("moran_scatter", [&](const std::string& path) {
        return draw_moran_scatter(data, moran_defaults, path);
    });
    CHECK(plain.reports[0].drawn == 49);
    CHECK(plain.reports[0].notes.empty());
    CHECK(plain.svg.filled(category_colour(0)) >= 49);  // one filled circle per unit
    CHECK(plain.png.count(white) > 0);

    data.classes = c.classes;
    const Written classed = write_three("moran_scatter_classes", [&](const std::string& path) {
        return draw_moran_scatter(data, moran_defaults, path);
    });
    for (LisaClass k : {LisaClass::HighHigh, LisaClass::LowLow, LisaClass::NotSignificant}) {
        INFO(lisa_class_name(k));
        const std::size_t n = count_class(c.classes, k);
        REQUIRE(n > 0);
        CHECK(classed.svg.filled(lisa_colour(k)) == n + 1);  // the points and the legend's marker
    }
}

TEST_CASE("Figure LISA cluster map: the 49 Columbus units in their class colours") {
    const Columbus& c = columbus();
    LisaMapData data{{c.shapes}, c.classes};
    data.classes[0] = LisaClass::Neighbourless;  // so that the island entry is drawn too
    LisaMapOptions options;
    options.significance = "|z Wz| > 0.4";
    const Written w = write_three("lisa_map", [&](const std::string& path) { return draw_lisa_map(data, options, path); });
    CHECK(w.reports[0].drawn == 49);
    CHECK(w.svg.filled_paths() >= 49);
    for (LisaClass k : lisa_classes) {
        INFO(lisa_class_name(k));
        const std::size_t n = count_class(data.classes, k);
        // Every unit of the class, and the legend's swatch (always there for the five ordinary classes).
        CHECK(w.svg.filled(lisa_colour(k)) == n + (n > 0 || k != LisaClass::Neighbourless ? 1 : 0));
        CHECK(w.png.count(lisa_colour(k)) > 0);
    }
}

TEST_CASE("Figure LISA cluster map: a square of four units keeps its aspect ratio") {
    // Four unit squares in a 2 x 2 block: on the page the block must be as wide as it is tall.
    const TempDir dir("spillover_figure");
    const std::string path = dir.path("square.png");
    LisaMapData data{{{square(0, 0), square(1, 0), square(0, 1), square(1, 1)}},
                     {LisaClass::HighHigh, LisaClass::HighHigh, LisaClass::HighHigh, LisaClass::HighHigh}};
    draw_lisa_map(data, lisa_defaults, path);
    // The block is the first run of columns holding HH pixels (the legend's swatch is further right,
    // past a gap of 20 pixels); its height, the rows holding HH pixels within those columns.
    cairo_surface_t* image = cairo_image_surface_create_from_png(path.c_str());
    REQUIRE(cairo_surface_status(image) == CAIRO_STATUS_SUCCESS);
    const int width = cairo_image_surface_get_width(image), height = cairo_image_surface_get_height(image);
    const unsigned char* pixels = cairo_image_surface_get_data(image);
    const int stride = cairo_image_surface_get_stride(image);
    const Rgb255 hh = to_255(lisa_colour(LisaClass::HighHigh));
    const auto is_hh = [&](int x, int y) {
        std::uint32_t argb;
        std::memcpy(&argb, pixels + y * stride + 4 * x, 4);
        return Rgb255{static_cast<int>((argb >> 16) & 0xFF), static_cast<int>((argb >> 8) & 0xFF),
                      static_cast<int>(argb & 0xFF)} == hh;
    };
    const auto column_has_hh = [&](int x) {
        for (int y = 0; y < height; ++y)
            if (is_hh(x, y)) return true;
        return false;
    };
    int first = 0;
    while (first < width && !column_has_hh(first)) ++first;
    int last = first;  // the block's last column; the border between its units may hide a column
    for (int x = first + 1; x < width && x - last <= 3; ++x)
        if (column_has_hh(x)) last = x;
    int top = height, bottom = -1;
    for (int y = 0; y < height; ++y)
        for (int x = first; x <= last; ++x)
            if (is_hh(x, y)) {
                top = std::min(top, y);
                bottom = std::max(bottom, y);
            }
    cairo_surface_destroy(image);
    const int columns = last - first + 1, rows = bottom - top + 1;
    CHECK(columns > 100);
    CHECK(std::abs(columns - rows) <= 2);  // antialiased edges: a pixel either way
}

TEST_CASE("Figure choropleth: Columbus CRIME in five quantile classes, two units with no value") {
    const Columbus& c = columbus();
    ChoroplethData data{{c.shapes}, c.crime};
    data.values[3] = NAN;
    data.values[10] = NAN;
    ChoroplethOptions options;
    options.legend_title = "CRIME";
    // Wider than the page at 11 pt: drawn smaller, not cut off.
    options.figure.title = "Residential burglaries and vehicle thefts per thousand households, Columbus, Ohio, 1980";
    const Written w = write_three("choropleth", [&](const std::string& path) { return draw_choropleth(data, options, path); });
    REQUIRE(w.reports[0].notes.size() == 1);
    CHECK(contains(w.reports[0].notes[0], "2 of 49 units have no value"));
    CHECK(w.svg.filled_paths() >= 49);
    // 47 values in five classes: every class colour fills 9 or 10 units, plus its legend swatch.
    std::size_t coloured = 0;
    for (const Rgb& colour : sequential_classes(5)) {
        const std::size_t n = w.svg.filled(colour);
        CHECK(n >= 10);
        CHECK(n <= 11);
        coloured += n - 1;
        CHECK(w.png.count(colour) > 0);
    }
    CHECK(coloured == 47);
    CHECK(w.svg.filled(white) >= 3);  // the two hatched units and the hatched swatch start white
}

TEST_CASE("Figure choropleth: a wide map on a tall page gets its legend underneath") {
    // Twelve squares in a row: beside the map the legend would shrink it, under it costs nothing.
    ChoroplethData data;
    for (int i = 0; i < 12; ++i) {
        data.layer.polygons.push_back(square(i, 0));
        data.values.push_back(i * i);
    }
    ChoroplethOptions options;
    options.figure.width_pt = 300;
    options.figure.height_pt = 400;
    options.classes = 4;
    const Written w = write_three("choropleth_wide", [&](const std::string& path) {
        return draw_choropleth(data, options, path);
    }, options.figure);
    // The map spans the page's width less the margins: a square is (300 - 16) / 12 points wide,
    // 2 pixels a point. Count the lowest class's run of pixels along the map's middle row.
    const auto colour = to_255(sequential_classes(4)[0]);
    const std::size_t first_class = w.png.pixels.at(colour);
    const double square_pixels = std::pow((300.0 - 16.0) / 12.0 * 2.0, 2);
    CHECK(static_cast<double>(first_class) > 0.8 * 3 * square_pixels);  // 3 squares in the first class
}

TEST_CASE("Figure choropleth: given breaks, tied quantiles, values outside the breaks") {
    const TempDir dir("spillover_figure");
    const MapLayer shapes{{square(0, 0), square(1, 0), square(2, 0), square(3, 0)}};
    ChoroplethOptions options;
    options.breaks = {0.0, 1.0, 10.0};
    CHECK(draw_choropleth({shapes, {0.0, 0.5, 1.0, 10.0}}, options, dir.path("given.svg")).notes.empty());
    // The class of 10 is the last, closed at the top; 10.5 lies outside.
    CHECK_THROWS_WITH_AS(draw_choropleth({shapes, {0.0, 0.5, 1.0, 10.5}}, options, dir.path("out.svg")),
                         doctest::Contains("unit 4"), std::invalid_argument);
    options.breaks = {0.0, 2.0, 1.0};
    CHECK_THROWS_WITH_AS(draw_choropleth({shapes, {0.0, 0.5, 1.0, 1.5}}, options, dir.path("bad.svg")),
                         doctest::Contains("breaks must increase"), std::invalid_argument);
    // Three equal values of four: the quantile classes merge, and the figure says so.
    ChoroplethOptions quantiles;
    quantiles.classes = 4;
    const FigureReport tied = draw_choropleth({shapes, {1.0, 1.0, 1.0, 2.0}}, quantiles, dir.path("tied.svg"));
    REQUIRE(tied.notes.size() == 1);
    CHECK(contains(tied.notes[0], "4 classes asked, 2 drawn"));
    // One value for every unit: one class, still drawn.
    CHECK_NOTHROW(draw_choropleth({shapes, {3.0, 3.0, 3.0, 3.0}}, quantiles, dir.path("flat.svg")));
    quantiles.classes = 0;
    CHECK_THROWS_WITH_AS(quantiles.validate(), doctest::Contains("classes"), std::invalid_argument);
    CHECK_THROWS_WITH_AS(draw_choropleth({shapes, {NAN, NAN, NAN, NAN}}, choropleth_defaults, dir.path("none.svg")),
                         doctest::Contains("no finite value"), std::invalid_argument);
}

// Units drawn as points: one circle per unit, in draw order. Its colour compared to its unit's by
// rank of x: the map keeps the order of x (one scale, no rotation), and the units' x are distinct.
void check_circle_colours(const std::vector<SvgCircle>& circles, const std::vector<PlotPoint>& points,
                          const std::vector<Rgb>& unit_colours) {
    REQUIRE(circles.size() == points.size());
    std::vector<std::size_t> by_x(points.size());
    std::iota(by_x.begin(), by_x.end(), std::size_t{0});
    std::sort(by_x.begin(), by_x.end(), [&](std::size_t a, std::size_t b) { return points[a].x < points[b].x; });
    std::vector<SvgCircle> sorted = circles;
    std::sort(sorted.begin(), sorted.end(), [](const SvgCircle& a, const SvgCircle& b) { return a.x < b.x; });
    for (std::size_t r = 0; r < sorted.size(); ++r) {
        INFO("unit " << by_x[r] + 1);
        CHECK(sorted[r].fill == to_255(unit_colours[by_x[r]]));
    }
}

TEST_CASE("Figure point map: the 49 Columbus tracts as circles in their LISA colours over the tracts as outline") {
    const Columbus& c = columbus();
    const LisaMapData data{{{}, c.centroids, c.shapes}, c.classes};
    const Written w = write_three("lisa_points", [&](const std::string& path) {
        return draw_lisa_map(data, lisa_defaults, path);
    });
    CHECK(w.reports[0].drawn == 49);
    CHECK(w.reports[0].notes.empty());  // planar, and every point inside the outline's extent
    TempDir dir("spillover_figure");
    draw_lisa_map(data, lisa_defaults, dir.path("points.svg"));
    const std::vector<SvgCircle> circles = svg_circles(dir.path("points.svg"));
    std::vector<Rgb> colours;
    for (LisaClass k : c.classes) colours.push_back(lisa_colour(k));
    check_circle_colours(circles, c.centroids, colours);
    // One circle per unit of each class (the legend's swatches are boxes), the same radius for all.
    for (LisaClass k : lisa_classes) {
        INFO(lisa_class_name(k));
        CHECK(std::count_if(circles.begin(), circles.end(), [&](const SvgCircle& s) {
                  return s.fill == to_255(lisa_colour(k));
              }) == static_cast<std::ptrdiff_t>(count_class(c.classes, k)));
    }
    for (const SvgCircle& s : circles) CHECK(s.width == doctest::Approx(2 * point_radius(49)).epsilon(0.01));
    // The significant units are drawn after the others: on top where circles overlap.
    const auto first_raised = std::find_if(circles.begin(), circles.end(), [](const SvgCircle& s) {
        return s.fill != to_255(lisa_colour(LisaClass::NotSignificant));
    });
    CHECK(std::all_of(first_raised, circles.end(), [](const SvgCircle& s) {
        return s.fill != to_255(lisa_colour(LisaClass::NotSignificant));
    }));
    // The outline: every feature filled light grey, under the circles.
    CHECK(w.svg.filled(ground_grey) == 49);
    CHECK(w.png.count(ground_grey) > 0);
    for (LisaClass k : {LisaClass::HighHigh, LisaClass::LowLow, LisaClass::NotSignificant}) CHECK(w.png.count(lisa_colour(k)) > 0);
}

TEST_CASE("Figure point map: Columbus CRIME in five quantile classes as circles, one unit hatched") {
    const Columbus& c = columbus();
    ChoroplethData data{{{}, c.centroids}, c.crime};
    data.values[3] = NAN;
    ChoroplethOptions options;
    options.legend_title = "CRIME";
    const Written w = write_three("choropleth_points", [&](const std::string& path) {
        return draw_choropleth(data, options, path);
    });
    REQUIRE(w.reports[0].notes.size() == 1);
    CHECK(contains(w.reports[0].notes[0], "1 of 49 units have no value"));
    TempDir dir("spillover_figure");
    draw_choropleth(data, options, dir.path("points.svg"));
    const std::vector<SvgCircle> circles = svg_circles(dir.path("points.svg"));
    // The class of each unit, from the breaks the legend shows: quantile_breaks of the 48 values.
    const std::vector<double> breaks = quantile_breaks(data.values, 5);
    const std::vector<Rgb> class_colours = sequential_classes(5);
    std::vector<Rgb> colours;
    for (double v : data.values) {
        if (std::isnan(v)) {
            colours.push_back(white);  // hatched: white under the grey lines
            continue;
        }
        std::size_t j = 0;
        while (j + 2 < breaks.size() && v >= breaks[j + 1]) ++j;
        colours.push_back(class_colours[j]);
    }
    check_circle_colours(circles, c.centroids, colours);
    std::size_t coloured = 0;
    for (const Rgb& colour : class_colours) {
        const auto n = static_cast<std::size_t>(std::count_if(circles.begin(), circles.end(), [&](const SvgCircle& s) {
            return s.fill == to_255(colour);
        }));
        CHECK(n >= 9);
        CHECK(n <= 10);
        coloured += n;
    }
    CHECK(coloured == 48);
}

TEST_CASE("Figure point map: degrees are drawn as longitude times the cosine of the mean latitude") {
    // Four corners of a 10 by 10 degree box around 60 N, the same box as outline: at 60 N a degree of
    // longitude is half a degree of latitude, so the box is drawn twice as tall as it is wide.
    const std::vector<PlotPoint> corners{{10, 55}, {20, 55}, {20, 65}, {10, 65}};
    MapLayer layer{{}, corners, {PlotShape{{corners}}}, true};
    CHECK(mean_latitude(layer) == doctest::Approx(60.0));
    const MapLayer plane = planar_layer(layer);
    CHECK(!plane.lonlat);
    CHECK(plane.points[1].x == doctest::Approx(10.0));  // 20 · cos 60°
    CHECK(plane.points[1].y == 55.0);
    CHECK(plane.outline[0].rings[0][2].x == doctest::Approx(10.0));
    const TempDir dir("spillover_figure");
    const std::vector<LisaClass> classes(4, LisaClass::HighHigh);
    const FigureReport report = draw_lisa_map({layer, classes}, lisa_defaults, dir.path("degrees.svg"));
    REQUIRE(report.notes.size() == 1);
    CHECK(contains(report.notes[0], "equirectangular projection"));
    CHECK(contains(report.notes[0], "60.0\u00B0N"));
    const auto aspect = [](const std::vector<SvgCircle>& circles) {
        double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
        for (const SvgCircle& s : circles) {
            x0 = std::min(x0, s.x), x1 = std::max(x1, s.x), y0 = std::min(y0, s.y), y1 = std::max(y1, s.y);
        }
        return (x1 - x0) / (y1 - y0);
    };
    CHECK(aspect(svg_circles(dir.path("degrees.svg"))) == doctest::Approx(0.5).epsilon(0.01));
    layer.lonlat = false;  // the same numbers taken as planar: a square
    CHECK(draw_lisa_map({layer, classes}, lisa_defaults, dir.path("planar.svg")).notes.empty());
    CHECK(aspect(svg_circles(dir.path("planar.svg"))) == doctest::Approx(1.0).epsilon(0.01));
}

TEST_CASE("Figure point map: 3000 units get small circles, all inside the page") {
    // A jittered 60 x 50 grid: the map a county-level study would draw.
    ChoroplethData data;
    std::uint64_t state = 12345;
    const auto jitter = [&state] {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<double>(state >> 11) / 9007199254740992.0 - 0.5;
    };
    for (int i = 0; i < 60; ++i)
        for (int j = 0; j < 50; ++j) {
            data.layer.points.push_back({i + 0.6 * jitter(), j + 0.6 * jitter()});
            data.values.push_back(i + j);
        }
    const Written w = write_three("choropleth_points_3000", [&](const std::string& path) {
        return draw_choropleth(data, choropleth_defaults, path);
    });
    CHECK(w.reports[0].drawn == 3000);
    const TempDir dir("spillover_figure");
    draw_choropleth(data, choropleth_defaults, dir.path("many.svg"));
    const std::vector<SvgCircle> circles = svg_circles(dir.path("many.svg"));
    REQUIRE(circles.size() == 3000);
    CHECK(point_radius(3000) == 1.5);
    for (const SvgCircle& s : circles) {
        CHECK(s.width == doctest::Approx(3.0).epsilon(0.01));
        CHECK(s.x - s.width / 2 >= 0.0);
        CHECK(s.x + s.width / 2 <= 468.0);
    }
    // The radius never grows with the number of units.
    for (std::size_t n : {1, 31, 100, 101, 300, 301, 1000, 1001, 3000, 3001, 100000})
        CHECK(point_radius(n) >= point_radius(n + 1));
    CHECK(point_radius(31) == 4.0);
}

TEST_CASE("Figure point map: both kinds of unit, a bad point, a bad outline and non-degrees are refused") {
    const TempDir dir("spillover_figure");
    const std::string path = dir.path("map.svg");
    const std::vector<LisaClass> two(2, LisaClass::HighHigh);
    CHECK_THROWS_WITH_AS(draw_lisa_map({{{square(0, 0), square(1, 0)}, {{0, 0}, {1, 1}}}, two}, lisa_defaults, path),
                         doctest::Contains("both as 2 polygons and as 2 points"), std::invalid_argument);
    CHECK_THROWS_WITH_AS(draw_lisa_map({{{}, {{0, 0}, {1, NAN}}}, two}, lisa_defaults, path),
                         doctest::Contains("unit 2 has a coordinate that is not a finite number"), std::invalid_argument);
    CHECK_THROWS_WITH_AS(draw_lisa_map({{{}, {{0, 0}, {1, 1}}}, {LisaClass::HighHigh}}, lisa_defaults, path),
                         doctest::Contains("2 units but 1 classes"), std::invalid_argument);
    CHECK_THROWS_WITH_AS(draw_lisa_map({{{}, {{0, 0}, {1, 1}}, {PlotShape{{{{0, 0}, {1, 1}}}}}}, two}, lisa_defaults, path),
                         doctest::Contains("outline: ring 1 of feature 1 has 2 vertices"), std::invalid_argument);
    CHECK_THROWS_WITH_AS(draw_lisa_map({{{}, {{500000, 4000000}, {510000, 4100000}}, {}, true}, two}, lisa_defaults, path),
                         doctest::Contains("unit 1 has the latitude 4000000"), std::invalid_argument);
    CHECK_THROWS_WITH_AS(
        draw_lisa_map({{{}, {{0, 0}, {1, 1}}, {square(500000, 4000000)}, true}, two}, lisa_defaults, path),
        doctest::Contains("outline: feature 1 has the latitude"), std::invalid_argument);
    // One point and no outline: no extent to scale.
    CHECK_THROWS_WITH_AS(draw_lisa_map({{{}, {{3, 4}}}, {LisaClass::HighHigh}}, lisa_defaults, path),
                         doctest::Contains("no area"), std::invalid_argument);
    CHECK(!std::filesystem::exists(path));
    // One point with an outline draws; points far from the outline are drawn, with a note.
    CHECK(draw_lisa_map({{{}, {{0.5, 0.5}}, {square(0, 0)}}, {LisaClass::HighHigh}}, lisa_defaults, path).notes.empty());
    const FigureReport apart = draw_lisa_map({{{}, {{0.5, 0.5}, {40, 80}}, {square(0, 0)}}, two}, lisa_defaults, path);
    REQUIRE(apart.notes.size() == 1);
    CHECK(contains(apart.notes[0], "1 of 2 points lie outside the outline's extent"));
}

TEST_CASE("Figure density curves: four periods with Okabe-Ito colours and dash patterns") {
    DensityCurvesOptions options;
    options.x_label = "Relative income per capita";
    options.legend_title = "Year";
    const DensityCurvesData data = period_curves();
    const Written w = write_three("density_curves", [&](const std::string& path) {
        return draw_density_curves(data, options, path);
    });
    CHECK(w.reports[0].drawn == 4);
    CHECK(w.reports[0].notes.empty());
    CHECK(w.svg.paths >= 4 + 4);  // the curves and their legend samples, besides frame and ticks
    for (std::size_t i = 0; i < 4; ++i) CHECK(w.png.count(category_colour(i)) > 0);
}

TEST_CASE("Figure coefficient chart: direct, indirect and total effects with their intervals") {
    const CoefficientChartData data = effects_data();
    CoefficientChartOptions options;
    options.figure.title = "Impacts on CRIME (SDM)";
    const Written w = write_three("coefficient_chart", [&](const std::string& path) {
        return draw_coefficient_chart(data, options, path);
    });
    CHECK(w.reports[0].drawn == 6);
    // Each group's colour fills its two markers (INC, HOVAL) and its legend marker.
    for (std::size_t g = 0; g < 3; ++g) CHECK(w.svg.filled(category_colour(g)) == 3);
}

TEST_CASE("Figure sizes: a custom page size reaches every format") {
    FigureOptions figure;
    figure.width_pt = 300;
    figure.height_pt = 300;
    figure.png_scale = 1.5;
    CoefficientChartOptions options;
    options.figure = figure;
    const Written w = write_three(
        "small", [&](const std::string& path) { return draw_coefficient_chart(effects_data(), options, path); }, figure);
    CHECK(w.png.width == 450);
}

// =============================================================================================
// Degenerate input

TEST_CASE("Figure Moran scatterplot: mismatched lengths, no points and a bad I are refused") {
    const TempDir dir("spillover_figure");
    const std::string path = dir.path("m.svg");
    CHECK_THROWS_WITH_AS(draw_moran_scatter({{1, 2, 3}, {1, 2}, 0.1, {}}, moran_defaults, path),
                         doctest::Contains("z has 3 values but the spatial lag has 2"), std::invalid_argument);
    CHECK_THROWS_WITH_AS(draw_moran_scatter({{}, {}, 0.1, {}}, moran_defaults, path), doctest::Contains("no points"),
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(draw_moran_scatter({{1, 2}, {1, 2}, 0.1, {LisaClass::HighHigh}}, moran_defaults, path),
                         doctest::Contains("1 classes for 2 points"), std::invalid_argument);
    CHECK_THROWS_WITH_AS(draw_moran_scatter({{1, 2}, {1, 2}, NAN, {}}, moran_defaults, path), doctest::Contains("Moran's I"),
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(draw_moran_scatter({{NAN, 2}, {1, NAN}, 0.1, {}}, moran_defaults, path),
                         doctest::Contains("no point has both"), std::invalid_argument);
    CHECK(!std::filesystem::exists(path));
}

TEST_CASE("Figure Moran scatterplot: all z equal still draws, missing values are skipped with a note") {
    const TempDir dir("spillover_figure");
    const FigureReport flat = draw_moran_scatter({{0.5, 0.5, 0.5}, {-1, 0, 1}, 0.0, {}}, moran_defaults, dir.path("flat.png"));
    CHECK(flat.drawn == 3);
    CHECK(read_png(dir.path("flat.png")).width == 936);
    const FigureReport gaps = draw_moran_scatter({{1, NAN, -1, 0.5}, {0.5, 1, INFINITY, 0.2}, 0.3, {}}, moran_defaults,
                                                 dir.path("gaps.svg"));
    CHECK(gaps.drawn == 2);
    REQUIRE(gaps.notes.size() == 1);
    CHECK(contains(gaps.notes[0], "2 of 4 units not drawn"));
    // The note is printed on the figure: more glyphs than the same figure without missing values.
    const FigureReport full = draw_moran_scatter({{1, 0.5}, {0.5, 0.2}, 0.3, {}}, moran_defaults, dir.path("full.svg"));
    CHECK(full.notes.empty());
    CHECK(read_svg(dir.path("gaps.svg")).glyph_uses > read_svg(dir.path("full.svg")).glyph_uses + 20);
}

TEST_CASE("Figure maps: mismatched lengths, no units and undrawable shapes are refused by unit") {
    const TempDir dir("spillover_figure");
    const std::string path = dir.path("map.svg");
    const auto units = [](std::vector<PlotShape> shapes) { return MapLayer{std::move(shapes)}; };
    CHECK_THROWS_WITH_AS(draw_lisa_map({units({square(0, 0)}), {}}, lisa_defaults, path),
                         doctest::Contains("1 units but 0 classes"), std::invalid_argument);
    CHECK_THROWS_WITH_AS(draw_lisa_map({units({}), {}}, lisa_defaults, path), doctest::Contains("no units"),
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(draw_lisa_map({units({square(0, 0), PlotShape{{{{0, 0}, {1, 1}}}}}),
                                        {LisaClass::HighHigh, LisaClass::LowLow}},
                                       {}, path),
                         doctest::Contains("ring 1 of unit 2 has 2 vertices"), std::invalid_argument);
    CHECK_THROWS_WITH_AS(draw_lisa_map({units({square(0, 0), PlotShape{}}), {LisaClass::HighHigh, LisaClass::LowLow}},
                                       lisa_defaults, path),
                         doctest::Contains("unit 2 has no ring"), std::invalid_argument);
    CHECK_THROWS_WITH_AS(draw_lisa_map({units({square(0, 0)}), {static_cast<LisaClass>(5)}}, lisa_defaults, path),
                         doctest::Contains("class code 5"), std::invalid_argument);
    PlotShape nan_shape = square(0, 0);
    nan_shape.rings[0][2].y = NAN;
    CHECK_THROWS_WITH_AS(draw_choropleth({units({nan_shape}), {1.0}}, choropleth_defaults, path),
                         doctest::Contains("unit 1"), std::invalid_argument);
    CHECK_THROWS_WITH_AS(draw_choropleth({units({square(0, 0)}), {1.0, 2.0}}, choropleth_defaults, path),
                         doctest::Contains("1 units but 2 values"), std::invalid_argument);
    // Every vertex at one point: nothing to scale.
    CHECK_THROWS_WITH_AS(draw_lisa_map({units({PlotShape{{{{1, 1}, {1, 1}, {1, 1}}}}}), {LisaClass::HighHigh}},
                                       lisa_defaults, path),
                         doctest::Contains("no area"), std::invalid_argument);
    CHECK(!std::filesystem::exists(path));
}

TEST_CASE("Figure density curves: bad curves are refused by name, missing points skipped with a note") {
    const TempDir dir("spillover_figure");
    const std::string path = dir.path("d.svg");
    CHECK_THROWS_WITH_AS(draw_density_curves({}, density_defaults, path), doctest::Contains("no curve"), std::invalid_argument);
    CHECK_THROWS_WITH_AS(draw_density_curves({{{"2012", {0, 1, 2}, {0.1, 0.2}}}}, density_defaults, path),
                         doctest::Contains("curve '2012' has 3 x values but 2 densities"), std::invalid_argument);
    CHECK_THROWS_WITH_AS(draw_density_curves({{{"2012", {0, 1}, {0.1, -0.2}}}}, density_defaults, path),
                         doctest::Contains("negative density"), std::invalid_argument);
    CHECK_THROWS_WITH_AS(draw_density_curves({{{"2015", {0, 2, 1}, {0.1, 0.2, 0.1}}}}, density_defaults, path),
                         doctest::Contains("x values of curve '2015' decrease"), std::invalid_argument);
    CHECK_THROWS_WITH_AS(draw_density_curves({{{"", {0, NAN}, {0.1, 0.2}}}}, density_defaults, path),
                         doctest::Contains("curve 'Curve 1' has 1 finite points"), std::invalid_argument);
    const FigureReport r = draw_density_curves({{{"a", {0, 1, NAN, 3}, {0.1, 0.3, 0.2, NAN}}}}, density_defaults, path);
    REQUIRE(r.notes.size() == 1);
    CHECK(contains(r.notes[0], "2 points with a missing x or density skipped"));
    // All x equal in a curve is not refused: a vertical segment on a padded axis.
    CHECK_NOTHROW(draw_density_curves({{{"a", {1, 1}, {0.0, 0.5}}}}, density_defaults, dir.path("flat.png")));
}

TEST_CASE("Figure coefficient chart: bad intervals and repeats are refused, missing values noted") {
    const TempDir dir("spillover_figure");
    const std::string path = dir.path("c.svg");
    CHECK_THROWS_WITH_AS(draw_coefficient_chart({}, coefficient_defaults, path), doctest::Contains("no estimates"), std::invalid_argument);
    CHECK_THROWS_WITH_AS(draw_coefficient_chart({{{"INC", "Direct", 1.0, 1.5, 2.0}}}, coefficient_defaults, path),
                         doctest::Contains("'INC' (Direct) does not contain its estimate"), std::invalid_argument);
    CHECK_THROWS_WITH_AS(draw_coefficient_chart({{{"INC", "", 1.0, 0.5, 2.0}, {"INC", "", 1.1, 0.5, 2.0}}}, coefficient_defaults, path),
                         doctest::Contains("'INC' appears twice"), std::invalid_argument);
    CHECK_THROWS_WITH_AS(draw_coefficient_chart({{{"INC", "", NAN, 0.5, 2.0}}}, coefficient_defaults, path),
                         doctest::Contains("no estimate is a finite number"), std::invalid_argument);
    const FigureReport r = draw_coefficient_chart(
        {{{"INC", "", 1.0, 0.5, 2.0}, {"HOVAL", "", NAN, NAN, NAN}, {"W_INC", "", -0.4, NAN, NAN}}}, coefficient_defaults, path);
    CHECK(r.drawn == 2);
    REQUIRE(r.notes.size() == 2);
    CHECK(contains(r.notes[0], "1 estimates missing"));
    CHECK(contains(r.notes[1], "1 estimates without an interval"));
}

TEST_CASE("Figure files: a bad extension or directory is an input error, an earlier figure survives a refusal") {
    const TempDir dir("spillover_figure");
    const MoranScatterData data{{1, -1}, {0.5, -0.5}, 0.5, {}};
    CHECK_THROWS_WITH_AS(draw_moran_scatter(data, moran_defaults, dir.path("m.jpg")), doctest::Contains("m.jpg"), InputError);
    const std::string missing = dir.path("no/such/dir/m.svg");
    const std::string expected = "cannot write '" + missing + "'";
    CHECK_THROWS_WITH_AS(draw_moran_scatter(data, moran_defaults, missing), doctest::Contains(expected.c_str()), InputError);
    const std::string path = dir.path("m.svg");
    draw_moran_scatter(data, moran_defaults, path);
    const std::string before = read_bytes(path);
    CHECK_THROWS_AS(draw_moran_scatter({{1}, {}, 0.5, {}}, moran_defaults, path), std::invalid_argument);
    CHECK(read_bytes(path) == before);
}
