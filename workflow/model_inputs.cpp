#include "workflow/model_inputs.hpp"

#include "engine/formula.hpp"
#include "engine/input_error.hpp"
#include "engine/read_table.hpp"
#include "engine/stage_timer.hpp"
#include "weights/weights_for_data.hpp"

namespace spillover {

void InputRequest::validate() const {
    if (data_path.empty()) throw InputError("no data file given (--data FILE)");
    parse_weights_transform(weights_transform);
    csv.validate();
}

ModelInputs read_model_inputs(const InputRequest& request, const std::string& formula, MissingPolicy missing,
                              bool with_weights) {
    ModelInputs in;
    auto start = StageClock::now();
    const Formula parsed = parse_formula(formula);
    const DataTable table = read_table(request.data_path, request.csv);
    in.timings.emplace_back("read", seconds_since(start));

    start = StageClock::now();
    DesignOptions design_options;
    design_options.missing = missing;
    design_options.id_column = request.id_column;
    in.design = build_design(table, parsed, design_options);
    in.timings.emplace_back("design", seconds_since(start));
    if (!with_weights) return in;

    start = StageClock::now();
    in.w = read_weights_for(in.design.ids, request.weights_path, request.weights_transform, &in.weights_line);
    in.timings.emplace_back("weights", seconds_since(start));
    return in;
}

}  // namespace spillover
