#pragma once
// Axes: the mapping from data to the page for the x/y charts, the "nice" ticks and their labels, the
// axis titles and the frame.
//
// Ticks are the multiples of a step of 1, 2 or 5 × 10^k that fall inside the axis range, the step
// chosen so that about `target` ticks fall there (as R's pretty() and matplotlib's MaxNLocator do).
// The axis range is the data's range widened by a small fraction each side, so that no point sits on
// the frame; a range of one value (all x equal) is widened to ±10 % of it (±1 for zero), so such
// data still draw, at the centre.

#include <string>
#include <vector>

#include "engine/figure_canvas.hpp"

namespace spillover::figure {

/// A closed range of data values, lo < hi for a drawable axis.
struct Interval {
    double lo = 0.0;
    double hi = 1.0;
};

/// [lo, hi] widened by `pad` × (hi − lo) each side; lo == hi gives lo ∓ 10 % of |lo| (∓ 1 for 0).
/// Throws std::invalid_argument if lo or hi is not finite or lo > hi.
Interval padded_interval(double lo, double hi, double pad = 0.04);

/// The tick step for a span: 1, 2 or 5 × 10^k, the one giving the count nearest `target`.
double nice_step(double span, int target = 5);

struct Ticks {
    double step = 1.0;
    std::vector<double> values;  ///< increasing, inside the interval
};

/// The multiples of nice_step(hi − lo, target) inside [lo, hi] (a value within 1e-9 step of the
/// interval's end counts as inside).
Ticks nice_ticks(Interval range, int target = 5);

/// `value` with as many decimals as `step` needs (step 0.25 → "0.75", step 20 → "40"), in
/// scientific notation when |value| ≥ 1e6 or the step is below 1e-4; negatives with the minus sign
/// U+2212 (UTF-8), never "-0".
std::string tick_label(double value, double step);

/// The data-to-page mapping of a plot area: x grows rightwards, y upwards (page y downwards).
class Axes {
public:
    Axes(Rect area, Interval x, Interval y) : area_(area), x_(x), y_(y) {}
    double page_x(double x) const { return area_.x + (x - x_.lo) / (x_.hi - x_.lo) * area_.w; }
    double page_y(double y) const { return area_.bottom() - (y - y_.lo) / (y_.hi - y_.lo) * area_.h; }
    const Rect& area() const noexcept { return area_; }
    const Interval& x() const noexcept { return x_; }
    const Interval& y() const noexcept { return y_; }

private:
    Rect area_;
    Interval x_;
    Interval y_;
};

/// The axis titles and ticks of an x/y chart; an empty y tick list leaves the y axis unlabelled
/// (the coefficient chart labels its rows itself and passes y_margin for them).
struct AxesLayout {
    std::string x_title;
    std::string y_title;
    Ticks x_ticks;
    Ticks y_ticks;
    double y_margin = 0.0;  ///< extra room left of the y tick labels, in points
};

/// The plot area inside `body` that leaves room for the tick labels and titles of `layout`.
Rect plot_area(const Canvas& canvas, Rect body, const AxesLayout& layout);

/// Draws the frame of the plot area, the ticks (pointing out), their labels and the axis titles.
void draw_axes(const Canvas& canvas, const Axes& axes, const AxesLayout& layout);

/// A dashed grey line from (x0, y0) to (x1, y1) in page points: zero lines, reference lines.
void draw_reference_line(const Canvas& canvas, double x0, double y0, double x1, double y1);

}  // namespace spillover::figure
