// Random-effects spatial panels (models/panel/random_effects.hpp) and the Hausman test
// (models/panel/hausman_test.hpp) against the independent R implementation of
// tests/reference/panel_re_oracle.R (fixtures tests/fixtures/panel/re_*.json), nlme's ML random
// effects, and their properties.

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <numeric>
#include <string>

#include "engine/design_matrix.hpp"
#include "engine/formula.hpp"
#include "engine/read_table.hpp"
#include "models/panel/hausman_test.hpp"
#include "models/panel/random_effects.hpp"
#include "models/spatial_regression.hpp"
#include "test_support.hpp"
#include "weights/weights_for_data.hpp"

using namespace spillover;
using spillover::testing::check_relative;
using spillover::testing::load_fixture;

namespace {

/// A balanced panel read from a CSV: the design with rows period-major in W's unit order, and W.
struct Panel {
    DesignMatrix design;
    SpatialWeights w;
    std::int64_t periods = 0;
};

/// Rows sorted by period, then by the unit's first appearance; design ids are the units (repeated).
Panel read_panel(const std::string& csv, const std::string& formula, const std::string& unit, const std::string& period,
                 const std::string& gal, const std::string& transform) {
    const DataTable table = read_table(csv);
    DesignMatrix d = build_design(table, parse_formula(formula));
    const std::vector<std::string> units = table.labels(unit, "unit");
    const std::vector<double>& periods = table.numeric(period);
    std::vector<std::string> order;
    for (const auto& u : units)
        if (std::find(order.begin(), order.end(), u) == order.end()) order.push_back(u);
    std::map<std::string, std::size_t> position;
    for (std::size_t i = 0; i < order.size(); ++i) position[order[i]] = i;
    std::vector<std::size_t> rows(units.size());
    std::iota(rows.begin(), rows.end(), 0);
    std::stable_sort(rows.begin(), rows.end(), [&](std::size_t a, std::size_t b) {
        return periods[a] != periods[b] ? periods[a] < periods[b] : position[units[a]] < position[units[b]];
    });
    Panel p;
    p.design = d;
    for (std::size_t r = 0; r < rows.size(); ++r) {
        const auto to = static_cast<Eigen::Index>(r), from = static_cast<Eigen::Index>(rows[r]);
        p.design.y(to) = d.y(from);
        p.design.X.row(to) = d.X.row(from);
        p.design.ids[r] = units[rows[r]];
        p.design.rows[r] = rows[r];
    }
    p.w = read_weights_for(order, gal, transform);
    p.periods = static_cast<std::int64_t>(rows.size() / order.size());
    return p;
}

/// The design demeaned by unit, without the intercept: the fixed-effects (direct approach) design.
DesignMatrix demeaned(const DesignMatrix& d, Eigen::Index units) {
    DesignMatrix out = d;
    const Eigen::Index periods = d.n() / units;
    const auto demean = [&](Eigen::VectorXd v) {
        Eigen::Map<Eigen::MatrixXd> blocks(v.data(), units, periods);
        const Eigen::VectorXd means = blocks.rowwise().mean();
        blocks.colwise() -= means;
        return v;
    };
    out.y = demean(d.y);
    const Eigen::Index first = d.has_intercept ? 1 : 0;
    out.X = d.X.rightCols(d.X.cols() - first);
    for (Eigen::Index j = 0; j < out.X.cols(); ++j) out.X.col(j) = demean(out.X.col(j));
    out.column_names.erase(out.column_names.begin(), out.column_names.begin() + first);
    out.has_intercept = false;
    return out;
}

SpatialModel model_named(const std::string& name) {
    return name == "sar" ? SpatialModel::Sar : name == "sem" ? SpatialModel::Sem : SpatialModel::Ols;
}

double statistic(const SpatialFit& fit, const std::string& key) {
    const auto value = fit.statistic(key);
    REQUIRE(value.has_value());
    return *value;
}

// Estimates to 1e-6 relative and log-likelihoods to 1e-6 absolute (the acceptance contract; both
// sides locate the maximum to about 1e-8), standard errors to 1e-4 relative.
constexpr double estimate_tol = 1e-6, ll_tol = 1e-6, se_tol = 1e-4;

/// One random-effects fit against the oracle's case `r`.
void check_against_oracle(const SpatialFit& fit, const nlohmann::json& r, const std::string& label) {
    CAPTURE(label);
    CHECK(fit.status == FitStatus::Ok);
    INFO(fit.message);
    const auto k = fit.coefficients.size();
    REQUIRE(k == r["beta"].size());
    for (std::size_t j = 0; j < k; ++j) {
        CHECK(fit.coefficients[j].name == r["names"][j].get<std::string>());
        check_relative(fit.coefficients[j].estimate, r["beta"][j], estimate_tol, label + " beta " + fit.coefficients[j].name);
        check_relative(fit.coefficients[j].std_error, r["beta_se"][j], se_tol, label + " SE " + fit.coefficients[j].name);
    }
    if (r.contains("spatial")) {
        const Coefficient& c = r["spatial_name"] == "rho" ? *fit.rho : *fit.lambda;
        check_relative(c.estimate, r["spatial"], estimate_tol, label + " spatial");
        check_relative(c.std_error, r["spatial_se"], se_tol, label + " spatial SE");
    }
    check_relative(statistic(fit, "phi"), r["phi"], estimate_tol, label + " phi");
    // Both sides refine their maximum by a Newton step (to ~1e-11): the Hausman statistic, built on
    // differences of estimates, needs that. Guard it beyond the contract's 1e-6.
    check_relative(statistic(fit, "phi"), r["phi"], 1e-8, label + " phi refined");
    if (r.contains("spatial"))
        check_relative(fit.rho ? fit.rho->estimate : fit.lambda->estimate, r["spatial"], 1e-8, label + " spatial refined");
    check_relative(statistic(fit, "phi_std_error"), r["phi_se"], se_tol, label + " phi SE");
    check_relative(fit.sigma2, r["sigma2"], estimate_tol, label + " sigma2");
    check_relative(statistic(fit, "sigma_mu2"), r["sigma_mu2"], estimate_tol, label + " sigma_mu2");
    check_relative(statistic(fit, "sigma_mu2_std_error"), r["sigma_mu2_se"], se_tol, label + " sigma_mu2 SE");
    CHECK(std::fabs(fit.log_likelihood - r["log_likelihood"].get<double>()) <= ll_tol);
    CHECK(std::fabs(fit.aic - r["aic"].get<double>()) <= 2 * ll_tol);
    CHECK(std::fabs(fit.bic - r["bic"].get<double>()) <= 2 * ll_tol);
    CHECK(statistic(fit, "parameters") == r["parameters"].get<double>());
    // The covariance of (β, spatial, σ²), φ integrated out.
    const auto& cov = r["covariance"];
    REQUIRE(static_cast<std::size_t>(fit.covariance.rows()) == cov.size());
    for (Eigen::Index i = 0; i < fit.covariance.rows(); ++i)
        for (Eigen::Index j = 0; j < fit.covariance.cols(); ++j) {
            const double expected = cov[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)];
            const double scale = std::sqrt(fit.covariance(i, i) * fit.covariance(j, j));
            CHECK(std::fabs(fit.covariance(i, j) - expected) <= se_tol * scale);
        }
    // The transformed model's residuals: σ² = e'e/n.
    const auto& e = r["residuals"];
    REQUIRE(static_cast<std::size_t>(fit.residuals.size()) == e.size());
    double worst = 0;
    for (std::size_t i = 0; i < e.size(); ++i) worst = std::max(worst, std::fabs(fit.residuals(static_cast<Eigen::Index>(i)) - e[i].get<double>()));
    CHECK(worst <= 1e-6);
}

