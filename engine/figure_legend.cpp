#include "engine/figure_legend.hpp"

#include <algorithm>

namespace spillover::figure {

namespace {

constexpr double padding = 5.0;      // inside the box
constexpr double swatch_width = 28.0;  // long enough to show a dash-dot-dot pattern once
constexpr double swatch_gap = 5.0;   // between swatch and label
constexpr double row_gap = 2.5;

const TextStyle entry_style{tick_size, false, black};
const TextStyle heading_style{tick_size, true, black};

double row_height(const Canvas& canvas) { return canvas.line_height(entry_style) + row_gap; }

void draw_swatch(const Canvas& canvas, const LegendEntry& entry, double x, double y_mid) {
    cairo_t* cr = canvas.cr();
    switch (entry.kind) {
        case SwatchKind::Box:
        case SwatchKind::HatchedBox:
            cairo_rectangle(cr, x + 4.0, y_mid - 4.5, swatch_width - 8.0, 9.0);
            if (entry.kind == SwatchKind::HatchedBox) {
                fill_hatched(canvas);
            } else {
                canvas.set_colour(entry.colour);
                cairo_fill_preserve(cr);
            }
            canvas.set_colour(line_grey);
            cairo_set_line_width(cr, 0.4);
            cairo_stroke(cr);
            break;
        case SwatchKind::Line:
            cairo_move_to(cr, x, y_mid);
            cairo_line_to(cr, x + swatch_width, y_mid);
            canvas.set_colour(entry.colour);
            stroke_dashed(canvas, entry.dash, 1.3);
            break;
        case SwatchKind::Marker:
            draw_marker(canvas, entry.marker, x + swatch_width / 2.0, y_mid, 2.8, entry.colour, black);
            break;
    }
}

}  // namespace

LegendSize measure_legend(const Canvas& canvas, const Legend& legend) {
    double widest = legend.title.empty() ? 0.0 : canvas.text_width(legend.title, heading_style);
    for (const LegendEntry& e : legend.entries)
        widest = std::max(widest, swatch_width + swatch_gap + canvas.text_width(e.label, entry_style));
    const double rows = static_cast<double>(legend.entries.size() + (legend.title.empty() ? 0 : 1));
    return {widest + 2 * padding, rows * row_height(canvas) - row_gap + 2 * padding};
}

void draw_legend(const Canvas& canvas, const Legend& legend, double x, double y) {
    const LegendSize size = measure_legend(canvas, legend);
    cairo_t* cr = canvas.cr();
    cairo_rectangle(cr, x, y, size.w, size.h);
    canvas.set_colour(white);
    cairo_fill_preserve(cr);
    canvas.set_colour(frame_grey);
    cairo_set_line_width(cr, 0.5);
    cairo_stroke(cr);
    const double step = row_height(canvas);
    double row_top = y + padding;
    if (!legend.title.empty()) {
        canvas.text(legend.title, x + padding, row_top, heading_style, HAlign::Left, VAlign::Top);
        row_top += step;
    }
    const double line = canvas.line_height(entry_style);
    for (const LegendEntry& e : legend.entries) {
        const double mid = row_top + line / 2.0;
        draw_swatch(canvas, e, x + padding, mid);
        canvas.text(e.label, x + padding + swatch_width + swatch_gap, mid, entry_style, HAlign::Left, VAlign::Middle);
        row_top += step;
    }
}

Rect draw_legend_beside(const Canvas& canvas, Rect body, const Legend& legend) {
    const LegendSize key = measure_legend(canvas, legend);
    if (key.w + legend_gap <= 0.3 * body.w) {
        body.w -= key.w + legend_gap;
        draw_legend(canvas, legend, body.right() + legend_gap, body.y);
    } else {
        body.h -= key.h + legend_gap;
        draw_legend(canvas, legend, body.x + (body.w - key.w) / 2.0, body.bottom() + legend_gap);
    }
    return body;
}

}  // namespace spillover::figure
