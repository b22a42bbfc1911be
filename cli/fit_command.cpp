// `spillover fit`: read data, fit a model, write the result in the chosen format.

#include <iostream>

#include "cli/commands.hpp"
#include "engine/output_format.hpp"
#include "models/workflow.hpp"

namespace spillover::cli {

namespace {

struct FitArguments {
    FitRequest request;
    std::string separator;
    std::string format = "text";
    std::string output;
    int decimals = 3;
};

int run(FitArguments& args) {
    args.request.csv.separator = csv_separator(args.separator);
    const OutputFormat format = parse_output_format(args.format);
    TableOptions table;
    table.decimals = args.decimals;
    table.validate();
    const OlsFit fit = run_fit(args.request);
    emit(write_results({fit}, format, table), args.output);
    if (fit.status != FitStatus::Ok)
        std::cerr << "spillover: " << to_string(fit.status) << ": " << fit.message << "\n";
    return 0;
}

}  // namespace

Runner add_fit_command(CLI::App& app) {
    auto args = std::make_shared<FitArguments>();
    CLI::App* fit = app.add_subcommand("fit", "Fit a regression model and report it");
    fit->add_option("--data", args->request.data_path, "Data file: CSV (header required) or Stata .dta")->required();
    fit->add_option("--formula", args->request.formula,
                    "Model formula, R style: \"y ~ x1 + log(x2) + I(x3/1000) - 1\"")->required();
    fit->add_option("--model", args->request.model, "Model to fit")->check(CLI::IsMember({"ols"}))->capture_default_str();
    fit->add_option("--id", args->request.id_column, "Column with the unit ids (default: 1..n in row order)");
    fit->add_option("--sep", args->separator, "CSV field separator (default: detected from the header; 'tab' for tab)");
    fit->add_option("--na", args->request.csv.na_tokens, "Tokens read as missing values (default: NA, empty, .)");
    fit->add_option("--format", args->format, "Output format")
        ->check(CLI::IsMember({"text", "json", "latex", "markdown", "md", "csv"}))->capture_default_str();
    fit->add_option("--decimals", args->decimals, "Decimals in LaTeX and Markdown tables")->capture_default_str();
    fit->add_option("--output", args->output, "Write to FILE (atomically) instead of standard output");
    fit->footer(
        "Missing values: OLS drops rows with a missing value in a used column, as R's lm (na.omit);\n"
        "the report says how many. Collinear regressors are an error that names the columns.");
    return [args] { return run(*args); };
}

}  // namespace spillover::cli