/// Every case of a fixture: the three random-effects fits, and the Hausman tests.
void check_fixture_cases(const nlohmann::json& fixture, const std::map<std::string, Panel>& panels) {
    for (const auto& [name, c] : fixture["cases"].items()) {
        const Panel& p = panels.at(name);
        const SpatialSample sample(p.w, SampleShape::panel(p.w.n(), p.periods));
        for (const auto& [model, r] : c["random_effects"].items()) {
            const SpatialFit fit = fit_random_effects(p.design, sample, model_named(model));
            check_against_oracle(fit, r, name + "/" + model);
            CHECK(statistic(fit, "plm_theta") == doctest::Approx(1.0 - statistic(fit, "phi")));
            if (model == "ols") continue;
            const SpatialFit fixed = fit_spatial(demeaned(p.design, p.w.n()), sample, model_named(model));
            const auto& expected = c["hausman"][model];
            const HausmanTest h = hausman_test(fixed, fit);
            CAPTURE(name + "/" + model);
            check_relative(h.test.statistic, expected["statistic"], 1e-6, "Hausman statistic");
            CHECK(h.test.df == expected["df"].get<double>());
            check_relative(h.test.p_value, expected["p_value"], 1e-5, "Hausman p");
            CHECK(h.positive_definite == (expected["min_eigenvalue"].get<double>() > 0));
            CHECK(h.warning.empty() == h.positive_definite);
        }
    }
}

