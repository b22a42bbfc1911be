// `spillover density`: Gaussian kernel density curves of one variable per period, evaluated exactly
// on R's grid; the summary as the report, the curves as a CSV file.

#include <cmath>
#include <limits>

#include "cli/commands.hpp"
#include "cli/input_options.hpp"
#include "engine/atomic_file.hpp"
#include "engine/csv_writer.hpp"
#include "workflow/density_figure.hpp"
#include "workflow/inequality_pipeline.hpp"

namespace spillover::cli {

namespace {

struct DensityArguments {
    DensityRequest request;
    std::string separator;
    OutputArguments out;
    std::string panel;
    double bandwidth = std::numeric_limits<double>::quiet_NaN();  ///< NaN: bw.nrd0
    std::string grid_out;
    std::string plot;
    std::vector<std::string> plot_periods;
};

int run(DensityArguments& args) {
    apply_separator(args.request.input, args.separator);
    apply_panel(args.request.input, args.panel);
    if (!std::isnan(args.bandwidth)) args.request.options.bandwidth = args.bandwidth;
    const OutputFormat format = args.out.parsed_format();
    const TableOptions table = args.out.table_options();
    if (!args.plot.empty()) figure::figure_format(args.plot);  // a bad file name before any work
    const DensityResult result = run_density(args.request);
    if (!args.grid_out.empty()) write_file_atomically(args.grid_out, write_table_csv(result.curves_table()));
    if (!args.plot.empty()) density_periods_shown(result, args.plot_periods);  // a bad period before any output
    emit(write_report(result.report(), format, table), args.out.output);
    if (!args.plot.empty()) report_figure(draw_density_figure(result, args.plot_periods, args.plot));
    warn_status("density", to_string(result.status), result.message);
    return 0;
}

}  // namespace

Runner add_density_command(CLI::App& app) {
    auto args = std::make_shared<DensityArguments>();
    CLI::App* cmd = app.add_subcommand("density", "Gaussian kernel density curves per period (exact, on R's grid)");
    add_input_options(*cmd, args->request.input, args->separator, WeightsUse::None);
    cmd->add_option("--var", args->request.variable, "The column whose density is estimated")->required();
    cmd->add_option("--panel", args->panel, "Panel in long format: the unit and the period column, as ID,TIME");
    cmd->add_option("--bandwidth", args->bandwidth, "Bandwidth h (default: R's bw.nrd0 per period)");
    cmd->add_option("--points", args->request.options.points, "Grid points per period (R's n)")->capture_default_str();
    cmd->add_option("--cut", args->request.options.cut, "The grid reaches cut*h beyond the data (R's cut)")
        ->capture_default_str();
    cmd->add_option("--grid-out", args->grid_out, "Write the curves as CSV: period,x,density");
    cmd->add_option("--plot", args->plot,
                    "Draw the density curves to FILE (.svg, .pdf or .png): every period up to 6, else 4 spread evenly");
    cmd->add_option("--plot-periods", args->plot_periods, "The periods drawn, comma-separated")->delimiter(',');
    add_output_options(*cmd, args->out);
    cmd->footer(
        "bw.nrd0: h = 0.9 min(sd, IQR/1.34) n^(-1/5). The density is the direct sum (1/nh) sum phi((x - x_i)/h) at\n"
        "each grid point, not R's binned FFT approximation.");
    return [args] { return run(*args); };
}

}  // namespace spillover::cli
