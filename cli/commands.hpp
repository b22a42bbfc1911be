#pragma once
// The subcommands of `spillover`. Each registers its options on the CLI11 app and returns the
// function that runs it after parsing; the function returns the process exit code.

#include <functional>
#include <string>
#include <string_view>

#include <CLI/CLI.hpp>

#include "engine/figure_options.hpp"

namespace spillover::cli {

using Runner = std::function<int()>;

Runner add_fit_command(CLI::App& app);
Runner add_demo_command(CLI::App& app);
Runner add_weights_command(CLI::App& app);
Runner add_lmtests_command(CLI::App& app);
Runner add_markov_command(CLI::App& app);
Runner add_moran_command(CLI::App& app);
Runner add_geary_command(CLI::App& app);
Runner add_getis_command(CLI::App& app);
Runner add_index_command(CLI::App& app);
Runner add_inequality_command(CLI::App& app);
Runner add_density_command(CLI::App& app);
Runner add_workflow_command(CLI::App& app);

/// The demo on the seed's subject (cli/china_demo.cpp): prints the study and writes its files into
/// `output_dir`.
int run_china_demo(const std::string& data_dir, const std::string& output_dir);

/// Writes `content` to `output` atomically, or to standard output when `output` is empty.
void emit(const std::string& content, const std::string& output);

/// A result that is not ok says so on stderr too ("spillover: WHAT: warning: MESSAGE"), so that a
/// script that keeps only standard output still sees it; nothing for an ok status.
void warn_status(const std::string& what, std::string_view status, const std::string& message);

/// A line for the person waiting ("spillover: LINE" on stderr), e.g. the estimate of a long set-up;
/// standard output stays the results' own.
void notice(const std::string& line);

/// A figure's notes (data it left out, and why) on stderr, one line each: the figure shows them at
/// its foot too, but a script may never open it.
void report_figure(const figure::FigureReport& report);

/// The character of a --sep option: empty → 0 (detect), "tab" or "\t" → tab, else exactly one
/// character (std::invalid_argument otherwise).
char csv_separator(const std::string& text);

}  // namespace spillover::cli
