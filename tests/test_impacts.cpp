// Direct, indirect and total effects against spatialreg's impacts() (fixture:
// tests/reference/impacts_columbus.R) and their properties: traces against eigenvalues, series
// against dense algebra with non-row-standardised W and islands, the simulation's determinism.

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "logdet_test_support.hpp"
#include "models/impacts.hpp"
#include "models/spatial_regression.hpp"
#include "solvers/power_moments.hpp"
#include "solvers/spatial_multiplier.hpp"
#include "test_support.hpp"
#include "weights/transforms.hpp"
#include "weights/weights_for_data.hpp"
#include "weights/weights_io.hpp"
#include "workflow/fit_pipeline.hpp"

using namespace spillover;
using spillover::testing::check_relative;
using spillover::testing::load_fixture;

namespace {

const char* const effect_names[] = {"direct", "indirect", "total"};

const EffectEstimate& effect_of(const VariableEffects& v, const std::string& effect) {
    return effect == "direct" ? v.direct : effect == "indirect" ? v.indirect : v.total;
}

/// The fixture's W for a case, with the data's ids "1".."49".
SpatialWeights fixture_weights(const nlohmann::json& fixture, const std::string& name) {
    std::vector<std::string> ids;
    for (int i = 1; i <= 49; ++i) ids.push_back(std::to_string(i));
    const auto& entry = fixture["weights"][name];
    const std::string transform = entry["style"] == "B" ? "binary" : "row";
    return read_weights_for(ids, std::string(SPILLOVER_SOURCE_DIR) + "/" + entry["file"].get<std::string>(), transform);
}

/// R's coefficients as (terms, β) in one consistent order.
std::pair<ImpactTerms, Eigen::VectorXd> fixture_coefficients(const nlohmann::json& c) {
    std::vector<std::string> names;
    std::vector<double> values;
    for (const auto& [name, value] : c["coefficients"].items()) {
        names.push_back(name);
        values.push_back(value.get<double>());
    }
    return {impact_terms(names), Eigen::Map<Eigen::VectorXd>(values.data(), static_cast<Eigen::Index>(values.size()))};
}

/// Largest |effect| of a variable in an R table {direct, indirect, total}: the scale of tolerances.
double scale_of(const nlohmann::json& table) {
    double scale = 0.0;
    for (const char* e : effect_names) scale = std::max(scale, std::fabs(table[e].get<double>()));
    return scale;
}

void check_effects(const std::vector<VariableEffects>& actual, const nlohmann::json& expected, double tol,
                   const std::string& what) {
    REQUIRE(actual.size() == expected.size());
    for (const auto& v : actual) {
        const auto& table = expected[v.variable];
        for (const char* e : effect_names) {
            INFO(what << " " << v.variable << " " << e << ": " << effect_of(v, e).estimate << " vs "
                      << table[e].get<double>());
            CHECK(std::fabs(effect_of(v, e).estimate - table[e].get<double>()) <= tol * scale_of(table));
        }
    }
}

SpatialMultiplierOptions multiplier_options(MultiplierMethod method, double tolerance = 1e-12) {
    SpatialMultiplierOptions o;
    o.method = method;
    o.tolerance = tolerance;
    return o;
}

FitRequest columbus_request(const std::string& model, const std::string& weights_file, const std::string& transform) {
    FitRequest request;
    request.input.data_path = std::string(SPILLOVER_DATA_DIR) + "/columbus/columbus.csv";
    request.formula = "CRIME ~ INC + HOVAL";
    request.input.id_column = "POLYID";
    request.input.weights_path = std::string(SPILLOVER_SOURCE_DIR) + "/" + weights_file;
    request.input.weights_transform = transform;
    request.models = {model};
    request.spatial.lr_refit_limit = 0;
    return request;
}

}  // namespace

