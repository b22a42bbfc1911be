#include "engine/figure_map.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace spillover::figure {

namespace {

void trace_shape(const Canvas& canvas, const MapFit& fit, const PlotShape& shape) {
    cairo_t* cr = canvas.cr();
    for (const PlotRing& ring : shape.rings) {
        cairo_move_to(cr, fit.page_x(ring.front().x), fit.page_y(ring.front().y));
        for (std::size_t i = 1; i < ring.size(); ++i) cairo_line_to(cr, fit.page_x(ring[i].x), fit.page_y(ring[i].y));
        cairo_close_path(cr);
    }
}

// The scale at which `bounds` fits in `area` (0 for an area with no room).
double fit_scale(const PlotBounds& bounds, Rect area) {
    if (area.w <= 0.0 || area.h <= 0.0) return 0.0;
    const double sx = bounds.width() > 0.0 ? area.w / bounds.width() : INFINITY;
    const double sy = bounds.height() > 0.0 ? area.h / bounds.height() : INFINITY;
    return std::min(sx, sy);
}

}  // namespace

MapFit::MapFit(const PlotBounds& bounds, Rect area) : min_x_(bounds.min_x), min_y_(bounds.min_y) {
    if (bounds.empty() || (bounds.width() <= 0.0 && bounds.height() <= 0.0))
        throw std::invalid_argument("map: the units span no area (every vertex at one point)");
    // A map with no width or no height (all vertices on a line) still draws, at the other's scale.
    scale_ = fit_scale(bounds, area);
    const double w = bounds.width() * scale_;
    const double h = bounds.height() * scale_;
    used_ = {area.x + (area.w - w) / 2.0, area.y + (area.h - h) / 2.0, w, h};
    offset_x_ = used_.x;
    offset_y_ = used_.bottom();
}

void draw_map(const Canvas& canvas, Rect body, const std::vector<PlotShape>& shapes, const std::vector<UnitFill>& fills,
              const Legend& legend) {
    const LegendSize key = measure_legend(canvas, legend);
    const PlotBounds bounds = bounds_of(shapes);
    // The legend goes where it leaves the map the larger scale: right of a tall map, under a wide one.
    const Rect right{body.x, body.y, std::max(body.w - key.w - legend_gap, 1.0), body.h};
    const Rect below{body.x, body.y, body.w, std::max(body.h - key.h - legend_gap, 1.0)};
    const bool under = fit_scale(bounds, below) > fit_scale(bounds, right);
    const MapFit first(bounds, under ? below : right);
    // Map and legend centred on the page together.
    const MapFit fit = under ? MapFit(bounds, Rect{body.x, body.y + (body.h - first.used().h - legend_gap - key.h) / 2.0,
                                                   body.w, first.used().h})
                             : MapFit(bounds, Rect{body.x + (body.w - first.used().w - legend_gap - key.w) / 2.0,
                                                   body.y, first.used().w, body.h});
    cairo_t* cr = canvas.cr();
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    // Thin borders; thinner still where units are many and small, or the borders would be the map.
    const double border = shapes.size() > 3000 ? 0.1 : 0.3;
    for (std::size_t i = 0; i < shapes.size(); ++i) {
        trace_shape(canvas, fit, shapes[i]);
        if (fills[i].hatched) {
            fill_hatched(canvas);
        } else {
            canvas.set_colour(fills[i].colour);
            cairo_fill_preserve(cr);
        }
        canvas.set_colour(line_grey);
        cairo_set_line_width(cr, border);
        cairo_stroke(cr);
    }
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_WINDING);
    if (under)
        draw_legend(canvas, legend, body.x + (body.w - key.w) / 2.0, fit.used().bottom() + legend_gap);
    else
        draw_legend(canvas, legend, fit.used().right() + legend_gap, std::max(body.y, fit.used().bottom() - key.h));
}

}  // namespace spillover::figure
