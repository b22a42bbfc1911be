// `spillover lmtests`: OLS, then Moran's I of its residuals and the LM tests on a W (spdep's
// lm.morantest and lm.LMtests), to choose between the lag and the error model.

#include "cli/commands.hpp"
#include "cli/input_options.hpp"
#include "workflow/lm_tests_pipeline.hpp"

namespace spillover::cli {

namespace {

struct LmTestsArguments {
    LmTestsRequest request;
    std::string separator;
    std::string format = "text";
    std::string output;
};

int run(LmTestsArguments& args) {
    apply_separator(args.request.input, args.separator);
    const LmTestsResult result = run_lm_tests(args.request);
    emit(args.format == "json" ? result.to_json().dump(2) + "\n" : result.full_report(), args.output);
    return 0;
}

}  // namespace

Runner add_lmtests_command(CLI::App& app) {
    auto args = std::make_shared<LmTestsArguments>();
    CLI::App* cmd = app.add_subcommand(
        "lmtests", "OLS spatial diagnostics: Moran's I of the residuals, LM-error, LM-lag, robust forms, SARMA");
    add_input_options(*cmd, args->request.input, args->separator, WeightsUse::Required);
    cmd->add_option("--formula", args->request.formula, "Model formula, R style: \"y ~ x1 + x2\"")->required();
    cmd->add_option("--format", args->format, "Output format")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
    cmd->add_option("--output", args->output, "Write to FILE (atomically) instead of standard output");
    cmd->footer(
        "As spdep: sigma^2 = e'e/n in the LM tests; Moran's I p-value for the alternative 'greater' (and\n"
        "two-sided); islands allowed (zero.policy = TRUE). Fit the chosen model with the same W.");
    return [args] { return run(*args); };
}

}  // namespace spillover::cli
