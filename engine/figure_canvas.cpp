#include "engine/figure_canvas.hpp"

#include <cairo-pdf.h>
#include <cairo-svg.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <stdexcept>

#include "engine/atomic_file.hpp"
#include "engine/input_error.hpp"

namespace spillover::figure {

namespace {

// The SVG and PDF surfaces hand their output to this in pieces; it lands in the canvas's buffer.
cairo_status_t append_to_string(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

void check(cairo_status_t status, const std::string& path) {
    if (status != CAIRO_STATUS_SUCCESS)
        throw std::runtime_error("cannot draw figure '" + path + "': " + cairo_status_to_string(status));
}

constexpr double page_margin = 8.0;  // points between the page's edge and anything drawn

}  // namespace

Canvas::Canvas(std::string path, const FigureOptions& options)
    : path_(std::move(path)), format_(figure_format(path_)), width_(options.width_pt), height_(options.height_pt) {
    options.validate();
    switch (format_) {
        case FigureFormat::Svg:
            surface_ = cairo_svg_surface_create_for_stream(append_to_string, &bytes_, width_, height_);
            break;
        case FigureFormat::Pdf:
            surface_ = cairo_pdf_surface_create_for_stream(append_to_string, &bytes_, width_, height_);
            break;
        case FigureFormat::Png:
            surface_ = cairo_image_surface_create(CAIRO_FORMAT_ARGB32,
                                                  static_cast<int>(std::lround(width_ * options.png_scale)),
                                                  static_cast<int>(std::lround(height_ * options.png_scale)));
            break;
    }
    cr_ = cairo_create(surface_);  // never null: an error surface gives an error context
    if (format_ == FigureFormat::Png) cairo_scale(cr_, options.png_scale, options.png_scale);
    set_colour(white);
    cairo_paint(cr_);
}

Canvas::~Canvas() {
    cairo_destroy(cr_);
    cairo_surface_destroy(surface_);
}

void Canvas::set_colour(Rgb c, double alpha) const { cairo_set_source_rgba(cr_, c.r, c.g, c.b, alpha); }

void Canvas::use_font(const TextStyle& style) const {
    cairo_select_font_face(cr_, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
                           style.bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr_, style.size);
}

double Canvas::text_width(std::string_view text, const TextStyle& style) const {
    use_font(style);
    const std::string s(text);
    cairo_text_extents_t extents;
    cairo_text_extents(cr_, s.c_str(), &extents);
    return extents.x_advance;
}

double Canvas::line_height(const TextStyle& style) const {
    use_font(style);
    cairo_font_extents_t extents;
    cairo_font_extents(cr_, &extents);
    return extents.ascent + extents.descent;
}

void Canvas::text(std::string_view text, double x, double y, const TextStyle& style, HAlign h, VAlign v,
                  double angle) const {
    const std::string s(text);
    use_font(style);
    cairo_font_extents_t font;
    cairo_font_extents(cr_, &font);
    cairo_text_extents_t extents;
    cairo_text_extents(cr_, s.c_str(), &extents);
    double dx = 0.0;
    if (h == HAlign::Centre) dx = -extents.x_advance / 2.0;
    if (h == HAlign::Right) dx = -extents.x_advance;
    double dy = 0.0;  // from the anchor down to the baseline
    if (v == VAlign::Top) dy = font.ascent;
    if (v == VAlign::Middle) dy = 0.36 * style.size;  // half a capital's height in sans-serif fonts
    if (v == VAlign::Bottom) dy = -font.descent;
    cairo_save(cr_);
    cairo_translate(cr_, x, y);
    cairo_rotate(cr_, angle);
    cairo_move_to(cr_, dx, dy);
    set_colour(style.colour);
    cairo_show_text(cr_, s.c_str());
    cairo_restore(cr_);
}

void Canvas::finish() {
    check(cairo_status(cr_), path_);
    if (format_ == FigureFormat::Png) {
        cairo_surface_flush(surface_);
        bytes_.clear();
        check(cairo_surface_write_to_png_stream(surface_, append_to_string, &bytes_), path_);
    } else {
        cairo_surface_finish(surface_);
        check(cairo_surface_status(surface_), path_);
    }
    write_file_atomically(path_, bytes_);
}

Rect draw_title_and_notes(const Canvas& canvas, const std::string& title, const std::vector<std::string>& notes) {
    Rect body{page_margin, page_margin, canvas.width() - 2 * page_margin, canvas.height() - 2 * page_margin};
    if (!title.empty()) {
        TextStyle style{title_size, true, black};
        // A title wider than the page is set smaller (down to the notes' size) rather than cut off.
        const double width = canvas.text_width(title, style);
        if (width > body.w) style.size = std::max(note_size, title_size * body.w / width);
        canvas.text(title, canvas.width() / 2.0, body.y, style, HAlign::Centre, VAlign::Top);
        const double used = canvas.line_height(style) + 6.0;
        body.y += used;
        body.h -= used;
    }
    const TextStyle note_style{note_size, false, text_grey};
    const double step = canvas.line_height(note_style);
    for (std::size_t i = notes.size(); i-- > 0;) {
        canvas.text(notes[i], body.x, body.bottom(), note_style, HAlign::Left, VAlign::Bottom);
        body.h -= step;
    }
    if (!notes.empty()) body.h -= 4.0;
    return body;
}

}  // namespace spillover::figure
