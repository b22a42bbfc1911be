#include "workflow/index_pipeline.hpp"

#include "engine/input_error.hpp"
#include "workflow/variable_inputs.hpp"

namespace spillover {

void IndexRequest::validate() const {
    input.validate();
    if (indicators.empty()) throw InputError("no indicators given (--indicators a,b,-c; '-' marks a negative indicator)");
    if (!input.weights_path.empty()) throw InputError("the entropy-weight index uses no spatial weights");
    options.validate();
}

EntropyIndexResult run_entropy_index(const IndexRequest& request) {
    request.validate();
    const std::vector<Indicator> indicators = parse_indicators(request.indicators);
    std::vector<std::string> names;
    for (const Indicator& i : indicators) names.push_back(i.name);
    const VariableInputs in = read_variable_inputs(request.input, names);
    return entropy_index(in.values, indicators, in.units, in.periods, request.options);
}

}  // namespace spillover