std::string fixture_path(const std::string& name) { return std::string(SPILLOVER_FIXTURE_DIR) + "/panel/" + name; }

Panel synthetic(const std::string& response, const std::string& transform) {
    return read_panel(fixture_path("re_synthetic.csv"), response + " ~ x1 + x2", "unit", "period",
                      fixture_path("re_synthetic.gal"), transform);
}

}  // namespace

TEST_CASE("Random-effects SAR, SEM and the model without W equal the R oracle on the synthetic panel") {
    const auto fixture = load_fixture("panel/re_synthetic.json");
    const std::map<std::string, Panel> panels{{"y_sar_row", synthetic("y_sar", "row")},
                                              {"y_sem_row", synthetic("y_sem", "row")},
                                              {"y_sem_minmax", synthetic("y_sem", "minmax")}};
    check_fixture_cases(fixture, panels);
}

TEST_CASE("Random-effects SAR and SEM equal the R oracle on Cigar (queen W, row-standardised)") {
    const std::string csv = std::string(SPILLOVER_SOURCE_DIR) + "/data/cigar/cigar.csv";
    const std::string gal = std::string(SPILLOVER_SOURCE_DIR) + "/data/cigar/cigar_queen.gal";
    const auto fixture = load_fixture("panel/re_cigar.json");
    check_fixture_cases(fixture, {{"cigar", read_panel(csv, "logc ~ logp + logy", "state", "year", gal, "row")}});
}

TEST_CASE("The random-effects model without W is nlme's ML random-effects model") {
    const auto fixture = load_fixture("panel/re_synthetic.json");
    const Panel p = synthetic("y_sar", "row");
    const SpatialFit fit = fit_random_effects(p.design, SpatialSample(p.w, SampleShape::panel(p.w.n(), p.periods)), SpatialModel::Ols);
    const auto& lme = fixture["cases"]["y_sar_row"]["nonspatial"]["lme"];
    // lme's optimiser stops at about 1e-8 relative in the variances.
    for (std::size_t j = 0; j < fit.coefficients.size(); ++j) {
        check_relative(fit.coefficients[j].estimate, lme["beta"][j], 1e-7, "lme beta");
        check_relative(fit.coefficients[j].std_error, lme["beta_se"][j], 1e-5, "lme SE");
    }
    check_relative(fit.sigma2, lme["sigma2"], 1e-6, "lme sigma2");
    check_relative(statistic(fit, "sigma_mu2"), lme["sigma_mu2"], 1e-6, "lme sigma_mu2");
    CHECK(fit.log_likelihood == doctest::Approx(lme["log_likelihood"].get<double>()).epsilon(1e-10));
}

