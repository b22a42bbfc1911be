#pragma once
// Canvas: one figure's page, drawn with cairo and written to a file whose extension names the
// format: .svg (SVG 1.1), .pdf (PDF 1.5) or .png (8-bit RGBA), case-insensitive. Coordinates are
// points (1/72 in) from the top-left corner, y down, whatever the format; a PNG is drawn at
// FigureOptions::png_scale pixels a point. The page starts white (a transparent PNG pasted on a
// dark slide would lose its black text).
//
// Nothing is written until finish(): the drawing is kept in memory and then written atomically
// (engine/atomic_file.hpp), so an earlier figure of the same name survives a failed run and no
// reader sees half a file. A canvas destroyed without finish() writes nothing.
//
// Text uses cairo's toy font API with the "sans-serif" family that fontconfig resolves (DejaVu Sans
// on Debian): enough for labels, UTF-8 passes through; a glyph the font lacks is drawn as a box.
// In an SVG the text becomes glyph outlines (<symbol> and <use>), not <text>.
//
// This header is for the chart sources of the engine (it includes cairo.h); the layers above call
// the charts' functions (figure_moran_scatter.hpp and the others), which take plain data.

#include <cairo.h>

#include <string>
#include <string_view>
#include <vector>

#include "engine/figure_options.hpp"
#include "engine/figure_palette.hpp"

namespace spillover::figure {

/// A rectangle in points: top-left corner, width, height.
struct Rect {
    double x = 0.0;
    double y = 0.0;
    double w = 0.0;
    double h = 0.0;
    double right() const noexcept { return x + w; }
    double bottom() const noexcept { return y + h; }
};

enum class HAlign { Left, Centre, Right };
/// Where the given y sits on the line of text: its top, the middle of the capitals, the baseline,
/// the bottom of the descenders.
enum class VAlign { Top, Middle, Baseline, Bottom };

struct TextStyle {
    double size = 8.0;  ///< points
    bool bold = false;
    Rgb colour = black;
};

/// Font sizes of the figures, in points.
inline constexpr double title_size = 11.0;
inline constexpr double label_size = 9.0;   ///< axis titles
inline constexpr double tick_size = 8.0;    ///< tick labels, legend entries, row labels
inline constexpr double note_size = 7.0;    ///< the notes at the foot

class Canvas {
public:
    /// Checks the extension (figure_format) and the options; opens no file.
    Canvas(std::string path, const FigureOptions& options);
    ~Canvas();
    Canvas(const Canvas&) = delete;
    Canvas& operator=(const Canvas&) = delete;

    cairo_t* cr() const noexcept { return cr_; }
    double width() const noexcept { return width_; }
    double height() const noexcept { return height_; }
    FigureFormat format() const noexcept { return format_; }
    const std::string& path() const noexcept { return path_; }

    void set_colour(Rgb c, double alpha = 1.0) const;

    /// The advance width of `text` and the font's line height (ascent + descent), in points.
    double text_width(std::string_view text, const TextStyle& style) const;
    double line_height(const TextStyle& style) const;

    /// Draws `text` anchored at (x, y), turned `angle` radians (counter-clockwise is negative
    /// in cairo's y-down page; −π/2 reads bottom to top, as a y-axis title).
    void text(std::string_view text, double x, double y, const TextStyle& style, HAlign h = HAlign::Left,
              VAlign v = VAlign::Baseline, double angle = 0.0) const;

    /// Ends the drawing and writes the file atomically. Throws std::runtime_error with cairo's
    /// message if drawing failed, InputError naming the path if it cannot be written.
    void finish();

private:
    void use_font(const TextStyle& style) const;

    std::string path_;
    FigureFormat format_;
    double width_;
    double height_;
    std::string bytes_;  // what the SVG and PDF surfaces stream out, then the file's content
    cairo_surface_t* surface_ = nullptr;
    cairo_t* cr_ = nullptr;
};

/// The page's furniture: the title centred at the top (set smaller if it would not fit the width),
/// the notes (small, grey) at the foot. Returns what is left for the chart, inside a margin.
Rect draw_title_and_notes(const Canvas& canvas, const std::string& title, const std::vector<std::string>& notes);

}  // namespace spillover::figure
