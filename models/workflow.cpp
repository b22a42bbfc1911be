#include "models/workflow.hpp"

#include <algorithm>
#include <chrono>

#include <fmt/format.h>

#include "engine/formula.hpp"
#include "engine/input_error.hpp"
#include "engine/read_table.hpp"
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

std::vector<SpatialFit> run_fit(const FitRequest& request) {
    request.validate();
    const std::vector<SpatialModel> models = parsed_models(request.models);
    auto start = std::chrono::steady_clock::now();
    const Formula formula = parse_formula(request.formula);
    const DataTable table = read_table(request.data_path, request.csv);
    const double read_seconds = seconds_since(start);

    start = std::chrono::steady_clock::now();
    DesignOptions design_options;
    // OLS alone drops incomplete rows, as R's lm (na.omit); spatial models may not (W would change).
    design_options.missing = all_ols(models) ? MissingPolicy::Drop : MissingPolicy::Error;
    design_options.id_column = request.id_column;
    const DesignMatrix design = build_design(table, formula, design_options);
    const double design_seconds = seconds_since(start);

    start = std::chrono::steady_clock::now();
    SpatialWeights w;
    std::string weights_line;
    if (!all_ols(models)) w = read_weights_for(design.ids, request.weights_path, request.weights_transform, &weights_line);
    const double weights_seconds = seconds_since(start);

    std::vector<SpatialFit> fits;
    for (const SpatialModel model : models) {
        SpatialFit fit = model == SpatialModel::Ols ? as_spatial_fit(fit_ols(design, request.ols))
                                                    : fit_spatial(design, w, model, request.spatial);
        fit.formula = request.formula;
        if (!weights_line.empty() && model != SpatialModel::Ols) fit.conventions.push_back(weights_line);
        fit.timings.insert(fit.timings.begin(), {{"read", read_seconds}, {"design", design_seconds}});
        if (model != SpatialModel::Ols) fit.timings.insert(fit.timings.begin() + 2, {"weights", weights_seconds});
        fits.push_back(std::move(fit));
    }
    return fits;
}

}  // namespace spillover
