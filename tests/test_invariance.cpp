// Invariances a user relies on without checking (issue 18): the estimates do not depend on the order
// of the rows, on what the ids are called or on the order of W's units; scaling a regressor scales
// its coefficient and nothing else; a panel's fit does not depend on the order of units or periods.
// Each is checked on the bundled data through run_fit, files and all, as a user would meet it.

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "tests/test_support.hpp"
#include "workflow/fit_pipeline.hpp"

namespace fs = std::filesystem;
using namespace spillover;

namespace {

std::vector<std::string> lines_of(const std::string& path) {
    std::ifstream in(path);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

std::string write_lines(const fs::path& path, const std::vector<std::string>& lines) {
    std::ofstream out(path);
    for (const auto& line : lines) out << line << '\n';
    return path.string();
}

/// The data rows (not the header) in a seeded random order.
std::vector<std::string> shuffled_rows(std::vector<std::string> lines, unsigned seed) {
    std::mt19937 generator(seed);
    std::shuffle(lines.begin() + 1, lines.end(), generator);
    return lines;
}

/// Every whitespace-separated token of a GAL file relabelled through `label`, but the header "n".
std::vector<std::string> relabelled_gal(const std::vector<std::string>& gal, const auto& label) {
    std::vector<std::string> out{gal.front()};
    for (std::size_t i = 1; i < gal.size(); ++i) {
        std::stringstream in(gal[i]);
        std::string line, token;
        const bool header_line = i % 2 == 1;  // "id count", then the neighbours
        for (int k = 0; in >> token; ++k) line += (k ? " " : "") + (header_line && k == 1 ? token : label(token));
        out.push_back(line);
    }
    return out;
}

/// The GAL's units listed in reverse order (each unit's two lines kept together).
std::vector<std::string> reversed_gal(const std::vector<std::string>& gal) {
    std::vector<std::string> out{gal.front()};
    for (std::size_t unit = (gal.size() - 1) / 2; unit > 0; --unit) {
        out.push_back(gal[2 * unit - 1]);
        out.push_back(gal[2 * unit]);
    }
    return out;
}

/// One field of a CSV line replaced through `change`.
std::string with_field(const std::string& line, std::size_t field, const auto& change) {
    std::vector<std::string> fields;
    std::stringstream in(line);
    for (std::string f; std::getline(in, f, ',');) fields.push_back(f);
    fields[field] = change(fields[field]);
    std::string out;
    for (const auto& f : fields) out += (out.empty() ? "" : ",") + f;
    return out;
}

FitRequest columbus_request(const std::string& data, const std::string& weights) {
    FitRequest request;
    request.input.data_path = data;
    request.input.id_column = "POLYID";
    request.input.weights_path = weights;
    request.formula = "CRIME ~ INC + HOVAL";
    request.models = {"sar", "sdm", "sem"};
    return request;
}

/// Same estimates, standard errors, ρ/λ and log-likelihood, to `tolerance` (relative).
void check_same_fits(const std::vector<SpatialFit>& a, const std::vector<SpatialFit>& b, double tolerance) {
    REQUIRE(a.size() == b.size());
    for (std::size_t m = 0; m < a.size(); ++m) {
        CAPTURE(a[m].model);
        CHECK(b[m].log_likelihood == doctest::Approx(a[m].log_likelihood).epsilon(tolerance));
        REQUIRE(a[m].coefficients.size() == b[m].coefficients.size());
        for (std::size_t j = 0; j < a[m].coefficients.size(); ++j) {
            CAPTURE(a[m].coefficients[j].name);
            CHECK(b[m].coefficients[j].name == a[m].coefficients[j].name);
            CHECK(b[m].coefficients[j].estimate == doctest::Approx(a[m].coefficients[j].estimate).epsilon(tolerance));
            CHECK(b[m].coefficients[j].std_error == doctest::Approx(a[m].coefficients[j].std_error).epsilon(tolerance));
        }
        for (const auto member : {&SpatialFit::rho, &SpatialFit::lambda}) {
            REQUIRE((a[m].*member).has_value() == (b[m].*member).has_value());
            if (!(a[m].*member)) continue;
            CHECK((b[m].*member)->estimate == doctest::Approx((a[m].*member)->estimate).epsilon(tolerance));
            CHECK((b[m].*member)->std_error == doctest::Approx((a[m].*member)->std_error).epsilon(tolerance));
        }
    }
}

const std::string kColumbus = std::string(SPILLOVER_DATA_DIR) + "/columbus/columbus.csv";
const std::string kColumbusGal = std::string(SPILLOVER_DATA_DIR) + "/columbus/columbus.gal";
const std::string kCigar = std::string(SPILLOVER_DATA_DIR) + "/cigar/cigar.csv";
const std::string kCigarGal = std::string(SPILLOVER_DATA_DIR) + "/cigar/cigar_queen.gal";
constexpr double kSame = 1e-7;  // the searches stop at a tolerance; orders change rounding only

}  // namespace

TEST_CASE("Invariance: shuffled rows, relabelled ids and W's units in another order give the same fits") {
    const testing::TempDir scratch("spillover_invariance");
    const std::vector<SpatialFit> reference = run_fit(columbus_request(kColumbus, kColumbusGal));

    const std::string shuffled = write_lines(scratch.root() / "shuffled.csv", shuffled_rows(lines_of(kColumbus), 7));
    check_same_fits(reference, run_fit(columbus_request(shuffled, kColumbusGal)), kSame);

    const std::string reversed = write_lines(scratch.root() / "reversed.gal", reversed_gal(lines_of(kColumbusGal)));
    check_same_fits(reference, run_fit(columbus_request(shuffled, reversed)), kSame);

    // Ids as text that sorts in another order than the numbers did: "tract_951" for POLYID 49.
    const auto label = [](const std::string& id) { return "tract_" + std::to_string(1000 - std::stoi(id)); };
    std::vector<std::string> data = lines_of(shuffled);
    for (std::size_t i = 1; i < data.size(); ++i) data[i] = with_field(data[i], 4, label);
    const std::string relabelled = write_lines(scratch.root() / "relabelled.csv", data);
    const std::string gal = write_lines(scratch.root() / "relabelled.gal", relabelled_gal(lines_of(kColumbusGal), label));
    const std::vector<SpatialFit> renamed = run_fit(columbus_request(relabelled, gal));
    check_same_fits(reference, renamed, kSame);
    CHECK(renamed.front().ids.front().starts_with("tract_"));
}

TEST_CASE("Invariance: a regressor in other units scales its coefficient and standard error, nothing else") {
    const testing::TempDir scratch("spillover_invariance_scale");
    const std::vector<SpatialFit> reference = run_fit(columbus_request(kColumbus, kColumbusGal));
    std::vector<std::string> data = lines_of(kColumbus);
    // INC in dollars instead of thousands (field 8).
    for (std::size_t i = 1; i < data.size(); ++i)
        data[i] = with_field(data[i], 7, [](const std::string& v) { return std::to_string(std::stod(v) * 1000.0); });
    const std::vector<SpatialFit> scaled =
        run_fit(columbus_request(write_lines(scratch.root() / "dollars.csv", data), kColumbusGal));
    for (std::size_t m = 0; m < reference.size(); ++m) {
        CAPTURE(reference[m].model);
        CHECK(scaled[m].log_likelihood == doctest::Approx(reference[m].log_likelihood).epsilon(kSame));
        for (std::size_t j = 0; j < reference[m].coefficients.size(); ++j) {
            const Coefficient& a = reference[m].coefficients[j];
            const Coefficient& b = scaled[m].coefficients[j];
            CAPTURE(a.name);
            const bool income = a.name == "INC" || a.name == "W_INC";
            const double factor = income ? 1000.0 : 1.0;
            CHECK(b.estimate * factor == doctest::Approx(a.estimate).epsilon(1e-6));
            CHECK(b.std_error * factor == doctest::Approx(a.std_error).epsilon(1e-6));
            CHECK(b.statistic == doctest::Approx(a.statistic).epsilon(1e-6));
        }
    }
}

TEST_CASE("Invariance: a panel's fit does not depend on the order of its units or periods") {
    const testing::TempDir scratch("spillover_invariance_panel");
    FitRequest request;
    request.input.data_path = kCigar;
    request.input.id_column = "state";
    request.input.time_column = "year";
    request.input.weights_path = kCigarGal;
    request.formula = "logc ~ logp + logy";
    request.models = {"sar", "sdm", "sem"};
    request.panel.effects = PanelEffects::TwoWays;
    const std::vector<SpatialFit> reference = run_fit(request);

    request.input.data_path = write_lines(scratch.root() / "shuffled.csv", shuffled_rows(lines_of(kCigar), 11));
    request.input.weights_path = write_lines(scratch.root() / "reversed.gal", reversed_gal(lines_of(kCigarGal)));
    check_same_fits(reference, run_fit(request), kSame);

    // Periods renamed so that their text order is the reverse of their time order ("y2037" for 1963):
    // the periods are taken in sorted order, so the fit sees them reversed. The within
    // transformation and the static likelihood do not depend on the order of periods.
    std::vector<std::string> data = lines_of(request.input.data_path);
    for (std::size_t i = 1; i < data.size(); ++i)
        data[i] = with_field(data[i], 3, [](const std::string& y) { return "y" + std::to_string(4000 - std::stoi(y)); });
    request.input.data_path = write_lines(scratch.root() / "periods.csv", data);
    check_same_fits(reference, run_fit(request), kSame);
}
