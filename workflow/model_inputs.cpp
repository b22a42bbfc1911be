#include "workflow/model_inputs.hpp"

#include "engine/formula.hpp"
#include "engine/input_error.hpp"
#include "engine/read_table.hpp"
#include "engine/stage_timer.hpp"
#include "weights/weights_for_data.hpp"

namespace spillover {

void InputRequest::validate() const {
    if (data_path.empty()) throw InputError("no data file given (--data FILE)");
    if (!time_column.empty() && id_column.empty())
        throw InputError("a panel needs its unit and period columns (--panel ID,TIME)");
    parse_weights_transform(weights_transform);
    csv.validate();
}

ModelInputs read_model_inputs(const InputRequest& request, const std::string& formula, MissingPolicy missing,
                              bool with_weights) {
    ModelInputs in;
    auto start = StageClock::now();
    const Formula parsed = parse_formula(formula);
    std::vector<std::string> used = parsed.variables();
    used.insert(used.end(), {request.id_column, request.time_column});
    CsvOptions csv = request.csv;
    csv.required_columns = used;
    const DataTable table = read_table(request.data_path, csv);
    table.require_columns(used);  // a .dta file is checked once read
    in.timings.emplace_back("read", seconds_since(start));

    start = StageClock::now();
    DesignOptions design_options;
    design_options.missing = missing;
    design_options.id_column = request.id_column;
    design_options.repeated_ids = !request.time_column.empty();
    in.design = build_design(table, parsed, design_options);
    if (design_options.repeated_ids) {
        const std::vector<std::string> period_of_table_row = table.labels(request.time_column, "period");
        std::vector<std::string> period_of_row;
        for (const std::size_t r : in.design.rows) period_of_row.push_back(period_of_table_row[r]);
        in.panel = panel_layout(in.design.ids, period_of_row, request.id_column, request.time_column);
        in.design = in_panel_order(in.design, *in.panel);
    }
    in.timings.emplace_back("design", seconds_since(start));
    if (!with_weights) return in;

    start = StageClock::now();
    in.w = read_weights_for(in.panel ? in.panel->units : in.design.ids, request.weights_path, request.weights_transform,
                            &in.weights_line);
    in.timings.emplace_back("weights", seconds_since(start));
    return in;
}

}  // namespace spillover
