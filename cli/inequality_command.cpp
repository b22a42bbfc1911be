// `spillover inequality`: Gini, Theil T and L of one variable per period, and with --groups Dagum's
// (1997) decomposition of the Gini and the within/between decomposition of Theil's indices.

#include "cli/commands.hpp"
#include "cli/input_options.hpp"
#include "workflow/inequality_pipeline.hpp"

namespace spillover::cli {

namespace {

struct InequalityArguments {
    InequalityRequest request;
    std::string separator;
    OutputArguments out;
    std::string panel;
};

int run(InequalityArguments& args) {
    apply_separator(args.request.input, args.separator);
    apply_panel(args.request.input, args.panel);
    const OutputFormat format = args.out.parsed_format();
    const TableOptions table = args.out.table_options();
    const InequalityResult result = run_inequality(args.request);
    emit(write_report(result.report(), format, table), args.out.output);
    warn_status("inequality", to_string(result.status), result.message);
    return 0;
}

}  // namespace

Runner add_inequality_command(CLI::App& app) {
    auto args = std::make_shared<InequalityArguments>();
    CLI::App* cmd = app.add_subcommand(
        "inequality", "Gini, Theil T and L per period; Dagum's Gini decomposition and Theil's by --groups");
    add_input_options(*cmd, args->request.input, args->separator, WeightsUse::None);
    cmd->add_option("--var", args->request.variable, "The column measured (values >= 0)")->required();
    cmd->add_option("--groups", args->request.group_column,
                    "Column of group labels (regions) for the decompositions, e.g. eastern/central/western");
    cmd->add_option("--panel", args->panel, "Panel in long format: the unit and the period column, as ID,TIME");
    add_output_options(*cmd, args->out);
    cmd->footer(
        "G = sum |y_i - y_j| / (2 n^2 mu), units unweighted. Dagum (1997): G = G_w + G_nb + G_t, the transvariation\n"
        "G_t from Dagum's p_jh (not a residual). Theil T = GE(1), L = GE(0), within + between by group.");
    return [args] { return run(*args); };
}

}  // namespace spillover::cli
