#include "cli/input_options.hpp"

#include "cli/commands.hpp"
#include "engine/input_error.hpp"

namespace spillover::cli {

void add_input_options(CLI::App& command, InputRequest& input, std::string& separator, WeightsUse use,
                       const std::string& weights_note) {
    command.add_option("--data", input.data_path, "Data file: CSV (header required) or Stata .dta")->required();
    if (use != WeightsUse::None) {
        auto* weights = command.add_option("--weights", input.weights_path,
                                           "Spatial weights file (.gal, .gwt, .mtx, .csv, Stata .txt) with the data's ids" +
                                               weights_note);
        if (use == WeightsUse::Required) weights->required();
        command.add_option("--transform", input.weights_transform,
                           "Transform applied to W: row (default, spdep style W), none, binary, spectral, minmax")
            ->capture_default_str();
    }
    command.add_option("--id", input.id_column, "Column with the unit ids (default: 1..n in row order)");
    command.add_option("--sep", separator, "CSV field separator (default: detected from the header; 'tab' for tab)");
    command.add_option("--na", input.csv.na_tokens, "Tokens read as missing values (default: NA, empty, .)");
}

void apply_separator(InputRequest& input, const std::string& separator) {
    input.csv.separator = csv_separator(separator);
}

TableOptions OutputArguments::table_options() const {
    TableOptions options;
    options.decimals = decimals;
    options.validate();
    return options;
}

void add_output_options(CLI::App& command, OutputArguments& output) {
    command.add_option("--format", output.format, "Output format")
        ->check(CLI::IsMember({"text", "json", "latex", "markdown", "md", "csv"}))
        ->capture_default_str();
    command.add_option("--decimals", output.decimals, "Decimals in LaTeX and Markdown tables")->capture_default_str();
    command.add_option("--output", output.output, "Write to FILE (atomically) instead of standard output");
}

std::pair<std::string, std::string> panel_columns(const std::string& panel, const std::string& id_column) {
    const auto comma = panel.find(',');
    if (comma == std::string::npos || comma == 0 || comma + 1 == panel.size() || panel.find(',', comma + 1) != std::string::npos)
        throw InputError("--panel takes the unit and the period column, as --panel ID,TIME (got '" + panel + "')");
    std::string unit = panel.substr(0, comma), period = panel.substr(comma + 1);
    if (!id_column.empty() && id_column != unit)
        throw InputError("--id " + id_column + " and --panel " + panel + " name different unit columns");
    return {unit, period};
}

void apply_panel(InputRequest& input, const std::string& panel) {
    if (panel.empty()) return;
    const auto [unit, period] = panel_columns(panel, input.id_column);
    input.id_column = unit;
    input.time_column = period;
}

}  // namespace spillover::cli
