#include "engine/figure_density_curves.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

#include "engine/figure_axes.hpp"
#include "engine/figure_canvas.hpp"
#include "engine/figure_legend.hpp"
#include "engine/figure_marks.hpp"

namespace spillover::figure {

namespace {

std::string curve_name(const DensityCurve& curve, std::size_t i) {
    return curve.label.empty() ? fmt::format("Curve {}", i + 1) : curve.label;
}

bool finite_point(const DensityCurve& curve, std::size_t j) {
    return std::isfinite(curve.x[j]) && std::isfinite(curve.density[j]);
}

// Checks one curve and returns how many of its points are skipped.
std::size_t check_curve(const DensityCurve& curve, std::size_t i) {
    const std::string name = curve_name(curve, i);
    if (curve.x.size() != curve.density.size())
        throw std::invalid_argument(fmt::format("density curves: curve '{}' has {} x values but {} densities", name,
                                                curve.x.size(), curve.density.size()));
    std::size_t finite = 0;
    double previous_x = -INFINITY;
    for (std::size_t j = 0; j < curve.x.size(); ++j) {
        if (!finite_point(curve, j)) continue;
        ++finite;
        if (curve.density[j] < 0.0)
            throw std::invalid_argument(fmt::format("density curves: curve '{}' has a negative density ({}) at x = {}",
                                                    name, curve.density[j], curve.x[j]));
        if (curve.x[j] < previous_x)
            throw std::invalid_argument(fmt::format("density curves: the x values of curve '{}' decrease at point {}",
                                                    name, j + 1));
        previous_x = curve.x[j];
    }
    if (finite < 2)
        throw std::invalid_argument(
            fmt::format("density curves: curve '{}' has {} finite points, a curve needs 2", name, finite));
    return curve.x.size() - finite;
}

// The polyline of one curve, broken where a point is skipped.
void trace_curve(const Canvas& canvas, const Axes& axes, const DensityCurve& curve) {
    cairo_t* cr = canvas.cr();
    bool drawing = false;
    for (std::size_t j = 0; j < curve.x.size(); ++j) {
        if (!finite_point(curve, j)) {
            drawing = false;
            continue;
        }
        const double x = axes.page_x(curve.x[j]), y = axes.page_y(curve.density[j]);
        if (drawing) {
            cairo_line_to(cr, x, y);
        } else {
            cairo_move_to(cr, x, y);
            drawing = true;
        }
    }
}

// The x of the legend's box: in the top right corner of the plot, or the top left when fewer curve
// points fall under it there (a distribution skewed to the right).
double legend_corner(const Canvas& canvas, const Axes& axes, const Legend& legend, const DensityCurvesData& data) {
    const LegendSize key = measure_legend(canvas, legend);
    const Rect& a = axes.area();
    const double right = a.right() - key.w - 6.0, left = a.x + 6.0;
    const auto covered = [&](double x0) {
        std::size_t n = 0;
        for (const DensityCurve& curve : data.curves)
            for (std::size_t j = 0; j < curve.x.size(); ++j) {
                if (!finite_point(curve, j)) continue;
                const double x = axes.page_x(curve.x[j]), y = axes.page_y(curve.density[j]);
                n += x >= x0 && x <= x0 + key.w && y >= a.y && y <= a.y + 6.0 + key.h;
            }
        return n;
    };
    return covered(left) < covered(right) ? left : right;
}

// The data's extent, for the axes.
struct Extent {
    double x_lo = INFINITY;
    double x_hi = -INFINITY;
    double y_hi = 0.0;
};

// Checks every curve, notes what is skipped, and returns the extent of the finite points.
Extent check_curves(const DensityCurvesData& data, FigureReport& report) {
    if (data.curves.empty()) throw std::invalid_argument("density curves: no curve to draw");
    Extent extent;
    std::size_t skipped = 0;
    for (std::size_t i = 0; i < data.curves.size(); ++i) {
        const DensityCurve& curve = data.curves[i];
        skipped += check_curve(curve, i);
        for (std::size_t j = 0; j < curve.x.size(); ++j) {
            if (!finite_point(curve, j)) continue;
            extent.x_lo = std::min(extent.x_lo, curve.x[j]);
            extent.x_hi = std::max(extent.x_hi, curve.x[j]);
            extent.y_hi = std::max(extent.y_hi, curve.density[j]);
        }
    }
    if (skipped > 0) report.notes.push_back(fmt::format("{} points with a missing x or density skipped", skipped));
    if (data.curves.size() > okabe_ito().size())
        report.notes.push_back(fmt::format(
            "{} curves: colours repeat after 8, dash patterns after 6; no two of the first 24 look alike",
            data.curves.size()));
    return extent;
}

// Draws the curves, clipped to the plot, and returns their legend.
Legend draw_curves(const Canvas& canvas, const Axes& axes, const DensityCurvesData& data, const std::string& title) {
    Legend legend{title, {}};
    cairo_t* cr = canvas.cr();
    cairo_save(cr);
    cairo_rectangle(cr, axes.area().x, axes.area().y, axes.area().w, axes.area().h);
    cairo_clip(cr);
    for (std::size_t i = 0; i < data.curves.size(); ++i) {
        trace_curve(canvas, axes, data.curves[i]);
        canvas.set_colour(category_colour(i));
        stroke_dashed(canvas, dash_pattern(i), 1.3);
        legend.entries.push_back({curve_name(data.curves[i], i), SwatchKind::Line, category_colour(i), dash_pattern(i)});
    }
    cairo_restore(cr);
    return legend;
}

}  // namespace

FigureReport draw_density_curves(const DensityCurvesData& data, const DensityCurvesOptions& options,
                                 const std::string& path) {
    options.validate();
    FigureReport report{path, data.curves.size(), {}};
    const Extent extent = check_curves(data, report);
    Canvas canvas(path, options.figure);
    const Rect body = draw_title_and_notes(
        canvas, options.figure.title.empty() ? "Kernel density by period" : options.figure.title, report.notes);
    const Interval xr = padded_interval(extent.x_lo, extent.x_hi, 0.02);
    const Interval yr{0.0, extent.y_hi > 0.0 ? extent.y_hi * 1.06 : 1.0};
    const AxesLayout layout{options.x_label, options.y_label, nice_ticks(xr), nice_ticks(yr), 0.0};
    const Axes axes(plot_area(canvas, body, layout), xr, yr);
    const Legend legend = draw_curves(canvas, axes, data, options.legend_title);
    draw_axes(canvas, axes, layout);
    draw_legend(canvas, legend, legend_corner(canvas, axes, legend, data), axes.area().y + 6.0);
    canvas.finish();
    return report;
}

}  // namespace spillover::figure