TEST_CASE("Random effects: the residuals are the transformed model's and the spatial tests are reported") {
    const Panel p = synthetic("y_sar", "row");
    const SpatialSample sample(p.w, SampleShape::panel(p.w.n(), p.periods));
    for (const SpatialModel model : {SpatialModel::Sar, SpatialModel::Sem}) {
        const SpatialFit fit = fit_random_effects(p.design, sample, model);
        CAPTURE(to_string(model));
        CHECK(fit.sigma2 == doctest::Approx(fit.residuals.squaredNorm() / static_cast<double>(p.design.n())).epsilon(1e-12));
        CHECK(fit.n == static_cast<std::size_t>(p.design.n()));
        CHECK(fit.shape.periods == p.periods);
        const std::string name = model == SpatialModel::Sar ? "rho" : "lambda";
        const auto lr = std::find_if(fit.tests.begin(), fit.tests.end(), [&](const HypothesisTest& t) { return t.key == "lr_" + name; });
        REQUIRE(lr != fit.tests.end());
        // Its restricted model is the random-effects model without W.
        const SpatialFit plain = fit_random_effects(p.design, sample, SpatialModel::Ols);
        CHECK(lr->statistic == doctest::Approx(2 * (fit.log_likelihood - plain.log_likelihood)).epsilon(1e-9));
        CHECK(std::any_of(fit.tests.begin(), fit.tests.end(), [&](const HypothesisTest& t) { return t.key == "wald_" + name; }));
        CHECK(std::any_of(fit.conventions.begin(), fit.conventions.end(),
                          [](const std::string& c) { return c.find("Elhorst's sar_panel_RE 'teta'") != std::string::npos; }));
    }
}

TEST_CASE("Random effects do not depend on the order of the units") {
    const Panel p = synthetic("y_sem", "row");
    std::vector<SpatialWeights::Index> order(static_cast<std::size_t>(p.w.n()));
    std::iota(order.rbegin(), order.rend(), 0);  // reversed
    const SpatialWeights reversed = p.w.permuted(order);
    const DesignMatrix rows = rows_in_order(p.design, order);
    for (const SpatialModel model : {SpatialModel::Sar, SpatialModel::Sem, SpatialModel::Ols}) {
        CAPTURE(to_string(model));
        const SpatialFit a = fit_random_effects(p.design, SpatialSample(p.w, SampleShape::panel(p.w.n(), p.periods)), model);
        const SpatialFit b = fit_random_effects(rows, SpatialSample(reversed, SampleShape::panel(p.w.n(), p.periods)), model);
        for (std::size_t j = 0; j < a.coefficients.size(); ++j) {
            check_relative(b.coefficients[j].estimate, a.coefficients[j].estimate, 1e-9, "estimate");
            check_relative(b.coefficients[j].std_error, a.coefficients[j].std_error, 1e-9, "SE");
        }
        check_relative(statistic(b, "phi"), statistic(a, "phi"), 1e-9, "phi");
        CHECK(b.log_likelihood == doctest::Approx(a.log_likelihood).epsilon(1e-12));
    }
}

TEST_CASE("Random effects: unit effects that the regressors explain exactly put phi at 1 with a warning") {
    // y_it − ȳ_i + X̄_i b with b the within estimate: the between part is fitted exactly by b, so the
    // likelihood rises up to φ = 1 (σ_μ² = 0).
    Panel p = synthetic("y_sar", "row");
    const Eigen::Index n = p.w.n(), periods = p.design.n() / n;
    const DesignMatrix within = demeaned(p.design, n);
    const Eigen::VectorXd b = within.X.colPivHouseholderQr().solve(within.y);
    Eigen::VectorXd y = within.y;
    Eigen::MatrixXd xb = p.design.X.rightCols(b.size()) * b;
    Eigen::Map<Eigen::MatrixXd> blocks(xb.data(), n, periods);
    const Eigen::VectorXd means = blocks.rowwise().mean();
    for (Eigen::Index t = 0; t < periods; ++t) y.segment(t * n, n) += means;
    p.design.y = y;
    const SpatialFit fit = fit_random_effects(p.design, SpatialSample(p.w, SampleShape::panel(n, periods)), SpatialModel::Ols);
    CHECK(statistic(fit, "phi") == 1.0);
    CHECK(statistic(fit, "sigma_mu2") == 0.0);
    CHECK(fit.status == FitStatus::Warning);
    CHECK(spillover::testing::contains(fit.message, "sigma_mu^2 = 0"));
}

