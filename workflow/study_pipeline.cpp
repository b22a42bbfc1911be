#include "workflow/study_pipeline.hpp"

#include <filesystem>
#include <set>

#include <fmt/format.h>

#include "engine/input_error.hpp"
#include "models/specification_tests.hpp"
#include "workflow/fit_pipeline.hpp"
#include "workflow/lm_tests_pipeline.hpp"

namespace spillover {

StudyWeights parse_study_weights(const std::string& text) {
    const auto eq = text.find('=');
    StudyWeights w;
    if (eq == std::string::npos) {
        w.path = text;
        w.name = std::filesystem::path(text).stem().string();
    } else {
        w.name = text.substr(0, eq);
        w.path = text.substr(eq + 1);
    }
    if (w.name.empty() || w.path.empty())
        throw InputError(fmt::format("--weights \"{}\": give FILE or NAME=FILE", text));
    return w;
}

void StudyRequest::validate() const {
    InputRequest probe = input;
    probe.validate();
    if (formula.empty()) throw InputError("no formula given (--formula \"y ~ x1 + x2\")");
    if (weights.empty()) throw InputError("the study needs at least one weights file (--weights [NAME=]FILE)");
    std::set<std::string> names;
    for (const auto& w : weights) {
        if (w.path.empty()) throw InputError(fmt::format("weights \"{}\" has no file", w.name));
        if (!names.insert(w.name).second)
            throw InputError(fmt::format("two weights matrices are named \"{}\": name them apart (--weights NAME=FILE)", w.name));
        probe.weights_path = w.path;
        probe.weights_transform = w.transform;
        probe.validate();
    }
    if (!(alpha > 0.0 && alpha < 1.0)) throw InputError(fmt::format("--alpha {} is not a level in (0, 1)", alpha));
    ols.validate();
    spatial.validate();
    if (!spatial.durbin.empty())
        throw InputError("the study lags every regressor (its SDM -> SEM test is the common factor of all of them)");
    impacts.validate();
    if (!input.time_column.empty()) {
        panel.validate();
        if (panel.random)
            throw InputError("a study fits fixed effects (individual, time or twoways); random effects enter through "
                             "Hausman's test");
    }
}

const SpatialFit& WeightsStudy::selected() const {
    if (selection.model == "sar") return sar;
    if (selection.model == "sem") return sem;
    if (selection.model == "sdm") return sdm;
    return ols;
}

namespace {

bool usable(const SpatialFit& fit) { return fit.status != FitStatus::Failed && std::isfinite(fit.log_likelihood); }

const HypothesisTest* find_test(const SpatialFit& fit, std::string_view key) {
    for (const auto& t : fit.tests)
        if (t.key == key) return &t;
    return nullptr;
}

std::optional<HypothesisTest> copied(const HypothesisTest* test, std::string key) {
    if (!test) return std::nullopt;
    HypothesisTest t = *test;
    t.key = std::move(key);
    return t;
}

/// The LR test of the SDM against a restricted fit of the study, or nothing when either failed.
std::optional<HypothesisTest> lr_against(const SpatialFit& sdm, const SpatialFit& restricted, std::string key,
                                         std::string label) {
    if (!usable(sdm) || !usable(restricted)) return std::nullopt;
    return likelihood_ratio_test(std::move(key), std::move(label), sdm.log_likelihood, restricted.log_likelihood,
                                 static_cast<double>(sdm.lagged.size()));
}

/// LR and Wald of SDM → SAR and SDM → SEM. The LR tests are also added to the SDM's own tests,
/// under the keys `fit` gives them, so that its JSON reads as `fit --model sdm`'s.
SelectionTests selection_tests(WeightsStudy& s) {
    SelectionTests t;
    t.lr_sdm_sar = lr_against(s.sdm, s.sar, "lr_sdm_sar", "LR test of theta = 0 (sdm -> sar)");
    t.lr_sdm_sem = lr_against(s.sdm, s.sem, "lr_sdm_sem", "LR test of theta + rho beta = 0 (sdm -> sem)");
    t.wald_sdm_sar = copied(find_test(s.sdm, "wald_theta"), "wald_sdm_sar");
    t.wald_sdm_sem = copied(find_test(s.sdm, "wald_common_factor"), "wald_sdm_sem");
    for (const auto& [lr, key] : {std::pair{&t.lr_sdm_sar, "lr_theta"}, std::pair{&t.lr_sdm_sem, "lr_common_factor"}})
        if (*lr) {
            HypothesisTest own = **lr;
            own.key = key;
            s.sdm.tests.push_back(own);
        }
    return t;
}

/// Hausman's test of the random-effects SDM against unit fixed effects (models/panel/hausman_test.hpp).
void add_hausman(WeightsStudy& s, const ModelInputs& in, const StudyRequest& request) {
    PanelSpec random;
    random.random = true;
    SpatialFitOptions options = request.spatial;
    options.lr_refit_limit = 0;
    const SpatialFit re = fit_panel(in.design, in.w, in.panel->period_count(), SpatialModel::Sdm, random, options);
    if (const HypothesisTest* h = find_test(re, "hausman")) s.panel_tests.push_back(*h);
    if (re.status == FitStatus::Warning) s.hausman_warning = re.message;
    if (re.status == FitStatus::Failed) s.hausman_warning = "the random-effects SDM failed: " + re.message;
}

/// The Moran scatterplot of `ols`'s residuals on W: the cross-section's, or a panel's last period.
MoranScatter residual_scatter(const SpatialFit& ols, const SpatialWeights& w) {
    const Eigen::Index n = w.n();
    if (ols.residuals.size() < n) return {};
    return moran_scatter(ols.residuals.tail(n), w);
}

class StudyRunner {
public:
    explicit StudyRunner(const StudyRequest& request) : request_(request) {}

