#include "workflow/inequality_pipeline.hpp"

#include "engine/input_error.hpp"
#include "engine/number_format.hpp"
#include "workflow/variable_inputs.hpp"

namespace spillover {

namespace {

void check_variable_request(const InputRequest& input, const std::string& variable, const char* what) {
    input.validate();
    if (variable.empty()) throw InputError(std::string("no variable given (--var COLUMN) for the ") + what);
    if (!input.weights_path.empty()) throw InputError(std::string("the ") + what + " uses no spatial weights");
}

std::string period_words(const VariableInputs& in, std::int64_t t) {
    return in.is_panel() ? " in period " + in.periods[static_cast<std::size_t>(t)] : "";
}

/// Inequality measures need values ≥ 0 and a positive mean in every period: name the first breach.
void check_non_negative(const VariableInputs& in) {
    for (std::int64_t t = 0; t < in.period_count(); ++t) {
        const Eigen::VectorXd y = in.period_column(t, 0);
        for (std::int64_t i = 0; i < in.unit_count(); ++i)
            if (y(i) < 0.0)
                throw InputError("column '" + in.variables.front() + "': negative value " + format_number(y(i)) +
                                 " for unit \"" + in.units[static_cast<std::size_t>(i)] + "\"" + period_words(in, t) +
                                 " (the Gini and Theil indices need values >= 0)");
        if (!(y.sum() > 0.0))
            throw InputError("column '" + in.variables.front() + "' is 0 for every unit" + period_words(in, t) +
                             ": inequality is undefined");
    }
}

}  // namespace

void InequalityRequest::validate() const { check_variable_request(input, variable, "inequality measures"); }

InequalityResult run_inequality(const InequalityRequest& request) {
    request.validate();
    const VariableInputs in = read_variable_inputs(request.input, {request.variable}, request.group_column);
    check_non_negative(in);
    return inequality_by_period(in.values.col(0), in.unit_count(), in.periods, in.groups, request.variable);
}

void DensityRequest::validate() const {
    check_variable_request(input, variable, "kernel density");
    options.validate();
}

DensityResult run_density(const DensityRequest& request) {
    request.validate();
    const VariableInputs in = read_variable_inputs(request.input, {request.variable});
    if (in.unit_count() < 2) throw InputError("a kernel density needs at least 2 units per period");
    return density_by_period(in.values.col(0), in.unit_count(), in.periods, request.variable, request.options);
}

}  // namespace spillover
