#include "engine/figure_marks.hpp"

#include <cmath>
#include <numbers>

namespace spillover::figure {

std::vector<double> dash_pattern(std::size_t i) {
    // Lengths chosen to differ at a glance at 1.3 pt line width. Dots are dashes of (almost) no
    // length drawn with round caps; every dash grows by the line width (half at each end), so the
    // gaps are wide enough to stay open: a dot needs ~3 pt of gap either side to read as a dot, not
    // a dash's tail. A dot inside a pattern is 0.01 pt long, not 0: cairo 1.16 drops a 0-length dash
    // that follows a longer one (the all-dots pattern draws its 0-length dashes).
    constexpr double dot = 0.01;
    static const std::vector<std::vector<double>> patterns{
        {}, {5.0, 3.0}, {0.0, 2.8}, {6.0, 3.2, dot, 3.2}, {11.0, 3.5}, {6.0, 3.0, dot, 3.0, dot, 3.0}};
    return patterns[i % patterns.size()];
}

MarkerShape marker_shape(std::size_t i) {
    static constexpr MarkerShape shapes[] = {MarkerShape::Circle, MarkerShape::Square, MarkerShape::Triangle,
                                             MarkerShape::Diamond};
    return shapes[i % 4];
}

void stroke_dashed(const Canvas& canvas, const std::vector<double>& dash, double width) {
    cairo_t* cr = canvas.cr();
    cairo_set_line_width(cr, width);
    cairo_set_line_cap(cr, dash.empty() ? CAIRO_LINE_CAP_BUTT : CAIRO_LINE_CAP_ROUND);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_set_dash(cr, dash.data(), static_cast<int>(dash.size()), 0.0);
    cairo_stroke(cr);
    cairo_set_dash(cr, nullptr, 0, 0.0);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
}

void draw_marker(const Canvas& canvas, MarkerShape shape, double x, double y, double radius, Rgb fill, Rgb outline) {
    cairo_t* cr = canvas.cr();
    switch (shape) {
        case MarkerShape::Circle:
            cairo_new_sub_path(cr);
            cairo_arc(cr, x, y, radius, 0.0, 2.0 * std::numbers::pi);
            break;
        case MarkerShape::Square: {
            const double s = radius * 0.9;  // same visual weight as the circle
            cairo_rectangle(cr, x - s, y - s, 2 * s, 2 * s);
            break;
        }
        case MarkerShape::Triangle: {
            const double s = radius * 1.25;
            cairo_move_to(cr, x, y - s);
            cairo_line_to(cr, x + s * 0.866, y + s * 0.5);
            cairo_line_to(cr, x - s * 0.866, y + s * 0.5);
            cairo_close_path(cr);
            break;
        }
        case MarkerShape::Diamond: {
            const double s = radius * 1.2;
            cairo_move_to(cr, x, y - s);
            cairo_line_to(cr, x + s, y);
            cairo_line_to(cr, x, y + s);
            cairo_line_to(cr, x - s, y);
            cairo_close_path(cr);
            break;
        }
    }
    canvas.set_colour(fill);
    cairo_fill_preserve(cr);
    canvas.set_colour(outline);
    cairo_set_line_width(cr, 0.5);
    cairo_stroke(cr);
}

void fill_hatched(const Canvas& canvas) {
    cairo_t* cr = canvas.cr();
    canvas.set_colour(white);
    cairo_fill_preserve(cr);
    double x0, y0, x1, y1;
    cairo_fill_extents(cr, &x0, &y0, &x1, &y1);
    cairo_save(cr);
    cairo_clip_preserve(cr);
    cairo_path_t* shape = cairo_copy_path(cr);
    cairo_new_path(cr);
    constexpr double spacing = 3.0;  // points between hatch lines
    const double span = (x1 - x0) + (y1 - y0);
    for (double d = 0.0; d <= span; d += spacing) {
        cairo_move_to(cr, x0 + d, y0);
        cairo_line_to(cr, x0 + d - (y1 - y0), y1);
    }
    canvas.set_colour(line_grey);
    cairo_set_line_width(cr, 0.4);
    cairo_stroke(cr);
    cairo_restore(cr);  // drops the clip; the path is not part of the saved state
    cairo_new_path(cr);
    cairo_append_path(cr, shape);
    cairo_path_destroy(shape);
}

}  // namespace spillover::figure
