#pragma once
// The Moran scatterplot (Anselin 1996): each unit's standardised value z on the x axis against its
// spatial lag Wz on the y axis. With W row-standardised, the least-squares line through the origin
// of Wz on z has slope Moran's I, so the line drawn is y = I·x, with I as given (the figure does not
// recompute it: it shows the statistic the report states).
//
// Conventions, as GeoDa: dashed grey lines at z = 0 and Wz = 0 split the plot into the quadrants
// High-High (top right), Low-High (top left), Low-Low (bottom left) and High-Low (bottom right),
// labelled in their corners; both axes include 0. Points are translucent Okabe–Ito blue circles;
// given a LISA class per unit, they are filled with the cluster map's colours (figure_palette.hpp),
// the not significant ones drawn first, and a legend of the classes present, with their counts, is
// shown beside the plot. Past 1000 points they shrink and grow more translucent, so that density
// shows. The title is the options' title (default
// "Moran scatterplot") followed by "(Moran's I = 0.4855)", I to 4 decimals.
//
// A unit whose z or Wz is not finite is left out and counted in a note. Degenerate but drawable data
// draw: when every z is equal the axis is padded around that value.

#include <string>
#include <vector>

#include "engine/figure_options.hpp"
#include "engine/lisa_class.hpp"

namespace spillover::figure {

struct MoranScatterData {
    std::vector<double> z;             ///< the standardised variable, one per unit
    std::vector<double> lag;           ///< its spatial lag Wz, one per unit
    double moran_i = 0.0;              ///< the slope of the line drawn
    std::vector<LisaClass> classes;    ///< empty, or one per unit to colour the points by
};

struct MoranScatterOptions {
    FigureOptions figure;
    std::string x_label = "z (standardised)";
    std::string y_label = "Spatial lag Wz";

    void validate() const { figure.validate(); }
};

/// Draws the scatterplot to `path` (.svg, .pdf or .png). Throws std::invalid_argument when z and
/// lag differ in length, classes is neither empty nor of their length, there is no unit, no unit
/// with both values finite, or I is not finite; InputError for a path it cannot write.
FigureReport draw_moran_scatter(const MoranScatterData& data, const MoranScatterOptions& options,
                                const std::string& path);

}  // namespace spillover::figure
