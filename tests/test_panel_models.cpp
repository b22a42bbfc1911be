// Fixed-effects spatial panels against the R oracle of tests/reference/panel_fe_oracle.R, which
// implements the direct, Lee–Yu and bias-corrected estimators from their formulas with dense
// matrices (explicit F_{T,T−1}, F_{N,N−1} and W* = F'WF), on Cigar (46 states × 30 years) and on a
// seeded synthetic panel whose rows are shuffled. Also plm's within model, spatialreg's lagsarlm on
// the individual-demeaned data with a block-diagonal W, the recovered fixed effects and the effects.

#include <doctest/doctest.h>

#include <string>

#include <fmt/format.h>

#include "test_support.hpp"
#include "models/impacts.hpp"
#include "workflow/fit_pipeline.hpp"
#include "workflow/lm_tests_pipeline.hpp"

using namespace spillover;
using namespace spillover::testing;

namespace {

std::string project_path(const std::string& relative) {
    return std::string(SPILLOVER_FIXTURE_DIR) + "/../../" + relative;
}

FitRequest panel_request(const nlohmann::json& dataset, const std::string& model, const std::string& effects,
                         const std::string& method, const std::string& convention) {
    FitRequest r;
    r.input.data_path = project_path(dataset["data"]);
    r.input.weights_path = project_path(dataset["weights"]);
    r.input.id_column = dataset["id"];
    r.input.time_column = dataset["time"];
    r.formula = dataset["formula"];
    r.models = {model == "ols" ? "ols" : model};
    r.panel.effects = parse_panel_effects(effects);
    r.panel.estimator = method == "lee-yu"           ? PanelEstimator::LeeYu
                        : method == "bias-corrected" ? PanelEstimator::BiasCorrected
                                                     : PanelEstimator::Direct;
    r.panel.convention = parse_lag_convention(convention.empty() ? "demean-lag" : convention);
    r.panel.effects_tests = false;
    r.spatial.lr_refit_limit = 0;
    return r;
}

SpatialFit fit_case(const nlohmann::json& fixture, const nlohmann::json& c) {
    const auto& dataset = fixture["datasets"][c["dataset"].get<std::string>()];
    return run_fit(panel_request(dataset, c["model"], c["effects"], c["method"], c.value("convention", ""))).front();
}

}  // namespace

TEST_CASE("panel fixed effects: sar, sdm, sem, sdem x effects x direct, lee-yu, bias-corrected equal the R oracle") {
    const auto fixture = load_fixture("panel/fe_reference.json");
    for (const auto& c : fixture["cases"]) {
        const std::string label = fmt::format("{} {} {} {} {}", c["dataset"].get<std::string>(), c["model"].get<std::string>(),
                                              c["effects"].get<std::string>(), c["method"].get<std::string>(),
                                              c.value("convention", ""));
        CAPTURE(label);
        const SpatialFit fit = fit_case(fixture, c);
        REQUIRE(fit.status != FitStatus::Failed);
        for (const auto& [name, value] : c["coefficients"].items()) {
            const auto it = std::find_if(fit.coefficients.begin(), fit.coefficients.end(),
                                         [&](const Coefficient& k) { return k.name == name; });
            REQUIRE(it != fit.coefficients.end());
            CHECK(std::fabs(it->estimate - value["estimate"].get<double>()) < 1e-6);
            check_relative(it->std_error, value["std_error"], 1e-4, label + " SE " + name);
        }
        if (c["model"] == "ols") {
            check_relative(fit.sigma2, c["sigma2"], 1e-9, label + " sigma2");
            CHECK(fit.inference.df == doctest::Approx(c["df"].get<double>()));
            continue;
        }
        const bool lag = c.contains("rho") && !c["rho"].is_null();
        const Coefficient& p = lag ? *fit.rho : *fit.lambda;
        CHECK(std::fabs(p.estimate - c[lag ? "rho" : "lambda"].get<double>()) < 1e-6);
        check_relative(p.std_error, c[lag ? "rho_std_error" : "lambda_std_error"], 1e-4, label + " SE of the spatial parameter");
        check_relative(fit.sigma2, c["sigma2"], 1e-6, label + " sigma2");
        CHECK(std::fabs(fit.log_likelihood - c["log_likelihood"].get<double>()) < 1e-6);
        CHECK(fit.shape.observations == doctest::Approx(c["likelihood_n"].get<double>()));
        REQUIRE(fit.panel);
        CHECK(fit.panel->transformation == c["method"].get<std::string>());
    }
}

