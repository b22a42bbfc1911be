#include "engine/figure_map.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
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

double point_radius(std::size_t units) {
    if (units <= 100) return 4.0;
    if (units <= 300) return 3.0;
    if (units <= 1000) return 2.0;
    if (units <= 3000) return 1.5;
    return 1.0;
}

void draw_map(const Canvas& canvas, Rect body, const MapLayer& layer, const std::vector<UnitFill>& fills,
              const Legend& legend) {
    // Only degrees are copied onto the plane: a large polygon layer is drawn as given.
    const MapLayer projected = layer.lonlat ? planar_layer(layer) : MapLayer{};
    const MapLayer& plane = layer.lonlat ? projected : layer;
    const bool points = plane.of_points();
    const double radius = points ? point_radius(plane.units()) : 0.0;
    const double edge = radius >= 3.0 ? 0.5 : 0.3;
    // A circle reaches a radius (and half its edge) past its centre: the extent is fitted inside that.
    const double inset = points ? radius + edge / 2.0 : 0.0;
    const auto shrink = [inset](Rect r) {
        return Rect{r.x + inset, r.y + inset, std::max(r.w - 2 * inset, 1.0), std::max(r.h - 2 * inset, 1.0)};
    };
    const LegendSize key = measure_legend(canvas, legend);
    const PlotBounds bounds = bounds_of(plane);
    // The legend goes where it leaves the map the larger scale: right of a tall map, under a wide one.
    const Rect right{body.x, body.y, std::max(body.w - key.w - legend_gap, 1.0), body.h};
    const Rect below{body.x, body.y, body.w, std::max(body.h - key.h - legend_gap, 1.0)};
    const bool under = fit_scale(bounds, shrink(below)) > fit_scale(bounds, shrink(right));
    const MapFit first(bounds, shrink(under ? below : right));
    // Map and legend centred on the page together.
    const double map_w = first.used().w + 2 * inset, map_h = first.used().h + 2 * inset;
    const MapFit fit = under ? MapFit(bounds, shrink(Rect{body.x, body.y + (body.h - map_h - legend_gap - key.h) / 2.0,
                                                          body.w, map_h}))
                             : MapFit(bounds, shrink(Rect{body.x + (body.w - map_w - legend_gap - key.w) / 2.0, body.y,
                                                          map_w, body.h}));
    const Rect footprint{fit.used().x - inset, fit.used().y - inset, fit.used().w + 2 * inset, fit.used().h + 2 * inset};
    cairo_t* cr = canvas.cr();
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    for (const PlotShape& feature : plane.outline) {
        trace_shape(canvas, fit, feature);
        canvas.set_colour(ground_grey);
        cairo_fill_preserve(cr);
        canvas.set_colour(line_grey);
        cairo_set_line_width(cr, 0.4);
        cairo_stroke(cr);
    }
    // Thin borders; thinner still where units are many and small, or the borders would be the map.
    const double border = plane.units() > 3000 ? 0.1 : 0.3;
    const auto fill_unit = [&](const UnitFill& f) {
        if (f.hatched) {
            fill_hatched(canvas);
        } else {
            canvas.set_colour(f.colour);
            cairo_fill_preserve(cr);
        }
    };
    for (std::size_t i = 0; i < plane.polygons.size(); ++i) {
        trace_shape(canvas, fit, plane.polygons[i]);
        fill_unit(fills[i]);
        canvas.set_colour(line_grey);
        cairo_set_line_width(cr, border);
        cairo_stroke(cr);
    }
    for (const bool raised : {false, true})
        for (std::size_t i = 0; i < plane.points.size(); ++i) {
            if (fills[i].raised != raised) continue;
            cairo_new_path(cr);
            cairo_arc(cr, fit.page_x(plane.points[i].x), fit.page_y(plane.points[i].y), radius, 0.0, 2.0 * std::numbers::pi);
            cairo_close_path(cr);
            fill_unit(fills[i]);
            canvas.set_colour(edge_grey);
            cairo_set_line_width(cr, edge);
            cairo_stroke(cr);
        }
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_WINDING);
    if (under)
        draw_legend(canvas, legend, body.x + (body.w - key.w) / 2.0, footprint.bottom() + legend_gap);
    else
        draw_legend(canvas, legend, footprint.right() + legend_gap, std::max(body.y, footprint.bottom() - key.h));
}

}  // namespace spillover::figure
