#include "workflow/markov_pipeline.hpp"

#include <cmath>
#include <stdexcept>

#include "engine/input_error.hpp"
#include "esda/markov_report.hpp"
#include "workflow/variable_inputs.hpp"

namespace spillover {

void MarkovRequest::validate() const {
    input.validate();
    if (variable.empty()) throw InputError("no variable given (--var X)");
    if (input.time_column.empty())
        throw InputError("a Markov chain needs a panel (transitions from one period to the next): give --panel ID,TIME");
    try {
        options.validate();
    } catch (const InputError&) {
        throw;
    } catch (const std::invalid_argument& e) {
        throw InputError(e.what());
    }
}

namespace {

/// The variable as N units × T periods (giddy's y).
Eigen::MatrixXd units_by_periods(const VariableInputs& in) {
    const auto n = in.unit_count(), t = in.period_count();
    Eigen::MatrixXd y(n, t);
    for (std::int64_t p = 0; p < t; ++p) y.col(p) = in.period_column(p, 0);
    return y;
}

void check_periods(const VariableInputs& in, const MarkovRequest& request, const Eigen::MatrixXd& y) {
    if (!in.is_panel() || in.period_count() < 2)
        throw InputError("a Markov chain needs at least two periods; '" + request.input.time_column + "' has " +
                         std::to_string(in.period_count()));
    if (!request.options.relative) return;
    for (Eigen::Index t = 0; t < y.cols(); ++t) {
        const double mean = y.col(t).mean();
        if (mean == 0.0 || !std::isfinite(mean))
            throw InputError("--relative divides each period by its mean, but the mean of '" + request.variable +
                             "' in period " + in.periods[t] + " is " + std::to_string(mean));
    }
}

}  // namespace

StatisticsReport run_markov(const MarkovRequest& request) {
    request.validate();
    const VariableInputs in = read_variable_inputs(request.input, {request.variable});
    const Eigen::MatrixXd y = units_by_periods(in);
    check_periods(in, request, y);
    const MarkovLabels labels{request.variable, in.periods, in.weights_line};
    if (request.input.weights_path.empty()) return markov_report(classic_markov(y, request.options), labels);
    return markov_report(spatial_markov(y, in.w, request.options), labels);
}

}  // namespace spillover
