#pragma once
// FigureOptions and FigureReport: what every chart takes besides its data (the title, the page size
// and the PNG resolution) and what it returns (the file written, what was drawn, and a note for each
// thing left out).
//
// The default page is 6.5 × 4.5 inches (468 × 324 points), a journal's text width: a figure placed
// at 100 % keeps its 8–11 pt type the size of a footnote. The format follows the file's extension
// (figure_canvas.hpp): .svg and .pdf are vector pages of that size, .png an image of png_scale
// pixels a point (2: 936 × 648 pixels, 144 dpi at the page size).

#include <cstddef>
#include <string>
#include <vector>

namespace spillover::figure {

enum class FigureFormat { Svg, Pdf, Png };

/// The format named by the extension of `path` (case-insensitive). Throws InputError naming the path
/// and the three extensions otherwise — cheap, so a command checks its figure paths before any work.
FigureFormat figure_format(const std::string& path);

struct FigureOptions {
    std::string title;        ///< empty: the chart's own title (each chart's header says which)
    double width_pt = 468.0;  ///< page width in points (1/72 in), 72 ≤ width ≤ 3600 (1 to 50 in)
    double height_pt = 324.0; ///< page height in points, 72 ≤ height ≤ 3600
    double png_scale = 2.0;   ///< PNG pixels per point, 0.25 ≤ scale ≤ 10, at most 20 000 pixels a
                              ///< side; SVG and PDF ignore it

    /// Throws std::invalid_argument naming the option and its limits.
    void validate() const;
};

/// What a chart did. The notes are also printed small at the foot of the figure, so that a figure
/// that leaves data out says so wherever it is shown.
struct FigureReport {
    std::string path;                ///< the file written
    std::size_t drawn = 0;           ///< points, units, curves or estimates drawn
    std::vector<std::string> notes;  ///< one line for each kind of data left out or changed, and why
};

}  // namespace spillover::figure
