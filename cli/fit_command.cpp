// `spillover fit`: read data (and W), fit one or more models, write the results in the chosen format.

#include <iostream>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/input_options.hpp"
#include "engine/input_error.hpp"
#include "engine/number_format.hpp"
#include "models/panel/fixed_effects.hpp"
#include "engine/output_format.hpp"
#include "workflow/fit_figure.hpp"
#include "workflow/fit_pipeline.hpp"

namespace spillover::cli {

namespace {

struct FitArguments {
    FitRequest request;
    std::string separator;
    OutputArguments out;
    std::string residuals;
    std::string ldet = "auto";
    std::string traces = "auto";
    bool no_lr_refit = false;
    bool impacts = false;
    ImpactsOptions impact_options;
    std::string impacts_method = "auto";
    std::string impacts_convention = "exact";
    PanelArguments panel;
    bool no_effects_tests = false;
    std::string fixed_effects;  ///< CSV file for the recovered effects
    std::string plot;  ///< figure file: the coefficient or effects chart
};

/// --panel ID,TIME and the options that go with it.
void apply_panel(FitArguments& args) {
    if (args.panel.panel.empty() && !args.fixed_effects.empty())
        throw InputError("--fixed-effects is for panels: give --panel ID,TIME");
    args.panel.apply(args.request.input);
    if (args.panel.panel.empty()) return;
    if (!args.panel.dynamic.empty() && (args.panel.lee_yu || args.panel.bias_correction))
        throw InputError(fmt::format("--dynamic has its own estimator (Yu, de Jong & Lee's bias-corrected quasi-ML; with "
                                     "twoways effects Lee & Yu's transformation of the time effects): drop {}",
                                     args.panel.lee_yu ? "--lee-yu" : "--bias-correction"));
    args.request.panel = args.panel.spec();
    args.request.panel.effects_tests = !args.no_effects_tests;
    args.request.recover_fixed_effects = !args.fixed_effects.empty();
}

/// model,kind,id,estimate,std_error: the recovered effects of every model fitted.
std::string fixed_effects_file(const std::vector<SpatialFit>& fits) {
    std::string out = "model,kind,id,estimate,std_error\n";
    for (const auto& f : fits) {
        const std::string csv = fixed_effects_csv(f.fixed_effects);
        std::size_t line = csv.find('\n') + 1;  // past the header
        for (std::size_t end; (end = csv.find('\n', line)) != std::string::npos; line = end + 1)
            out += f.model + "," + csv.substr(line, end - line + 1);
    }
    return out;
}

/// id (and period for a panel), then fitted_<model> and residual_<model> for each model, shortest
/// round-trip decimals. A panel's rows are in panel order: row t·N + i is unit i in period t.
std::string fitted_values_csv(const std::vector<SpatialFit>& fits) {
    const auto& first = fits.front();
    const bool panel = first.panel.has_value();
    std::string out = panel ? "id,period" : "id";
    for (const auto& f : fits) out += ",fitted_" + f.model + ",residual_" + f.model;
    out += "\n";
    const std::size_t n = first.ids.size();
    for (std::size_t i = 0; i < n; ++i) {
        out += first.ids[i];
        if (panel) out += "," + first.panel->period_labels[i / static_cast<std::size_t>(first.panel->units)];
        for (const auto& f : fits) {
            const auto row = static_cast<Eigen::Index>(i);
            out += "," + format_round_trip(f.fitted(row)) + "," + format_round_trip(f.residuals(row));
        }
        out += "\n";
    }
    return out;
}

int run(FitArguments& args) {
    apply_separator(args.request.input, args.separator);
    apply_panel(args);
    args.request.spatial.logdet.method = parse_logdet_method(args.ldet);
    args.request.spatial.traces.method = parse_trace_method(args.traces);
    args.request.spatial.traces.seed = args.request.spatial.logdet.seed;
    args.request.spatial.logdet.notice = notice;  // the eigen method's estimate before a long decomposition
    if (args.no_lr_refit) args.request.spatial.lr_refit_limit = 0;
    if (args.impacts) {
        args.impact_options.seed = args.request.spatial.logdet.seed;
        args.impact_options.multiplier.method = parse_multiplier_method(args.impacts_method);
        args.impact_options.convention = parse_impacts_convention(args.impacts_convention);
        args.request.impacts = args.impact_options;
    }
    const OutputFormat format = args.out.parsed_format();
    const TableOptions table = args.out.table_options();
    if (!args.plot.empty()) figure::figure_format(args.plot);  // a bad file name before any fit
    const std::vector<SpatialFit> fits = run_fit(args.request);
    const std::vector<EstimationResult> results(fits.begin(), fits.end());
    emit(write_results(results, format, table), args.out.output);
    if (!args.residuals.empty()) emit(fitted_values_csv(fits), args.residuals);
    if (!args.fixed_effects.empty()) emit(fixed_effects_file(fits), args.fixed_effects);
    if (!args.plot.empty()) report_figure(draw_fit_figure(results, args.plot));
    for (const auto& fit : fits) warn_status(fit.model, to_string(fit.status), fit.message);
    return 0;
}

}  // namespace

Runner add_fit_command(CLI::App& app) {
    auto args = std::make_shared<FitArguments>();
    CLI::App* fit = app.add_subcommand("fit", "Fit regression models (OLS and the spatial family) and report them");
    add_input_options(*fit, args->request.input, args->separator, WeightsUse::Optional, "; needed by every model but ols");
    fit->add_option("--formula", args->request.formula,
                    "Model formula, R style: \"y ~ x1 + log(x2) + I(x3/1000) - 1\"")->required();
    fit->add_option("--model", args->request.models,
                    "Model(s), comma-separated, reported side by side: ols, slx, sar, sdm, sem, sdem, sac")
        ->delimiter(',')->capture_default_str();
    fit->add_option("--durbin", args->request.spatial.durbin,
                    "Regressors lagged in slx, sdm, sdem, comma-separated (default: all but the intercept)")
        ->delimiter(',');
    fit->add_option("--ldet", args->ldet, "Log-determinant method: auto, eigen, cholesky, lu, chebyshev, mc, slq")
        ->check(CLI::IsMember({"auto", "eigen", "cholesky", "lu", "chebyshev", "mc", "slq"}))->capture_default_str();
    fit->add_option("--traces", args->traces,
                    "Traces of the standard errors' information matrix: auto (exact up to 10000 units and beyond while "
                    "predicted to take under 1 s, else stochastic with the error stated), exact (any n: sparse "
                    "factorisations), stochastic (Hutchinson)")
        ->check(CLI::IsMember({"auto", "exact", "stochastic"}))->capture_default_str();
    fit->add_option("--seed", args->request.spatial.logdet.seed,
                    "Seed of the stochastic estimates (approximate log-determinants, traces, impact draws)")
        ->check(CLI::NonNegativeNumber);
    fit->add_flag("--impacts", args->impacts,
                  "Report direct, indirect and total effects of sar, sdm, sac (simulated inference) and slx, sdem (analytic)");
    fit->add_option("--draws", args->impact_options.draws, "Simulated draws for the impacts' inference (0: effects only)")
        ->capture_default_str();
    fit->add_option("--orders", args->impact_options.orders,
                    "Also report the effects by order of neighbours W^0..W^Q and their cumulative sums")
        ->check(CLI::NonNegativeNumber);
    fit->add_option("--impacts-method", args->impacts_method,
                    "How (I - rho W)^-1 is evaluated: auto (exact eigenvalues up to 2000 units, series in traces of W^j "
                    "beyond), exact, traces")
        ->check(CLI::IsMember({"auto", "exact", "traces"}))->capture_default_str();
    fit->add_option("--impacts-convention", args->impacts_convention,
                    "Total effects: exact (mean row sum of S_k(W), for any W) or spatialreg ((beta + theta)/(1 - rho), "
                    "what impacts() prints; the two differ with islands or rows not summing to 1, and the report then "
                    "gives the other's totals)")
        ->check(CLI::IsMember({"exact", "spatialreg"}))->capture_default_str();
    fit->add_flag("--no-lr-refit", args->no_lr_refit,
                  "Skip the LR tests that refit a restricted model (sdm -> sar, sdm -> sem, sdem -> sem; done by "
                  "default up to 200000 units); the Wald tests remain");
    add_panel_options(*fit, args->panel,
                      "Panel effects: individual, time, twoways (fixed; the default), none (pooled), random (random unit "
                      "effects by ML, with Hausman's test against unit fixed effects)");
    fit->add_flag("--no-effects-tests", args->no_effects_tests,
                  "Panel, twoways: skip the LR tests of the unit and of the time effects (two more fits each)");
    fit->add_option("--fixed-effects", args->fixed_effects,
                    "Panel: write the recovered intercept, unit and period effects (CSV: model,kind,id,estimate,std_error) to FILE");
    add_output_options(*fit, args->out);
    fit->add_option("--residuals", args->residuals, "Write fitted values and residuals (CSV: id, fitted_<model>, residual_<model>; panels: id, period, "
                    "and those of the within-transformed model under fixed effects) to FILE");
    fit->add_option("--plot", args->plot,
                    "Draw the coefficients (with --impacts: the direct, indirect and total effects) and their 95% "
                    "intervals to FILE (.svg, .pdf or .png)");
    fit->footer(
        "Missing values: OLS alone drops rows with a missing value in a used column, as R's lm (na.omit);\n"
        "with a spatial model a missing value is an error naming the id (dropping a row would change W).\n"
        "Collinear regressors are an error that names the columns. Spatial models follow spatialreg\n"
        "(lagsarlm, errorsarlm, sacsarlm with method \"eigen\"; lmSLX): sigma^2 = e'e/n, analytic standard errors.\n"
        "--impacts follows impacts(): direct = mean diagonal, total = mean row sum of S_k(W), indirect = total - direct;\n"
        "simulated z = mean/SE of the draws. Row sums are exact for any W (not 1/(1 - rho) unless rows sum to 1):\n"
        "where spatialreg's (beta + theta)/(1 - rho) differs, the report says so and gives it.");
    return [args] { return run(*args); };
}

}  // namespace spillover::cli
