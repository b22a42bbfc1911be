#include "workflow/map_points.hpp"

#include <unordered_map>

#include <fmt/format.h>

#include "engine/input_error.hpp"
#include "workflow/variable_inputs.hpp"

namespace spillover {

std::vector<figure::PlotPoint> map_points(const std::vector<std::string>& units, const InputRequest& input,
                                          const std::string& x_column, const std::string& y_column, bool lonlat) {
    InputRequest without_w = input;
    without_w.weights_path.clear();  // the coordinates need no W; reading it again would cost time
    const VariableInputs in = read_variable_inputs(without_w, {x_column, y_column});
    const std::int64_t n = in.unit_count();
    const std::vector<std::string> columns{x_column, y_column};
    // One position per unit: every period must repeat the first period's coordinates exactly.
    for (std::int64_t t = 1; t < in.period_count(); ++t)
        for (std::int64_t i = 0; i < n; ++i)
            for (Eigen::Index j = 0; j < 2; ++j) {
                const double first = in.values(i, j), now = in.values(t * n + i, j);
                if (now != first)
                    throw InputError(fmt::format(
                        "{}: column '{}' of unit \"{}\" is {} in period {} but {} in period {}: a point map draws one "
                        "position per unit, so its coordinates must be the same in every period",
                        input.data_path, columns[static_cast<std::size_t>(j)], in.units[static_cast<std::size_t>(i)],
                        first, in.periods.front(), now, in.periods[static_cast<std::size_t>(t)]));
            }
    std::unordered_map<std::string, std::int64_t> row_of;
    for (std::int64_t i = 0; i < n; ++i) row_of.emplace(in.units[static_cast<std::size_t>(i)], i);
    std::vector<figure::PlotPoint> points;
    points.reserve(units.size());
    for (const std::string& unit : units) {
        const auto found = row_of.find(unit);
        if (found == row_of.end())
            throw InputError(fmt::format("{}: unit \"{}\" has no row, so no coordinates", input.data_path, unit));
        const figure::PlotPoint p{in.values(found->second, 0), in.values(found->second, 1)};
        if (lonlat && !(p.y >= -90.0 && p.y <= 90.0))
            throw InputError(fmt::format("{}: column '{}' of unit \"{}\" is {}, not a latitude in [-90, 90]: are the "
                                         "coordinates projected rather than degrees? (drop --lonlat)",
                                         input.data_path, y_column, unit, p.y));
        points.push_back(p);
    }
    return points;
}

}  // namespace spillover
