#include "workflow/variable_inputs.hpp"

#include <cmath>

#include "engine/input_error.hpp"
#include "engine/read_table.hpp"
#include "weights/weights_for_data.hpp"

namespace spillover {

std::vector<std::string> VariableInputs::period_groups(std::int64_t t) const {
    const auto first = groups.begin() + t * unit_count();
    return {first, first + unit_count()};
}

namespace {

/// Column `name` as numbers, a missing cell an error naming the unit.
std::vector<double> complete_numbers(const DataTable& table, const std::string& name,
                                     const std::vector<std::string>& unit_of_row) {
    const std::vector<double>& numbers = table.numeric(name);  // throws at a non-numeric/non-finite cell
    const Column& c = table.column(name);
    for (std::size_t r = 0; r < numbers.size(); ++r)
        if (std::isnan(numbers[r]))
            throw InputError(table.source(), table.source_line(r), c.position,
                             "missing value in column '" + name + "' for unit \"" + unit_of_row[r] +
                                 "\" (the statistics need every unit of every period)");
    return numbers;
}

}  // namespace

VariableInputs read_variable_inputs(const InputRequest& request, const std::vector<std::string>& variables,
                                    const std::string& group_column, bool need_weights) {
    request.validate();
    if (variables.empty()) throw InputError("no variable given");
    if (need_weights && request.weights_path.empty())
        throw InputError("this statistic needs a weights file (--weights FILE: .gal, .gwt, .mtx, .csv, .txt)");
    std::vector<std::string> used = variables;
    used.insert(used.end(), {request.id_column, request.time_column, group_column});
    CsvOptions csv = request.csv;
    csv.required_columns = used;
    const DataTable table = read_table(request.data_path, csv);
    table.require_columns(used);  // a .dta file is checked once read
    table.numeric_columns(variables);  // every variable's bad cells in one message

    const bool panel = !request.time_column.empty();
    std::vector<std::string> unit_of_row;
    if (request.id_column.empty())
        for (std::size_t r = 0; r < table.rows(); ++r) unit_of_row.push_back(std::to_string(r + 1));
    else
        unit_of_row = panel ? table.labels(request.id_column, "id") : table.ids(request.id_column);
    if (unit_of_row.empty()) throw InputError(table.source() + ": no data rows");

    VariableInputs in;
    in.variables = variables;
    std::vector<std::size_t> order(unit_of_row.size());
    for (std::size_t r = 0; r < order.size(); ++r) order[r] = r;
    if (panel) {
        PanelLayout layout =
            panel_layout(unit_of_row, table.labels(request.time_column, "period"), request.id_column, request.time_column);
        in.units = std::move(layout.units);
        in.periods = std::move(layout.periods);
        order = std::move(layout.row_order);
    } else {
        in.units = unit_of_row;
        in.periods = {""};
    }

    in.values.resize(static_cast<Eigen::Index>(order.size()), static_cast<Eigen::Index>(variables.size()));
    for (std::size_t j = 0; j < variables.size(); ++j) {
        const std::vector<double> numbers = complete_numbers(table, variables[j], unit_of_row);
        for (std::size_t r = 0; r < order.size(); ++r)
            in.values(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(j)) = numbers[order[r]];
    }
    if (!group_column.empty()) {
        const std::vector<std::string> group_of_row = table.labels(group_column, "group");
        for (const std::size_t r : order) in.groups.push_back(group_of_row[r]);
    }
    if (!request.weights_path.empty())
        in.w = read_weights_for(in.units, request.weights_path, request.weights_transform, &in.weights_line);
    return in;
}

}  // namespace spillover
