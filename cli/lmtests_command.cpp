// `spillover lmtests`: OLS, then Moran's I of its residuals and the LM tests on a W (spdep's
// lm.morantest and lm.LMtests), to choose between the lag and the error model.

#include "cli/commands.hpp"
#include "cli/input_options.hpp"
#include "engine/input_error.hpp"
#include "engine/output_format.hpp"
#include "workflow/lm_tests_pipeline.hpp"

namespace spillover::cli {

namespace {

struct LmTestsArguments {
    LmTestsRequest request;
    std::string separator;
    OutputArguments out;
    std::string panel;  ///< ID,TIME
    std::string effects;  ///< empty: twoways
};

int run(LmTestsArguments& args) {
    apply_separator(args.request.input, args.separator);
    if (args.panel.empty() && !args.effects.empty()) throw InputError("--effects is for panels: give --panel ID,TIME");
    if (!args.panel.empty()) {
        apply_panel(args.request.input, args.panel);
        args.request.effects = parse_panel_effects(args.effects.empty() ? "twoways" : args.effects);
    }
    const OutputFormat format = args.out.parsed_format();
    const TableOptions table = args.out.table_options();
    const LmTestsResult result = run_lm_tests(args.request);
    emit(write_report(result.report(), format, table), args.out.output);
    warn_status("lmtests", to_string(result.status), result.message);
    return 0;
}

}  // namespace

Runner add_lmtests_command(CLI::App& app) {
    auto args = std::make_shared<LmTestsArguments>();
    CLI::App* cmd = app.add_subcommand(
        "lmtests", "OLS spatial diagnostics: Moran's I of the residuals, LM-error, LM-lag, robust forms, SARMA");
    add_input_options(*cmd, args->request.input, args->separator, WeightsUse::Required);
    cmd->add_option("--formula", args->request.formula, "Model formula, R style: \"y ~ x1 + x2\"")->required();
    cmd->add_option("--panel", args->panel, "Panel in long format: the unit and the period column, as ID,TIME");
    cmd->add_option("--effects", args->effects,
                    "Panel: fixed effects of the within model tested (individual, time, twoways = the default, none = "
                    "pooled)");
    add_output_options(*cmd, args->out);
    cmd->footer(
        "As spdep: sigma^2 = e'e/n in the LM tests; Moran's I p-value for the alternative 'greater' (and\n"
        "two-sided); islands allowed (zero.policy = TRUE). Fit the chosen model with the same W.");
    return [args] { return run(*args); };
}

}  // namespace spillover::cli
