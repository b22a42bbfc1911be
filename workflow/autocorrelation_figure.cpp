#include "workflow/autocorrelation_figure.hpp"

#include <fmt/format.h>

#include "engine/figure_choropleth.hpp"
#include "engine/figure_lisa_map.hpp"
#include "engine/figure_moran_scatter.hpp"
#include "engine/input_error.hpp"
#include "workflow/map_points.hpp"
#include "workflow/map_shapes.hpp"

namespace spillover {

std::pair<std::string, std::string> AutocorrelationFigureRequest::coordinate_columns() const {
    const auto comma = coords.find(',');
    const std::string x = coords.substr(0, comma);
    const std::string y = comma == std::string::npos ? "" : coords.substr(comma + 1);
    if (x.empty() || y.empty() || y.find(',') != std::string::npos)
        throw InputError("--coords takes the two columns of the units' coordinates as X,Y (e.g. lon,lat), got '" +
                         coords + "'");
    return {x, y};
}

void AutocorrelationFigureRequest::validate(AutocorrelationStatistic statistic) const {
    if (!map.empty()) {
        if (!polygons.empty() && !coords.empty())
            throw InputError("--polygons and --coords are two ways to draw the map's units: give one, not both");
        if (polygons.empty() && coords.empty())
            throw InputError("--map needs the units' polygons (--polygons FILE) or their coordinates (--coords X,Y)");
    } else {
        const std::pair<const char*, bool> given[] = {{"--polygons", !polygons.empty()},
                                                      {"--polygon-id", !polygon_id.empty()},
                                                      {"--coords", !coords.empty()},
                                                      {"--outline", !outline.empty()},
                                                      {"--lonlat", lonlat}};
        for (const auto& [option, present] : given)
            if (present) throw InputError(std::string(option) + " is for --map FILE, which is not given");
    }
    if (!polygon_id.empty() && polygons.empty()) throw InputError("--polygon-id is for --polygons FILE");
    if (!coords.empty()) coordinate_columns();
    for (const std::string* path : {&plot, &map})
        if (!path->empty()) figure::figure_format(*path);
    if (any() && statistic != AutocorrelationStatistic::Moran)
        throw InputError("--plot and --map draw Moran's scatterplot and maps: use them with `spillover moran`");
}

namespace {

const PeriodAutocorrelation& shown_period(const AutocorrelationResult& result, const std::string& label) {
    if (label.empty()) return result.periods.back();
    std::string known;
    for (const auto& p : result.periods) {
        if (p.period == label) return p;
        known += (known.empty() ? "" : ", ") + p.period;
    }
    throw InputError("--plot-period " + label + ": no such period (periods: " + known + ")");
}

/// "CRIME" or "CRIME, 2015"; bivariate "x against W y".
std::string subject(const AutocorrelationResult& r, const PeriodAutocorrelation& p) {
    std::string s = r.bivariate.empty() ? r.variable : r.variable + " against W " + r.bivariate;
    return p.period.empty() ? s : s + ", " + p.period;
}

figure::FigureReport scatterplot(const AutocorrelationResult& r, const PeriodAutocorrelation& p, const std::string& path) {
    const MoranScatter& s = *p.scatter;
    figure::MoranScatterData data{{s.z.data(), s.z.data() + s.z.size()}, {s.lag.data(), s.lag.data() + s.lag.size()},
                                  p.global.value, s.classes};
    figure::MoranScatterOptions options;
    options.figure.title = "Moran scatterplot of " + subject(r, p);
    if (!r.bivariate.empty()) {
        options.x_label = r.variable + " (standardised)";
        options.y_label = "Spatial lag of " + r.bivariate;
    }
    return figure::draw_moran_scatter(data, options, path);
}

figure::FigureReport map(const AutocorrelationResult& r, const PeriodAutocorrelation& p,
                         const AutocorrelationFigureRequest& request) {
    figure::MapLayer layer;
    std::size_t extra = 0;  // polygon features that are not units of the data
    if (!request.polygons.empty()) {
        MapShapes shapes = map_shapes(r.units, request.polygons, request.polygon_id);
        layer.polygons = std::move(shapes.shapes);
        extra = shapes.extra;
    } else {
        const auto [x, y] = request.coordinate_columns();
        layer.points = map_points(r.units, r.input, x, y, request.lonlat);
    }
    if (!request.outline.empty()) layer.outline = outline_shapes(request.outline);
    layer.lonlat = request.lonlat;
    figure::FigureReport report;
    if (p.local_moran) {
        figure::LisaMapOptions options;
        options.figure.title = "LISA clusters of " + subject(r, p);
        options.significance = fmt::format("p < {:g}", request.significance);
        report = figure::draw_lisa_map({std::move(layer), p.local_moran->cluster}, options, request.map);
    } else {
        const Eigen::VectorXd& x = p.scatter->values;
        figure::ChoroplethOptions options;
        options.figure.title = subject(r, p);
        options.legend_title = r.variable + ", quantiles";
        report = figure::draw_choropleth({std::move(layer), {x.data(), x.data() + x.size()}}, options, request.map);
    }
    if (extra > 0)
        report.notes.push_back(
            fmt::format("{} feature(s) of {} are not units of the data and are not drawn", extra, request.polygons));
    return report;
}

}  // namespace

std::vector<figure::FigureReport> draw_autocorrelation_figures(const AutocorrelationResult& result,
                                                               const AutocorrelationFigureRequest& request) {
    request.validate(result.statistic);
    std::vector<figure::FigureReport> reports;
    if (!request.any()) return reports;
    const PeriodAutocorrelation& p = shown_period(result, request.period);
    if (!request.plot.empty()) reports.push_back(scatterplot(result, p, request.plot));
    if (!request.map.empty()) reports.push_back(map(result, p, request));
    return reports;
}

}  // namespace spillover
