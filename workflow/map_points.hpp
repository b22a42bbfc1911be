#pragma once
// The points of a map for the units of a result: two numeric columns of the data, x and y (a
// province's capital as longitude and latitude, a firm's projected address), read as the statistics
// read theirs (workflow/variable_inputs.hpp: the same file, ids, panel layout, separator and
// missing-value codes), one point per unit in the units' order, as engine/figure_map_layer.hpp takes
// them.
//
// Errors (InputError): an unknown column (the columns are listed); a missing, non-numeric or
// non-finite coordinate, naming the file, line, column and unit; in a panel, a coordinate that is not
// the same in every period of its unit — a map draws one position per unit — naming the unit, the
// column and two periods that differ; with `lonlat`, a y outside [−90, 90] (not a latitude), naming
// the unit and the column.

#include <string>
#include <vector>

#include "engine/figure_geometry.hpp"
#include "workflow/model_inputs.hpp"

namespace spillover {

/// The point of each of `units` from columns `x_column` and `y_column` of `input`'s data (its
/// weights_path is not read). Every unit must be in the data.
std::vector<figure::PlotPoint> map_points(const std::vector<std::string>& units, const InputRequest& input,
                                          const std::string& x_column, const std::string& y_column, bool lonlat);

}  // namespace spillover
