#include "workflow/fit_figure.hpp"

#include <cmath>

#include <fmt/format.h>

#include "engine/distributions.hpp"
#include "engine/figure_coefficient_chart.hpp"

namespace spillover {

namespace {

constexpr double kLevel = 0.95;

void add_effects(const ImpactsReport& report, const std::string& prefix, figure::CoefficientChartData& data) {
    for (const VariableEffects& v : report.effects)
        for (const auto& [name, e] : {std::pair{"Direct", &v.direct}, {"Indirect", &v.indirect}, {"Total", &v.total}})
            data.estimates.push_back({v.variable, prefix + name, e->estimate, e->lower, e->upper});
}

/// A model's effects; a dynamic panel's short- and long-run ones as series of their own.
void add_effects(const EstimationResult& r, const std::string& prefix, figure::CoefficientChartData& data) {
    if (!r.long_run_impacts) return add_effects(*r.impacts, prefix, data);
    add_effects(*r.impacts, prefix + "short run: ", data);
    add_effects(*r.long_run_impacts, prefix + "long run: ", data);
}

void add_coefficients(const EstimationResult& r, const std::string& group, figure::CoefficientChartData& data) {
    const double c = critical_value(0.5 + kLevel / 2, r.inference.kind == Inference::Kind::StudentT ? r.inference.df : 0.0);
    auto add = [&](const Coefficient& k) {
        const double half = std::isfinite(k.std_error) ? c * k.std_error : std::nan("");
        data.estimates.push_back({k.name, group, k.estimate, k.estimate - half, k.estimate + half});
    };
    for (const Coefficient& k : r.coefficients)
        if (k.name != "(Intercept)") add(k);
    if (r.rho) add(*r.rho);
    if (r.lambda) add(*r.lambda);
}

}  // namespace

figure::FigureReport draw_fit_figure(const std::vector<EstimationResult>& results, const std::string& path,
                                     const std::string& title) {
    std::vector<const EstimationResult*> with_effects;
    for (const auto& r : results)
        if (r.impacts && !r.impacts->effects.empty()) with_effects.push_back(&r);
    figure::CoefficientChartData data;
    figure::CoefficientChartOptions options;
    if (!with_effects.empty()) {
        for (const EstimationResult* r : with_effects)
            add_effects(*r, with_effects.size() > 1 ? r->model + ": " : "", data);
        const ImpactsReport& first = *with_effects.front()->impacts;
        options.figure.title = with_effects.size() > 1 ? "Direct, indirect and total effects"
                                 : (with_effects.front()->long_run_impacts ? "Short- and long-run effects of " : "Effects of ") +
                                       with_effects.front()->model + " (" + with_effects.front()->dependent + ")";
        options.x_label = "Effect on " + with_effects.front()->dependent;
        options.interval_label = fmt::format("{:g}% interval ({})", 100 * first.level,
                                             first.draws_used > 0 ? fmt::format("{} draws", first.draws_used) : "analytic");
    } else {
        for (const auto& r : results) add_coefficients(r, results.size() > 1 ? r.model : "", data);
        options.figure.title = "Coefficients (" + results.front().dependent + ")";
        options.interval_label = "95% confidence interval";
    }
    if (!title.empty()) options.figure.title = title;
    return figure::draw_coefficient_chart(data, options, path);
}

}  // namespace spillover
