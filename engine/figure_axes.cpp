#include "engine/figure_axes.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>

#include <fmt/format.h>

namespace spillover::figure {

namespace {

constexpr double tick_length = 3.0;  // points, pointing out of the frame
constexpr double gap = 3.0;          // between a tick and its label, a label and a title

const TextStyle tick_style{tick_size, false, black};
const TextStyle title_style{label_size, false, black};

double widest_label(const Canvas& canvas, const Ticks& ticks) {
    double widest = 0.0;
    for (double v : ticks.values) widest = std::max(widest, canvas.text_width(tick_label(v, ticks.step), tick_style));
    return widest;
}

// The room left of the frame: the y tick labels, then the y title, then the caller's margin.
double left_room(const Canvas& canvas, const AxesLayout& layout) {
    double room = layout.y_margin;
    if (!layout.y_ticks.values.empty()) room += tick_length + gap + widest_label(canvas, layout.y_ticks);
    if (!layout.y_title.empty()) room += gap + canvas.line_height(title_style);
    return room;
}

double bottom_room(const Canvas& canvas, const AxesLayout& layout) {
    double room = tick_length + gap + canvas.line_height(tick_style);
    if (!layout.x_title.empty()) room += gap + canvas.line_height(title_style);
    return room;
}

}  // namespace

Interval padded_interval(double lo, double hi, double pad) {
    if (!std::isfinite(lo) || !std::isfinite(hi) || lo > hi)
        throw std::invalid_argument(fmt::format("axis range [{}, {}] is not a finite interval", lo, hi));
    if (lo == hi) {
        const double half = lo == 0.0 ? 1.0 : 0.1 * std::fabs(lo);
        return {lo - half, hi + half};
    }
    const double widen = pad * (hi - lo);
    return {lo - widen, hi + widen};
}

double nice_step(double span, int target) {
    if (!(span > 0.0) || !std::isfinite(span) || target < 1)
        throw std::invalid_argument(fmt::format("tick step: span {} and target {} must be positive", span, target));
    const double magnitude = std::pow(10.0, std::floor(std::log10(span / target)));
    double best = magnitude;
    for (double m : {1.0, 2.0, 5.0, 10.0}) {
        const double step = m * magnitude;
        if (std::fabs(span / step - target) < std::fabs(span / best - target)) best = step;
    }
    return best;
}

Ticks nice_ticks(Interval range, int target) {
    Ticks ticks;
    ticks.step = nice_step(range.hi - range.lo, target);
    const double first = std::ceil(range.lo / ticks.step - 1e-9);
    for (double k = first; k * ticks.step <= range.hi + 1e-9 * ticks.step; k += 1.0)
        ticks.values.push_back(k == 0.0 ? 0.0 : k * ticks.step);  // an exact zero, never −0 or 1e−17
    return ticks;
}

std::string tick_label(double value, double step) {
    if (std::fabs(value) < 1e-9 * std::fabs(step)) value = 0.0;
    std::string text;
    if (std::fabs(value) >= 1e6 || (step < 1e-4 && value != 0.0)) {
        text = fmt::format("{:.3g}", value);
    } else {
        int decimals = 0;  // the fewest that write the step exactly: 0.25 needs 2, 20 needs 0
        for (double scaled = step; decimals < 10 && std::fabs(scaled - std::round(scaled)) > 1e-6 * scaled;
             scaled *= 10.0)
            ++decimals;
        text = fmt::format("{:.{}f}", value, decimals);
    }
    if (text.front() != '-') return text;
    if (text.find_first_not_of("-0.") == std::string::npos) return text.substr(1);  // "-0.0" is 0
    return "\u2212" + text.substr(1);  // a typographic minus, as wide as a plus, not a hyphen
}

Rect plot_area(const Canvas& canvas, Rect body, const AxesLayout& layout) {
    const double left = left_room(canvas, layout);
    const double bottom = bottom_room(canvas, layout);
    // Room above and to the right for half of a tick label centred on the frame's corner.
    const double top = layout.y_ticks.values.empty() ? 2.0 : canvas.line_height(tick_style) / 2.0;
    double right = 4.0;
    if (!layout.x_ticks.values.empty())
        right = std::max(right, canvas.text_width(tick_label(layout.x_ticks.values.back(), layout.x_ticks.step),
                                                  tick_style) / 2.0);
    return {body.x + left, body.y + top, body.w - left - right, body.h - top - bottom};
}

void draw_axes(const Canvas& canvas, const Axes& axes, const AxesLayout& layout) {
    cairo_t* cr = canvas.cr();
    const Rect& a = axes.area();
    cairo_set_line_width(cr, 0.6);
    canvas.set_colour(black);
    cairo_rectangle(cr, a.x, a.y, a.w, a.h);
    for (double v : layout.x_ticks.values) {
        cairo_move_to(cr, axes.page_x(v), a.bottom());
        cairo_rel_line_to(cr, 0.0, tick_length);
    }
    for (double v : layout.y_ticks.values) {
        cairo_move_to(cr, a.x, axes.page_y(v));
        cairo_rel_line_to(cr, -tick_length, 0.0);
    }
    cairo_stroke(cr);
    for (double v : layout.x_ticks.values)
        canvas.text(tick_label(v, layout.x_ticks.step), axes.page_x(v), a.bottom() + tick_length + gap, tick_style,
                    HAlign::Centre, VAlign::Top);
    for (double v : layout.y_ticks.values)
        canvas.text(tick_label(v, layout.y_ticks.step), a.x - tick_length - gap, axes.page_y(v), tick_style,
                    HAlign::Right, VAlign::Middle);
    if (!layout.x_title.empty())
        canvas.text(layout.x_title, a.x + a.w / 2.0, a.bottom() + bottom_room(canvas, layout), title_style,
                    HAlign::Centre, VAlign::Bottom);
    if (!layout.y_title.empty())
        canvas.text(layout.y_title, a.x - left_room(canvas, layout), a.y + a.h / 2.0, title_style, HAlign::Centre,
                    VAlign::Top, -std::numbers::pi / 2.0);
}

void draw_reference_line(const Canvas& canvas, double x0, double y0, double x1, double y1) {
    cairo_t* cr = canvas.cr();
    static const double dash[] = {3.0, 2.0};
    cairo_move_to(cr, x0, y0);
    cairo_line_to(cr, x1, y1);
    canvas.set_colour(line_grey);
    cairo_set_line_width(cr, 0.6);
    cairo_set_dash(cr, dash, 2, 0.0);
    cairo_stroke(cr);
    cairo_set_dash(cr, nullptr, 0, 0.0);
}

}  // namespace spillover::figure
