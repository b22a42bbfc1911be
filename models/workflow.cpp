#include "models/workflow.hpp"

#include <algorithm>
#include <chrono>

#include <fmt/format.h>

#include "engine/formula.hpp"
#include "engine/input_error.hpp"
#include "engine/read_table.hpp"
#include "weights/locality_order.hpp"
#include "weights/transforms.hpp"
#include "weights/weights_io.hpp"

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

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

void FitRequest::validate() const {
    if (data_path.empty()) throw InputError("no data file given (--data FILE)");
    if (formula.empty()) throw InputError("no formula given (--formula \"y ~ x1 + x2\")");
    if (models.empty()) throw InputError("no model given (--model ols|slx|sar|sdm|sem|sdem|sac)");
    const auto parsed = parsed_models(models);
    if (!all_ols(parsed) && weights_path.empty())
        throw InputError("spatial models need a weights file (--weights FILE: .gal, .gwt, .mtx, .csv, .txt)");
    parse_weights_transform(weights_transform);
    csv.validate();
    ols.validate();
    spatial.validate();
    if (impacts) impacts->validate();
}

SpatialWeights read_weights_for(const std::vector<std::string>& ids, const std::string& path,
                                const std::string& transform, std::string* description) {
    ReadWeightsOptions read_options;
    read_options.ids = ids;
    SpatialWeights w = with_inferred_transform(read_weights(path, read_options));
    const WeightsTransform wanted = parse_weights_transform(transform);
    const WeightsTransform as_read = w.transform();
    if (wanted != WeightsTransform::None && wanted != as_read) w = transformed(w, wanted);
    if (description)
        *description = fmt::format("W: {} ({} units, {} links{}), {}", path, w.n(), w.links(),
                                   w.is_symmetric() ? ", symmetric" : "",
                                   wanted == WeightsTransform::None || wanted == as_read
                                       ? fmt::format("used as read ({})", to_string(as_read))
                                       : fmt::format("transformed {} -> {}", to_string(as_read), to_string(wanted)));
    return w;
}

namespace {

/// The data, the design and (when asked for) W, with the seconds each took.
struct Inputs {
    DesignMatrix design;
    SpatialWeights w;
    std::string weights_line;
    std::vector<std::pair<std::string, double>> timings;
};

Inputs read_inputs(const FitRequest& request, MissingPolicy missing, bool with_weights) {
    Inputs in;
    auto start = std::chrono::steady_clock::now();
    const Formula formula = parse_formula(request.formula);
    const DataTable table = read_table(request.data_path, request.csv);
    in.timings.emplace_back("read", seconds_since(start));

    start = std::chrono::steady_clock::now();
    DesignOptions design_options;
    design_options.missing = missing;
    design_options.id_column = request.id_column;
    in.design = build_design(table, formula, design_options);
    in.timings.emplace_back("design", seconds_since(start));
    if (!with_weights) return in;

    start = std::chrono::steady_clock::now();
    in.w = read_weights_for(in.design.ids, request.weights_path, request.weights_transform, &in.weights_line);
    in.timings.emplace_back("weights", seconds_since(start));
    return in;
}

/// At scale, puts the data and W in breadth-first order of W once for every model (fit_spatial
/// would otherwise renumber per model, next to the data-order copy of W it cannot free). Returns the
/// order.
std::vector<SpatialWeights::Index> renumber_for_locality(Inputs& in) {
    const auto start = std::chrono::steady_clock::now();
    std::vector<SpatialWeights::Index> order = breadth_first_order(in.w);
    in.design = rows_in_order(in.design, order);
    in.w = in.w.permuted(order);
    in.timings.emplace_back("breadth-first renumbering", seconds_since(start));
    return order;
}

/// The fit's effects on W (any unit order: the effects are averages), timed as a stage.
void add_impacts(SpatialFit& fit, SpatialModel model, const SpatialWeights& w, const ImpactsOptions& options) {
    const auto start = std::chrono::steady_clock::now();
    fit.impacts = compute_impacts(fit, model, w, options);
    fit.timings.emplace_back("impacts", seconds_since(start));
}

}  // namespace

std::vector<SpatialFit> run_fit(const FitRequest& request) {
    request.validate();
    const std::vector<SpatialModel> models = parsed_models(request.models);
    const bool spatial = !all_ols(models);
    // OLS alone drops incomplete rows, as R's lm (na.omit); spatial models may not (W would change).
    Inputs in = read_inputs(request, spatial ? MissingPolicy::Error : MissingPolicy::Drop, spatial);
    std::vector<std::string> ids;  // the data's order, kept only when the fits run in another
    std::vector<SpatialWeights::Index> order;
    if (spatial && in.w.n() >= request.spatial.reorder_min_units) {
        ids = in.design.ids;
        order = renumber_for_locality(in);
    }
    std::vector<SpatialFit> fits;
    for (const SpatialModel model : models) {
        SpatialFit fit = model == SpatialModel::Ols ? as_spatial_fit(fit_ols(in.design, request.ols))
                                                    : fit_spatial(in.design, in.w, model, request.spatial);
        fit.formula = request.formula;
        if (model != SpatialModel::Ols) fit.conventions.push_back(in.weights_line);
        if (request.impacts && has_impacts(model)) add_impacts(fit, model, in.w, *request.impacts);
        if (request.impacts && model == SpatialModel::Sem)
            fit.conventions.push_back("impacts: none for sem, whose mean has no spillover (the effects are the coefficients)");
        const std::size_t stages = model == SpatialModel::Ols ? 2 : in.timings.size();
        fit.timings.insert(fit.timings.begin(), in.timings.begin(), in.timings.begin() + static_cast<std::ptrdiff_t>(stages));
        if (!order.empty()) restore_order(fit, order, ids);
        fits.push_back(std::move(fit));
    }
    return fits;
}

LmTestsResult run_lm_tests(const FitRequest& request) {
    request.validate();
    if (request.weights_path.empty())
        throw InputError("the LM tests need a weights file (--weights FILE: .gal, .gwt, .mtx, .csv, .txt)");
    const Inputs in = read_inputs(request, MissingPolicy::Error, true);
    LmTestsResult result = lm_tests(in.design, fit_ols(in.design, request.ols), in.w);
    result.conventions.push_back(in.weights_line);
    return result;
}

}  // namespace spillover
