#include "workflow/density_figure.hpp"

#include <fmt/format.h>

#include "engine/figure_density_curves.hpp"
#include "engine/input_error.hpp"

namespace spillover {

namespace {

constexpr std::size_t kAllUpTo = 6, kSpread = 4;

std::size_t period_index(const DensityResult& result, const std::string& label) {
    std::string known;
    for (std::size_t t = 0; t < result.periods.size(); ++t) {
        if (result.periods[t].period == label) return t;
        known += (known.empty() ? "" : ", ") + result.periods[t].period;
    }
    throw InputError("--plot-periods: no period '" + label + "' (periods: " + known + ")");
}

}  // namespace

std::vector<std::size_t> density_periods_shown(const DensityResult& result, const std::vector<std::string>& asked) {
    std::vector<std::size_t> shown;
    for (const std::string& label : asked) shown.push_back(period_index(result, label));
    if (!asked.empty()) return shown;
    const std::size_t T = result.periods.size();
    if (T <= kAllUpTo) {
        for (std::size_t t = 0; t < T; ++t) shown.push_back(t);
        return shown;
    }
    for (std::size_t j = 0; j < kSpread; ++j) shown.push_back((j * (T - 1) + (kSpread - 1) / 2) / (kSpread - 1));
    return shown;
}

figure::FigureReport draw_density_figure(const DensityResult& result, const std::vector<std::string>& periods,
                                         const std::string& path) {
    const std::vector<std::size_t> shown = density_periods_shown(result, periods);
    figure::DensityCurvesData data;
    for (const std::size_t t : shown) {
        const PeriodDensity& p = result.periods[t];
        data.curves.push_back({p.period.empty() ? result.variable : p.period,
                               {p.curve.x.data(), p.curve.x.data() + p.curve.x.size()},
                               {p.curve.density.data(), p.curve.density.data() + p.curve.density.size()}});
    }
    figure::DensityCurvesOptions options;
    options.figure.title = "Kernel density of " + result.variable;
    options.x_label = result.variable;
    options.legend_title = result.periods.size() > 1 ? "Period" : "";
    figure::FigureReport report = figure::draw_density_curves(data, options, path);
    if (shown.size() < result.periods.size() && periods.empty())
        report.notes.push_back(fmt::format("{} of {} periods drawn, spread evenly (--plot-periods to choose)",
                                           shown.size(), result.periods.size()));
    return report;
}

}  // namespace spillover
