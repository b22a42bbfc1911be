// `spillover markov`: the classic Markov chain of a panel variable's quantile classes, or with
// --weights the spatial Markov chain conditioned on the spatial lag's class, with the homogeneity
// tests (PySAL giddy's Markov and Spatial_Markov; Rey 2001).

#include "cli/commands.hpp"
#include "cli/input_options.hpp"
#include "engine/input_error.hpp"
#include "engine/output_format.hpp"
#include "workflow/markov_pipeline.hpp"

namespace spillover::cli {

namespace {

struct MarkovArguments {
    MarkovRequest request;
    std::string separator;
    OutputArguments out;
    std::string panel;  ///< ID,TIME
    bool per_period = false;
};

int run(MarkovArguments& args) {
    apply_separator(args.request.input, args.separator);
    if (args.panel.empty())
        throw InputError("a Markov chain needs a panel (transitions from one period to the next): give --panel ID,TIME");
    apply_panel(args.request.input, args.panel);
    args.request.options.breaks = args.per_period ? ClassBreaks::PerPeriod : ClassBreaks::Pooled;
    const OutputFormat format = args.out.parsed_format();
    const TableOptions table = args.out.table_options();
    const StatisticsReport report = run_markov(args.request);
    emit(write_report(report, format, table), args.out.output);
    warn_status("markov", to_string(report.status), report.message);
    return 0;
}

}  // namespace

Runner add_markov_command(CLI::App& app) {
    auto args = std::make_shared<MarkovArguments>();
    CLI::App* cmd = app.add_subcommand(
        "markov", "Classic and spatial Markov chains of a panel variable's quantile classes (giddy Markov, Spatial_Markov)");
    add_input_options(*cmd, args->request.input, args->separator, WeightsUse::Optional,
                      " (given: the spatial Markov chain, conditioned on the class of the spatial lag)");
    cmd->add_option("--var", args->request.variable, "The variable whose classes move")->required();
    cmd->add_option("--panel", args->panel, "Panel in long format: the unit and the period column, as ID,TIME (required)");
    cmd->add_option("--classes", args->request.options.classes, "k: quantile classes of the variable")
        ->capture_default_str();
    cmd->add_option("--lag-classes", args->request.options.lag_classes, "m: quantile classes of the spatial lag")
        ->capture_default_str();
    cmd->add_flag("--per-period", args->per_period,
                  "Quantiles in each period over the units (giddy fixed=False); default: pooled over all periods "
                  "(fixed=True)");
    cmd->add_flag("--relative", args->request.options.relative,
                  "Divide each period's values by the period's mean first (relative income)");
    add_output_options(*cmd, args->out);
    cmd->footer(
        "As giddy: quantile edges of mapclassify Quantiles, a value equal to a cut-off in the lower class;\n"
        "transitions between consecutive periods; with --weights (row-standardised by default) each transition\n"
        "counted under its unit's lag class at the start; LR and Q homogeneity tests (Bickenbach & Bode 2003).\n"
        "Classes are numbered 1..k from the lowest (giddy's 0..k-1).");
    return [args] { return run(*args); };
}

}  // namespace spillover::cli