TEST_CASE("Impacts at spatialreg's estimates equal impacts(): exact, traces and components by order") {
    const auto fixture = load_fixture("impacts_columbus.json");
    for (const auto& c : fixture["cases"]) {
        if (!c.contains("exact")) continue;
        const std::string name = c["name"];
        CAPTURE(name);
        const SpatialWeights w = fixture_weights(fixture, c["weights"]);
        const auto [terms, beta] = fixture_coefficients(c);
        const double rho = c["rho"];
        const SpatialMultiplier exact(w, rho, 4, multiplier_options(MultiplierMethod::Eigenvalues));
        check_effects(effects_at(terms, beta, exact.at(rho)), c["exact"], 1e-12, name + " exact");
        // Our series has no fixed length: it reaches the exact values, where spatialreg's 30 terms of
        // 1/(1 − ρ) stop short by ρ^30/(1 − ρ) (1.9e-6 on kNN-4, ρ = 0.65).
        const SpatialMultiplier traces(w, rho, 4, multiplier_options(MultiplierMethod::Traces));
        check_effects(effects_at(terms, beta, traces.at(rho)), c["exact"], 1e-11, name + " traces");
        CHECK(traces.truncation_bound() <= 1e-12);
        for (int j = 0; j <= 4; ++j) {
            nlohmann::json component;
            for (const auto& v : terms.names)
                for (const char* e : effect_names) component[v][e] = c["components"][v][e][j];
            check_effects(effects_at(terms, beta, exact.term(j, rho)), component, 1e-12, name + " order " + std::to_string(j));
            check_effects(effects_at(terms, beta, traces.term(j, rho)), component, 1e-12, name + " order " + std::to_string(j));
        }
    }
}

TEST_CASE("fit --impacts equals spatialreg: effects to 1e-6, simulated standard errors within Monte-Carlo error") {
    const auto fixture = load_fixture("impacts_columbus.json");
    for (const auto& c : fixture["cases"]) {
        if (!c.contains("simulation")) continue;
        const std::string name = c["name"];
        CAPTURE(name);
        const std::string model = c["model"] == "sdm_inc" ? "sdm" : c["model"].get<std::string>();
        FitRequest request = columbus_request(model, fixture["weights"][c["weights"].get<std::string>()]["file"], "row");
        if (c["model"] == "sdm_inc") request.spatial.durbin = {"INC"};
        // Our own seed-to-seed spread of each summary, from 20 runs of R = 5000 draws (the SE of an
        // indirect effect is dominated by draws of ρ near 1, so its Monte-Carlo error is far above
        // the 1% a normal tail would give; seed 3 here gives 2.3 where others give 0.85).
        constexpr int seeds = 20;
        request.impacts = ImpactsOptions{};
        request.impacts->draws = 5000;
        const SpatialFit first = run_fit(request).front();
        REQUIRE(first.impacts);
        check_effects(first.impacts->effects, c["exact"], 1e-6, name + " end to end");
        const SpatialWeights w = fixture_weights(fixture, c["weights"]);
        std::vector<std::vector<double>> sd(6), mean(6);
        for (int s = 0; s < seeds; ++s) {
            ImpactsOptions o;
            o.draws = 5000;
            o.seed = 1000 + static_cast<std::uint64_t>(s);
            const ImpactsReport r = compute_impacts(first, parse_spatial_model(model), w, o);
            for (std::size_t v = 0; v < 2; ++v)
                for (int e = 0; e < 3; ++e) {
                    sd[v * 3 + e].push_back(effect_of(r.effects[v], effect_names[e]).std_error);
                    mean[v * 3 + e].push_back(effect_of(r.effects[v], effect_names[e]).mean);
                }
        }
        const auto within = [&](const std::vector<double>& ours, double theirs, const std::string& what) {
            const Eigen::Map<const Eigen::VectorXd> x(ours.data(), static_cast<Eigen::Index>(ours.size()));
            const double m = x.mean(), spread = std::sqrt((x.array() - m).square().sum() / (x.size() - 1));
            INFO(what << ": R " << theirs << ", ours " << m << " +- " << spread << " over " << seeds << " seeds");
            CHECK(std::fabs(theirs - m) <= 4.0 * spread * std::sqrt(1.0 + 1.0 / seeds));
        };
        for (std::size_t v = 0; v < 2; ++v) {
            const std::string variable = first.impacts->effects[v].variable;
            for (int e = 0; e < 3; ++e) {
                const auto& r = c["simulation"][variable][effect_names[e]];
                within(sd[v * 3 + e], r["sd"].get<double>(), variable + " " + effect_names[e] + " sd");
                within(mean[v * 3 + e], r["mean"].get<double>(), variable + " " + effect_names[e] + " mean");
            }
        }
    }
}

