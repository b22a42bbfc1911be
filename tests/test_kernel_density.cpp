// The Gaussian kernel density against a direct R computation on R's grid with bw.nrd0
// (tests/reference/inequality_oracle.R), and R's fall-backs of bw.nrd0.

#include <algorithm>
#include <cmath>
#include <numbers>
#include <span>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "inequality/kernel_density.hpp"
#include "tests/test_support.hpp"
#include "workflow/inequality_pipeline.hpp"

using namespace spillover;
using spillover::testing::check_relative;

TEST_CASE("Kernel density: bandwidths and curves equal R's bw.nrd0 and the direct sum on Cigar sales") {
    const auto fixture = testing::load_fixture("inequality_cigar.json");
    DensityRequest request;
    request.input.data_path = std::string(SPILLOVER_FIXTURE_DIR) + "/cigar_regions.csv";
    request.input.id_column = "state";
    request.input.time_column = "year";
    request.variable = "sales";
    const DensityResult r = run_density(request);
    REQUIRE(r.periods.size() == 30);
    for (std::size_t p = 0; p < 30; ++p) {
        const auto& e = fixture["by_year"][p];
        check_relative(r.periods[p].curve.bandwidth, e["bandwidth"], 1e-14, "bandwidth " + r.periods[p].period);
        check_relative(r.periods[p].curve.x(0), e["from"], 1e-14, "from");
        check_relative(r.periods[p].curve.x(511), e["to"], 1e-14, "to");
        // R's binned density() is off the exact curve by up to ~0.13% of its peak (why we sum directly)
        CHECK(e["binned_max_abs_difference"].get<double>() < 2e-3 * e["density_max"].get<double>());
    }
    for (const auto& curve : fixture["density_curves"]) {
        const auto at = std::find_if(r.periods.begin(), r.periods.end(),
                                     [&](const PeriodDensity& d) { return d.period == curve["period"]; });
        REQUIRE(at != r.periods.end());
        const auto x = curve["x"].get<std::vector<double>>();
        const auto f = curve["density"].get<std::vector<double>>();
        REQUIRE(at->curve.x.size() == static_cast<Eigen::Index>(x.size()));
        double worst_x = 0.0, worst_f = 0.0, peak = 0.0;
        for (std::size_t g = 0; g < x.size(); ++g) {
            worst_x = std::max(worst_x, std::fabs(at->curve.x(static_cast<Eigen::Index>(g)) - x[g]) / std::fabs(x[g]));
            worst_f = std::max(worst_f, std::fabs(at->curve.density(static_cast<Eigen::Index>(g)) - f[g]));
            peak = std::max(peak, f[g]);
        }
        INFO("period " << at->period);
        CHECK(worst_x < 1e-13);
        CHECK(worst_f < 1e-12 * peak);
    }
}

TEST_CASE("Kernel density: bw.nrd0 falls back to sd when the IQR is 0, a given bandwidth is used as is") {
    const auto fixture = testing::load_fixture("inequality_cigar.json");
    const auto x = fixture["bandwidth_fallback"]["x"].get<std::vector<double>>();
    check_relative(bandwidth_nrd0(x), fixture["bandwidth_fallback"]["bandwidth"], 1e-14, "IQR 0");
    // all equal: sd 0 too, then |x_1| = 4: 0.9 * 4 * 3^(-1/5)
    CHECK(bandwidth_nrd0(std::vector<double>{4, 4, 4}) == doctest::Approx(0.9 * 4 * std::pow(3.0, -0.2)).epsilon(1e-15));
    CHECK(bandwidth_nrd0(std::vector<double>{0, 0}) == doctest::Approx(0.9 * std::pow(2.0, -0.2)).epsilon(1e-15));

    KernelDensityOptions o;
    o.bandwidth = 0.5;
    o.points = 5;
    const DensityCurve c = kernel_density(std::vector<double>{0.0, 1.0}, o);
    // grid -1.5, -0.5, 0.5, 1.5, 2.5; at 0.5 both points are one h away: phi(1)/h
    CHECK(c.x(2) == doctest::Approx(0.5).epsilon(1e-15));
    CHECK(c.density(2) == doctest::Approx(std::exp(-0.5) / std::sqrt(2 * std::numbers::pi) / 0.5).epsilon(1e-14));
    CHECK(c.bandwidth_given);
    // integrates to ~1 on a fine grid
    o.points = 4001;
    const DensityCurve fine = kernel_density(std::vector<double>{0.0, 1.0, 1.5}, o);
    const double step = fine.x(1) - fine.x(0);
    CHECK(fine.density.sum() * step == doctest::Approx(1.0).epsilon(3e-3));

    o.bandwidth = -1.0;
    CHECK_THROWS_AS(o.validate(), std::invalid_argument);
    CHECK_THROWS_AS(kernel_density(std::vector<double>{1.0}), std::invalid_argument);
}
