#include "engine/figure_moran_scatter.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>

#include <fmt/format.h>

#include "engine/figure_axes.hpp"
#include "engine/figure_canvas.hpp"
#include "engine/figure_legend.hpp"

namespace spillover::figure {

namespace {

void check_data(const MoranScatterData& data) {
    if (data.z.size() != data.lag.size())
        throw std::invalid_argument(fmt::format("Moran scatterplot: z has {} values but the spatial lag has {}",
                                                data.z.size(), data.lag.size()));
    if (data.z.empty()) throw std::invalid_argument("Moran scatterplot: no points to draw");
    if (!data.classes.empty() && data.classes.size() != data.z.size())
        throw std::invalid_argument(fmt::format("Moran scatterplot: {} classes for {} points", data.classes.size(),
                                                data.z.size()));
    if (!std::isfinite(data.moran_i))
        throw std::invalid_argument("Moran scatterplot: Moran's I is not a finite number");
}

// The range of the finite values of `v` at `kept`, with 0 in it.
Interval range_with_zero(const std::vector<double>& v, const std::vector<std::size_t>& kept) {
    double lo = 0.0, hi = 0.0;
    for (std::size_t i : kept) {
        lo = std::min(lo, v[i]);
        hi = std::max(hi, v[i]);
    }
    return padded_interval(lo, hi);
}

// How points are drawn: up to 1000 as they are; past that smaller, more translucent and without an
// outline, so that where many pile up shows darker rather than as one blot.
struct PointStyle {
    double radius = 2.4;
    double alpha = 1.0;
    bool outline = true;
};

PointStyle point_style(std::size_t n, bool by_class) {
    const double crowd = std::min(1.0, 1000.0 / static_cast<double>(n));
    const double alpha = by_class ? std::max(0.35, std::sqrt(crowd)) : 0.55 * std::max(0.15, std::sqrt(crowd));
    return {std::max(0.8, 2.4 * std::pow(crowd, 0.25)), alpha, n <= 2000};
}

void draw_point(const Canvas& canvas, double x, double y, Rgb colour, const PointStyle& style, bool by_class) {
    cairo_t* cr = canvas.cr();
    cairo_new_sub_path(cr);
    cairo_arc(cr, x, y, style.radius, 0.0, 2.0 * std::numbers::pi);
    canvas.set_colour(colour, style.alpha);
    if (!style.outline) return cairo_fill(cr);
    cairo_fill_preserve(cr);
    // A class's light colour (not significant) needs a dark rim on white; one colour needs none darker.
    canvas.set_colour(by_class ? rgb_hex(0x404040) : colour);
    cairo_set_line_width(cr, 0.5);
    cairo_stroke(cr);
}

// The points, the not significant ones first so that a cluster's points stay on top.
void draw_points(const Canvas& canvas, const Axes& axes, const MoranScatterData& data,
                 const std::vector<std::size_t>& kept) {
    const bool by_class = !data.classes.empty();
    const PointStyle style = point_style(kept.size(), by_class);
    for (int pass = 0; pass < (by_class ? 2 : 1); ++pass)
        for (std::size_t i : kept) {
            if (by_class && (data.classes[i] == LisaClass::NotSignificant) != (pass == 0)) continue;
            const Rgb colour = by_class ? lisa_colour(data.classes[i]) : category_colour(0);
            draw_point(canvas, axes.page_x(data.z[i]), axes.page_y(data.lag[i]), colour, style, by_class);
        }
}

void draw_quadrant_labels(const Canvas& canvas, const Rect& a) {
    const TextStyle style{label_size, true, text_grey};
    const double inset = 4.0;
    canvas.text("HH", a.right() - inset, a.y + inset, style, HAlign::Right, VAlign::Top);
    canvas.text("LH", a.x + inset, a.y + inset, style, HAlign::Left, VAlign::Top);
    canvas.text("LL", a.x + inset, a.bottom() - inset, style, HAlign::Left, VAlign::Bottom);
    canvas.text("HL", a.right() - inset, a.bottom() - inset, style, HAlign::Right, VAlign::Bottom);
}

void draw_slope_line(const Canvas& canvas, const Axes& axes, double slope) {
    cairo_t* cr = canvas.cr();
    const Rect& a = axes.area();
    cairo_save(cr);
    cairo_rectangle(cr, a.x, a.y, a.w, a.h);
    cairo_clip(cr);
    cairo_move_to(cr, axes.page_x(axes.x().lo), axes.page_y(slope * axes.x().lo));
    cairo_line_to(cr, axes.page_x(axes.x().hi), axes.page_y(slope * axes.x().hi));
    canvas.set_colour(category_colour(1));
    cairo_set_line_width(cr, 1.2);
    cairo_stroke(cr);
    cairo_restore(cr);
}

// The classes present, in the legend's order, with their counts.
Legend class_legend(const MoranScatterData& data, const std::vector<std::size_t>& kept) {
    Legend legend{"LISA cluster", {}};
    for (LisaClass c : lisa_classes) {
        const auto n = std::count_if(kept.begin(), kept.end(), [&](std::size_t i) { return data.classes[i] == c; });
        if (n > 0)
            legend.entries.push_back({fmt::format("{} ({})", lisa_class_name(c), n), SwatchKind::Marker,
                                      lisa_colour(c), {}, MarkerShape::Circle});
    }
    return legend;
}

}  // namespace

FigureReport draw_moran_scatter(const MoranScatterData& data, const MoranScatterOptions& options,
                                const std::string& path) {
    options.validate();
    check_data(data);
    FigureReport report{path, 0, {}};
    std::vector<std::size_t> kept;
    for (std::size_t i = 0; i < data.z.size(); ++i)
        if (std::isfinite(data.z[i]) && std::isfinite(data.lag[i])) kept.push_back(i);
    if (kept.empty()) throw std::invalid_argument("Moran scatterplot: no point has both z and Wz finite");
    if (kept.size() < data.z.size())
        report.notes.push_back(fmt::format("{} of {} units not drawn: z or Wz missing", data.z.size() - kept.size(),
                                           data.z.size()));

    Canvas canvas(path, options.figure);
    const std::string title = fmt::format("{} (Moran's I = {:.4f})",
                                          options.figure.title.empty() ? "Moran scatterplot" : options.figure.title,
                                          data.moran_i);
    Rect body = draw_title_and_notes(canvas, title, report.notes);
    if (!data.classes.empty()) body = draw_legend_beside(canvas, body, class_legend(data, kept));
    const Interval xr = range_with_zero(data.z, kept);
    const Interval yr = range_with_zero(data.lag, kept);
    const AxesLayout layout{options.x_label, options.y_label, nice_ticks(xr), nice_ticks(yr), 0.0};
    const Axes axes(plot_area(canvas, body, layout), xr, yr);
    const Rect& a = axes.area();
    draw_reference_line(canvas, axes.page_x(0.0), a.y, axes.page_x(0.0), a.bottom());
    draw_reference_line(canvas, a.x, axes.page_y(0.0), a.right(), axes.page_y(0.0));
    draw_points(canvas, axes, data, kept);
    draw_slope_line(canvas, axes, data.moran_i);
    draw_quadrant_labels(canvas, a);
    draw_axes(canvas, axes, layout);
    canvas.finish();
    report.drawn = kept.size();
    return report;
}

}  // namespace spillover::figure