TEST_CASE("slx and sdem impacts: spatialreg's estimates, exact standard errors from the covariance") {
    const auto fixture = load_fixture("impacts_columbus.json");
    for (const auto& c : fixture["cases"]) {
        if (!c.contains("impacts")) continue;
        const std::string name = c["name"], model = c["model"];
        CAPTURE(name);
        FitRequest request = columbus_request(model, fixture["weights"][c["weights"].get<std::string>()]["file"], "row");
        request.impacts = ImpactsOptions{};
        const SpatialFit fit = run_fit(request).front();
        REQUIRE(fit.impacts);
        CHECK(fit.impacts->draws == 0);
        // spatialreg's sdem SEs come from summary.lm of the final GLS regression (σ² = e'e/(n − k));
        // ours from the ML information matrix (σ² = e'e/n), as the coefficient table: the ratio is
        // sqrt(n/(n − k)) = se_ratio_to_summary. slx is OLS in both.
        const double ratio = model == "sdem" ? c["se_ratio_to_summary"][0].get<double>() : 1.0;
        for (const auto& v : fit.impacts->effects)
            for (const char* e : effect_names) {
                const auto& expected = c["impacts"][v.variable][e];
                check_relative(effect_of(v, e).estimate, expected["estimate"], 1e-6, name + " " + v.variable + " " + e);
                check_relative(effect_of(v, e).std_error * ratio, expected["se"], 1e-4, name + " " + v.variable + " " + e + " se");
            }
    }
}

TEST_CASE("Impacts with a binary W: totals from the exact row sums, not 1/(1 - rho) (spatialreg's error)") {
    const auto fixture = load_fixture("impacts_columbus.json");
    for (const auto& c : fixture["binary_w"]) {
        const std::string name = c["name"];
        CAPTURE(name);
        const SpatialWeights w = fixture_weights(fixture, c["weights"]);
        const auto [terms, beta] = fixture_coefficients(c);
        // End to end, W_(Intercept) included among the coefficients (W 1 is not constant).
        FitRequest request = columbus_request(c["model"], "data/columbus/COL.gal", "binary");
        request.impacts = ImpactsOptions{};
        request.impacts->draws = 0;
        check_effects(run_fit(request).front().impacts->effects, c["dense_truth"], 1e-6, name + " end to end");
        if (c["model"] == "slx") continue;
        const double rho = c["rho"];
        for (const MultiplierMethod method : {MultiplierMethod::Eigenvalues, MultiplierMethod::Traces}) {
            const SpatialMultiplier m(w, rho, -1, multiplier_options(method));
            check_effects(effects_at(terms, beta, m.at(rho)), c["dense_truth"], 1e-10, name);
        }
    }
}

namespace {

/// mean diag and mean row sum of (I − ρW)⁻¹ and of (I − ρW)⁻¹W by dense algebra.
MultiplierMoments dense_moments(const SpatialWeights& w, double rho) {
    const Eigen::MatrixXd dense = Eigen::MatrixXd(w.matrix());
    const auto n = dense.rows();
    const Eigen::MatrixXd m = (Eigen::MatrixXd::Identity(n, n) - rho * dense).inverse();
    const Eigen::MatrixXd mw = m * dense;
    const double nn = static_cast<double>(n);
    return {m.trace() / nn, mw.trace() / nn, m.sum() / nn, mw.sum() / nn};
}

void check_moments(const MultiplierMoments& actual, const MultiplierMoments& expected, double tol, const std::string& what) {
    check_relative(actual.diag, expected.diag, tol, what + " tr(M)/n");
    check_relative(actual.diag_w, expected.diag_w, tol, what + " tr(MW)/n");
    check_relative(actual.row, expected.row, tol, what + " 1'M1/n");
    check_relative(actual.row_w, expected.row_w, tol, what + " 1'MW1/n");
}

}  // namespace

