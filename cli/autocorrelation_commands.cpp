// `spillover moran`, `geary` and `getis`: global spatial autocorrelation (and, for moran and getis,
// the local statistics) of one variable on W, for a cross-section or each period of a panel plus
// the pooled statistic. The statistics are in esda/, the steps in workflow/autocorrelation_pipeline.

#include "cli/commands.hpp"
#include "cli/input_options.hpp"
#include "engine/input_error.hpp"
#include "engine/output_format.hpp"
#include "workflow/autocorrelation_figure.hpp"
#include "workflow/autocorrelation_pipeline.hpp"

namespace spillover::cli {

namespace {

struct AutocorrelationArguments {
    AutocorrelationRequest request;
    std::string separator;
    OutputArguments out;
    std::string panel;  ///< ID,TIME
    bool normality = false;
    std::string alternative = "greater";
    std::string adjust = "none";
    std::string quadrant = "centred";
    std::string centring = "period";
    AutocorrelationFigureRequest figures;
};

int run(AutocorrelationArguments& args, const std::string& command) {
    AutocorrelationRequest& request = args.request;
    apply_separator(request.input, args.separator);
    apply_panel(request.input, args.panel);
    request.global.assumption = args.normality ? VarianceAssumption::Normality : VarianceAssumption::Randomisation;
    request.global.alternative = parse_alternative(args.alternative);
    request.local_inference.adjust = parse_p_adjust(args.adjust);
    request.quadrant = parse_quadrant_rule(args.quadrant);
    request.centring = parse_pooled_centring(args.centring);
    const OutputFormat format = args.out.parsed_format();
    const TableOptions table = args.out.table_options();
    args.figures.significance = request.local_inference.significance;
    args.figures.validate(request.statistic);  // before any work: a bad figure option writes nothing
    const AutocorrelationResult result = run_autocorrelation(request);
    emit(write_report(result.report(), format, table), args.out.output);
    for (const auto& figure : draw_autocorrelation_figures(result, args.figures)) report_figure(figure);
    warn_status(command, to_string(result.status), result.message);
    return 0;
}

/// The options the three commands share; returns the arguments to bind command-specific ones to.
std::shared_ptr<AutocorrelationArguments> add_shared_options(CLI::App& cmd, AutocorrelationStatistic statistic) {
    auto args = std::make_shared<AutocorrelationArguments>();
    args->request.statistic = statistic;
    if (statistic == AutocorrelationStatistic::Getis) args->request.input.weights_transform = "binary";
    add_input_options(cmd, args->request.input, args->separator, WeightsUse::Required);
    cmd.add_option("--var", args->request.variable, "The variable (a numeric column)")->required();
    cmd.add_option("--panel", args->panel,
                   "Panel in long format, as ID,TIME: one row per period and the pooled statistic (I_T (x) W)");
    cmd.add_option("--pooled-centring", args->centring,
                   "Panel: centre each period on its own mean (period) or all on the pooled mean (pooled)")
        ->check(CLI::IsMember({"period", "pooled"}))
        ->capture_default_str();
    cmd.add_option("--permutations", args->request.global.permutation.permutations,
                   "Random permutations for the permutation p-values (0: none)")
        ->capture_default_str();
    cmd.add_option("--seed", args->request.global.permutation.seed, "Seed of the permutations")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    cmd.add_option("--threads", args->request.global.permutation.threads,
                   "Threads for the permutations (0: all; the p-values do not depend on it)");
    cmd.add_option("--alternative", args->alternative, "Alternative hypothesis: greater, less, two.sided")
        ->check(CLI::IsMember({"greater", "less", "two.sided", "two-sided"}))
        ->capture_default_str();
    add_output_options(cmd, args->out);
    return args;
}

void add_local_options(CLI::App& cmd, AutocorrelationArguments& args) {
    cmd.add_flag("--local", args.request.local, "Local statistics for every unit (and period)");
    cmd.add_option("--adjust", args.adjust, "Local p-values: adjustment for multiple tests (none, bonferroni, fdr)")
        ->check(CLI::IsMember({"none", "bonferroni", "fdr"}))
        ->capture_default_str();
    cmd.add_option("--significance", args.request.local_inference.significance,
                   "Local: the level below which a unit's (adjusted) p-value makes it a cluster")
        ->capture_default_str();
}

}  // namespace

Runner add_moran_command(CLI::App& app) {
    CLI::App* cmd = app.add_subcommand("moran", "Moran's I: global (spdep moran.test), local LISA (--local), bivariate");
    auto args = add_shared_options(*cmd, AutocorrelationStatistic::Moran);
    cmd->add_flag("--normality", args->normality, "Variance under normality (default: randomisation, as spdep)");
    cmd->add_option("--bivariate", args->request.bivariate, "Bivariate Moran's I of --var against the spatial lag of this column");
    add_local_options(*cmd, *args);
    cmd->add_option("--quadrant", args->quadrant,
                    "Local: quadrant rule of the clusters: centred (z and Wz against 0, GeoDa) or mean (spdep's \"mean\")")
        ->check(CLI::IsMember({"centred", "mean"}))
        ->capture_default_str();
    cmd->add_option("--plot", args->figures.plot,
                    "Draw the Moran scatterplot (z against Wz, the line of slope I; with --local the points in their "
                    "LISA classes) to FILE (.svg, .pdf or .png)");
    cmd->add_option("--map", args->figures.map,
                    "Draw a map to FILE (.svg, .pdf or .png): the LISA cluster map with --local, else the variable in "
                    "quantile classes; the units from --polygons or, as points, from --coords");
    cmd->add_option("--polygons", args->figures.polygons, "The units' polygons for --map (shapefile, GeoPackage, GeoJSON)");
    cmd->add_option("--polygon-id", args->figures.polygon_id,
                    "The polygons' field with the data's ids (default: 1..n in record order)");
    cmd->add_option("--coords", args->figures.coords,
                    "Instead of --polygons: draw each unit of --map as a circle at its coordinates, the columns X,Y of "
                    "--data (a panel: the same in every period)")
        ->type_name("X,Y");
    cmd->add_option("--outline", args->figures.outline,
                    "A polygon file drawn under --map as background, every feature (a country's border; shapefile, "
                    "GeoPackage, GeoJSON)");
    cmd->add_flag("--lonlat", args->figures.lonlat,
                  "The map's coordinates (and --outline's) are longitude, latitude in degrees: x is drawn as "
                  "longitude * cos(mean latitude), so the map is not stretched");
    cmd->add_option("--plot-period", args->figures.period, "Panel: the period the figures show (default: the last)");
    cmd->footer(
        "As spdep: variance under randomisation, alternative 'greater', islands allowed (zero.policy = TRUE,\n"
        "adjust.n = TRUE); local Moran as localmoran (two-sided); local permutation p-values by conditional\n"
        "randomisation, as esda/GeoDa. Clusters use the permutation p-values (the analytic ones with\n"
        "--permutations 0).\n"
        "Maps: --polygons fills each unit's polygon; --coords draws each unit as a circle (radius 4 pt up to\n"
        "100 units, 3 to 300, 2 to 1000, 1.5 to 3000, 1 beyond), both in the same class colours and legend.\n"
        "With --lonlat the map is an equirectangular projection at the units' mean latitude (said in a note).");
    return [args] { return run(*args, "moran"); };
}

Runner add_geary_command(CLI::App& app) {
    CLI::App* cmd = app.add_subcommand("geary", "Geary's C (spdep geary.test)");
    auto args = add_shared_options(*cmd, AutocorrelationStatistic::Geary);
    cmd->add_flag("--normality", args->normality, "Variance under normality (default: randomisation, as spdep)");
    cmd->footer(
        "As spdep geary.test: z = (1 - C)/sqrt(Var[C]), so 'greater' (the default) tests positive\n"
        "autocorrelation (C < 1).");
    return [args] { return run(*args, "geary"); };
}

Runner add_getis_command(CLI::App& app) {
    CLI::App* cmd = app.add_subcommand("getis", "Getis-Ord General G (spdep globalG.test), local G and G* (--local [--star])");
    auto args = add_shared_options(*cmd, AutocorrelationStatistic::Getis);
    add_local_options(*cmd, *args);
    cmd->add_flag("--star", args->request.star, "Local: G* (each unit counted among its own neighbours, spdep include.self)");
    cmd->footer(
        "W is read binary by default (--transform binary): Getis and Ord define G for binary weights; another\n"
        "transform is applied as given, as spdep does. The values must be non-negative for G.");
    return [args] { return run(*args, "getis"); };
}

}  // namespace spillover::cli
