#include "engine/figure_choropleth.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

#include "engine/figure_canvas.hpp"
#include "engine/figure_map.hpp"
#include "engine/figure_palette.hpp"

namespace spillover::figure {

namespace {

void check_data(const ChoroplethData& data) {
    validate_map_layer(data.layer, "choropleth");
    if (data.layer.units() != data.values.size())
        throw std::invalid_argument(
            fmt::format("choropleth: {} units but {} values", data.layer.units(), data.values.size()));
}

// `v` with `digits` significant digits, trailing zeros dropped (15.7255 → "15.73", 20.0 → "20"),
// negatives with the minus sign U+2212 as on the axes.
std::string format_bound(double v, int digits) {
    if (v == 0.0) return "0";
    const int magnitude = static_cast<int>(std::floor(std::log10(std::fabs(v))));
    std::string s;
    if (magnitude < -3 || magnitude >= 7) {
        s = fmt::format("{:.{}e}", v, digits - 1);
    } else {
        s = fmt::format("{:.{}f}", v, std::max(0, digits - 1 - magnitude));
        if (s.find('.') != std::string::npos) {
            s.erase(s.find_last_not_of('0') + 1);
            if (s.back() == '.') s.pop_back();
        }
    }
    return s.front() == '-' ? "\u2212" + s.substr(1) : s;
}

// The bounds as text, with the fewest significant digits (4 to 12) that keep distinct breaks distinct.
std::vector<std::string> format_bounds(const std::vector<double>& breaks) {
    std::vector<std::string> text;
    for (int digits = 4; digits <= 12; ++digits) {
        text.clear();
        for (double b : breaks) text.push_back(format_bound(b, digits));
        bool distinct = true;
        for (std::size_t i = 1; i < breaks.size(); ++i)
            if (breaks[i] != breaks[i - 1] && text[i] == text[i - 1]) distinct = false;
        if (distinct) break;
    }
    return text;
}

// The class of `v`: j with breaks[j] <= v < breaks[j+1], the last class closed; -1 outside.
int class_of(double v, const std::vector<double>& breaks) {
    const std::size_t k = breaks.size() - 1;
    if (v < breaks.front() || v > breaks.back()) return -1;
    if (v == breaks.back()) return static_cast<int>(k - 1);
    return static_cast<int>(std::upper_bound(breaks.begin(), breaks.end(), v) - breaks.begin()) - 1;
}

struct Classification {
    std::vector<double> breaks;  // distinct, k + 1 of them (2 equal ones when all values are equal)
    std::vector<int> unit_class; // per unit; -1: no value
    std::size_t missing = 0;
};

Classification classify(const ChoroplethData& data, const ChoroplethOptions& options, FigureReport& report) {
    Classification c;
    c.breaks = options.breaks.empty() ? quantile_breaks(data.values, options.classes) : options.breaks;
    c.breaks.erase(std::unique(c.breaks.begin(), c.breaks.end()), c.breaks.end());
    if (c.breaks.size() == 1) c.breaks.push_back(c.breaks.front());  // every value the same: one class
    const std::size_t asked = options.breaks.empty() ? options.classes : options.breaks.size() - 1;
    if (c.breaks.size() - 1 < asked)
        report.notes.push_back(fmt::format("{} classes asked, {} drawn: tied quantiles merge classes", asked,
                                           c.breaks.size() - 1));
    for (std::size_t i = 0; i < data.values.size(); ++i) {
        const double v = data.values[i];
        if (!std::isfinite(v)) {
            c.unit_class.push_back(-1);
            ++c.missing;
            continue;
        }
        const int j = class_of(v, c.breaks);
        if (j < 0)
            throw std::invalid_argument(fmt::format("choropleth: the value {} of unit {} lies outside the breaks [{}, {}]",
                                                    v, i + 1, c.breaks.front(), c.breaks.back()));
        c.unit_class.push_back(j);
    }
    if (c.missing > 0)
        report.notes.push_back(fmt::format("{} of {} units have no value: hatched", c.missing, data.values.size()));
    return c;
}

Legend class_legend(const Classification& c, const std::vector<Rgb>& colours, const ChoroplethOptions& options) {
    Legend legend{options.legend_title.empty() ? (options.breaks.empty() ? "Quantiles" : "Classes")
                                               : options.legend_title,
                  {}};
    const std::vector<std::string> bounds = format_bounds(c.breaks);
    const std::size_t k = c.breaks.size() - 1;
    for (std::size_t j = 0; j < k; ++j) {
        const auto n = std::count(c.unit_class.begin(), c.unit_class.end(), static_cast<int>(j));
        legend.entries.push_back({fmt::format("[{}, {}{} ({})", bounds[j], bounds[j + 1], j + 1 == k ? "]" : ")", n),
                                  SwatchKind::Box, colours[j], {}, MarkerShape::Circle});
    }
    if (c.missing > 0) legend.entries.push_back({fmt::format("No value ({})", c.missing), SwatchKind::HatchedBox, white, {}, MarkerShape::Circle});
    return legend;
}

}  // namespace

void ChoroplethOptions::validate() const {
    figure.validate();
    if (breaks.empty()) {
        if (classes < 1 || classes > 12)
            throw std::invalid_argument(fmt::format("choropleth: classes must be between 1 and 12, got {}", classes));
        return;
    }
    if (breaks.size() < 2 || breaks.size() > 13)
        throw std::invalid_argument(
            fmt::format("choropleth: breaks must give 2 to 13 bounds (1 to 12 classes), got {}", breaks.size()));
    for (std::size_t i = 0; i < breaks.size(); ++i) {
        if (!std::isfinite(breaks[i]))
            throw std::invalid_argument(fmt::format("choropleth: break {} is not a finite number", i + 1));
        if (i > 0 && !(breaks[i] > breaks[i - 1]))
            throw std::invalid_argument(fmt::format("choropleth: breaks must increase, but break {} ({}) follows {}",
                                                    i + 1, breaks[i], breaks[i - 1]));
    }
}

std::vector<double> quantile_breaks(const std::vector<double>& values, std::size_t k) {
    std::vector<double> x;
    for (double v : values)
        if (std::isfinite(v)) x.push_back(v);
    if (x.empty()) throw std::invalid_argument("choropleth: no finite value to classify");
    if (k < 1) throw std::invalid_argument("choropleth: quantile classes must be at least 1");
    std::sort(x.begin(), x.end());
    std::vector<double> breaks;
    for (std::size_t i = 0; i <= k; ++i) {
        // Type 7: h = (n − 1) p, interpolating between the order statistics around h.
        const double h = static_cast<double>(x.size() - 1) * static_cast<double>(i) / static_cast<double>(k);
        const std::size_t lo = static_cast<std::size_t>(std::floor(h));
        const std::size_t hi = std::min(lo + 1, x.size() - 1);
        breaks.push_back(x[lo] + (h - static_cast<double>(lo)) * (x[hi] - x[lo]));
    }
    breaks.back() = x.back();  // exactly the maximum, so that it falls in the closed last class
    return breaks;
}

FigureReport draw_choropleth(const ChoroplethData& data, const ChoroplethOptions& options, const std::string& path) {
    options.validate();
    check_data(data);
    FigureReport report{path, data.layer.units(), {}};
    const Classification c = classify(data, options, report);
    for (std::string& note : map_layer_notes(data.layer)) report.notes.push_back(std::move(note));
    const std::vector<Rgb> colours = sequential_classes(c.breaks.size() - 1);
    std::vector<UnitFill> fills;
    fills.reserve(c.unit_class.size());
    for (int j : c.unit_class) fills.push_back(j < 0 ? UnitFill{white, true, false} : UnitFill{colours[j], false, false});
    Canvas canvas(path, options.figure);
    const Rect body =
        draw_title_and_notes(canvas, options.figure.title.empty() ? "Choropleth map" : options.figure.title, report.notes);
    draw_map(canvas, body, data.layer, fills, class_legend(c, colours, options));
    canvas.finish();
    return report;
}

}  // namespace spillover::figure