TEST_CASE("The multiplier's series stay within their stated bound for any W: islands, binary, asymmetric") {
    std::vector<std::string> ids;
    for (int i = 1; i <= 49; ++i) ids.push_back(std::to_string(i));
    const std::string island = std::string(SPILLOVER_FIXTURE_DIR) + "/lm_island.gal";
    const std::vector<std::pair<std::string, SpatialWeights>> cases{
        {"row-standardised with an island", read_weights_for(ids, island, "row")},
        {"binary with an island", read_weights_for(ids, island, "binary")},
        {"asymmetric kNN-6, row-standardised", spillover::testing::random_knn_row(300, false)},
        {"symmetrised kNN-6, binary", transformed(spillover::testing::random_knn_row(300, true), WeightsTransform::Binary)},
    };
    for (const auto& [label, w] : cases) {
        CAPTURE(label);
        const double radius = spectral_radius_bound(w);
        for (const double fraction : {-0.6, 0.3, 0.85}) {
            const double rho = fraction / radius;
            const MultiplierMoments truth = dense_moments(w, rho);
            for (const MultiplierMethod method : {MultiplierMethod::Eigenvalues, MultiplierMethod::Traces}) {
                const SpatialMultiplier m(w, rho, -1, multiplier_options(method, 1e-10));
                CHECK(m.truncation_bound() <= 1e-10);
                check_moments(m.at(rho), truth, 1e-8, label);
            }
        }
    }
}

TEST_CASE("Trace-based effects equal exact ones to 1e-6 at n = 2000, Hutchinson traces within their error") {
    Eigen::VectorXd beta(3);
    beta << 1.0, 2.0, -0.8;
    const ImpactTerms terms = impact_terms({"(Intercept)", "x", "W_x"});
    // Each multiplier is prepared once for |rho| <= 0.6 and evaluated at several rho.
    const SpatialWeights w = spillover::testing::random_knn_row(2000, true);
    const SpatialMultiplier exact(w, 0.6, 3, multiplier_options(MultiplierMethod::Eigenvalues));
    const SpatialMultiplier series(w, 0.6, 3, multiplier_options(MultiplierMethod::Traces, 1e-8));
    for (const double rho : {-0.6, 0.3, 0.6}) {
        const auto a = effects_at(terms, beta, exact.at(rho)), b = effects_at(terms, beta, series.at(rho));
        const double scale = std::fabs(a[0].total.estimate) + std::fabs(a[0].direct.estimate);
        for (const char* e : effect_names) CHECK(std::fabs(effect_of(a[0], e).estimate - effect_of(b[0], e).estimate) <= 1e-6 * scale);
    }
    // Hutchinson traces beyond W² (exact powers disabled) against exact ones, on a symmetric
    // similar W (paired probes) and an asymmetric one: within 4 of their own standard errors.
    const SpatialWeights asymmetric = spillover::testing::random_knn_row(1000, false);
    for (const SpatialWeights* weights : {&w, &asymmetric}) {
        SpatialMultiplierOptions stochastic = multiplier_options(MultiplierMethod::Traces, 1e-8);
        stochastic.traces.exact_entries = 0;
        const SpatialMultiplier probed(*weights, 0.6, -1, stochastic);
        const SpatialMultiplier exact_traces(*weights, 0.6, -1, multiplier_options(MultiplierMethod::Traces, 1e-8));
        CHECK(probed.trace_std_error() > 0.0);
        CHECK(exact_traces.trace_std_error() == 0.0);
        for (const double rho : {-0.6, 0.3, 0.6})
            CHECK(std::fabs(probed.at(rho).diag - exact_traces.at(rho).diag) <= 4.0 * probed.trace_std_error() + 1e-8);
    }
}

