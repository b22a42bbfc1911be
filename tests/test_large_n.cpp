// The spatial family against spatialreg (method "eigen": dense, exact) above 2000 units, where the
// traces of the standard errors come from differentiating sparse log-determinants
// (solvers/exact_traces.hpp): a 60 × 60 rook lattice, 2500 random points' symmetrised kNN-6, and
// 3107 US counties (spData's elect80 with e80_queen, 4 islands). Fixtures:
// tests/reference/large_n_oracle.R. Estimates to 1e-6, analytic standard errors to 1e-4 relative
// (the bar; they agree far closer), and impacts under both conventions of the total.

#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "models/impacts.hpp"
#include "test_support.hpp"
#include "workflow/fit_pipeline.hpp"

using namespace spillover;
using spillover::testing::load_fixture;

namespace {

std::string source_path(const nlohmann::json& relative) { return std::string(SPILLOVER_SOURCE_DIR) + "/" + relative.get<std::string>(); }

FitRequest request_for(const nlohmann::json& fixture, const std::string& model) {
    FitRequest request;
    request.input.data_path = source_path(fixture["data"]);
    request.input.weights_path = source_path(fixture["weights"]["file"]);
    request.input.id_column = fixture["id"].get<std::string>();
    request.formula = fixture["formula"].get<std::string>();
    request.models = {model};
    return request;
}

void check_close(double actual, const nlohmann::json& expected, double tolerance, const std::string& what) {
    const double e = expected.get<double>();
    INFO(what << ": ours " << actual << ", spatialreg " << e);
    CHECK(std::fabs(actual - e) <= tolerance * std::max(1.0, std::fabs(e)));
}

void check_relative(double actual, const nlohmann::json& expected, double tolerance, const std::string& what) {
    const double e = expected.get<double>();
    INFO(what << ": ours " << actual << ", spatialreg " << e);
    CHECK(std::fabs(actual - e) <= tolerance * std::fabs(e));
}

void check_fit(const SpatialFit& fit, const nlohmann::json& expected, const std::string& label) {
    REQUIRE(fit.status != FitStatus::Failed);
    CHECK(fit.traces.has_value());
    if (fit.traces) CHECK(fit.traces->method_used == "exact");
    const auto& names = expected["names"];
    REQUIRE(fit.coefficients.size() == names.size());
    for (std::size_t j = 0; j < names.size(); ++j) {
        const auto& c = fit.coefficients[j];
        CHECK(c.name == names[j].get<std::string>());
        check_close(c.estimate, expected["estimate"][j], 1e-6, label + " " + c.name);
        check_relative(c.std_error, expected["std_error"][j], 1e-4, label + " SE " + c.name);
    }
    if (fit.rho) {
        check_close(fit.rho->estimate, expected["rho"], 1e-6, label + " rho");
        check_relative(fit.rho->std_error, expected["rho_se"], 1e-4, label + " SE rho");
    }
    if (fit.lambda) {
        check_close(fit.lambda->estimate, expected["lambda"], 1e-6, label + " lambda");
        check_relative(fit.lambda->std_error, expected["lambda_se"], 1e-4, label + " SE lambda");
    }
    check_relative(fit.sigma2, expected["sigma2"], 1e-6, label + " sigma2");
    check_close(fit.log_likelihood, expected["log_likelihood"], 1e-8, label + " log-likelihood");
}

/// At our estimates, which are spatialreg's to about 1e-8: the effects follow to the same order, far
/// inside 1e-6, while the two conventions' totals differ by 2e-4 to 1e-3 on the counties.
void check_effects(const ImpactsReport& report, const nlohmann::json& expected, const std::string& label) {
    for (const auto& v : report.effects) {
        const auto& e = expected[v.variable];
        check_relative(v.direct.estimate, e["direct"], 1e-6, label + " direct " + v.variable);
        check_relative(v.indirect.estimate, e["indirect"], 1e-6, label + " indirect " + v.variable);
        check_relative(v.total.estimate, e["total"], 1e-6, label + " total " + v.variable);
    }
}

}  // namespace

TEST_CASE("Spatial models equal spatialreg's method eigen above 2000 units, standard errors included") {
    for (const std::string name : {"lattice", "knn", "counties"}) {
        const auto fixture = load_fixture("large_n/" + name + ".json");
        for (const std::string model : {"sar", "sdm", "sem", "sac"}) {
            const std::string label = name + " " + model;
            CAPTURE(label);
            FitRequest request = request_for(fixture, model);
            request.spatial.lr_refit_limit = 0;  // the refits are not what is checked here
            check_fit(run_fit(request).front(), fixture["fits"][model], label);
        }
    }
}

TEST_CASE("Impacts above 2000 units: exact totals, and spatialreg's (beta + theta)/(1 - rho) on request") {
    for (const std::string name : {"lattice", "counties"}) {
        const auto fixture = load_fixture("large_n/" + name + ".json");
        for (const std::string model : {"sar", "sdm"}) {
            if (name == "lattice" && model == "sar") continue;  // no islands: one model shows the silence
            const std::string label = name + " " + model;
            CAPTURE(label);
            FitRequest request = request_for(fixture, model);
            request.spatial.lr_refit_limit = 0;
            ImpactsOptions impacts;
            impacts.draws = 0;
            request.impacts = impacts;
            const SpatialFit exact = run_fit(request).front();
            REQUIRE(exact.impacts.has_value());
            check_effects(*exact.impacts, fixture["impacts"][model]["dense"], label + " exact");
            request.impacts->convention = ImpactsConvention::Spatialreg;
            const SpatialFit spatialreg = run_fit(request).front();
            check_effects(*spatialreg.impacts, fixture["impacts"][model]["spatialreg_exact"], label + " spatialreg");
            // With islands the two differ and each report names the other's totals; without, silence.
            const bool islands = fixture["weights"]["islands"].get<int>() > 0;
            CHECK(exact.impacts->convention_note.empty() == !islands);
            CHECK(spatialreg.impacts->convention == "spatialreg");
            if (islands) CHECK(exact.impacts->convention_note.find("4 islands") != std::string::npos);
        }
    }
}
