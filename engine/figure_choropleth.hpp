#pragma once
// The choropleth: each unit — a polygon, or a circle at its point (figure_map_layer.hpp,
// figure_map.hpp) — filled by the class its value falls in, k classes coloured along viridis from dark
// purple (lowest) to yellow (highest), over the outline if one is given, with a legend giving each
// class's range and how many units fall in it. The map keeps the data's aspect ratio and has no axes.
//
// Classes. By default k quantile classes, with breaks at the sample quantiles of probabilities
// 0, 1/k, ..., 1 of the finite values (R's quantile type 7, as classInt::classIntervals(style =
// "quantile")); given `breaks` (the k + 1 boundaries, increasing), those. Each class is [b_j, b_j+1),
// the last [b_k−1, b_k] closed (as classInt's findCols). Tied quantiles merge classes: fewer than k
// are drawn and a note says so. A legend label shows its bounds with the fewest significant digits
// (at least 4) that tell every break apart.
//
// Missing values (NaN or infinite) are white with grey hatching, listed last in the legend
// ("No value") and counted in a note.

#include <cstddef>
#include <string>
#include <vector>

#include "engine/figure_map_layer.hpp"
#include "engine/figure_options.hpp"

namespace spillover::figure {

struct ChoroplethData {
    MapLayer layer;              ///< the units (polygons or points) and the outline
    std::vector<double> values;  ///< one per unit, same order; NaN: no value
};

struct ChoroplethOptions {
    FigureOptions figure;       ///< title default: "Choropleth map"
    std::string legend_title;   ///< e.g. the variable's name; empty: "Quantiles" or "Classes"
    std::size_t classes = 5;    ///< k for quantile classes, 1 ≤ k ≤ 12; ignored when breaks are given
    std::vector<double> breaks; ///< empty: quantiles; else 2 to 13 finite, strictly increasing bounds

    /// Throws std::invalid_argument naming what is wrong with classes or breaks.
    void validate() const;
};

/// The k + 1 quantile breaks of the finite values (R's quantile type 7), duplicates kept. Throws
/// std::invalid_argument when no value is finite.
std::vector<double> quantile_breaks(const std::vector<double>& values, std::size_t k);

/// Draws the map to `path` (.svg, .pdf or .png); the report's notes are the classification's, then the
/// layer's (map_layer_notes). Throws std::invalid_argument when units and values differ in length, no
/// value is finite, a value lies outside given breaks (the unit and value are named), or the layer is
/// not drawable (validate_map_layer); InputError for a path it cannot write.
FigureReport draw_choropleth(const ChoroplethData& data, const ChoroplethOptions& options, const std::string& path);

}  // namespace spillover::figure
