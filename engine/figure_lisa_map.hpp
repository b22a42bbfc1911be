#pragma once
// The LISA cluster map (Anselin 1995; GeoDa's "LISA Cluster Map"): each unit — a polygon, or a circle
// at its point (figure_map_layer.hpp, figure_map.hpp) — filled with the colour of its class —
// High-High red, Low-Low blue, Low-High light blue, High-Low light red, not significant light grey,
// no neighbours dark grey (figure_palette.hpp has the tones and why) — over the outline if one is
// given, with a legend listing each class and how many units fall in it. Where circles overlap, the
// four significant classes are drawn on top.
//
// The five ordinary classes are always listed, with count 0 where empty, so that maps of several
// periods or variables share one legend; "No neighbours" is listed only when a unit has it. The map
// keeps the data's aspect ratio (one scale for x and y) and has no axes. Which units count as
// significant, at which level and with which multiple-comparison rule, is decided by the statistic
// that made the classes; `significance` says it after the legend's title ("LISA cluster, p < 0.05").

#include <string>
#include <vector>

#include "engine/figure_map_layer.hpp"
#include "engine/figure_options.hpp"
#include "engine/lisa_class.hpp"

namespace spillover::figure {

struct LisaMapData {
    MapLayer layer;                  ///< the units (polygons or points) and the outline
    std::vector<LisaClass> classes;  ///< one per unit, same order
};

struct LisaMapOptions {
    FigureOptions figure;          ///< title default: "LISA cluster map"
    std::string significance;      ///< appended to the legend's title; empty: nothing

    void validate() const { figure.validate(); }
};

/// Draws the map to `path` (.svg, .pdf or .png); the report's notes are the layer's
/// (map_layer_notes). Throws std::invalid_argument when units and classes differ in length, a class
/// is not one of LisaClass's values, or the layer is not drawable (validate_map_layer: no unit, both
/// polygons and points, a bad shape or point); InputError for a path it cannot write.
FigureReport draw_lisa_map(const LisaMapData& data, const LisaMapOptions& options, const std::string& path);

}  // namespace spillover::figure
