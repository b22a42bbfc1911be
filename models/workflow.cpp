#include "models/workflow.hpp"

#include <chrono>

#include "engine/design_matrix.hpp"
#include "engine/formula.hpp"
#include "engine/input_error.hpp"
#include "engine/read_table.hpp"

namespace spillover {

void FitRequest::validate() const {
    if (data_path.empty()) throw InputError("no data file given (--data FILE)");
    if (formula.empty()) throw InputError("no formula given (--formula \"y ~ x1 + x2\")");
    if (model != "ols") throw InputError("unknown model '" + model + "' (available: ols)");
    csv.validate();
    ols.validate();
}

namespace {
double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}
}  // namespace

OlsFit run_fit(const FitRequest& request) {
    request.validate();
    auto start = std::chrono::steady_clock::now();
    const Formula formula = parse_formula(request.formula);
    const DataTable table = read_table(request.data_path, request.csv);
    const double read_seconds = seconds_since(start);

    start = std::chrono::steady_clock::now();
    DesignOptions design_options;
    design_options.missing = MissingPolicy::Drop;  // OLS drops incomplete rows, as R's lm (na.omit)
    design_options.id_column = request.id_column;
    const DesignMatrix design = build_design(table, formula, design_options);
    const double design_seconds = seconds_since(start);

    OlsFit fit = fit_ols(design, request.ols);
    fit.formula = request.formula;
    fit.timings.insert(fit.timings.begin(), {{"read", read_seconds}, {"design", design_seconds}});
    return fit;
}

}  // namespace spillover