TEST_CASE("Impacts of a fitted SDM at n = 600: traces route equals the exact route, draws included") {
    // Data from an SDM with rho = 0.5 on a symmetrised kNN-6 W.
    const SpatialWeights w = spillover::testing::random_knn_row(600, true);
    std::mt19937_64 rng(7);
    std::normal_distribution<double> normal;
    DesignMatrix design;
    const Eigen::Index n = w.n();
    Eigen::VectorXd x(n), e(n);
    for (Eigen::Index i = 0; i < n; ++i) x[i] = normal(rng), e[i] = normal(rng);
    const Eigen::VectorXd rhs = (1.0 + 2.0 * x.array()).matrix() - 0.8 * w.lag(x) + e;
    Eigen::MatrixXd a = Eigen::MatrixXd::Identity(n, n) - 0.5 * Eigen::MatrixXd(w.matrix());
    design.y = a.partialPivLu().solve(rhs);
    design.X.resize(n, 2);
    design.X << Eigen::VectorXd::Ones(n), x;
    design.column_names = {"(Intercept)", "x"};
    design.response_name = "y";
    design.ids = w.ids();
    const SpatialFit fit = fit_spatial(design, w, SpatialModel::Sdm);
    ImpactsOptions options;
    options.draws = 300;
    options.orders = 2;
    options.multiplier.method = MultiplierMethod::Eigenvalues;
    const ImpactsReport exact = compute_impacts(fit, SpatialModel::Sdm, w, options);
    options.multiplier.method = MultiplierMethod::Traces;
    const ImpactsReport traces = compute_impacts(fit, SpatialModel::Sdm, w, options);
    CHECK(exact.draws_used == traces.draws_used);
    for (const char* e : effect_names) {
        const EffectEstimate &p = effect_of(exact.effects[0], e), &q = effect_of(traces.effects[0], e);
        check_relative(q.estimate, p.estimate, 1e-6, std::string(e) + " estimate");
        check_relative(q.std_error, p.std_error, 1e-6, std::string(e) + " std_error");
        check_relative(q.lower, p.lower, 1e-6, std::string(e) + " lower");
    }
    // The components add up to the cumulative effect, and W^0 is the coefficient itself.
    CHECK(exact.orders.size() == 3);
    check_relative(exact.orders[0].component[0].direct.estimate, fit.beta[1], 1e-12, "W^0 direct = beta");
    check_relative(exact.orders[0].component[0].indirect.estimate, fit.beta[2], 1e-12, "W^0 indirect = theta");
    check_relative(exact.orders[2].cumulative[0].total.estimate,
                   exact.orders[0].component[0].total.estimate + exact.orders[1].component[0].total.estimate +
                       exact.orders[2].component[0].total.estimate,
                   1e-12, "cumulative");
}

TEST_CASE("Impacts: the same seed gives the same draws, options are checked, models without spillovers refuse") {
    FitRequest request = columbus_request("sar", "data/columbus/COL.gal", "row");
    request.impacts = ImpactsOptions{};
    request.impacts->draws = 200;
    const SpatialFit a = run_fit(request).front(), b = run_fit(request).front();
    CHECK(a.impacts->effects[0].indirect.std_error == b.impacts->effects[0].indirect.std_error);
    request.impacts->seed = 99;
    const SpatialFit c = run_fit(request).front();
    CHECK(a.impacts->effects[0].indirect.std_error != c.impacts->effects[0].indirect.std_error);
    CHECK(a.impacts->effects[0].indirect.estimate == c.impacts->effects[0].indirect.estimate);

    CHECK_NOTHROW(ImpactsOptions{}.validate());
    ImpactsOptions bad;
    bad.draws = 1;
    CHECK_THROWS_AS(bad.validate(), std::invalid_argument);
    bad = ImpactsOptions{};
    bad.level = 1.0;
    CHECK_THROWS_AS(bad.validate(), std::invalid_argument);
    const SpatialWeights w = spillover::testing::columbus_row();
    CHECK_THROWS_AS(compute_impacts(a, SpatialModel::Sem, w), std::invalid_argument);

    // ols and sem in the same run simply carry no impacts.
    request.models = {"ols", "sem", "sar"};
    const auto fits = run_fit(request);
    CHECK_FALSE(fits[0].impacts);
    CHECK_FALSE(fits[1].impacts);
    CHECK(std::any_of(fits[1].conventions.begin(), fits[1].conventions.end(),
                      [](const std::string& c) { return c.rfind("impacts: none for sem", 0) == 0; }));
    CHECK(fits[2].impacts);
}
