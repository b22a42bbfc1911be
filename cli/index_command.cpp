// `spillover index`: a composite index of several indicators by the entropy-weight method, with its
// entropy-weighted TOPSIS closeness; the weights as the report, the weights and the index per
// unit-period as CSV files.

#include "cli/commands.hpp"
#include "cli/input_options.hpp"
#include "engine/atomic_file.hpp"
#include "engine/csv_writer.hpp"
#include "engine/input_error.hpp"
#include "workflow/index_pipeline.hpp"

namespace spillover::cli {

namespace {

struct IndexArguments {
    IndexRequest request;
    std::string separator;
    OutputArguments out;
    std::string panel;
    std::string normalise = "pooled";
    std::string topsis = "minmax";
    std::string weights_out, index_out;
};

void apply_choices(IndexArguments& args) {
    EntropyIndexOptions& o = args.request.options;
    o.scope = args.normalise == "pooled" ? NormalisationScope::Pooled : NormalisationScope::PerPeriod;
    o.topsis = args.topsis != "none";
    o.topsis_normalisation = args.topsis == "vector" ? TopsisNormalisation::Vector : TopsisNormalisation::MinMax;
    if (o.scope == NormalisationScope::PerPeriod && args.panel.empty())
        throw InputError("--normalise period needs a panel (--panel ID,TIME)");
}

int run(IndexArguments& args) {
    apply_separator(args.request.input, args.separator);
    apply_panel(args.request.input, args.panel);
    apply_choices(args);
    const OutputFormat format = args.out.parsed_format();
    const TableOptions table = args.out.table_options();
    const EntropyIndexResult result = run_entropy_index(args.request);
    if (!args.weights_out.empty()) write_file_atomically(args.weights_out, write_table_csv(result.weights_table()));
    if (!args.index_out.empty()) write_file_atomically(args.index_out, write_table_csv(result.index_table()));
    emit(write_report(result.report(), format, table), args.out.output);
    warn_status("index", to_string(result.status), result.message);
    return 0;
}

}  // namespace

Runner add_index_command(CLI::App& app) {
    auto args = std::make_shared<IndexArguments>();
    CLI::App* cmd = app.add_subcommand("index", "Composite index of indicators by the entropy-weight method, with TOPSIS");
    add_input_options(*cmd, args->request.input, args->separator, WeightsUse::None);
    cmd->add_option("--indicators", args->request.indicators,
                    "Indicator columns, comma-separated; a leading '-' marks a negative indicator: a,b,-c")
        ->required();
    cmd->add_option("--panel", args->panel, "Panel in long format: the unit and the period column, as ID,TIME");
    cmd->add_option("--shift", args->request.options.shift, "Added to the min-max values so that ln p is defined")
        ->capture_default_str();
    cmd->add_option("--normalise", args->normalise,
                    "Scope of min, max and the weights: pooled (all units and periods) or period (each period alone)")
        ->check(CLI::IsMember({"pooled", "period"}))
        ->capture_default_str();
    cmd->add_option("--topsis", args->topsis,
                    "TOPSIS closeness on the min-max values (minmax), on vector-normalised values (vector), or none")
        ->check(CLI::IsMember({"minmax", "vector", "none"}))
        ->capture_default_str();
    cmd->add_option("--weights-out", args->weights_out,
                    "Write the weights as CSV: [period,]indicator,direction,entropy,divergence,weight");
    cmd->add_option("--index-out", args->index_out, "Write the index as CSV: unit,[period,]index[,topsis]");
    add_output_options(*cmd, args->out);
    cmd->footer(
        "Entropy weights: x' = (x - min)/(max - min) (negative: (max - x)/(max - min)) + shift over all units and\n"
        "periods pooled; p = x'/sum x'; e = -sum p ln p / ln m; w = (1 - e)/sum(1 - e); index = sum w x'.\n"
        "TOPSIS: v = w x', ideals max/min over the same observations, C = D-/(D+ + D-).");
    return [args] { return run(*args); };
}

}  // namespace spillover::cli