TEST_CASE("panel individual effects: sar and sdm equal spatialreg's lagsarlm on demeaned data with a block-diagonal W") {
    const auto fixture = load_fixture("panel/fe_reference.json");
    for (const auto& c : fixture["lagsarlm"]) {
        CAPTURE(c["dataset"].get<std::string>());
        CAPTURE(c["model"].get<std::string>());
        const SpatialFit fit = fit_case(fixture, c);
        const auto& r = c["lagsarlm"];
        CHECK(std::fabs(fit.rho->estimate - r["rho"].get<double>()) < 1e-7);  // lagsarlm's own tolerance
        CHECK(std::fabs(fit.log_likelihood - r["log_likelihood"].get<double>()) < 1e-8);
        check_relative(fit.rho->std_error, r["rho_std_error"], 1e-6, "SE of rho");
        for (const auto& [name, value] : r["coefficients"].items()) {
            const auto it = std::find_if(fit.coefficients.begin(), fit.coefficients.end(),
                                         [&](const Coefficient& k) { return k.name == name; });
            REQUIRE(it != fit.coefficients.end());
            CHECK(std::fabs(it->estimate - value["estimate"].get<double>()) < 1e-7);
            check_relative(it->std_error, value["std_error"], 1e-6, "SE " + name);
        }
    }
}

TEST_CASE("panel twoways sdm: recovered fixed effects and the effects on the N x N W equal the R oracle") {
    const auto fixture = load_fixture("panel/fe_reference.json");
    for (const std::string name : {"synthetic", "cigar"}) {
        CAPTURE(name);
        const auto& dataset = fixture["datasets"][name];
        FitRequest request = panel_request(dataset, "sdm", "twoways", "direct", "demean-lag");
        request.recover_fixed_effects = true;
        request.impacts = ImpactsOptions{};
        request.impacts->draws = 0;
        const SpatialFit fit = run_fit(request).front();
        const auto& fe = fixture["fixed_effects"][name];
        REQUIRE(fit.fixed_effects.size() == 1 + fe["unit_effects"].size() + fe["time_effects"].size());
        CHECK(std::fabs(fit.fixed_effects.front().estimate - fe["intercept"].get<double>()) < 1e-6);
        for (const auto& e : fit.fixed_effects) {
            if (e.kind == "intercept") continue;
            const auto& expected = fe[e.kind == "unit" ? "unit_effects" : "time_effects"][e.id];
            CHECK(std::fabs(e.estimate - expected.get<double>()) < 1e-6);
        }
        REQUIRE(fit.impacts);
        const auto& im = fixture["impacts"][name];
        for (const auto& row : fit.impacts->effects) {
            CAPTURE(row.variable);
            const auto& expected = im[row.variable];
            CHECK(std::fabs(row.direct.estimate - expected["direct"].get<double>()) < 1e-6);
            CHECK(std::fabs(row.indirect.estimate - expected["indirect"].get<double>()) < 1e-6);
            CHECK(std::fabs(row.total.estimate - expected["total"].get<double>()) < 1e-6);
        }
    }
}

TEST_CASE("panel LM tests of the within model equal the R oracle (Elhorst's LMsarsem_panel, spdep on a block-diagonal W)") {
    const auto fixture = load_fixture("panel/tests_reference.json");
    const auto datasets = load_fixture("panel/fe_reference.json")["datasets"];
    for (const auto& c : fixture["lm_tests"]) {
        const std::string label = c["dataset"].get<std::string>() + " " + c["effects"].get<std::string>();
        CAPTURE(label);
        const auto& dataset = datasets[c["dataset"].get<std::string>()];
        LmTestsRequest request;
        request.input = panel_request(dataset, "ols", "twoways", "direct", "").input;
        request.formula = dataset["formula"];
        request.effects = parse_panel_effects(c["effects"].get<std::string>());
        const LmTestsResult r = run_lm_tests(request);
        check_relative(r.sigma2, c["sigma2"], 1e-10, label + " sigma2");
        check_relative(r.trace_t, c["Ttr"], 1e-12, label + " T");
        for (const auto& [key, expected] : c["tests"].items()) {
            check_relative(r.test(key).statistic, expected["statistic"], 1e-8, label + " " + key);
            CHECK(r.test(key).p_value == doctest::Approx(expected["p_value"].get<double>()).epsilon(1e-6));
        }
    }
}

