#include "workflow/study_figures.hpp"

#include <cctype>
#include <filesystem>

#include <fmt/format.h>

#include "engine/comparison_table.hpp"
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
