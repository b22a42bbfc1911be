#pragma once
// The colours of the figures, chosen to stay apart for readers with colour-vision deficiency and, with
// the dash patterns and markers of figure_marks.hpp, in greyscale print.
//
//   - Categories (curves by period, groups of estimates): Okabe & Ito (2008), "Color Universal
//     Design", in the order blue #0072B2, vermillion #D55E00, sky blue #56B4E9, black, orange
//     #E69F00, bluish green #009E73, reddish purple #CC79A7, yellow #F0E442. The first four stay at
//     least ΔE*ab 23 apart under simulated deuteranopia, protanopia and tritanopia (Machado, Oliveira
//     & Fernandes 2009, severity 1); yellow, pale on white, comes last. Past eight, colours repeat
//     and only the dash pattern or marker tells the series apart.
//   - Sequential (choropleths): viridis (van der Walt & Smith, matplotlib), R viridisLite's 17 stops
//     interpolated linearly in sRGB; dark purple for low values, yellow for high.
//   - LISA clusters, GeoDa's convention (HH red, LL blue, LH light blue, HL light red, not
//     significant light grey) in ColorBrewer's RdBu tones, which are marked colour-blind safe:
//     HH #CA0020, LL #0571B0, LH #92C5DE, HL #F4A582, not significant #E8E8E8, no neighbours #8C8C8C.
//     Every pair stays at least ΔE*ab 20 apart under the three simulated dichromacies (the closest
//     pair is LH and not significant), which tests/test_figures.cpp checks. In greyscale HH and LL
//     have about the same lightness: a greyscale print needs the legend's counts or a hatched map.

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "engine/lisa_class.hpp"

namespace spillover::figure {

/// An sRGB colour, each channel in [0, 1].
struct Rgb {
    double r = 0.0;
    double g = 0.0;
    double b = 0.0;
};

/// 0xRRGGBB as an Rgb.
constexpr Rgb rgb_hex(std::uint32_t hex) {
    return {((hex >> 16) & 0xFFu) / 255.0, ((hex >> 8) & 0xFFu) / 255.0, (hex & 0xFFu) / 255.0};
}

inline constexpr Rgb black = rgb_hex(0x000000);
inline constexpr Rgb white = rgb_hex(0xFFFFFF);
inline constexpr Rgb text_grey = rgb_hex(0x595959);   ///< secondary text: quadrant labels, notes
inline constexpr Rgb line_grey = rgb_hex(0x808080);   ///< reference lines, borders of map units
inline constexpr Rgb frame_grey = rgb_hex(0xB3B3B3);  ///< legend frames
inline constexpr Rgb edge_grey = rgb_hex(0x333333);   ///< the edge of a map's point units
inline constexpr Rgb ground_grey = rgb_hex(0xF4F4F4); ///< the fill of a map's outline (background)

/// The eight Okabe–Ito colours in the order series use them.
const std::array<Rgb, 8>& okabe_ito();

/// The colour of series `i` (0-based): okabe_ito()[i % 8].
Rgb category_colour(std::size_t i);

/// Viridis at t in [0, 1] (clamped).
Rgb sequential_colour(double t);

/// `k` colours evenly spaced along viridis, from t = 0 to t = 1 (t = 0.5 for k = 1).
std::vector<Rgb> sequential_classes(std::size_t k);

/// The colour of a LISA class (see above).
Rgb lisa_colour(LisaClass c);

}  // namespace spillover::figure