TEST_CASE("Random effects refuse what they cannot fit") {
    const Panel p = synthetic("y_sem", "row");
    const SpatialSample panel(p.w, SampleShape::panel(p.w.n(), p.periods));
    CHECK_THROWS_AS(fit_random_effects(p.design, panel, SpatialModel::Sdm), InputError);
    RandomEffectsOptions small;
    small.logdet.eigen_limit = 10;
    const auto e = spillover::testing::input_error([&] { fit_random_effects(p.design, panel, SpatialModel::Sem, small); });
    CHECK(spillover::testing::contains(e.what(), "needs W dense"));
    DesignMatrix one = p.design;
    one.y = p.design.y.head(p.w.n());
    one.X = p.design.X.topRows(p.w.n());
    one.ids.resize(static_cast<std::size_t>(p.w.n()));
    one.rows.resize(static_cast<std::size_t>(p.w.n()));
    CHECK_THROWS_AS(fit_random_effects(one, SpatialSample(p.w), SpatialModel::Sar), InputError);
    RandomEffectsOptions bad;
    bad.phi_lower = 0;
    CHECK_THROWS_AS(bad.validate(), std::invalid_argument);
    CHECK_NOTHROW(RandomEffectsOptions{}.validate());
}

TEST_CASE("The Hausman test is d'(V_FE - V_RE)^-1 d over the common parameters and warns when that is not positive definite") {
    const auto fit_with = [](std::vector<Coefficient> coefficients, double rho, Eigen::MatrixXd covariance) {
        SpatialFit f;
        f.coefficients = std::move(coefficients);
        f.rho = Coefficient{"rho", rho, 0, 0, 0};
        f.covariance = std::move(covariance);
        return f;
    };
    // Fixed: (x, rho, sigma2); random: ((Intercept), x, rho, sigma2).
    Eigen::MatrixXd vf(3, 3), vr(4, 4);
    vf << 0.04, 0.01, 0, 0.01, 0.02, 0, 0, 0, 1;
    vr << 9, 0.5, 0.5, 0, 0.5, 0.01, 0.002, 0, 0.5, 0.002, 0.005, 0, 0, 0, 0, 1;
    const SpatialFit fixed = fit_with({{"x", 1.0, 0, 0, 0}}, 0.3, vf);
    SpatialFit random = fit_with({{"(Intercept)", 5.0, 0, 0, 0}, {"x", 0.7, 0, 0, 0}}, 0.4, vr);
    const HausmanTest h = hausman_test(fixed, random);
    Eigen::Vector2d d(0.3, -0.1);
    Eigen::Matrix2d v;
    v << 0.03, 0.008, 0.008, 0.015;
    CHECK(h.parameters == std::vector<std::string>{"x", "rho"});
    CHECK(h.test.statistic == doctest::Approx(d.dot(v.inverse() * d)).epsilon(1e-12));
    CHECK(h.test.df == 2);
    CHECK(h.positive_definite);
    CHECK(h.warning.empty());
    add_hausman_test(random, fixed);
    CHECK(random.tests.back().key == "hausman");
    CHECK(random.status == FitStatus::Ok);

    SpatialFit worse = random;
    worse.covariance(1, 1) = 0.05;  // V_RE of x above V_FE's
    const HausmanTest n = hausman_test(fixed, worse);
    CHECK_FALSE(n.positive_definite);
    CHECK(n.smallest_eigenvalue < 0);
    CHECK(spillover::testing::contains(n.warning, "not positive definite"));
    add_hausman_test(worse, fixed);
    CHECK(worse.status == FitStatus::Warning);

    SpatialFit other = random;
    other.coefficients[1].name = "z";
    CHECK_THROWS_AS(hausman_test(fixed, other), InputError);
    SpatialFit error_model = random;
    error_model.rho.reset();
    error_model.lambda = Coefficient{"lambda", 0.4, 0, 0, 0};
    CHECK_THROWS_AS(hausman_test(fixed, error_model), InputError);
}
