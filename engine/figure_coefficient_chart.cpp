#include "engine/figure_coefficient_chart.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>

#include "engine/figure_axes.hpp"
#include "engine/figure_canvas.hpp"
#include "engine/figure_legend.hpp"
#include "engine/figure_marks.hpp"

namespace spillover::figure {

namespace {

const TextStyle row_style{tick_size, false, black};

bool has_interval(const CoefficientEstimate& e) { return std::isfinite(e.lower) && std::isfinite(e.upper); }

std::string name_of(const CoefficientEstimate& e) {
    return e.group.empty() ? "'" + e.label + "'" : fmt::format("'{}' ({})", e.label, e.group);
}

void check_estimate(const CoefficientEstimate& e) {
    if (!std::isfinite(e.estimate) || !has_interval(e)) return;
    if (!(e.lower <= e.estimate && e.estimate <= e.upper))
        throw std::invalid_argument(fmt::format("coefficient chart: the interval [{}, {}] of {} does not contain its estimate {}",
                                                e.lower, e.upper, name_of(e), e.estimate));
}

// Distinct values in order of first appearance.
std::vector<std::string> in_order(const std::vector<CoefficientEstimate>& estimates, std::string CoefficientEstimate::*field) {
    std::vector<std::string> order;
    for (const CoefficientEstimate& e : estimates)
        if (std::find(order.begin(), order.end(), e.*field) == order.end()) order.push_back(e.*field);
    return order;
}

std::size_t index_in(const std::vector<std::string>& order, const std::string& value) {
    return static_cast<std::size_t>(std::find(order.begin(), order.end(), value) - order.begin());
}

Interval value_range(const std::vector<CoefficientEstimate>& estimates) {
    double lo = 0.0, hi = 0.0;  // zero is always shown: the reference line
    for (const CoefficientEstimate& e : estimates) {
        if (!std::isfinite(e.estimate)) continue;
        lo = std::min(lo, has_interval(e) ? e.lower : e.estimate);
        hi = std::max(hi, has_interval(e) ? e.upper : e.estimate);
    }
    return padded_interval(lo, hi);
}

Legend group_legend(const std::vector<std::string>& groups, const std::string& interval_label) {
    Legend legend;
    if (groups.size() > 1 || !groups.front().empty())
        for (std::size_t g = 0; g < groups.size(); ++g)
            legend.entries.push_back({groups[g], SwatchKind::Marker, category_colour(g), {}, marker_shape(g)});
    legend.entries.push_back({interval_label, SwatchKind::Line, black, {}});
    return legend;
}

void draw_row_bands(const Canvas& canvas, const Axes& axes, std::size_t rows) {
    const Rect& a = axes.area();
    const double h = a.h / static_cast<double>(rows);
    canvas.set_colour(rgb_hex(0xF2F2F2));
    for (std::size_t r = 1; r < rows; r += 2) cairo_rectangle(canvas.cr(), a.x, a.y + r * h, a.w, h);
    cairo_fill(canvas.cr());
}

// Refuses what cannot be drawn honestly and counts what is left out, for the notes.
FigureReport check_estimates(const CoefficientChartData& data, const std::string& path) {
    if (data.estimates.empty()) throw std::invalid_argument("coefficient chart: no estimates to draw");
    std::set<std::pair<std::string, std::string>> seen;
    std::size_t no_estimate = 0, no_interval = 0;
    for (const CoefficientEstimate& e : data.estimates) {
        if (!seen.insert({e.label, e.group}).second)
            throw std::invalid_argument(fmt::format("coefficient chart: {} appears twice", name_of(e)));
        check_estimate(e);
        if (!std::isfinite(e.estimate)) ++no_estimate;
        else if (!has_interval(e)) ++no_interval;
    }
    if (no_estimate == data.estimates.size())
        throw std::invalid_argument("coefficient chart: no estimate is a finite number");
    FigureReport report{path, data.estimates.size() - no_estimate, {}};
    if (no_estimate > 0) report.notes.push_back(fmt::format("{} estimates missing, not drawn", no_estimate));
    if (no_interval > 0) report.notes.push_back(fmt::format("{} estimates without an interval: dot only", no_interval));
    return report;
}

// The row labels, and in each row the groups' bars and dots side by side.
void draw_rows(const Canvas& canvas, const Axes& axes, const CoefficientChartData& data,
               const std::vector<std::string>& rows, const std::vector<std::string>& groups) {
    const Rect& a = axes.area();
    const double row_h = a.h / static_cast<double>(rows.size());
    // At most 12 points apart, all within the row's middle 70 %.
    const double spacing = std::min(12.0, 0.7 * row_h / static_cast<double>(groups.size()));
    for (std::size_t r = 0; r < rows.size(); ++r)
        canvas.text(rows[r], a.x - 6.0, a.y + (r + 0.5) * row_h, row_style, HAlign::Right, VAlign::Middle);
    for (const CoefficientEstimate& e : data.estimates) {
        if (!std::isfinite(e.estimate)) continue;
        const std::size_t g = index_in(groups, e.group);
        const double y = a.y + (index_in(rows, e.label) + 0.5) * row_h +
                         (static_cast<double>(g) - (groups.size() - 1) / 2.0) * spacing;
        if (has_interval(e)) {
            cairo_move_to(canvas.cr(), axes.page_x(e.lower), y);
            cairo_line_to(canvas.cr(), axes.page_x(e.upper), y);
            canvas.set_colour(category_colour(g));
            cairo_set_line_width(canvas.cr(), 1.2);
            cairo_stroke(canvas.cr());
        }
        draw_marker(canvas, marker_shape(g), axes.page_x(e.estimate), y, 2.8, category_colour(g), black);
    }
}

}  // namespace

FigureReport draw_coefficient_chart(const CoefficientChartData& data, const CoefficientChartOptions& options,
                                    const std::string& path) {
    options.validate();
    FigureReport report = check_estimates(data, path);
    const std::vector<std::string> rows = in_order(data.estimates, &CoefficientEstimate::label);
    const std::vector<std::string> groups = in_order(data.estimates, &CoefficientEstimate::group);
    Canvas canvas(path, options.figure);
    Rect body = draw_title_and_notes(canvas, options.figure.title.empty() ? "Estimates" : options.figure.title,
                                     report.notes);
    body = draw_legend_beside(canvas, body, group_legend(groups, options.interval_label));
    double label_width = 0.0;
    for (const std::string& r : rows) label_width = std::max(label_width, canvas.text_width(r, row_style));
    const Interval xr = value_range(data.estimates);
    const AxesLayout layout{options.x_label, "", nice_ticks(xr), Ticks{}, label_width + 6.0};
    const Axes axes(plot_area(canvas, body, layout), xr, Interval{0.0, static_cast<double>(rows.size())});
    draw_row_bands(canvas, axes, rows.size());
    draw_reference_line(canvas, axes.page_x(0.0), axes.area().y, axes.page_x(0.0), axes.area().bottom());
    draw_rows(canvas, axes, data, rows, groups);
    draw_axes(canvas, axes, layout);
    canvas.finish();
    return report;
}

}  // namespace spillover::figure
