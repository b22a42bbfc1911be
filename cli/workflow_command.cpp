// `spillover workflow`: the whole specification search of a study over several weights matrices
// (workflow/study_pipeline.hpp), from the command line or a study file (workflow/study_file.hpp),
// with the paper's tables and figures (workflow/study_report.hpp, workflow/study_figures.hpp).
// Options given on the command line override the study file's.

#include <unistd.h>

#include <cstdio>
#include <tuple>

#include "cli/commands.hpp"
#include "cli/input_options.hpp"
#include "engine/input_error.hpp"
#include "workflow/study_figures.hpp"
#include "workflow/study_file.hpp"
#include "workflow/study_report.hpp"

namespace spillover::cli {

namespace {

struct WorkflowArguments {
    std::string study;  ///< the study file
    StudyRequest request;
    StudyOutputs outputs;
    std::string separator;
    std::vector<std::string> weights;  ///< [NAME=]FILE
    std::string transform = "row";
    PanelArguments panel;
    bool no_hausman = false;
    std::string ldet = "auto";
    std::string traces = "auto";
    OutputArguments out;
};

/// The panel options given on the command line on top of a study file's [panel] (no --panel).
template <class Given>
void override_panel(StudyRequest& request, const PanelArguments& panel, const Given& given) {
    const bool effects = !panel.effects.empty(), estimator = panel.lee_yu || panel.bias_correction;
    if (!effects && !estimator && !given("--lag-convention") && panel.dynamic.empty()) return;
    if (request.input.time_column.empty())
        throw InputError("--effects, --dynamic, --lee-yu, --bias-correction and --lag-convention are for panels: the study file "
                         "has no [panel] time column (or give --panel ID,TIME)");
    PanelArguments with_panel = panel;
    with_panel.panel = request.input.id_column + "," + request.input.time_column;
    with_panel.check();
    const PanelSpec spec = with_panel.spec();
    if (effects) request.panel.effects = spec.effects;
    if (estimator) request.panel.estimator = spec.estimator;
    if (given("--lag-convention")) request.panel.convention = spec.convention;
    if (!panel.dynamic.empty()) request.panel.dynamic = spec.dynamic;
}

/// The request: the study file's, with what the command line gave on top.
StudyRequest build_request(WorkflowArguments& args, const CLI::App& cmd) {
    const auto given = [&](const char* option) { return cmd.count(option) > 0; };
    StudyRequest request = args.request;
    if (!args.study.empty()) {
        StudyFile file = read_study_file(args.study);
        request = file.request;
        for (auto [option, from, to] :
             {std::tuple{"--data", &args.request.input.data_path, &request.input.data_path},
              std::tuple{"--id", &args.request.input.id_column, &request.input.id_column},
              std::tuple{"--formula", &args.request.formula, &request.formula}})
            if (given(option)) *to = *from;
        if (given("--alpha")) request.alpha = args.request.alpha;
        if (given("--draws")) request.impacts.draws = args.request.impacts.draws;
        if (given("--seed")) request.impacts.seed = args.request.impacts.seed;
        request.input.csv = args.request.input.csv;
        for (auto [option, from, to] : {std::tuple{"--json", &args.outputs.json, &file.outputs.json},
                                        std::tuple{"--latex", &args.outputs.latex, &file.outputs.latex},
                                        std::tuple{"--markdown", &args.outputs.markdown, &file.outputs.markdown},
                                        std::tuple{"--figures", &args.outputs.figures, &file.outputs.figures},
                                        std::tuple{"--figure-format", &args.outputs.figure_format, &file.outputs.figure_format}})
            if (given(option)) *to = *from;
        args.outputs = file.outputs;
    }
    apply_separator(request.input, args.separator);
    if (!args.weights.empty()) {
        request.weights.clear();
        for (const auto& w : args.weights) {
            StudyWeights sw = parse_study_weights(w);
            sw.transform = args.transform;
            request.weights.push_back(sw);
        }
    }
    if (!args.panel.panel.empty() || args.study.empty()) {
        args.panel.apply(request.input);
        if (!args.panel.panel.empty()) request.panel = args.panel.spec();
    } else {
        override_panel(request, args.panel, given);
    }
    if (args.no_hausman) request.hausman = false;
    request.spatial.logdet.method = parse_logdet_method(args.ldet);
    request.spatial.traces.method = parse_trace_method(args.traces);
    return request;
}

int run(WorkflowArguments& args, const CLI::App& cmd) {
    StudyRequest request = build_request(args, cmd);
    if (isatty(fileno(stderr))) request.progress = [](const std::string& line) { notice(line); };
    const TableOptions table = args.out.table_options();
    const OutputFormat format = args.out.parsed_format();
    if (format == OutputFormat::Csv) throw InputError("the study has no CSV form: use text, json, latex or markdown");
    if (!args.outputs.figures.empty() && args.outputs.figure_format != "png" && args.outputs.figure_format != "svg" &&
        args.outputs.figure_format != "pdf")
        throw InputError("--figure-format " + args.outputs.figure_format + ": use png, svg or pdf");
    const StudyResult study = run_study(request);
    const std::string json = study_json(study).dump(2) + "\n";
    const std::string shown = format == OutputFormat::Json       ? json
                              : format == OutputFormat::Latex    ? study_latex(study, table)
                              : format == OutputFormat::Markdown ? study_markdown(study, table)
                                                                 : study_summary(study);
    emit(shown, args.out.output);
    if (!args.outputs.json.empty()) emit(json, args.outputs.json);
    if (!args.outputs.latex.empty()) emit(study_latex(study, table), args.outputs.latex);
    if (!args.outputs.markdown.empty()) emit(study_markdown(study, table), args.outputs.markdown);
    if (!args.outputs.figures.empty())
        for (const auto& report : draw_study_figures(study, args.outputs.figures, args.outputs.figure_format))
            report_figure(report);
    for (const auto& s : study.studies)
        for (const auto* fit : {&s.ols, &s.sar, &s.sem, &s.sdm})
            warn_status(s.weights.name + ": " + fit->model, to_string(fit->status), fit->message);
    return 0;
}

}  // namespace

Runner add_workflow_command(CLI::App& app) {
    auto args = std::make_shared<WorkflowArguments>();
    CLI::App* cmd = app.add_subcommand(
        "workflow",
        "The whole study over several W: LM tests, SAR/SEM/SDM, LR and Wald tests, the model selected, its effects; "
        "the paper's tables and figures");
    cmd->add_option("--study", args->study,
                    "Study file (TOML) naming the data, formula, weights, panel and outputs; options given here override it");
    add_input_options(*cmd, args->request.input, args->separator, WeightsUse::None);
    cmd->get_option("--data")->required(false);
    cmd->add_option("--formula", args->request.formula, "Model formula, R style: \"y ~ x1 + x2\"");
    cmd->add_option("--weights", args->weights,
                    "A weights matrix as [NAME=]FILE (the name heads its column; default the file's stem); repeat the "
                    "option for each W")
        ->take_all();
    cmd->add_option("--transform", args->transform, "Transform applied to every W: row (default), none, binary, spectral, minmax")
        ->capture_default_str();
    add_panel_options(*cmd, args->panel, "Panel fixed effects: individual, time, twoways (the default)");
    cmd->add_flag("--no-hausman", args->no_hausman, "Panel: skip Hausman's test (the random-effects SDM)");
    cmd->add_option("--ldet", args->ldet, "Log-determinant method of every fit (as fit): auto, eigen, cholesky, lu, "
                    "chebyshev, mc, slq")
        ->check(CLI::IsMember({"auto", "eigen", "cholesky", "lu", "chebyshev", "mc", "slq"}))->capture_default_str();
    cmd->add_option("--traces", args->traces,
                    "Traces of the standard errors (as fit): auto (exact up to 10000 units and beyond while cheap), "
                    "exact, stochastic (Hutchinson, error stated; the fast route for a dense W near 10^4 units)")
        ->check(CLI::IsMember({"auto", "exact", "stochastic"}))->capture_default_str();
    cmd->add_option("--alpha", args->request.alpha, "Level of the tests of the selection rule")->capture_default_str();
    cmd->add_option("--draws", args->request.impacts.draws, "Simulated draws for the effects' inference")->capture_default_str();
    cmd->add_option("--seed", args->request.impacts.seed, "Seed of the draws")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    add_output_options(*cmd, args->out);
    cmd->add_option("--json", args->outputs.json, "Also write the study's JSON to FILE");
    cmd->add_option("--latex", args->outputs.latex, "Also write the tables as a LaTeX document (booktabs) to FILE");
    cmd->add_option("--markdown", args->outputs.markdown, "Also write the tables and the decisions in Markdown to FILE");
    cmd->add_option("--figures", args->outputs.figures, "Draw the effects and the coefficients by W into folder DIR");
    cmd->add_option("--figure-format", args->outputs.figure_format, "png, svg or pdf")->capture_default_str();
    cmd->footer(
        "For each W: OLS (panels: the within model) and its LM tests -> SAR, SEM, SDM -> LR and Wald tests of\n"
        "SDM -> SAR (theta = 0) and SDM -> SEM (theta + rho beta = 0) -> panels: LR tests of the unit and time\n"
        "effects, Hausman's test -> the model selected by Elhorst's (2010) rule, stated in the output -> effects.\n"
        "Standard output: a summary (--format text), or the JSON, LaTeX or Markdown; progress on a terminal.");
    return [args, cmd] { return run(*args, *cmd); };
}

}  // namespace spillover::cli
