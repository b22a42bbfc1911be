#include "workflow/study_figures.hpp"

#include <cctype>
#include <filesystem>

#include <fmt/format.h>

#include "engine/comparison_table.hpp"
#include "engine/figure_moran_scatter.hpp"
#include "engine/input_error.hpp"
#include "workflow/fit_figure.hpp"

namespace spillover {

namespace {

std::string file_stem(const std::string& name) {
    std::string out = name;
    for (char& c : out)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') c = '_';
    return out;
}

/// The Moran scatterplot of the residuals the LM tests were run on.
figure::FigureReport residual_figure(const WeightsStudy& s, const StudyResult& study, const std::string& path) {
    const MoranScatter& m = s.residual_scatter;
    figure::MoranScatterData data{{m.z.data(), m.z.data() + m.z.size()}, {m.lag.data(), m.lag.data() + m.lag.size()},
                                  m.slope, {}};
    figure::MoranScatterOptions options;
    options.figure.title = "Residuals of " + std::string(study.panel ? "the within model (last period)" : "OLS") +
                           ", W = " + s.weights.name;
    options.x_label = "Residual (standardised)";
    options.y_label = "Spatial lag of the residual";
    return figure::draw_moran_scatter(data, options, path);
}

}  // namespace

std::vector<figure::FigureReport> draw_study_figures(const StudyResult& study, const std::string& folder,
                                                     const std::string& extension) {
    if (extension != "png" && extension != "svg" && extension != "pdf")
        throw InputError(fmt::format("figure format \"{}\": use png, svg or pdf", extension));
    std::error_code error;
    std::filesystem::create_directories(folder, error);
    if (error) throw InputError(fmt::format("cannot make the figures' folder {}: {}", folder, error.message()));
    const std::filesystem::path dir(folder);
    std::vector<figure::FigureReport> reports;
    std::vector<EstimationResult> by_weights;
    for (const auto& s : study.studies) {
        const SpatialFit& fit = s.selected().impacts ? s.selected() : s.sdm;
        if (fit.impacts)
            reports.push_back(draw_fit_figure({fit}, (dir / ("effects_" + file_stem(s.weights.name) + "." + extension)).string(),
                                              "Effects of the " + model_label(fit) + ", W = " + s.weights.name + " (" +
                                                  study.dependent + ")"));
        if (s.residual_scatter.z.size() > 0)
            reports.push_back(residual_figure(s, study, (dir / ("residuals_" + file_stem(s.weights.name) + "." + extension)).string()));
        EstimationResult sdm = s.sdm;
        sdm.model = s.weights.name;
        sdm.impacts.reset();
        by_weights.push_back(std::move(sdm));
    }
    reports.push_back(draw_fit_figure(by_weights, (dir / ("coefficients_by_weights." + extension)).string(),
                                      "SDM coefficients by weights matrix (" + study.dependent + ")"));
    return reports;
}

}  // namespace spillover
