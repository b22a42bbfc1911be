#include "cli/input_options.hpp"

#include <tuple>

#include <fmt/format.h>

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

void PanelArguments::check() const {
    if (panel.empty() && (lee_yu || bias_correction || !effects.empty() || !dynamic.empty()))
        throw InputError("--effects, --dynamic, --lee-yu and --bias-correction are for panels: give --panel ID,TIME");
    if (lee_yu && bias_correction) throw InputError("--lee-yu and --bias-correction are two estimators: give one");

}

void PanelArguments::apply(InputRequest& input) const {
    check();
    if (!panel.empty()) std::tie(input.id_column, input.time_column) = panel_columns(panel, input.id_column);
}

PanelSpec PanelArguments::spec() const {
    PanelSpec spec;
    const std::string name = effects.empty() ? "twoways" : effects;
    spec.random = name == "random";
    spec.effects = spec.random ? PanelEffects::Individual : parse_panel_effects(name);
    spec.estimator = lee_yu ? PanelEstimator::LeeYu : bias_correction ? PanelEstimator::BiasCorrected : PanelEstimator::Direct;
    spec.convention = parse_lag_convention(lag_convention);
    if (!dynamic.empty()) spec.dynamic = parse_dynamic_terms(dynamic);
    return spec;
}

void add_panel_options(CLI::App& command, PanelArguments& panel, const std::string& effects_help) {
    command.add_option("--panel", panel.panel,
                       "Panel in long format: the unit and the period column, as ID,TIME (balanced; W's units are the panel's)");
    command.add_option("--effects", panel.effects, effects_help);
    command.add_flag("--lee-yu", panel.lee_yu,
                     "Panel: Lee & Yu's (2010) transformation approach instead of the direct one (time effects need W "
                     "row-standardised)");
    command.add_flag("--bias-correction", panel.bias_correction,
                     "Panel: Lee & Yu's bias correction of the direct estimates, as Elhorst's code with info.bc = 1");
    command.add_option("--dynamic", panel.dynamic,
                       "Panel, sar or sdm with individual or twoways fixed effects: add y(t-1) (time), W y(t-1) "
                       "(spacetime) or both; bias-corrected quasi-ML (Yu, de Jong & Lee 2008), short- and long-run effects")
        ->check(CLI::IsMember({"time", "spacetime", "both"}));
    command.add_option("--lag-convention", panel.lag_convention,
                       "Panel: demean-lag (Q.Wy, the model's own within transformation) or lag-demeaned (W.Qy, as SDPDmod)")
        ->check(CLI::IsMember({"demean-lag", "lag-demeaned"}))
        ->capture_default_str();
}

}  // namespace spillover::cli