TEST_CASE("panel twoways: LR tests of the unit and time effects and the sdm -> sar / sem tests equal the R oracle") {
    const auto fixture = load_fixture("panel/tests_reference.json");
    const auto datasets = load_fixture("panel/fe_reference.json")["datasets"];
    const auto test_of = [](const SpatialFit& fit, const std::string& key) {
        const auto it = std::find_if(fit.tests.begin(), fit.tests.end(), [&](const HypothesisTest& t) { return t.key == key; });
        REQUIRE(it != fit.tests.end());
        return *it;
    };
    for (const auto& c : fixture["effects_lr"]) {
        const std::string label = c["dataset"].get<std::string>() + " " + c["model"].get<std::string>();
        CAPTURE(label);
        FitRequest request = panel_request(datasets[c["dataset"].get<std::string>()], c["model"], "twoways", "direct", "");
        request.panel.effects_tests = true;
        const SpatialFit fit = run_fit(request).front();
        for (const auto& [key, name] : {std::pair{"lr_unit_effects", "unit"}, std::pair{"lr_time_effects", "time"}}) {
            const HypothesisTest t = test_of(fit, key);
            check_relative(t.statistic, c[name]["statistic"], 1e-7, label + " " + key);
            CHECK(t.df == c[name]["df"].get<double>());
        }
    }
    FitRequest request = panel_request(datasets["cigar"], "sdm", "twoways", "direct", "");
    request.spatial.lr_refit_limit = 200000;
    const SpatialFit fit = run_fit(request).front();
    const auto& expected = fixture["sdm_tests"];
    for (const std::string key : {"lr_theta", "wald_theta", "lr_common_factor", "wald_common_factor"})
        check_relative(test_of(fit, key).statistic, expected[key]["statistic"], 1e-6, key);
}

TEST_CASE("panel within model: R-squared, adjusted R-squared and F equal plm's summary") {
    const auto fixture = load_fixture("panel/tests_reference.json");
    const auto datasets = load_fixture("panel/fe_reference.json")["datasets"];
    for (const auto& c : fixture["plm_within"]) {
        const std::string label = c["dataset"].get<std::string>() + " " + c["effects"].get<std::string>();
        CAPTURE(label);
        const SpatialFit fit =
            run_fit(panel_request(datasets[c["dataset"].get<std::string>()], "ols", c["effects"], "direct", "")).front();
        check_relative(*fit.statistic("r_squared"), c["r_squared"], 1e-10, label + " R2");
        check_relative(*fit.statistic("adj_r_squared"), c["adj_r_squared"], 1e-10, label + " adjusted R2");
        check_relative(*fit.statistic("f_statistic"), c["f_statistic"], 1e-9, label + " F");
        CHECK(*fit.statistic("f_df2") == c["f_df"][1].get<double>());
    }
}

TEST_CASE("panel random effects through fit --effects random: the oracle's RE-SAR and RE-SEM on Cigar, with the Hausman test") {
    const auto fixture = load_fixture("panel/re_cigar.json")["cases"]["cigar"];
    const auto dataset = load_fixture("panel/fe_reference.json")["datasets"]["cigar"];
    for (const std::string model : {"sar", "sem"}) {
        CAPTURE(model);
        FitRequest request = panel_request(dataset, model, "individual", "direct", "");
        request.panel.random = true;
        const SpatialFit fit = run_fit(request).front();
        const auto& expected = fixture["random_effects"][model];
        for (std::size_t j = 0; j < fit.coefficients.size(); ++j) {
            CHECK(fit.coefficients[j].name == expected["names"][j].get<std::string>());
            CHECK(std::fabs(fit.coefficients[j].estimate - expected["beta"][j].get<double>()) < 1e-6);
            check_relative(fit.coefficients[j].std_error, expected["beta_se"][j], 1e-4, "SE " + fit.coefficients[j].name);
        }
        const Coefficient& p = model == "sar" ? *fit.rho : *fit.lambda;
        CHECK(std::fabs(p.estimate - expected["spatial"].get<double>()) < 1e-6);
        CHECK(std::fabs(fit.log_likelihood - expected["log_likelihood"].get<double>()) < 1e-6);
        REQUIRE(fit.panel);
        CHECK(fit.panel->effects == "random");
        const auto hausman = std::find_if(fit.tests.begin(), fit.tests.end(), [](const HypothesisTest& t) { return t.key == "hausman"; });
        REQUIRE(hausman != fit.tests.end());
        check_relative(hausman->statistic, fixture["hausman"][model]["statistic"], 1e-6, "Hausman");
        CHECK(fit.status == FitStatus::Warning);  // V_FE - V_RE is not positive definite on Cigar
    }
}
