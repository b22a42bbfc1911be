#pragma once
// The options every command that reads a data set (and W) shares, declared once so that they read
// the same and mean the same in `fit`, `lmtests` and the statistics commands: --data, --id, --sep,
// --na, --weights, --transform; and the output options --format, --decimals, --output.

#include <string>
#include <utility>

#include <CLI/CLI.hpp>

#include "engine/comparison_table.hpp"
#include "engine/output_format.hpp"
#include "models/panel/panel_fit.hpp"
#include "workflow/model_inputs.hpp"

namespace spillover::cli {

/// Whether a command takes --weights (and --transform): needs it, may use it, or has no use for W
/// (the index, inequality and density commands), in which case neither option is offered.
enum class WeightsUse { Required, Optional, None };

/// The data options, bound to `input`; `separator` receives --sep (turn it into the CSV option with
/// apply_separator after parsing). `weights_note` ends the --weights help (say who needs W).
void add_input_options(CLI::App& command, InputRequest& input, std::string& separator, WeightsUse use,
                       const std::string& weights_note = "");

/// Sets input.csv.separator from the --sep text (csv_separator's rules).
void apply_separator(InputRequest& input, const std::string& separator);

/// The unit and the period column of --panel ID,TIME (InputError for another shape, or for an --id
/// that names another unit column than `id_column`, when given).
std::pair<std::string, std::string> panel_columns(const std::string& panel, const std::string& id_column);

/// --panel ID,TIME into input's id and time columns (nothing for an empty `panel`).
void apply_panel(InputRequest& input, const std::string& panel);

/// The panel options of the commands that fit models (`fit`, `workflow`): --panel ID,TIME, --effects,
/// --lee-yu, --bias-correction, --dynamic, --lag-convention.
struct PanelArguments {
    std::string panel;    ///< ID,TIME
    std::string effects;  ///< empty: twoways
    bool lee_yu = false;
    bool bias_correction = false;
    std::string dynamic;  ///< empty: a static panel; time, spacetime, both
    std::string lag_convention = "demean-lag";

    /// InputError for panel options without --panel, or two estimators at once.
    void check() const;
    /// Sets input's id and time columns from --panel (nothing without it).
    void apply(InputRequest& input) const;
    /// The specification the options give (random when --effects random).
    PanelSpec spec() const;
};

/// Declares the options of `panel` on `command`; `effects_help` describes --effects.
void add_panel_options(CLI::App& command, PanelArguments& panel, const std::string& effects_help);

struct OutputArguments {
    std::string format = "text";
    std::string output;
    int decimals = 3;
    /// The parsed --format (InputError for an unknown one).
    OutputFormat parsed_format() const { return parse_output_format(format); }
    /// The table options --decimals gives, validated.
    TableOptions table_options() const;
};

/// --format (text, json, latex, markdown, csv), --decimals (LaTeX and Markdown) and --output.
void add_output_options(CLI::App& command, OutputArguments& output);

}  // namespace spillover::cli