    WeightsStudy run(const StudyWeights& weights) {
        WeightsStudy s;
        s.weights = weights;
        name_ = weights.name;
        step("reading the data and W");
        InputRequest input = request_.input;
        input.weights_path = weights.path;
        input.weights_transform = weights.transform;
        const ModelInputs in = read_model_inputs(input, request_.formula, MissingPolicy::Error, true);
        s.weights_line = in.weights_line;
        step(in.panel ? "within model and LM tests" : "OLS and LM tests");
        s.lm = lm_tests_of(in, request_.ols, request_.panel.effects);
        FitRequest fit = fit_request(input);
        step("SAR and SEM");
        fit.models = {"ols", "sar", "sem"};
        std::vector<SpatialFit> fits = fit_models(in, fit);
        s.ols = std::move(fits[0]);
        s.residual_scatter = residual_scatter(s.ols, in.w);
        s.sar = std::move(fits[1]);
        s.sem = std::move(fits[2]);
        const bool twoways = in.panel && request_.panel.effects == PanelEffects::TwoWays;
        step(twoways ? "SDM and the LR tests of the unit and time effects" : "SDM");
        fit.models = {"sdm"};
        fit.panel.effects_tests = twoways;
        s.sdm = std::move(fit_models(in, fit).front());
        for (const char* key : {"lr_unit_effects", "lr_time_effects"})
            if (const HypothesisTest* t = find_test(s.sdm, key)) s.panel_tests.push_back(*t);
        if (in.panel && request_.hausman && has_unit_effects(request_.panel.effects)) {
            step("random-effects SDM and Hausman's test");
            add_hausman(s, in, request_);
        }
        s.tests = selection_tests(s);
        s.selection = select_model(s.lm, s.tests, request_.alpha);
        step("effects of the SDM" + std::string(s.selection.model == "sar" ? " and the SAR" : ""));
        add_effects(s.sdm, in.w);
        if (s.selection.model == "sar") add_effects(s.sar, in.w);
        if (in.panel && request_.panel.dynamic != DynamicTerms::None) {
            step("dynamic SDM and its short- and long-run effects");
            fit.panel.dynamic = request_.panel.dynamic;
            fit.panel.estimator = PanelEstimator::Direct;  // the dynamic model has its own estimator
            fit.spatial.lr_refit_limit = request_.spatial.lr_refit_limit;
            s.dynamic_sdm = std::move(fit_models(in, fit).front());
            add_effects(*s.dynamic_sdm, in.w);
        }
        return s;
    }

private:
    void step(const std::string& what) const {
        if (request_.progress) request_.progress(name_ + ": " + what);
    }

    FitRequest fit_request(const InputRequest& input) const {
        FitRequest fit;
        fit.input = input;
        fit.formula = request_.formula;
        fit.ols = request_.ols;
        fit.spatial = request_.spatial;
        fit.spatial.lr_refit_limit = 0;  // the study's own SAR and SEM fits give the LR tests
        fit.panel = request_.panel;
        fit.panel.effects_tests = false;
        fit.panel.dynamic = DynamicTerms::None;  // the search is static; the dynamic SDM comes after it
        return fit;
    }

    void add_effects(SpatialFit& fit, const SpatialWeights& w) const {
        if (usable(fit)) add_impacts(fit, w, request_.impacts);
    }

    const StudyRequest& request_;
    std::string name_;
};

}  // namespace

StudyResult run_study(const StudyRequest& request) {
    request.validate();
    StudyResult result;
    result.formula = request.formula;
    result.panel = !request.input.time_column.empty();
    result.alpha = request.alpha;
    StudyRunner runner(request);
    for (const auto& w : request.weights) {
        try {
            result.studies.push_back(runner.run(w));
        } catch (const InputError& e) {
            throw InputError(fmt::format("weights \"{}\" ({}): {}", w.name, w.path, e.what()));
        }
    }
    result.dependent = result.studies.front().sdm.dependent;
    result.conventions.push_back(selection_rule(request.alpha));
    result.conventions.push_back(
        "LR tests: 2(logLik SDM - logLik SAR or SEM) between the fits reported, df = the number of lagged regressors");
    if (result.panel)
        result.conventions.push_back(
            "panel: " + std::string(to_string(request.panel.effects)) + " fixed effects, " +
            std::string(to_string(request.panel.estimator)) + " estimator, " +
            std::string(to_string(request.panel.convention)) + "; the LM tests are those of the within model's residuals");
    if (result.panel && request.panel.dynamic != DynamicTerms::None)
        result.conventions.push_back(
            "dynamic SDM (--dynamic " + std::string(to_string(request.panel.dynamic)) +
            "): the first period serves as the lag only; bias-corrected quasi-ML of Yu, de Jong & Lee (2008); short-run "
            "effects (I - rho W)^-1 (beta I + theta W), long-run ((1 - tau) I - (rho + eta) W)^-1 (beta I + theta W)");
    return result;
}

}  // namespace spillover
