#include "workflow/fit_pipeline.hpp"

#include <algorithm>

#include "engine/input_error.hpp"
#include "engine/stage_timer.hpp"
#include "models/panel/fixed_effects.hpp"
#include "models/spatial_regression.hpp"
#include "weights/locality_order.hpp"

namespace spillover {

namespace {

std::vector<SpatialModel> parsed_models(const std::vector<std::string>& names) {
    std::vector<SpatialModel> models;
    for (const auto& name : names) models.push_back(parse_spatial_model(name));
    return models;
}

bool all_ols(const std::vector<SpatialModel>& models) {
    return std::all_of(models.begin(), models.end(), [](SpatialModel m) { return m == SpatialModel::Ols; });
}

/// At scale, puts the data and W in breadth-first order of W once for every model (fit_spatial
/// would otherwise renumber per model, next to the data-order copy of W it cannot free). Returns the
/// order.
std::vector<SpatialWeights::Index> renumber_for_locality(ModelInputs& in) {
    const auto start = StageClock::now();
    std::vector<SpatialWeights::Index> order = breadth_first_order(in.w);
    in.design = rows_in_order(in.design, order);
    in.w = in.w.permuted(order);
    in.timings.emplace_back("breadth-first renumbering", seconds_since(start));
    return order;
}

/// The fit's effects on W (any unit order: the effects are averages), timed as a stage.
/// A dynamic panel's long-run ones too, where its dynamics are stable.
void add_impacts(SpatialFit& fit, SpatialModel model, const SpatialWeights& w, const ImpactsOptions& options) {
    const auto start = StageClock::now();
    fit.impacts = compute_impacts(fit, model, w, options);
    if (fit.dynamic && fit.dynamic->stable)
        fit.long_run_impacts = compute_long_run_impacts(fit, w, options);
    else if (fit.dynamic)
        fit.conventions.push_back("long-run effects: none, the estimated dynamics are not stable (see the stability line)");
    fit.timings.emplace_back("impacts", seconds_since(start));
}

/// A model of the panel, with its fixed effects when asked for. Pooled OLS without W reads no W.
SpatialFit fit_panel_model(const ModelInputs& in, SpatialModel model, const FitRequest& request) {
    const auto periods = in.panel->period_count();
    SpatialFit fit = fit_panel(in.design, in.w, periods, model, request.panel, request.spatial);
    if (fit.panel) fit.panel->period_labels = in.panel->periods;
    if (fit.panel && fit.dynamic && !fit.panel->period_labels.empty())  // the first period is the lag only
        fit.panel->period_labels.erase(fit.panel->period_labels.begin());
    if (request.recover_fixed_effects && request.panel.effects != PanelEffects::None && fit.status != FitStatus::Failed)
        fit.fixed_effects = recover_fixed_effects(fit, in.design, in.w, in.panel->periods, request.panel.effects);
    return fit;
}

}  // namespace

void FitRequest::validate() const {
    input.validate();
    if (formula.empty()) throw InputError("no formula given (--formula \"y ~ x1 + x2\")");
    if (models.empty()) throw InputError("no model given (--model ols|slx|sar|sdm|sem|sdem|sac)");
    if (!all_ols(parsed_models(models)) && input.weights_path.empty())
        throw InputError("spatial models need a weights file (--weights FILE: .gal, .gwt, .mtx, .csv, .txt)");
    if (!input.time_column.empty() && input.weights_path.empty())
        throw InputError("a panel fit needs W (--weights FILE), whose units are the panel's units");
    ols.validate();
    spatial.validate();
    if (!input.time_column.empty()) panel.validate();
    if (recover_fixed_effects && input.time_column.empty())
        throw InputError("fixed effects are recovered for panel fits (--panel ID,TIME --effects ...)");
    if (recover_fixed_effects && panel.dynamic != DynamicTerms::None)
        throw InputError("--fixed-effects is not available with --dynamic (the effects of the dynamic model are not "
                         "recovered here)");
    if (panel.dynamic != DynamicTerms::None && input.time_column.empty())
        throw InputError("--dynamic is for panels: give --panel ID,TIME");
    if (impacts) impacts->validate();
}

std::vector<SpatialFit> run_fit(const FitRequest& request) {
    request.validate();
    // A panel needs W for its unit order and the effects' tests even when only OLS is asked for.
    const bool spatial = !all_ols(parsed_models(request.models)) || !request.input.time_column.empty();
    // OLS alone drops incomplete rows, as R's lm (na.omit); spatial models may not (W would change).
    ModelInputs in = read_model_inputs(request.input, request.formula,
                                       spatial ? MissingPolicy::Error : MissingPolicy::Drop, spatial);
    return fit_models(std::move(in), request);
}

std::vector<SpatialFit> fit_models(ModelInputs in, const FitRequest& request) {
    const std::vector<SpatialModel> models = parsed_models(request.models);
    const bool spatial = !all_ols(models) || !request.input.time_column.empty();
    std::vector<std::string> ids;  // the data's order, kept only when the fits run in another
    std::vector<SpatialWeights::Index> order;
    // A dynamic panel's fits have a period fewer than the data: they renumber inside fit_spatial.
    if (spatial && in.w.n() >= request.spatial.reorder_min_units && request.panel.dynamic == DynamicTerms::None) {
        ids = in.design.ids;
        order = renumber_for_locality(in);
    }
    std::vector<SpatialFit> fits;
    for (const SpatialModel model : models) {
        SpatialFit fit = in.panel ? fit_panel_model(in, model, request)
                         : model == SpatialModel::Ols ? as_spatial_fit(fit_ols(in.design, request.ols))
                                                      : fit_spatial(in.design, in.w, model, request.spatial);
        fit.formula = request.formula;
        if (model != SpatialModel::Ols) fit.conventions.push_back(in.weights_line);
        if (request.impacts && has_impacts(model) && fit.status != FitStatus::Failed)
            add_impacts(fit, model, in.w, *request.impacts);
        if (request.impacts && model == SpatialModel::Sem)
            fit.conventions.push_back("impacts: none for sem, whose mean has no spillover (the effects are the coefficients)");
        const std::size_t stages = model == SpatialModel::Ols ? 2 : in.timings.size();
        fit.timings.insert(fit.timings.begin(), in.timings.begin(), in.timings.begin() + static_cast<std::ptrdiff_t>(stages));
        if (!order.empty()) restore_order(fit, order, ids);
        fits.push_back(std::move(fit));
    }
    return fits;
}

void add_impacts(SpatialFit& fit, const SpatialWeights& w, const ImpactsOptions& options) {
    add_impacts(fit, parse_spatial_model(fit.model), w, options);
}

}  // namespace spillover
